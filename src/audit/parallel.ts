// Sharing a large input with worker threads. Files are grouped by family: the files of one Claude
// Code project folder (sessions, their subagent files and sidechains) stay together, since ingest
// dedupes replays across them; every other file joins one family, the "rest", because Codex forks
// may span day folders. A large JSONL file of stand-alone lines (a proxy log) is cut into byte
// ranges instead. Threads claim these units one at a time from a shared counter, largest first,
// so a thread that starts late (a worker's start-up) or meets slow files simply claims fewer.
// Each thread runs the whole pipeline; a worker sends back its ledgers as plain data (wire.ts).
// Small inputs stay on one thread: a worker costs a start-up. Workers (workers.ts) are started
// before the plan is made, when the input may be large (mayShare), so that they load meanwhile.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ingestRange, ingestSources, NotSplittable, replayFamily, SPLIT_MIN_BYTES, splittable, type ByteRange, type IngestOptions, type Source } from '../ingest/index.ts';
import type { AuditOptions } from './options.ts';
import { ProblemList, type AuditRun } from './run.ts';

/** Below this many bytes of input, one thread is faster than starting another. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/** Large JSONL files are cut into ranges of about this size: enough claims to even the threads out. */
export const RANGE_BYTES = 16 * 1024 * 1024;

/** A piece of work a thread claims: a family of files read in order, or a byte range of one file. */
export type WorkUnit =
  | { readonly kind: 'files'; readonly sources: Source[]; readonly bytes: number }
  | { readonly kind: 'range'; readonly source: Source; readonly range: ByteRange; readonly part: number; readonly bytes: number };

/** How the input is read: in order on this thread, or as units that threads claim in turn. */
export type WorkPlan = { readonly threads: 1 } | { readonly threads: number; readonly units: WorkUnit[] };

/**
 * Threads a run may use (main included): --threads, else up to 2; 1 when a worker could not load
 * the same pricing data (no pricingSource) or the code runs from sources (.ts under a test
 * runner: worker files are compiled JavaScript).
 */
export function threadsWanted(options: AuditOptions): number {
  if (!options.pricingSource || import.meta.url.endsWith('.ts')) return 1;
  return options.threads ?? Math.min(2, availableParallelism());
}

/**
 * Whether the input may turn out large enough to share, judged before walking it, or --threads 2+
 * says so. Workers started on this guess are dismissed if planWork says one thread.
 */
export function mayShare(options: AuditOptions): boolean {
  if (threadsWanted(options) < 2 || options.paths.includes('-')) return false;
  return options.threads !== undefined || mayMakeUnits(options.paths);
}

/**
 * Whether these paths may make two or more units of work (planWork): a folder; else files of
 * PARALLEL_MIN_BYTES or more in all with one large enough to cut into ranges, or of two replay
 * families. A 40 MB log, which is read whole on one thread, starts no worker.
 */
export function mayMakeUnits(paths: readonly string[]): boolean {
  let bytes = 0;
  let large = false;
  const families = new Set<string>();
  for (const path of paths) {
    try {
      const info = statSync(path);
      if (info.isDirectory()) return true;
      bytes += info.size;
      large ||= info.size >= SPLIT_MIN_BYTES;
      families.add(replayFamily(path));
    } catch {
      // resolveSources reports it.
    }
  }
  return bytes >= PARALLEL_MIN_BYTES && (large || families.size > 1);
}

/**
 * One thread, unless the input is large (or --threads says so) and makes 2+ units: replay families,
 * and byte ranges of large JSONL files whose lines stand alone (ingest's splittable), unless
 * `split` is false (a range met a line that needs its whole file, so the run starts again).
 */
export function planWork(sources: readonly Source[], options: AuditOptions, split = true): WorkPlan {
  const threads = threadsWanted(options);
  if (threads < 2 || sources.some((s) => s.path === undefined)) return { threads: 1 };
  const total = sources.reduce((n, s) => n + (s.size ?? 0), 0);
  // An explicit --threads is obeyed whatever the size (that is also how tests reach this path).
  if (options.threads === undefined && total < PARALLEL_MIN_BYTES) return { threads: 1 };
  const units: WorkUnit[] = [];
  const families = new Map<string, Source[]>();
  for (const source of sources) {
    const key = replayFamily(source.label);
    // Project folders (Claude Code) are read whole; a large file of stand-alone lines is cut up.
    if (split && key === '(rest)' && splittable(source, { inputFormat: options.inputFormat, map: options.map })) {
      units.push(...rangeUnits(source, RANGE_BYTES));
      continue;
    }
    const family = families.get(key);
    if (family) family.push(source);
    else families.set(key, [source]);
  }
  for (const family of families.values()) units.push({ kind: 'files', sources: family, bytes: family.reduce((n, s) => n + (s.size ?? 0), 0) });
  if (units.length < 2) return { threads: 1 };
  // Largest first (stable: ranges of a file keep their order): the last claims are small, so
  // threads finish close together.
  units.sort((a, b) => b.bytes - a.bytes);
  return { threads: Math.min(threads, units.length), units };
}

/**
 * A file as byte ranges: about `bytes` each, then a tail of ranges that halve down to a sixteenth
 * (16 MB: …, 16, 8, 4, 2, 1 MB). Claimed largest first, the last claims are short, so the threads
 * finish close together: a thread that meets a last range of full size while the other is done
 * (a worker still warming up takes three times as long over it) would hold the run up.
 */
export function rangeUnits(source: Source, bytes: number): WorkUnit[] {
  const size = source.size ?? 0;
  const tail: number[] = [];
  let head = size;
  for (let b = Math.max(1, Math.floor(bytes / 16)); b < bytes && head > 2 * b; b *= 2) {
    tail.unshift(b);
    head -= b;
  }
  const count = Math.max(1, Math.round(head / bytes));
  const step = Math.ceil(head / count);
  const sizes = [...Array.from({ length: count }, (_, i) => Math.min(step, head - i * step)), ...tail];
  let start = 0;
  return sizes.map((length, part) => {
    const range = { start, end: start + length };
    start = range.end;
    return { kind: 'range', source, range, part, bytes: length };
  });
}

/** The next unit for this thread, or -1 when all are claimed. */
function claimUnit(claims: Int32Array, units: number): number {
  const i = Atomics.add(claims, 0, 1);
  return i < units ? i : -1;
}

/** Reads the units this thread claims, one at a time, into `run`. */
export async function readClaimed(units: readonly WorkUnit[], claims: Int32Array, ingest: IngestOptions, run: AuditRun, problemLimit: number): Promise<void> {
  for (let i = claimUnit(claims, units.length); i !== -1; i = claimUnit(claims, units.length)) {
    const unit = units[i];
    if (unit === undefined) continue;
    if (unit.kind === 'files') {
      await ingestSources(unit.sources, ingest, (event) => run.consume(event));
      continue;
    }
    const problems = new ProblemList(problemLimit);
    const lines = await ingestRange(unit.source, unit.range, ingest, (event) => run.consume(event, problems)).catch((error: unknown) => {
      // The run starts again with files whole: no thread need claim more.
      if (error instanceof NotSplittable) Atomics.store(claims, 0, units.length);
      throw error;
    });
    run.ranges.push({ file: unit.source.label, part: unit.part, lines, problems: problems.sorted(), problemsTotal: problems.total });
  }
}

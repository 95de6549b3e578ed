// Ingest: log files, folders or stdin → events handed to a sink as they are read, exactly one per
// non-blank line (JSONL) or data row (CSV). A sink rather than an async iterator: a yield per
// event costs more than the rest of reading a short line. Bad content never throws: it becomes a
// rejected event with file:line and a reason; so does a file found in a folder that cannot be read
// (a dangling link, no permission). Only an unreadable path named as such throws (InputError), and
// it does so before anything is read.

import { UsageError } from '../errors.ts';
import { readCsv } from './read/csv.ts';
import { newRunState, replayFamily } from './replay/dedupe.ts';
import { likelyCached, openSlot, replay, type CacheOptions } from '../cache/store.ts';
import type { GrownRead } from '../cache/resume.ts';
import { replayFamilyOps } from '../cache/family.ts';
import { pickFormat } from './detect/detect.ts';
import { reject, type TimeFallback } from './extract/extract.ts';
import { FORMAT_NAMES, FORMAT_SPECS, isFormatName, type FormatName } from './formats/index.ts';
import { looksLikeDocument, readDocument } from './read/document.ts';
import { readJsonl, type FileContext } from './read/jsonl.ts';
import { FileInterpreter, needsWholeFile, NotSplittable } from './replay/interpret.ts';
import { customFormat } from './detect/map.ts';
import { fileChunks, rangeChunks, readHead, type ByteRange } from './read/chunks.ts';
import { isDatabaseName, lineEndOf, openSource, resolveSources, SNIFF_BYTES, sniffSyntax, syntaxOfName, type Source } from './read/sources.ts';
import { isSqliteHead, readSqlite } from './read/sqlite.ts';
import type { JsonObject } from './extract/fields.ts';
import type { Chosen } from './formats/spec.ts';
import type { EventSink } from './types.ts';

export { FORMAT_NAMES, FORMATS, type FormatInfo, type FormatName } from './formats/index.ts';
export { MAP_KEYS, parseMapSpec } from './detect/map.ts';
export type { ByteRange } from './read/chunks.ts';
export { resolveSources, type Source } from './read/sources.ts';
export { NotSplittable };
export { COPY_REASON_PREFIX, isCopyReason, replayFamily } from './replay/dedupe.ts';
export { parseTimestamp, TIMESTAMP_FORMS } from './extract/timestamps.ts';
export type { EventSink, IngestEvent } from './types.ts';

export interface IngestOptions {
  /** Force one format (--input-format); undefined = detect per line (JSONL) or per file (CSV header). */
  inputFormat?: FormatName;
  /** Epoch ms (--default-time), for records with no timestamp; wins over the file's mtime. */
  defaultTime?: number;
  /** Read for the path '-' (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /**
   * --default-model: the model of records whose log names none (DashScope native, an ungrouped
   * OpenAI usage export, a Codex rollout without turn_context, a CSV without a model column).
   * Without it such records get a visible "(no model: …)" placeholder (reported unpriced) where
   * the format is known to omit the model, and are rejected elsewhere.
   */
  defaultModel?: string;
  /**
   * --map (parsed with parseMapSpec): role → field path (JSONL) or column (CSV) for a log no
   * built-in format reads; every file is then read with it. Keys: model, timestamp, input, output,
   * cacheRead, cacheWrite, cacheWrite5m, cacheWrite1h, reasoning, requests, cost, serviceTier,
   * tag.NAME, and the switches inputIncludesCache / outputIncludesReasoning (default true).
   */
  map?: Record<string, string>;
  /** Told the size of every piece of input read (bytes as stored: compressed for a .gz), for progress. */
  onRead?: (bytes: number) => void;
  /** The persistent cache of per-file results (src/cache/); none = every file is read. */
  cache?: CacheOptions;
}

function fallbackFor(src: Source, options: IngestOptions): TimeFallback | undefined {
  if (options.defaultTime !== undefined) return { ms: options.defaultTime, source: 'default' };
  if (src.mtimeMs !== undefined) return { ms: Math.floor(src.mtimeMs), source: 'mtime' };
  return undefined;
}

/** The options checked once, before anything is read. */
interface Checked {
  readonly forced: FormatName | undefined;
  readonly custom: Chosen | undefined;
  readonly defaultModel: string | undefined;
}

function check(options: IngestOptions): Checked {
  const forced = options.inputFormat;
  if (forced !== undefined && !isFormatName(forced)) {
    throw new UsageError(`unknown input format "${String(forced)}"; choose one of: ${FORMAT_NAMES.join(', ')}`);
  }
  if (options.defaultTime !== undefined && !Number.isFinite(options.defaultTime)) {
    throw new UsageError(`--default-time is not a valid time (${String(options.defaultTime)})`);
  }
  if (forced !== undefined && options.map !== undefined) {
    throw new UsageError('--map and --input-format cannot be used together: --map defines the format');
  }
  const defaultModel = options.defaultModel?.trim();
  if (defaultModel === '') throw new UsageError('--default-model is empty; give a model id such as gpt-4o');
  return { forced, custom: options.map && customFormat(options.map, defaultModel), defaultModel };
}

/**
 * Every event of the logs the paths name, handed to `onEvent` as it is read (folders sorted by
 * path). Streams: memory does not grow with the input. Throws UsageError for a bad option,
 * InputError for a path that does not exist or cannot be read, before anything is read.
 */
export async function ingest(paths: string[], options: IngestOptions, onEvent: EventSink): Promise<void> {
  const checked = check(options);
  await readSources(await resolveSources(paths), options, onEvent, checked);
}

/**
 * The events of sources already resolved (resolveSources). Replays are followed across the files
 * of one family (replayFamily), so a thread gives it whole families.
 */
export async function ingestSources(sources: readonly Source[], options: IngestOptions, onEvent: EventSink): Promise<void> {
  await readSources(sources, options, onEvent, check(options));
}

/**
 * The sources family by family (each in the order given, families in order of first appearance),
 * each family with its own replay state: the result is the same whether one thread reads every
 * family or threads share them (parallel.ts), and a family's keys are forgotten once it is read, so
 * memory stays flat on a big tree.
 */
async function readSources(sources: readonly Source[], options: IngestOptions, onEvent: EventSink, checked: Checked): Promise<void> {
  const families = new Map<string, Source[]>();
  for (const src of sources) {
    const family = replayFamily(src.label);
    const list = families.get(family);
    if (list) list.push(src);
    else families.set(family, [src]);
  }
  for (const family of families.values()) await readFamily(family, options, onEvent, checked);
}

async function readFamily(sources: readonly Source[], options: IngestOptions, onEvent: EventSink, checked: Checked): Promise<void> {
  const { forced, custom, defaultModel } = checked;
  const run = newRunState();
  for (const src of sources) {
    run.file += 1;
    if (src.unreadable !== undefined) {
      // A file found in a folder that cannot be read: its one row (see sources.ts walk).
      onEvent(reject({ file: src.label, line: 1 }, src.unreadable));
      continue;
    }
    const fallback = fallbackFor(src, options);
    const db = src.path === undefined ? false : isDatabase(src.path);
    if (db === 'misnamed') {
      onEvent(reject({ file: src.label, line: 1 }, 'named like a SQLite database but not one (its first bytes are not "SQLite format 3"): not read'));
      continue;
    }
    if (db && src.path !== undefined) {
      await readSqlite(src.path, { file: src.label, fallback, forced, custom, defaultModel, run }, onEvent, options.onRead);
      continue;
    }
    // A file read before: its events again, without reading it (databases and stdin are not cached).
    let slot = options.cache && src.path !== undefined ? openSlot(options.cache, src.label, src.path, { options: cacheKeyOptions(options), fallbackMs: fallback?.ms }) : undefined;
    if (slot && 'hit' in slot) {
      // A Codex rollout's events hold while its family answers its questions as before (cache/family.ts).
      if (slot.hit.family === undefined || replayFamilyOps(slot.hit.family, run)) {
        replay(slot.hit, run, onEvent);
        options.onRead?.(src.size ?? 0);
        continue;
      }
      slot = { miss: slot.miss() };
    }
    const miss = slot?.miss;
    const ctx: FileContext = { file: src.label, fallback, forced, custom, defaultModel, run, observer: miss };
    const sink = miss ? miss.sink(onEvent) : onEvent;
    // A file that grew since it was cached: its events up to the grow point again, then read on from there.
    const grown: GrownRead | undefined = slot?.grown;
    const reader = grown && FileInterpreter.resume(ctx, grown.reader);
    if (grown && reader && miss && src.path !== undefined) {
      miss.reading('jsonl', grown.lineEnd, false);
      miss.replayed(grown, run, onEvent);
      options.onRead?.(grown.at);
      const from = { offset: grown.at, lines: grown.lines, partial: grown.partial, reader };
      await readJsonl(fileChunks(src.label, src.path, options.onRead, grown.at), ctx, sink, grown.lineEnd, from);
      miss.store();
      continue;
    }
    const { syntax, chunks, lineEnd, compressed } = await openSource(src, options.stdin, options.onRead);
    miss?.reading(syntax, lineEnd, compressed);
    await (syntax === 'csv' ? readCsv(chunks, ctx, sink) : syntax === 'document' ? readDocument(chunks, ctx, sink) : readJsonl(chunks, ctx, sink, lineEnd));
    miss?.store();
  }
}

/**
 * Whether the cache will likely not answer `bytes` or more of the sources (store.ts likelyCached;
 * always, without a cache): a run whose input is mostly cached is read on one thread (a worker's
 * start costs more than it saves there). Largest files first, stopping once the answer is known:
 * a warm tree's small files are not looked at.
 */
export function uncachedAtLeast(sources: readonly Source[], options: IngestOptions, bytes: number): boolean {
  const cache = options.cache;
  let left = sources.reduce((n, s) => n + (s.size ?? 0), 0);
  if (!cache || left < bytes) return left >= bytes;
  let uncached = 0;
  for (const src of [...sources].sort((a, b) => (b.size ?? 0) - (a.size ?? 0))) {
    if (uncached >= bytes) return true;
    if (uncached + left < bytes) return false;
    const size = src.size ?? 0;
    left -= size;
    if (src.path !== undefined && src.unreadable === undefined && likelyCached(cache, src.label, src.path, { options: cacheKeyOptions(options), fallbackMs: fallbackFor(src, options)?.ms }, src.mtimeMs, src.size)) continue;
    uncached += size;
  }
  return uncached >= bytes;
}

/** The options a file's events depend on (besides the file): part of its cache key. */
function cacheKeyOptions(options: IngestOptions): unknown {
  let key = keyOptions.get(options);
  if (key === undefined) {
    const { inputFormat, map, defaultModel, defaultTime } = options;
    key = { inputFormat, map, defaultModel, defaultTime };
    keyOptions.set(options, key);
  }
  return key;
}

/** cacheKeyOptions by run: one object per run, so that the cache makes its JSON once (store.ts). */
const keyOptions = new WeakMap<IngestOptions, object>();

/**
 * Whether a file is a SQLite database, by its first bytes; 'misnamed' for a `.db` file that is not
 * one. A file named as a log (.jsonl, .csv…) is not opened to look: a Claude Code tree has
 * thousands, and a database named so is still rejected line by line as binary.
 */
function isDatabase(path: string): boolean | 'misnamed' {
  if (syntaxOfName(path) !== undefined) return false;
  let head: Buffer;
  try {
    head = readHead(path, 16);
  } catch {
    return false; // openSource reports it
  }
  if (isSqliteHead(head)) return true;
  return isDatabaseName(path) ? 'misnamed' : false;
}

/** A file this large may be read in ranges by several threads (see splittable). */
export const SPLIT_MIN_BYTES = 64 * 1024 * 1024;

/**
 * Whether a file can be read in independent byte ranges: a plain (not gzipped) JSONL file of at
 * least SPLIT_MIN_BYTES whose first lines are of formats that read each line on its own (no
 * dedupe, no hook). Only the head is looked at: a range that meets such a line later throws
 * NotSplittable, and the run reads the file whole.
 */
export function splittable(src: Source, options: IngestOptions): boolean {
  if (src.path === undefined || (src.size ?? 0) < SPLIT_MIN_BYTES) return false;
  if (options.inputFormat !== undefined && needsWholeFile(FORMAT_SPECS[options.inputFormat])) return false;
  const head = readHead(src.path, SNIFF_BYTES);
  if (head.length < 2 || (head[0] === 0x1f && head[1] === 0x8b) || isSqliteHead(head)) return false;
  // Ranges are cut at LF: a file of CR-only line ends is read whole.
  if ((syntaxOfName(src.path) ?? sniffSyntax(head)) === 'csv' || lineEndOf(head) === 'cr' || looksLikeDocument(head)) return false;
  const lines = head.toString('utf8').replace(/^\uFEFF/, '').split('\n').slice(0, -1);
  const ctx = { forced: options.inputFormat, custom: undefined };
  for (const [i, text] of lines.entries()) {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      continue;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) continue;
    const picked = pickFormat(obj as JsonObject, { file: src.label, line: i + 1 }, ctx);
    if (!('kind' in picked) && needsWholeFile(picked.spec)) return false;
  }
  return true;
}

/**
 * The events of the lines of a JSONL file that start in `range` (see rangeChunks), numbered from 1
 * at the range's first line; returns how many lines it read, so that line numbers can be made
 * whole-file ones once the ranges before it are read. Throws NotSplittable at a line of a format
 * that needs the whole file.
 */
export async function ingestRange(src: Source, range: ByteRange, options: IngestOptions, onEvent: EventSink): Promise<number> {
  const { forced, custom, defaultModel } = check(options);
  if (src.path === undefined) throw new Error(`${src.label}: only a file can be read in ranges`);
  const ctx: FileContext = { file: src.label, fallback: fallbackFor(src, options), forced, custom, defaultModel, run: newRunState(), range: true };
  return readJsonl(rangeChunks(src.label, src.path, range, options.onRead), ctx, onEvent);
}

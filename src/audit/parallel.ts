// Sharing a large input with worker threads. Files are split into lanes by family: the files of one
// Claude Code project folder (sessions, their subagent files and sidechains) stay together, since
// ingest dedupes replays across them; every other file joins one family, the "rest", because Codex
// forks may span day folders. Each lane runs the whole pipeline; a worker sends back its ledgers as
// plain data (wire.ts). Small inputs stay on one thread: a worker costs a start-up.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AuditError, InputError, UsageError } from '../errors.ts';
import { replayFamily, resolveSources } from '../ingest/index.ts';
import type { AuditOptions, WorkerOptions } from './options.ts';
import type { RunWire } from './wire.ts';

/** Below this many bytes of input, one thread is faster than starting another. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

/** What a worker is given. */
export interface WorkerJob {
  files: string[];
  options: WorkerOptions;
  pricing: { dirs: string[]; overrides: string[] };
  /** The main thread's catalogue hash: the worker refuses to run on different data. */
  hash: string;
}

export type WorkerReply = { ok: true; wire: RunWire } | { ok: false; name: string; message: string };

/** Lanes of files, the first for this thread; one lane (the paths as given) when parallel would not pay. */
export async function planLanes(options: AuditOptions): Promise<string[][]> {
  const threads = options.threads ?? Math.min(2, availableParallelism());
  // Worker files are compiled JavaScript: from sources (.ts under a test runner) stay on one thread.
  if (threads < 2 || !options.pricingSource || options.paths.includes('-') || import.meta.url.endsWith('.ts')) return [options.paths];
  const sources = await resolveSources(options.paths);
  const total = sources.reduce((n, s) => n + (s.size ?? 0), 0);
  // An explicit --threads is obeyed whatever the size (that is also how tests reach this path).
  if (options.threads === undefined && total < PARALLEL_MIN_BYTES) return [options.paths];
  const families = new Map<string, { files: string[]; bytes: number }>();
  for (const source of sources) {
    const key = replayFamily(source.label);
    const family = families.get(key) ?? { files: [], bytes: 0 };
    family.files.push(source.label);
    family.bytes += source.size ?? 0;
    families.set(key, family);
  }
  if (families.size < 2) return [options.paths];
  // Largest family first onto the least loaded lane: close to even for many families.
  const lanes = Array.from({ length: Math.min(threads, families.size) }, () => ({ files: [] as string[], bytes: 0 }));
  for (const family of [...families.values()].sort((a, b) => b.bytes - a.bytes)) {
    const lane = lanes.reduce((min, l) => (l.bytes < min.bytes ? l : min));
    lane.files.push(...family.files);
    lane.bytes += family.bytes;
  }
  // Each lane reads its files in path order, as one thread would.
  return lanes.map((l) => l.files.sort());
}

/** Runs one lane on a worker thread; resolves to its totals, or rejects with the error it met. */
export function runWorker(files: string[], options: WorkerOptions, audit: AuditOptions): Promise<RunWire> {
  const job: WorkerJob = { files, options, pricing: audit.pricingSource ?? { dirs: [], overrides: [] }, hash: audit.catalogue.hash };
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: job });
    let settled = false;
    worker.once('message', (reply: WorkerReply) => {
      settled = true;
      if (reply.ok) resolve(reply.wire);
      else reject(rebuildError(reply.name, reply.message));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`worker thread stopped (exit code ${code}) before sending its totals`));
    });
  });
}

/** The worker's error, as the same class, so that the CLI gives it the same exit code and message. */
function rebuildError(name: string, message: string): Error {
  switch (name) {
    case 'InputError':
      return new InputError(message);
    case 'UsageError':
      return new UsageError(message);
    case 'PricingError':
    case 'AuditError':
      return new AuditError(message);
    default:
      return new Error(message);
  }
}


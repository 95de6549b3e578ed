// Worker threads of a shared run: started ahead of the plan (they load the pricing data while the
// main thread walks and plans), then given their share of the units, or dismissed. A worker's
// errors come back as the same error classes, so that the CLI gives the same exit codes.
import { Worker } from 'node:worker_threads';
import { AuditError, InputError, UsageError } from '../errors.ts';
import { NotSplittable } from '../ingest/index.ts';
import type { WorkerOptions } from './options.ts';
import type { WorkUnit } from './parallel.ts';
import type { RunWire } from './wire.ts';

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);


/** What a worker is started with: enough to load the pricing data while the main thread plans. */
export interface WorkerSetup {
  options: WorkerOptions;
  pricing: { dirs: string[]; overrides: string[] };
}

/** Its share of the work, sent once the plan is made. */
export interface WorkerAssignment {
  units: WorkUnit[];
  /** The claim counter (Int32Array) and the progress board (Float64Array), shared by all threads. */
  claims: SharedArrayBuffer;
  board: SharedArrayBuffer;
  /** This thread's slot on the board. */
  slot: number;
}

/** The worker's totals and the hash of the pricing data it loaded (the main thread checks it is its own). */
export type WorkerReply = { ok: true; wire: RunWire; hash: string } | { ok: false; name: string; message: string };

/**
 * A worker thread started ahead of the plan: it loads the pricing data while the main thread walks
 * the input, then is given its work (assign) or let go (dismiss) when one thread is enough.
 */
export class StartedWorker {
  readonly #worker: Worker;
  readonly #reply: Promise<WorkerReply>;

  constructor(setup: WorkerSetup) {
    this.#worker = new Worker(WORKER_URL, { workerData: setup });
    this.#reply = new Promise((resolve, reject) => {
      let settled = false;
      this.#worker.once('message', (reply: WorkerReply) => {
        settled = true;
        resolve(reply);
      });
      this.#worker.once('error', (error) => {
        settled = true;
        reject(error);
      });
      this.#worker.once('exit', (code) => {
        if (!settled) reject(new Error(`worker thread stopped (exit code ${code}) before sending its totals`));
      });
    });
    // A dismissed worker's end is nobody's business; this keeps its rejection from being unhandled.
    this.#reply.catch(() => undefined);
  }

  /** Gives the worker its share; resolves to its totals, or rejects with the error it met. */
  async assign(assignment: WorkerAssignment, hash: string): Promise<RunWire> {
    this.#worker.postMessage(assignment);
    const reply = await this.#reply;
    // Go on in a later turn of the event loop: until the 'message' event that carried the reply
    // has returned, it holds the whole message, and everything after this await (merging the
    // totals, building and writing the report) would run inside it. A worker's totals of 100,000
    // groups stayed in memory through the report build that way (85 MB in the many-groups case).
    await new Promise((resolve) => setImmediate(resolve));
    if (!reply.ok) throw rebuildError(reply.name, reply.message);
    if (reply.hash !== hash) throw new AuditError('the pricing data changed while the run was starting (hash differs between threads); run again');
    return reply.wire;
  }

  /** Lets the worker go without work. */
  dismiss(): void {
    void this.#worker.terminate();
  }
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
    case 'NotSplittable':
      return new NotSplittable(message);
    default:
      return new Error(message);
  }
}


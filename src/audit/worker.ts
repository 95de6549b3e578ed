// A worker thread: it claims units of work (parallel.ts) until none are left, runs the whole
// pipeline over them, and sends its totals home as plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalogue } from '../pricing/load.ts';
import { createTokenCounter } from '../tokens/index.ts';
import { ingestOptions } from './options.ts';
import { ProgressBoard, readClaimed, type WorkerJob, type WorkerReply } from './parallel.ts';
import { AuditRun } from './run.ts';
import { toWire } from './wire.ts';

async function main(job: WorkerJob): Promise<WorkerReply> {
  const catalogue = loadCatalogue(job.pricing.dirs, job.pricing.overrides);
  if (catalogue.hash !== job.hash) {
    return { ok: false, name: 'PricingError', message: 'the pricing data changed while the run was starting (hash differs between threads); run again' };
  }
  // try/finally rather than `using`: Symbol.dispose is missing from the first Node 20 releases.
  const counter = createTokenCounter();
  try {
    const run = new AuditRun(job.options, catalogue, counter);
    const board = new ProgressBoard(job.board, job.slot);
    await readClaimed(job.units, new Int32Array(job.claims), ingestOptions(job.options, (bytes) => board.read(bytes, run.rows.read)), run, job.options.problemLimit);
    board.read(0, run.rows.read);
    return { ok: true, wire: toWire(run) };
  } finally {
    counter.dispose();
  }
}

main(workerData as WorkerJob)
  .catch((error: unknown): WorkerReply => ({ ok: false, name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) }))
  .then((reply) => parentPort?.postMessage(reply));

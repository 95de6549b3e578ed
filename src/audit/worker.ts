// A worker thread: it loads the pricing data, waits for its assignment, claims units of work
// (parallel.ts) until none are left, runs the whole pipeline over them, and sends its totals home.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalogue } from '../pricing/load.ts';
import { createTokenCounter } from '../tokens/index.ts';
import { ingestOptions } from './options.ts';
import { ProgressBoard } from './board.ts';
import { readClaimed } from './parallel.ts';
import { AuditRun } from './run.ts';
import { toWire } from './wire.ts';
import type { WorkerAssignment, WorkerReply, WorkerSetup } from './workers.ts';

async function main(setup: WorkerSetup): Promise<WorkerReply> {
  const catalogue = loadCatalogue(setup.pricing.dirs, setup.pricing.overrides, setup.options.cacheDir);
  const assignment = await new Promise<WorkerAssignment>((resolve) => parentPort?.once('message', resolve));
  // try/finally rather than `using`: Symbol.dispose is missing from the first Node 20 releases.
  const counter = createTokenCounter();
  try {
    const run = new AuditRun(setup.options, catalogue, counter);
    run.budget.share(assignment.claims);
    const board = new ProgressBoard(assignment.board, assignment.slot);
    const ingest = ingestOptions(setup.options, (bytes) => board.read(bytes, run.rows.read));
    await readClaimed(assignment.units, new Int32Array(assignment.claims), ingest, run, setup.options.problemLimit);
    board.read(0, run.rows.read);
    run.dispose();
    return { ok: true, wire: toWire(run), hash: catalogue.hash };
  } finally {
    counter.dispose();
  }
}

main(workerData as WorkerSetup)
  .catch((error: unknown): WorkerReply => ({ ok: false, name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) }))
  .then((reply) => parentPort?.postMessage(reply));

// A worker thread's lane: the whole pipeline over its files, totals sent home as plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { readLogs } from '../ingest/index.ts';
import { loadCatalogue } from '../pricing/load.ts';
import { createTokenCounter } from '../tokens/index.ts';
import type { WorkerJob, WorkerReply } from './parallel.ts';
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
    const { inputFormat, map, defaultModel, defaultTime } = job.options;
    for await (const event of readLogs(job.files, { inputFormat, map, defaultModel, defaultTime })) run.consume(event);
    return { ok: true, wire: toWire(run) };
  } finally {
    counter.dispose();
  }
}

main(workerData as WorkerJob)
  .catch((error: unknown): WorkerReply => ({ ok: false, name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) }))
  .then((reply) => parentPort?.postMessage(reply));

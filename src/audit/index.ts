// The main job as a function: logs in, Report out. Streams records one at a time through
// ingest → tokens → pricing → ledgers; nothing holds all records. No stdout, no exit codes.
// A large input of independent file families is shared with worker threads (parallel.ts).
import { readLogs } from '../ingest/index.ts';
import { buildReport } from '../report/build.ts';
import type { Report } from '../report/contract.ts';
import { createTokenCounter } from '../tokens/index.ts';
import { VERSION } from '../version.ts';
import { reportNotes } from './notes.ts';
import type { AuditOptions, WorkerOptions } from './options.ts';
import { planLanes, runWorker } from './parallel.ts';
import { AuditRun } from './run.ts';
import { absorb } from './wire.ts';

export type { AuditOptions } from './options.ts';

export async function audit(options: AuditOptions): Promise<Report> {
  const { catalogue } = options;
  const workerOptions = toWorkerOptions(options);
  const lanes = await planLanes(options);
  // Workers start first, so that they read while this thread reads its own lane.
  const workers = lanes.slice(1).map((files) => runWorker(files, workerOptions, options));
  // try/finally rather than `using`: Symbol.dispose is missing from the first Node 20 releases.
  const counter = createTokenCounter();
  const run = new AuditRun(workerOptions, catalogue, counter);
  const ingest = {
    inputFormat: options.inputFormat,
    map: options.map,
    defaultModel: options.defaultModel,
    defaultTime: options.defaultTime,
    stdin: options.stdin,
  };
  try {
    for await (const event of readLogs(lanes[0] ?? options.paths, ingest)) run.consume(event);
  } finally {
    counter.dispose();
    // Wait for every worker even when this lane failed, so no thread outlives the run.
    const results = await Promise.allSettled(workers);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (const r of results) if (r.status === 'fulfilled') absorb(run, r.value, catalogue);
  }
  return buildReport({
    version: VERSION,
    options: {
      groupBy: options.groupBy,
      timeZone: options.timeZone ?? 'UTC',
      since: options.since?.text ?? null,
      until: options.until?.text ?? null,
      asOf: options.asOf?.text ?? null,
      compare: options.compare,
      region: options.region ?? null,
      serviceTier: options.serviceTier ?? null,
      currency: options.conversion?.currency ?? null,
    },
    rows: run.rows,
    usage: run.usage,
    timestamps: run.timestamps,
    groups: run.groups.all(),
    whatIf: run.whatIf.all(),
    unpriced: run.unpriced.all(),
    problems: run.sortedProblems(),
    problemsTotal: run.problemsTotal,
    skipped: [...run.skippedReasons].map(([reason, rows]) => ({ reason, rows })),
    pricing: { hash: catalogue.hash, files: catalogue.fileNames, overrides: catalogue.overrideFiles, fx: options.conversion?.table.files ?? [] },
    conversion: options.conversion,
    notes: reportNotes(options, run.usage, run.timestamps, run.outsideRange),
  });
}

function toWorkerOptions(options: AuditOptions): WorkerOptions {
  const { catalogue: _c, stdin: _s, paths: _p, conversion, ...rest } = options;
  return { ...rest, trackMonths: conversion !== undefined };
}

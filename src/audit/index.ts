// The main job as a function: logs in, Report out. Streams records one at a time through
// ingest → tokens → pricing → ledgers; nothing holds all records. No stdout, no exit codes.
// A large input of independent file families is shared with worker threads (parallel.ts).
import { ingestSources, isCopyReason, NotSplittable, resolveSources, uncachedAtLeast, type Source } from '../ingest/index.ts';
import { buildReport } from '../report/build.ts';
import type { Report } from '../report/contract.ts';
import { createTokenCounter } from '../tokens/index.ts';
import { VERSION } from '../version.ts';
import { describeInputs } from './inputs.ts';
import { reportNotes } from './notes.ts';
import { ingestOptions, type AuditOptions, type WorkerOptions } from './options.ts';
import { ProgressBoard } from './board.ts';
import { SHARED_BYTES } from './budget.ts';
import { mayShare, PARALLEL_MIN_BYTES, planWork, readClaimed, threadsWanted } from './parallel.ts';
import { AuditRun } from './run.ts';
import { finishViews } from './views.ts';
import { BLOCK_HOURS } from '../core/blocks.ts';
import { WEEKDAYS } from '../core/calendar.ts';
import { absorb, type RunWire } from './wire.ts';
import { StartedWorker } from './workers.ts';
import { pruneCache } from '../cache/prune.ts';
import { reportSlot, type ReportSlot } from '../cache/report.ts';

export type { AuditOptions, AuditProgress } from './options.ts';

export async function audit(options: AuditOptions): Promise<Report> {
  // Row outcomes are told in input order: one thread reads everything (AuditOptions.onRow).
  if (options.onRow) options = { ...options, threads: 1 };
  // Workers start before the walk, on a guess, so that they load while this thread plans; with
  // the cache (and no --threads), after it, and only if the cache will not answer most of the input.
  const cached = options.cacheDir !== undefined && options.threads === undefined;
  const early = cached ? [] : startWorkers(options);
  const sources = await resolveSources(options.paths, options.accept).catch((error: unknown) => {
    for (const w of early) w.dismiss();
    throw error;
  });
  // Nothing changed since a run with the same options: its report (cache/report.ts).
  const whole = options.cacheDir === undefined ? undefined : wholeReportSlot(options, options.cacheDir, sources);
  const kept = whole?.hit();
  if (kept) {
    for (const w of early) w.dismiss();
    return kept;
  }
  const started = cached && mayShare(options) && uncachedAtLeast(sources, ingestOptions(toWorkerOptions(options), () => undefined), PARALLEL_MIN_BYTES) ? startWorkers(options) : early;
  const report = await reportOf(options, sources, started);
  whole?.keep(report);
  return report;
}

/** What reading `sources` gives, as the report. */
async function reportOf(options: AuditOptions, sources: Source[], started: StartedWorker[]): Promise<Report> {
  const run = await readAll(options, sources, true, started).catch((error: unknown) => {
    // A byte range met a line that needs its whole file (rare: a mixed file): read it all again, files whole.
    if (error instanceof NotSplittable) return readAll(options, sources, false, startWorkers(options));
    throw error;
  });
  if (options.cacheDir !== undefined) pruneCache({ dir: options.cacheDir });
  const { catalogue } = options;
  const scenarios = options.scenarios ?? [];
  const views = finishViews(run, options);
  const cells = views.cells;
  return buildReport({
    version: VERSION,
    options: {
      groupBy: options.groupBy,
      timeZone: options.timeZone ?? 'UTC',
      since: options.since?.text ?? null,
      until: options.until?.text ?? null,
      asOf: options.asOf?.text ?? null,
      compare: options.compare,
      ...(scenarios.length > 0 ? { scenarios: scenarios.map((s) => ({ name: s.name, rules: s.rules })) } : {}),
      region: options.region ?? null,
      serviceTier: options.serviceTier ?? null,
      currency: options.conversion?.currency ?? null,
      ...(options.groupBy.includes('week') ? { weekStart: WEEKDAYS[options.weekStart ?? 1] } : {}),
      ...(options.project !== undefined ? { project: options.project } : {}),
      ...(options.breakdown ? { breakdown: true } : {}),
    },
    rows: run.rows,
    usage: run.usage,
    timestamps: run.timestamps,
    groups: views.groups.drain(),
    ...(views.breakdown ? { breakdown: views.breakdown.drain() } : {}),
    ...(views.blocks ? { blocks: { list: views.blocks, now: options.now ?? Number.NaN, hours: BLOCK_HOURS, tokenLimit: options.tokenLimit } } : {}),
    whatIf: run.whatIf.all(),
    whatIfGroups: cells && {
      compare: options.groupCompare === false ? [] : options.compare,
      scenarios,
      // Read once per group, as the groups are drained: the cells go with them.
      cellsOf: (group) => {
        const index = group.index ?? -1;
        const list = cells.cellsOf(index);
        cells.forget(index);
        return list;
      },
      scenarioTotals: run.scenarios?.totals.all() ?? [],
      matched: run.scenarios?.matched ?? [],
    },
    unpriced: run.unpriced.listed((model) => catalogue.describeUnknown(model)),
    unpricedModels: run.unpriced.size,
    unpricedGroups: views.unpricedGroups.drain(),
    problems: run.problems.sorted(),
    problemsTotal: run.problemsTotal,
    skipped: [...run.skippedReasons].map(([reason, rows]) => ({ reason, rows })),
    copies: [...run.skippedReasons].reduce((n, [reason, rows]) => (isCopyReason(reason) ? n + rows : n), 0),
    pricing: { hash: catalogue.hash, files: catalogue.fileNames, overrides: catalogue.overrideFiles, fx: options.conversion?.table.files ?? [] },
    conversion: options.conversion,
    ranking: options.ranking,
    notes: reportNotes(options, run.usage, run.timestamps, run.outsideRange, run.outsideProject),
    warnings: [...(run.tags?.warnings(run.rows.priced + run.rows.unpriced) ?? []), ...(run.scenarios?.unmatched() ?? [])],
    inputs: describeInputs(options.paths, sources, options.hashInputs ?? false),
  });
}

/**
 * The whole-report slot of a run that may keep one: not with a row listener (the ledger needs the
 * rows), stdin, --hash-inputs (it reads every file again), or blocks (judged at the clock's now).
 * The key holds every option as plain data, the catalogue by its hash; callbacks, streams, the
 * thread count and the cache folder do not change a report.
 */
function wholeReportSlot(options: AuditOptions, dir: string, sources: readonly Source[]): ReportSlot | undefined {
  if (options.onRow || options.hashInputs || options.groupBy.includes('block') || options.paths.includes('-')) return undefined;
  const { catalogue, stdin: _s, onProgress: _p, threads: _t, cacheDir: _c, now: _n, accept: _a, ...rest } = options;
  let key: string;
  try {
    key = JSON.stringify({ ...rest, catalogue: catalogue.hash }, (_k, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v));
  } catch {
    return undefined;
  }
  return reportSlot(dir, key, sources, Date.now());
}

function toWorkerOptions(options: AuditOptions): WorkerOptions {
  const { catalogue: _c, stdin: _s, paths: _p, accept: _a, conversion, onProgress: _o, hashInputs: _h, ranking: _r, onRow: _l, ...rest } = options;
  return { ...rest, trackMonths: conversion !== undefined };
}

/** Worker threads for a run that may be shared (mayShare), started now; none otherwise. */
function startWorkers(options: AuditOptions): StartedWorker[] {
  if (!mayShare(options)) return [];
  const setup = { options: toWorkerOptions(options), pricing: options.pricingSource ?? { dirs: [], overrides: [] } };
  return Array.from({ length: threadsWanted(options) - 1 }, () => new StartedWorker(setup));
}

/**
 * Every source read into one run: on this thread, or shared with the started workers (parallel.ts)
 * and merged. Workers the plan does not need are dismissed.
 */
async function readAll(options: AuditOptions, sources: Source[], split: boolean, started: StartedWorker[]): Promise<AuditRun> {
  const { catalogue } = options;
  const workerOptions = toWorkerOptions(options);
  const planned = planWork(sources, options, split);
  const plan = 'units' in planned && started.length > 0 ? planned : ({ threads: 1 } as const);
  const boardBuffer = ProgressBoard.buffer(plan.threads);
  const board = new ProgressBoard(boardBuffer, 0);
  // The claim counter (Int32 at 0) and the run's sum of counts (BigInt64 at 8, budget.ts).
  const claims = new SharedArrayBuffer(SHARED_BYTES);
  // Workers claim units once loaded, while this thread reads.
  const workers: Promise<RunWire>[] = [];
  for (const [i, worker] of started.entries()) {
    const slot = i + 1;
    if ('units' in plan && slot < plan.threads) workers.push(worker.assign({ units: plan.units, claims, board: boardBuffer, slot }, catalogue.hash));
    else worker.dismiss();
  }
  const bytesTotal = sources.some((s) => s.size === undefined) ? undefined : sources.reduce((n, s) => n + (s.size ?? 0), 0);
  const { onProgress } = options;
  const tell = onProgress && ((): void => onProgress({ ...board.totals(), bytesTotal }));
  // try/finally rather than `using`: Symbol.dispose is missing from the first Node 20 releases.
  const counter = createTokenCounter();
  const run = new AuditRun(workerOptions, catalogue, counter, options.onRow);
  if ('units' in plan) run.budget.share(claims);
  const ingest = ingestOptions(
    workerOptions,
    (bytes) => {
      board.read(bytes, run.rows.read);
      tell?.();
    },
    options.stdin,
  );
  try {
    if ('units' in plan) await readClaimed(plan.units, new Int32Array(claims), ingest, run, options.problemLimit);
    else await ingestSources(sources, ingest, (event) => run.consume(event));
  } finally {
    counter.dispose();
    run.dispose();
    board.read(0, run.rows.read);
    // Wait for every worker even when this thread failed, so no thread outlives the run; the
    // progress line goes on meanwhile (this thread reads nothing more to tell it).
    const ticker = tell && workers.length > 0 ? setInterval(tell, 250) : undefined;
    const results = await Promise.allSettled(workers);
    clearInterval(ticker);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (const r of results) if (r.status === 'fulfilled') absorb(run, r.value, catalogue);
  }
  run.settleRanges();
  return run;
}

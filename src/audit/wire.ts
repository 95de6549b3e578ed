// A run's totals as plain data, to cross from a worker thread to the main one. Price points travel
// as references (model id, version index, tier, window, service tier) and are looked up again in
// the main thread's catalogue, so the ledgers there key the very same objects. Money never
// travels: costs are computed once, from the merged token buckets, when the report is built.
import { PriceBuckets, type GroupTotals, type UnpricedGroupTotals, type UnpricedTotals } from '../core/aggregate.ts';
import { parseDecimal, toPlainString } from '../core/money.ts';
import type { TokenBuckets } from '../core/types.ts';
import type { WhatIfTotals } from '../core/whatif.ts';
import { isPriced, type Catalogue, type PointRef } from '../pricing/catalog.ts';
import type { ReportProblem } from '../report/contract.ts';
import type { AuditRun, RangeResult } from './run.ts';
import type { TagCensusWire } from './tags.ts';

interface BucketWire {
  point: PointRef;
  month: string;
  tokens: TokenBuckets;
  requests: number;
}

interface GroupWire {
  key: GroupTotals['key'];
  rows: number;
  requests: number;
  tokens: TokenBuckets;
  firstAt: number;
  lastAt: number;
  buckets: BucketWire[];
  logged: { cost: [string, string][]; requests: number; recomputed: BucketWire[] } | null;
}

interface UnpricedGroupWire {
  key: UnpricedGroupTotals['key'];
  firstAt: number;
  lastAt: number;
  lines: [string, { rows: number; requests: number; tokens: TokenBuckets; logged: string }][];
}

interface WhatIfWire {
  model: string;
  rows: number;
  requests: number;
  target: BucketWire[];
  actual: BucketWire[];
  notPriced: { rows: number; requests: number; reasons: string[] };
}

export interface RunWire {
  rows: AuditRun['rows'];
  usage: AuditRun['usage'];
  timestamps: AuditRun['timestamps'];
  problems: ReportProblem[];
  problemsTotal: number;
  ranges: RangeResult[];
  outsideRange: number;
  skippedReasons: [string, number][];
  groups: GroupWire[];
  whatIf: WhatIfWire[];
  unpriced: UnpricedTotals[];
  tags: TagCensusWire | null;
  unpricedGroups: UnpricedGroupWire[];
}

function bucketsOut(buckets: PriceBuckets): BucketWire[] {
  return [...buckets.all()].map((b) => ({ point: b.point.ref, month: b.month, tokens: b.tokens, requests: b.requests }));
}

function bucketsIn(catalogue: Catalogue, wire: BucketWire[]): PriceBuckets {
  const buckets = new PriceBuckets();
  for (const b of wire) {
    const point = catalogue.point(b.point);
    // Both threads load the same pricing data (checked by hash), so every reference resolves.
    if (!isPriced(point)) throw new Error(`worker sent a price point this catalogue lacks: ${JSON.stringify(b.point)}`);
    buckets.add(point, b.tokens, b.requests, b.month);
  }
  return buckets;
}

export function toWire(run: AuditRun): RunWire {
  return {
    rows: run.rows,
    usage: run.usage,
    timestamps: run.timestamps,
    problems: run.problems.sorted(),
    // The listed kind only: outsideRange travels on its own (problemsTotal adds it).
    problemsTotal: run.problems.total,
    ranges: run.ranges,
    outsideRange: run.outsideRange,
    skippedReasons: [...run.skippedReasons],
    groups: run.groups.all().map((g) => ({
      key: g.key,
      rows: g.rows,
      requests: g.requests,
      tokens: g.tokens,
      firstAt: g.firstAt,
      lastAt: g.lastAt,
      buckets: bucketsOut(g.buckets),
      logged: g.logged ? { cost: [...g.logged.cost].map(([c, a]) => [c, toPlainString(a)]), requests: g.logged.requests, recomputed: bucketsOut(g.logged.recomputed) } : null,
    })),
    whatIf: run.whatIf.all().map((w) => ({
      model: w.model,
      rows: w.rows,
      requests: w.requests,
      target: bucketsOut(w.target),
      actual: bucketsOut(w.actual),
      notPriced: { rows: w.notPriced.rows, requests: w.notPriced.requests, reasons: [...w.notPriced.reasons] },
    })),
    unpriced: run.unpriced.all(),
    tags: run.tags?.toWire() ?? null,
    unpricedGroups: run.unpricedGroups.all().map((g) => ({
      key: g.key,
      firstAt: g.firstAt,
      lastAt: g.lastAt,
      lines: [...g.lines].map(([currency, l]) => [currency, { rows: l.rows, requests: l.requests, tokens: l.tokens, logged: toPlainString(l.logged) }]),
    })),
  };
}

/** Adds a worker's totals into the main run. */
export function absorb(run: AuditRun, wire: RunWire, catalogue: Catalogue): void {
  for (const key of Object.keys(run.rows) as (keyof AuditRun['rows'])[]) run.rows[key] += wire.rows[key];
  for (const key of Object.keys(run.usage) as (keyof AuditRun['usage'])[]) run.usage[key] += wire.usage[key];
  for (const key of Object.keys(run.timestamps) as (keyof AuditRun['timestamps'])[]) run.timestamps[key] += wire.timestamps[key];
  for (const p of wire.problems) run.problems.keep(p);
  run.problems.total += wire.problemsTotal;
  for (const range of wire.ranges) run.ranges.push(range);
  run.outsideRange += wire.outsideRange;
  if (wire.tags) run.tags?.absorb(wire.tags);
  for (const [reason, rows] of wire.skippedReasons) run.countSkip(reason, rows);
  for (const g of wire.groups) {
    const totals: GroupTotals = {
      key: g.key,
      rows: g.rows,
      requests: g.requests,
      tokens: g.tokens,
      firstAt: g.firstAt,
      lastAt: g.lastAt,
      buckets: bucketsIn(catalogue, g.buckets),
      logged: g.logged ? { cost: new Map(g.logged.cost.map(([c, a]) => [c, parseDecimal(a)])), requests: g.logged.requests, recomputed: bucketsIn(catalogue, g.logged.recomputed) } : undefined,
    };
    run.groups.absorb(totals);
  }
  for (const w of wire.whatIf) {
    const totals: WhatIfTotals = {
      model: w.model,
      rows: w.rows,
      requests: w.requests,
      target: bucketsIn(catalogue, w.target),
      actual: bucketsIn(catalogue, w.actual),
      notPriced: { rows: w.notPriced.rows, requests: w.notPriced.requests, reasons: new Set(w.notPriced.reasons) },
    };
    run.whatIf.absorb(totals);
  }
  for (const u of wire.unpriced) run.unpriced.absorb(u);
  for (const g of wire.unpricedGroups) {
    run.unpricedGroups.absorb({ key: g.key, firstAt: g.firstAt, lastAt: g.lastAt, lines: new Map(g.lines.map(([currency, l]) => [currency, { ...l, logged: parseDecimal(l.logged) }])) });
  }
}

// A run's totals as plain data, to cross from a worker thread to the main one. Price points travel
// as references (model id, version index, tier, window, service tier) and are looked up again in
// the main thread's catalogue, so the ledgers there key the very same objects. Money never
// travels: costs are computed once, from the merged token buckets, when the report is built.
// Groups, which may be hundreds of thousands (one per user), travel as a few flat arrays (GroupsWire).
import { integer, PriceBuckets, TOKEN_FIELDS, type GroupLedger, type GroupTotals, type LoggedTotals, type UnpricedGroupTotals, type UnpricedTotals } from '../core/aggregate.ts';
import { parseDecimal, toPlainString } from '../core/money.ts';
import { emptyBuckets, type TokenBuckets } from '../core/types.ts';
import type { WhatIfTotals } from '../core/whatif.ts';
import type { GroupWhatIfWire } from '../core/group-whatif.ts';
import { MisfitLedger, type MisfitTally } from '../core/fit.ts';
import { isPriced, type Catalogue, type PointRef, type PricePoint } from '../pricing/catalog.ts';
import type { ReportProblem } from '../report/contract.ts';
import type { AuditRun, RangeResult } from './run.ts';
import type { TagCensusWire } from './tags.ts';

interface BucketWire {
  point: PointRef;
  month: string;
  tokens: TokenBuckets;
  requests: number;
}

/**
 * Every group of a ledger as flat arrays: as objects, 150,000 groups took 85 MB on the main thread
 * once received (and 1.2 s to receive), about four times their size in its ledger; as numbers in
 * two typed arrays and one string per key value, a fifth of that. A group's tokens are not sent:
 * they are the sum of its buckets' (GroupLedger), made again as they are read.
 */
export interface GroupsWire {
  /** Each group's key values, one per dimension of the ledger, group after group. */
  keys: string[];
  /** GROUP_FIELDS numbers per group. */
  groups: Float64Array;
  /**
   * BUCKET_FIELDS numbers per bucket: each group's buckets in turn, then its logged.recomputed ones;
   * 32-bit when every one fits (nearly always: half the memory, held by the main thread until its
   * next full collection).
   */
  buckets: Float64Array | Uint32Array;
  /** The price points and months the buckets name, by index. */
  points: PointRef[];
  months: string[];
  /** The logged costs of the groups that have some, in group order. */
  logged: { cost: [string, string][]; requests: number }[];
}

interface UnpricedGroupWire {
  key: UnpricedGroupTotals['key'];
  firstAt: number;
  lastAt: number;
  lines: [string, { rows: number; requests: number; tokens: TokenBuckets; logged: string }][];
}

/** rows, requests, firstAt, lastAt, buckets, logged buckets (-1: no logged costs). */
export const GROUP_FIELDS = 6;
/** point, month, requests, then the token counts. */
const BUCKET_FIELDS = 3 + TOKEN_FIELDS.length;

interface WhatIfWire {
  model: string;
  rows: number;
  requests: number;
  target: BucketWire[];
  actual: BucketWire[];
  notPriced: { rows: number; requests: number; reasons: string[] };
  tokens: { logged: number; counted: number; proxy: number; ratio: number; notes: string[] } | null;
  /** The "does not fit" tallies (plain data already). */
  doesNotFit: MisfitTally[];
}

export interface RunWire {
  rows: AuditRun['rows'];
  usage: AuditRun['usage'];
  timestamps: AuditRun['timestamps'];
  problems: ReportProblem[];
  problemsTotal: number;
  ranges: RangeResult[];
  outsideRange: number;
  outsideProject: number;
  skippedReasons: [string, number][];
  groups: GroupsWire;
  whatIf: WhatIfWire[];
  /** Each group's what-if cells, groups in the order of `groups` (null without --compare/--swap/--scenario). */
  groupWhatIf: GroupWhatIfWire | null;
  /** Scenario totals (keyed by name) and rows matched per rule (null without --swap/--scenario). */
  scenarios: { totals: WhatIfWire[]; matched: number[][] } | null;
  unpriced: UnpricedTotals[];
  tags: TagCensusWire | null;
  unpricedGroups: UnpricedGroupWire[];
}

function bucketsOut(buckets: PriceBuckets): BucketWire[] {
  return [...buckets.all()].map((b) => ({ point: b.point.ref, month: b.month, tokens: b.tokens, requests: b.requests }));
}

function bucketsIn(catalogue: Catalogue, wire: BucketWire[]): PriceBuckets {
  const buckets = new PriceBuckets();
  for (const b of wire) buckets.add(pointIn(catalogue, b.point), b.tokens, b.requests, b.month);
  return buckets;
}

export function pointIn(catalogue: Catalogue, ref: PointRef): PricePoint {
  const point = catalogue.point(ref);
  // Both threads load the same pricing data (checked by hash), so every reference resolves.
  if (!isPriced(point)) throw new Error(`worker sent a price point this catalogue lacks: ${JSON.stringify(ref)}`);
  return point;
}

function whatIfOut(w: WhatIfTotals): WhatIfWire {
  return {
    model: w.model,
    rows: w.rows,
    requests: w.requests,
    target: bucketsOut(w.target),
    actual: bucketsOut(w.actual),
    notPriced: { rows: w.notPriced.rows, requests: w.notPriced.requests, reasons: [...w.notPriced.reasons] },
    tokens: w.tokens ? { ...w.tokens, notes: [...w.tokens.notes] } : null,
    doesNotFit: w.doesNotFit ? [...w.doesNotFit.tallies.values()] : [],
  };
}

function whatIfIn(catalogue: Catalogue, w: WhatIfWire): WhatIfTotals {
  return {
    model: w.model,
    rows: w.rows,
    requests: w.requests,
    target: bucketsIn(catalogue, w.target),
    actual: bucketsIn(catalogue, w.actual),
    notPriced: { rows: w.notPriced.rows, requests: w.notPriced.requests, reasons: new Set(w.notPriced.reasons) },
    ...(w.tokens ? { tokens: { ...w.tokens, notes: new Set(w.tokens.notes) } } : {}),
    doesNotFit: misfitsIn(w.doesNotFit),
  };
}

/** A ledger's groups as flat arrays (GroupsWire). */
export function groupsOut(ledger: GroupLedger): GroupsWire {
  // Two passes over groups made as they are read (the ledger holds no group objects): sizes, then numbers.
  let groupCount = 0;
  let bucketCount = 0;
  for (const g of ledger.groups()) {
    groupCount += 1;
    bucketCount += g.buckets.size + (g.logged?.recomputed.size ?? 0);
  }
  const wire: GroupsWire = { keys: [], groups: new Float64Array(groupCount * GROUP_FIELDS), buckets: new Float64Array(bucketCount * BUCKET_FIELDS), points: [], months: [], logged: [] };
  const pointIndex = new Map<PricePoint, number>();
  const monthIndex = new Map<string, number>();
  let b = 0;
  let narrow = true;
  const put = (value: number): void => {
    narrow &&= value >= 0 && value <= 0xffffffff && Number.isInteger(value);
    wire.buckets[b++] = value;
  };
  const writeBuckets = (buckets: PriceBuckets): void => {
    for (const bucket of buckets.all()) {
      let point = pointIndex.get(bucket.point);
      if (point === undefined) {
        point = wire.points.push(bucket.point.ref) - 1;
        pointIndex.set(bucket.point, point);
      }
      let month = monthIndex.get(bucket.month);
      if (month === undefined) {
        month = wire.months.push(bucket.month) - 1;
        monthIndex.set(bucket.month, month);
      }
      put(point);
      put(month);
      put(bucket.requests);
      for (const field of TOKEN_FIELDS) put(bucket.tokens[field]);
    }
  };
  let n = 0;
  for (const g of ledger.groups()) {
    for (const d of ledger.dimensions) wire.keys.push(g.key[d] ?? '');
    wire.groups[n++] = g.rows;
    wire.groups[n++] = g.requests;
    wire.groups[n++] = g.firstAt;
    wire.groups[n++] = g.lastAt;
    wire.groups[n++] = g.buckets.size;
    wire.groups[n++] = g.logged ? g.logged.recomputed.size : -1;
    writeBuckets(g.buckets);
    if (g.logged) {
      writeBuckets(g.logged.recomputed);
      wire.logged.push({ cost: [...g.logged.cost].map(([c, a]) => [c, toPlainString(a)]), requests: g.logged.requests });
    }
  }
  if (narrow) wire.buckets = Uint32Array.from(wire.buckets);
  return wire;
}

/** Adds the groups of a GroupsWire into `ledger`, with the price points of `catalogue`; returns the index each got there, in wire order. */
export function absorbGroups(ledger: GroupLedger, wire: GroupsWire, catalogue: Catalogue): Int32Array {
  const points = wire.points.map((ref) => {
    const point = catalogue.point(ref);
    // Both threads load the same pricing data (checked by hash), so every reference resolves.
    if (!isPriced(point)) throw new Error(`worker sent a price point this catalogue lacks: ${JSON.stringify(ref)}`);
    return point;
  });
  const dimensions = ledger.dimensions;
  const count = wire.groups.length / GROUP_FIELDS;
  const indices = new Int32Array(count);
  let b = 0;
  let logged = 0;
  const readBuckets = (into: PriceBuckets, size: number): PriceBuckets => {
    for (let i = 0; i < size; i++) {
      const point = points[wire.buckets[b++] as number] as PricePoint;
      const month = wire.months[wire.buckets[b++] as number] as string;
      const requests = integer(wire.buckets[b++] as number);
      const tokens = emptyBuckets();
      for (const field of TOKEN_FIELDS) tokens[field] = integer(wire.buckets[b++] as number);
      into.add(point, tokens, requests, month);
    }
    return into;
  };
  for (let i = 0; i < count; i++) {
    const at = i * GROUP_FIELDS;
    const key: GroupTotals['key'] = {};
    dimensions.forEach((d, j) => (key[d] = wire.keys[i * dimensions.length + j] ?? ''));
    const buckets = readBuckets(new PriceBuckets(), wire.groups[at + 4] as number);
    const loggedBuckets = wire.groups[at + 5] as number;
    let loggedTotals: LoggedTotals | undefined;
    if (loggedBuckets >= 0) {
      const entry = wire.logged[logged++];
      if (!entry) throw new Error('worker sent fewer logged costs than groups with logged costs');
      loggedTotals = { cost: new Map(entry.cost.map(([c, a]) => [c, parseDecimal(a)])), requests: entry.requests, recomputed: readBuckets(new PriceBuckets(), loggedBuckets) };
    }
    indices[i] = ledger.absorb({
      key,
      rows: integer(wire.groups[at] as number),
      requests: integer(wire.groups[at + 1] as number),
      tokens: buckets.tokens,
      firstAt: wire.groups[at + 2] as number,
      lastAt: wire.groups[at + 3] as number,
      buckets,
      logged: loggedTotals,
    });
  }
  return indices;
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
    outsideProject: run.outsideProject,
    skippedReasons: [...run.skippedReasons],
    groups: groupsOut(run.groups),
    whatIf: run.whatIf.all().map(whatIfOut),
    // Groups are sent in index order (groupsOut), so group i of the wire is cell row i.
    groupWhatIf: run.groupWhatIf?.toWire(run.groups.size) ?? null,
    scenarios: run.scenarios ? { totals: run.scenarios.totals.all().map(whatIfOut), matched: run.scenarios.matched } : null,
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
  run.outsideProject += wire.outsideProject;
  if (wire.tags) run.tags?.absorb(wire.tags);
  for (const [reason, rows] of wire.skippedReasons) run.countSkip(reason, rows);
  const indices = absorbGroups(run.groups, wire.groups, catalogue);
  for (const w of wire.whatIf) run.whatIf.absorb(whatIfIn(catalogue, w));
  if (wire.groupWhatIf) run.groupWhatIf?.absorbWire(wire.groupWhatIf, indices, (ref) => pointIn(catalogue, ref));
  if (wire.scenarios) run.scenarios?.absorb(wire.scenarios.totals.map((w) => whatIfIn(catalogue, w)), wire.scenarios.matched);
  for (const u of wire.unpriced) run.unpriced.absorb(u);
  for (const g of wire.unpricedGroups) {
    run.unpricedGroups.absorb({ key: g.key, firstAt: g.firstAt, lastAt: g.lastAt, lines: new Map(g.lines.map(([currency, l]) => [currency, { ...l, logged: parseDecimal(l.logged) }])) });
  }
}

function misfitsIn(tallies: MisfitTally[]): MisfitLedger {
  const ledger = new MisfitLedger();
  ledger.absorb(tallies);
  return ledger;
}

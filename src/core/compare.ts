// Baseline vs current: per group and currency, the change in cost split into volume, mix and price
// (src/core/variance.ts), the rows each side could not price, and the policies checked. Pure: takes
// two reports, returns data. The JSON form is a versioned contract (docs/report-contract.md).
import type { GroupDimension, GroupKey } from './aggregate.ts';
import { compare, divide, parseDecimal, percentOf, sub, toFixed, toPlainString, ZERO } from './money.ts';
import { checkPolicies, gatedRows, problemRows, type PolicyResult, type Policies, type RowCounts, type SideTotals } from './policy.ts';
import type { Report, ReportCurrencyLine, ReportPeriod } from '../report/contract.ts';
import { compareText } from './text.ts';
import { splitGroups, splitTotal, type Split } from './variance.ts';

export type { PolicyResult, RowCounts, SideTotals } from './policy.ts';

export const COMPARISON_KIND = 'llm-audit.comparison';
export const COMPARISON_SCHEMA_VERSION = 2;
/** How many unpriced models and rejected rows of each side the comparison lists (all are counted). */
export const LISTED_PROBLEMS = 10;

export type LineStatus = 'new' | 'removed' | 'changed' | 'unchanged';

export interface ComparisonLine {
  /** Empty for the totals. */
  key: GroupKey;
  currency: string;
  status: LineStatus;
  baseline: SideTotals;
  current: SideTotals;
  delta: string;
  /** delta / baseline × 100, two decimals; null when the baseline cost is 0. */
  deltaPercent: string | null;
  /** volume + mix + price = delta, on every line; the groups' parts add up to the total's. */
  volume: string;
  mix: string;
  price: string;
}

/** One side of the comparison: what it read and what it could not price. */
export interface ComparisonSide {
  period: ReportPeriod | null;
  pricingHash: string;
  /** Priced requests. */
  requests: number;
  rows: RowCounts;
  /** (unpriced + rejected) / (priced + unpriced + rejected) rows × 100, two decimals; null when there are none of those rows. */
  problemShare: string | null;
  /** The unpriced models with the most requests (at most LISTED_PROBLEMS); `unpricedModels` counts them all. */
  unpriced: { model: string; reason: string; suggestions: string[]; requests: number }[];
  unpricedModels: number;
  /** The first rejected rows (at most LISTED_PROBLEMS of those the report listed); `rows.rejected` counts them all. */
  rejected: { file: string; line: number; table?: string; reason: string }[];
  /** The files of all the rejected rows the report listed (a truncated gzip, a binary named .jsonl), each once. */
  rejectedFiles: string[];
}

export interface Comparison {
  kind: typeof COMPARISON_KIND;
  schemaVersion: typeof COMPARISON_SCHEMA_VERSION;
  groupBy: GroupDimension[];
  baseline: ComparisonSide;
  current: ComparisonSide;
  totals: ComparisonLine[];
  groups: ComparisonLine[];
  policies: PolicyResult[];
  passed: boolean;
  notes: string[];
}

export const SPLIT_NOTES = [
  'Volume: more or fewer requests, and more or fewer tokens per request, valued at the baseline prices and the baseline mix of groups.',
  "Mix: requests moving between groups (with --group-by model: between models), each valued at its group's baseline cost per request.",
  'Price: the current traffic at the current prices minus the same traffic at the baseline prices.',
  'Volume + mix + price = delta on every line, and the group lines add up to the total line exactly. Unpriced and rejected rows are in no cost.',
];

export function compareReports(baseline: Report, current: Report, policies: Policies): Comparison {
  const groups = compareGroups(baseline, current);
  const totals = compareTotals(baseline, current, groups);
  const before = sideOf(baseline);
  const after = sideOf(current);
  const results = checkPolicies({ totals, groups, baselineRows: before.rows, currentRows: after.rows }, policies);
  const notes = [...SPLIT_NOTES];
  if (baseline.pricing.hash !== current.pricing.hash) notes.push('The two reports were priced with different pricing data (different content hashes).');
  return {
    kind: COMPARISON_KIND,
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    groupBy: current.options.groupBy,
    baseline: before,
    current: after,
    totals: sortLines(totals),
    groups: sortLines(groups),
    policies: results,
    passed: results.every((r) => r.passed),
    notes,
  };
}

export function sideOf(report: Report): ComparisonSide {
  const rejected = (report.problems ?? []).filter((p) => p.kind === 'rejected');
  const rows: RowCounts = { read: report.rows.read, priced: report.rows.priced, unpriced: report.rows.unpriced, skipped: report.rows.skipped, rejected: report.rows.rejected };
  return {
    period: report.period,
    pricingHash: report.pricing.hash,
    requests: report.totals.requests,
    rows,
    problemShare: percentOf(parseDecimal(String(problemRows(rows))), parseDecimal(String(gatedRows(rows)))),
    unpriced: (report.unpriced ?? []).slice(0, LISTED_PROBLEMS).map((u) => ({ model: u.model, reason: u.reason, suggestions: u.suggestions, requests: u.requests })),
    unpricedModels: report.unpricedModels ?? (report.unpriced ?? []).length,
    rejected: rejected.slice(0, LISTED_PROBLEMS).map((p) => ({ file: p.file, line: p.line, ...(p.table !== undefined && { table: p.table }), reason: p.reason })),
    rejectedFiles: [...new Set(rejected.map((p) => p.file))],
  };
}

interface KeyedLine {
  key: GroupKey;
  line: ReportCurrencyLine;
}

function lineId(key: GroupKey, currency: string): string {
  return JSON.stringify([Object.entries(key), currency]);
}

/** Group lines matched by (key, currency), each split within its currency. */
function compareGroups(baseline: Report, current: Report): ComparisonLine[] {
  const flatten = (r: Report): KeyedLine[] => r.groups.flatMap((g) => g.byCurrency.map((line) => ({ key: g.key, line })));
  const before = new Map(flatten(baseline).map((l) => [lineId(l.key, l.line.currency), l]));
  const after = new Map(flatten(current).map((l) => [lineId(l.key, l.line.currency), l]));
  const pairs = [...new Set([...after.keys(), ...before.keys()])].map((id) => ({ before: before.get(id), after: after.get(id) }));
  const byCurrency = new Map<string, typeof pairs>();
  for (const pair of pairs) {
    const currency = (pair.after ?? pair.before)?.line.currency ?? '';
    const list = byCurrency.get(currency);
    if (list) list.push(pair);
    else byCurrency.set(currency, [pair]);
  }
  const lines: ComparisonLine[] = [];
  for (const group of byCurrency.values()) {
    const splits = splitGroups(group.map((p) => ({ before: p.before?.line, after: p.after?.line })));
    group.forEach((pair, i) => lines.push(compareLine(pair.before, pair.after, splits[i] as Split)));
  }
  return lines;
}

/** Total lines per currency; their parts are the sums of the group lines' parts. */
function compareTotals(baseline: Report, current: Report, groups: ComparisonLine[]): ComparisonLine[] {
  const before = new Map(baseline.totals.byCurrency.map((line) => [line.currency, { key: {}, line }]));
  const after = new Map(current.totals.byCurrency.map((line) => [line.currency, { key: {}, line }]));
  return [...new Set([...after.keys(), ...before.keys()])].map((currency) => {
    const b = before.get(currency);
    const a = after.get(currency);
    const delta = sub(a ? parseDecimal(a.line.cost) : ZERO, b ? parseDecimal(b.line.cost) : ZERO);
    const parts = groups.filter((g) => g.currency === currency).map((g) => ({ volume: parseDecimal(g.volume), mix: parseDecimal(g.mix), price: parseDecimal(g.price) }));
    return compareLine(b, a, splitTotal(delta, parts));
  });
}

/** Largest increase first: that is what a reviewer reads first. */
function sortLines(lines: ComparisonLine[]): ComparisonLine[] {
  return lines.sort((a, b) => compare(parseDecimal(b.delta), parseDecimal(a.delta)) || compareText(a.currency, b.currency));
}

function compareLine(before: KeyedLine | undefined, after: KeyedLine | undefined, split: Split): ComparisonLine {
  const any = (after ?? before) as KeyedLine;
  const costBefore = before ? parseDecimal(before.line.cost) : ZERO;
  const costAfter = after ? parseDecimal(after.line.cost) : ZERO;
  const delta = sub(costAfter, costBefore);
  const status: LineStatus = !before ? 'new' : !after ? 'removed' : compare(costBefore, costAfter) === 0 && before.line.requests === after.line.requests ? 'unchanged' : 'changed';
  return {
    key: any.key,
    currency: any.line.currency,
    status,
    baseline: sideTotals(before?.line),
    current: sideTotals(after?.line),
    delta: toPlainString(delta),
    deltaPercent: percentOf(delta, costBefore),
    volume: toPlainString(split.volume),
    mix: toPlainString(split.mix),
    price: toPlainString(split.price),
  };
}

export function sideTotals(line: Pick<ReportCurrencyLine, 'requests' | 'cost'> | undefined): SideTotals {
  if (!line) return { requests: 0, cost: '0', costPerRequest: null };
  const cost = parseDecimal(line.cost);
  return { requests: line.requests, cost: line.cost, costPerRequest: line.requests > 0 ? toFixed(divide(cost, parseDecimal(String(line.requests)), 8), 8) : null };
}

/** The policies checked on one report, without a baseline (`llm-audit LOGS --max-cost 5USD`). */
export interface ReportCheck {
  current: ComparisonSide;
  policies: PolicyResult[];
  passed: boolean;
}

export function checkReport(report: Report, policies: Policies): ReportCheck {
  const line = (key: GroupKey, l: ReportCurrencyLine) => ({ key, currency: l.currency, baseline: null, current: sideTotals(l), delta: null, deltaPercent: null });
  const totals = report.totals.byCurrency.map((l) => line({}, l));
  const groups = report.groups.flatMap((g) => g.byCurrency.map((l) => line(g.key, l)));
  const current = sideOf(report);
  const results = checkPolicies({ totals, groups, baselineRows: null, currentRows: current.rows }, policies);
  return { current, policies: results, passed: results.every((r) => r.passed) };
}

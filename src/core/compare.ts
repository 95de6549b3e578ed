// Baseline vs current: per group and currency, the change in cost split into a usage-driven part
// and a price-driven part, and the policies checked. Pure: takes two reports, returns data.
//
// The split is the classic price/volume variance, per billed token bucket (input, cache read,
// cache writes, output): the price-driven part is the baseline's tokens valued at the current
// average rate minus the baseline cost; the usage-driven part is the rest of the change. So the two
// always add up to the change exactly, the same traffic repriced is all price-driven, and the same
// prices with more traffic is all usage-driven.
import type { GroupDimension, GroupKey } from './aggregate.ts';
import { BILLED_BUCKETS } from './cost.ts';
import { add, compare, divide, isZero, mul, parseDecimal, percentOf, sub, toFixed, toPlainString, type Decimal, ZERO } from './money.ts';
import type { Limit, Policies } from './policy.ts';
import type { Report, ReportCurrencyLine, ReportPeriod } from '../report/contract.ts';
import { compareText } from './text.ts';

export const COMPARISON_KIND = 'llm-audit.comparison';

export interface SideTotals {
  requests: number;
  cost: string;
  /** cost / requests, 8 decimals; null without requests. */
  costPerRequest: string | null;
}

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
  usageDriven: string;
  priceDriven: string;
}

export interface PolicyResult {
  /** As the user wrote it: "--max-increase 10%". */
  policy: string;
  /** "total" or the group key as text. */
  scope: string;
  currency: string;
  actual: string;
  limit: string;
  passed: boolean;
}

export interface Comparison {
  kind: typeof COMPARISON_KIND;
  schemaVersion: 1;
  groupBy: GroupDimension[];
  baseline: { period: ReportPeriod | null; pricingHash: string; requests: number };
  current: { period: ReportPeriod | null; pricingHash: string; requests: number };
  totals: ComparisonLine[];
  groups: ComparisonLine[];
  policies: PolicyResult[];
  passed: boolean;
  notes: string[];
}

const HUNDRED = parseDecimal('100');
/** Places kept when a price-driven part needs a division (a millionth of a millionth of a cent). */
const SPLIT_PLACES = 14;

export function compareReports(baseline: Report, current: Report, policies: Policies): Comparison {
  const totals = compareLines(baseline.totals.byCurrency.map((l) => ({ key: {}, line: l })), current.totals.byCurrency.map((l) => ({ key: {}, line: l })));
  const groups = compareLines(flattenGroups(baseline), flattenGroups(current));
  const results = checkPolicies(totals, groups, policies);
  const notes = [
    'Usage-driven: the change from more or fewer requests and tokens at current prices. Price-driven: the baseline traffic valued at the current prices minus the baseline cost. The two add up to the change exactly.',
  ];
  if (baseline.pricing.hash !== current.pricing.hash) notes.push('The two reports were priced with different pricing data (different content hashes).');
  return {
    kind: COMPARISON_KIND,
    schemaVersion: 1,
    groupBy: current.options.groupBy,
    baseline: { period: baseline.period, pricingHash: baseline.pricing.hash, requests: baseline.totals.requests },
    current: { period: current.period, pricingHash: current.pricing.hash, requests: current.totals.requests },
    totals,
    groups,
    policies: results,
    passed: results.every((r) => r.passed),
    notes,
  };
}

interface KeyedLine {
  key: GroupKey;
  line: ReportCurrencyLine;
}

function flattenGroups(report: Report): KeyedLine[] {
  return report.groups.flatMap((g) => g.byCurrency.map((line) => ({ key: g.key, line })));
}

function lineId(key: GroupKey, currency: string): string {
  return JSON.stringify([Object.entries(key), currency]);
}

function compareLines(baseline: KeyedLine[], current: KeyedLine[]): ComparisonLine[] {
  const before = new Map(baseline.map((l) => [lineId(l.key, l.line.currency), l]));
  const after = new Map(current.map((l) => [lineId(l.key, l.line.currency), l]));
  const ids = [...new Set([...after.keys(), ...before.keys()])];
  const lines = ids.map((id) => compareLine(before.get(id), after.get(id)));
  // Largest increase first: that is what a reviewer reads first.
  return lines.sort((a, b) => compare(parseDecimal(b.delta), parseDecimal(a.delta)) || compareText(a.currency, b.currency));
}

function compareLine(before: KeyedLine | undefined, after: KeyedLine | undefined): ComparisonLine {
  const any = (after ?? before) as KeyedLine;
  const costBefore = before ? parseDecimal(before.line.cost) : ZERO;
  const costAfter = after ? parseDecimal(after.line.cost) : ZERO;
  const delta = sub(costAfter, costBefore);
  const priceDriven = before && after ? priceEffect(before.line, after.line) : ZERO;
  const status: LineStatus = !before ? 'new' : !after ? 'removed' : isZero(delta) && before.line.requests === after.line.requests ? 'unchanged' : 'changed';
  return {
    key: any.key,
    currency: any.line.currency,
    status,
    baseline: side(before?.line),
    current: side(after?.line),
    delta: toPlainString(delta),
    deltaPercent: percentOf(delta, costBefore),
    usageDriven: toPlainString(sub(delta, priceDriven)),
    priceDriven: toPlainString(priceDriven),
  };
}

function side(line: ReportCurrencyLine | undefined): SideTotals {
  if (!line) return { requests: 0, cost: '0', costPerRequest: null };
  const cost = parseDecimal(line.cost);
  return { requests: line.requests, cost: line.cost, costPerRequest: line.requests > 0 ? toFixed(divide(cost, parseDecimal(String(line.requests)), 8), 8) : null };
}

/** Σ over billed buckets of (baseline tokens × current average rate − baseline cost). */
function priceEffect(before: ReportCurrencyLine, after: ReportCurrencyLine): Decimal {
  let effect = ZERO;
  for (const bucket of BILLED_BUCKETS) {
    // A baseline made before a bucket existed (web search fees) has none of it.
    const q0 = before.tokens[bucket] ?? 0;
    const q1 = after.tokens[bucket] ?? 0;
    const c0 = parseDecimal(before.costByBucket[bucket] ?? '0');
    const c1 = parseDecimal(after.costByBucket[bucket] ?? '0');
    // A bucket unused now has no current rate to value the baseline at: its change is usage.
    if (q1 === 0 || q0 === 0) continue;
    const repriced = q0 === q1 ? c1 : divide(mul(c1, parseDecimal(String(q0))), parseDecimal(String(q1)), SPLIT_PLACES);
    effect = add(effect, sub(repriced, c0));
  }
  return effect;
}

function describeKey(key: GroupKey): string {
  const parts = Object.entries(key).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? 'total' : parts.join(', ');
}

function checkPolicies(totals: ComparisonLine[], groups: ComparisonLine[], policies: Policies): PolicyResult[] {
  const scopes = policies.perGroup ? [...totals, ...groups] : totals;
  const results: PolicyResult[] = [];
  for (const line of scopes) {
    for (const limit of policies.maxIncrease) {
      const result = checkIncrease(line, limit);
      if (result) results.push(result);
    }
    for (const limit of policies.maxCost) {
      if (limit.currency === line.currency) results.push(checkAtMost('--max-cost', line, parseDecimal(line.current.cost), limit));
    }
    for (const limit of policies.maxCostPerRequest) {
      if (limit.currency === line.currency && line.current.costPerRequest !== null) {
        results.push(checkAtMost('--max-cost-per-request', line, parseDecimal(line.current.costPerRequest), limit));
      }
    }
  }
  return results;
}

function checkIncrease(line: ComparisonLine, limit: Limit): PolicyResult | undefined {
  const scope = describeKey(line.key);
  if (limit.kind === 'amount') {
    if (limit.currency !== line.currency) return undefined;
    const delta = parseDecimal(line.delta);
    return { policy: `--max-increase ${limit.text}`, scope, currency: line.currency, actual: `${toPlainString(delta)} ${line.currency}`, limit: limit.text, passed: compare(delta, limit.value) <= 0 };
  }
  // A group that is new has no baseline to be a percentage of: only amount limits apply to it.
  const base = parseDecimal(line.baseline.cost);
  if (isZero(base) || line.deltaPercent === null) return undefined;
  // Exact: delta × 100 ≤ limit × baseline (the rounded percentage is for display only).
  const passed = compare(mul(parseDecimal(line.delta), HUNDRED), mul(limit.value, base)) <= 0;
  return { policy: `--max-increase ${limit.text}`, scope, currency: line.currency, actual: `${line.deltaPercent}%`, limit: limit.text, passed };
}

function checkAtMost(name: string, line: ComparisonLine, actual: Decimal, limit: Extract<Limit, { kind: 'amount' }>): PolicyResult {
  return { policy: `${name} ${limit.text}`, scope: describeKey(line.key), currency: line.currency, actual: `${toPlainString(actual)} ${line.currency}`, limit: limit.text, passed: compare(actual, limit.value) <= 0 };
}

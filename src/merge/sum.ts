// Exact sums of the additive parts of reports: counts, token buckets, amounts per currency and
// per billed bucket. Keys keep the order of the first report that has them, so a merged object is
// written in the same order as a report made in one run. Pure; money through core/money.ts only.
import { addToBag, bagToRecord, parseDecimal, percentOf, sub, toPlainString, ZERO, add, type Decimal, type MoneyBag } from '../core/money.ts';
import { compareText } from '../core/text.ts';
import type { CostByCurrency, ReportCurrencyLine, ReportLoggedCost, ReportPeriod } from '../report/contract.ts';

/** Field-by-field sum of records of counts (rows, usage, tokens…), in the first record's key order. */
export function sumCounts<T extends object>(items: readonly T[]): T {
  const out: Record<string, number> = {};
  for (const item of items) {
    for (const [key, value] of Object.entries(item)) if (typeof value === 'number') out[key] = (out[key] ?? 0) + value;
  }
  return out as T;
}

export function bagOf(records: readonly (CostByCurrency | null | undefined)[]): MoneyBag {
  const bag: MoneyBag = new Map();
  for (const record of records) if (record) for (const [currency, amount] of Object.entries(record)) addToBag(bag, currency, parseDecimal(amount));
  return bag;
}

/** Amounts per currency added exactly (currencies sorted, as bagToRecord writes them). */
export function sumAmounts(records: readonly (CostByCurrency | null | undefined)[]): CostByCurrency {
  return bagToRecord(bagOf(records));
}

/** Amounts per key (costByBucket) added exactly, in the first record's key order. */
export function sumDecimalFields<T extends object>(items: readonly T[]): T {
  const sums = new Map<string, Decimal>();
  for (const item of items) for (const [key, value] of Object.entries(item)) if (typeof value === 'string') sums.set(key, add(sums.get(key) ?? ZERO, parseDecimal(value)));
  const out: Record<string, string> = {};
  for (const [key, value] of sums) out[key] = toPlainString(value);
  return out as T;
}

export function spanOf(periods: readonly (ReportPeriod | null | undefined)[]): ReportPeriod | null {
  let from: string | undefined;
  let to: string | undefined;
  // ISO 8601 UTC instants of one fixed width compare as text.
  for (const p of periods) {
    if (!p) continue;
    if (from === undefined || p.from < from) from = p.from;
    if (to === undefined || p.to > to) to = p.to;
  }
  return from === undefined || to === undefined ? null : { from, to };
}

/** Currency lines (groups, totals) merged by currency, currencies sorted. */
export function mergeCurrencyLines(lists: readonly ReportCurrencyLine[][]): ReportCurrencyLine[] {
  const byCurrency = new Map<string, ReportCurrencyLine[]>();
  for (const list of lists) for (const line of list) byCurrency.set(line.currency, [...(byCurrency.get(line.currency) ?? []), line]);
  return [...byCurrency.keys()].sort().map((currency) => {
    const lines = byCurrency.get(currency) ?? [];
    return {
      currency,
      requests: lines.reduce((n, l) => n + l.requests, 0),
      tokens: sumCounts(lines.map((l) => l.tokens)),
      cost: toPlainString(bagOf(lines.map((l) => ({ [currency]: l.cost }))).get(currency) ?? ZERO),
      costByBucket: sumDecimalFields(lines.map((l) => l.costByBucket)),
      converted: null,
    };
  });
}

/** Logged costs merged; the difference recomputed as the report makes it (recomputed − logged, per logged currency ours has). */
export function mergeLogged(items: readonly (ReportLoggedCost | null)[]): ReportLoggedCost | null {
  const present = items.filter((i): i is ReportLoggedCost => i !== null);
  const requests = present.reduce((n, l) => n + l.requests, 0);
  if (requests === 0) return null;
  const logged = bagOf(present.map((l) => l.cost));
  const recomputed = bagOf(present.map((l) => l.recomputed));
  const difference: CostByCurrency = {};
  for (const [currency, amount] of logged) {
    const ours = recomputed.get(currency);
    if (ours) difference[currency] = toPlainString(sub(ours, amount));
  }
  return { requests, cost: bagToRecord(logged), recomputed: bagToRecord(recomputed), difference };
}

/** delta and deltaPercent of a what-if: only when both sides are in one and the same currency (build.ts). */
export function whatIfDelta(cost: MoneyBag, actual: MoneyBag): { delta: CostByCurrency | null; deltaPercent: string | null } {
  const [currency] = cost.keys();
  const [actualCurrency] = actual.keys();
  if (cost.size !== 1 || actual.size !== 1 || currency === undefined || currency !== actualCurrency) return { delta: null, deltaPercent: null };
  const difference = sub(cost.get(currency) ?? ZERO, actual.get(currency) ?? ZERO);
  return { delta: { [currency]: toPlainString(difference) }, deltaPercent: percentOf(difference, actual.get(currency) ?? ZERO) };
}

/** The `limit` smallest distinct texts of all the lists, sorted as the report lists them: what a run over all the inputs keeps (core/text.ts keepSmallest). */
export function smallestTexts(lists: readonly string[][], limit: number): string[] {
  return [...new Set(lists.flat())].sort(compareText).slice(0, limit);
}

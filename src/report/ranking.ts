// The what-if as a ranking that reads at a glance: with `--compare all`, only the models current at
// the traffic's dates; every target's cost in one currency (the rates named); targets that repriced
// every request ranked apart from those that repriced some (the others' costs cover fewer requests,
// so they are not comparable) and from those that repriced none; and the cheapest target that fits
// every request marked. Pure: no IO, no clock. Money through core/money.ts and pricing/fx.ts.
import type { PriceBuckets } from '../core/aggregate.ts';
import { compare, type Decimal } from '../core/money.ts';
import { compareText } from '../core/text.ts';
import type { FxOverride, FxTable } from '../pricing/fx.ts';
import type { CostByCurrency, ReportConversion, ReportWhatIfRanking, WhatIfCoverage } from './contract.ts';
import { Converter } from './convert.ts';

/** What the caller (the CLI) asks of the ranking. */
export interface RankingRequest {
  /** FX rates for the ranking currency (pricing/fx.json, --fx-file, --fx). */
  table: FxTable;
  overrides: FxOverride[];
  /** --currency; else the currency of the report's costs when they have one, else USD. */
  currency?: string;
  /**
   * `--compare all`: leave out the targets retired by the traffic's last request, and those with no
   * price at any of its dates (listed in `omitted`, never dropped silently).
   */
  currentOnly: boolean;
  /** Retirement dates ("YYYY-MM-DD") of the targets that have one. */
  retired: ReadonlyMap<string, string>;
}

/** The counts of one target that decide its coverage. */
interface Counts {
  requests: number;
  notPriced: { requests: number };
  doesNotFit: { requests: number };
}

/** `complete`: every priced request of the report repriced; `partial`: some (others not priced at their dates, or too large); `none`: none. */
export function coverageOf(w: Counts): WhatIfCoverage {
  if (w.requests === 0) return 'none';
  return w.notPriced.requests === 0 && w.doesNotFit.requests === 0 ? 'complete' : 'partial';
}

const COVERAGE_ORDER: Record<WhatIfCoverage, number> = { complete: 0, partial: 1, none: 2 };

/** The ranking currency: --currency, else the report's one currency, else USD (the most common price book). */
export function rankingCurrency(requested: string | undefined, totals: CostByCurrency): string {
  if (requested !== undefined) return requested;
  const currencies = Object.keys(totals);
  return currencies.length === 1 && currencies[0] !== undefined ? currencies[0] : 'USD';
}

/** A target's cost in the ranking currency when it needs no converting (nothing repriced, or priced in that currency alone); undefined when it does. */
export function unconvertedRankedCost(cost: ReadonlyMap<string, Decimal>, currency: string): { cost: Decimal | null; complete: boolean } | undefined {
  if (cost.size === 0) return { cost: null, complete: false };
  if (cost.size === 1 && cost.has(currency)) return { cost: cost.get(currency) ?? null, complete: true };
  return undefined;
}

/** A target's cost in the ranking currency: exact when it is priced in that currency alone, else converted month by month. */
export function rankedCost(target: PriceBuckets, cost: ReadonlyMap<string, Decimal>, currency: string, converter: Converter): { cost: Decimal | null; complete: boolean } {
  const unconverted = unconvertedRankedCost(cost, currency);
  if (unconverted) return unconverted;
  const { amount, complete, converted } = converter.amount(target);
  return converted === 0 ? { cost: null, complete: false } : { cost: amount, complete };
}

/** Whether a target is current at the traffic's dates, or why not. */
export function omissionReason(w: Counts & { model: string }, lastDay: string | undefined, retired: ReadonlyMap<string, string>): string | undefined {
  const date = retired.get(w.model);
  if (date !== undefined && lastDay !== undefined && date <= lastDay) return `retired ${date}, before the traffic's last request (${lastDay})`;
  if (w.requests === 0 && w.doesNotFit.requests === 0) return "no price at the traffic's dates";
  return undefined;
}

/** An entry to rank: its counts, and its cost in the ranking currency (null: none, or no rate). */
export interface Rankable extends Counts {
  model: string;
  coverage: WhatIfCoverage;
  ranked: { currency: string; cost: string | null; complete: boolean } | null;
  cheapest: boolean;
  /** The ranking's amount, for ordering. */
  rankKey: Decimal | null;
}

/**
 * Complete, then partial, then none; within each, cheapest first in the ranking currency (a cost
 * with no rate after those with one), then by `tieBreak` (the native order), then by model id. The
 * first complete target whose whole cost converted is the cheapest that fits every request.
 */
export function rank<T extends Rankable>(entries: T[], tieBreak: (a: T, b: T) => number): T[] {
  const sorted = [...entries].sort((a, b) => {
    const byCoverage = COVERAGE_ORDER[a.coverage] - COVERAGE_ORDER[b.coverage];
    if (byCoverage !== 0) return byCoverage;
    if (a.rankKey === null || b.rankKey === null) {
      if (a.rankKey !== b.rankKey) return a.rankKey === null ? 1 : -1;
    } else {
      const order = compare(a.rankKey, b.rankKey);
      if (order !== 0) return order;
    }
    return tieBreak(a, b) || compareText(a.model, b.model);
  });
  const cheapest = sorted.find((e) => e.coverage === 'complete' && e.ranked?.complete === true && e.rankKey !== null);
  if (cheapest) cheapest.cheapest = true;
  return sorted;
}

/** The report's account of the ranking: currency, rates used (the ranking converter's summary()), targets left out, and the cheapest. */
export function rankingSummary(currency: string, summary: Pick<ReportConversion, 'rates' | 'missing'>, omitted: { model: string; reason: string }[], cheapest: string | null, currentOnly: boolean): ReportWhatIfRanking {
  return {
    currency,
    rates: summary.rates,
    missing: summary.missing,
    cheapest,
    currentOnly,
    omitted: omitted.sort((a, b) => compareText(a.model, b.model)),
  };
}

// Display conversion (--currency): finished native amounts, per UTC month, through pricing/fx.ts.
// Collects every rate it used and every amount it could not convert, for the report to name.
import type { PriceBuckets } from '../core/aggregate.ts';
import { compare, percentOf, sub, toPlainString, type Decimal } from '../core/money.ts';
import { convertTotal, FX_PLACES, type FxOverride, type FxTable, type FxUse } from '../pricing/fx.ts';
import type { ReportConversion, ReportConverted } from './contract.ts';
import { compareText } from '../core/text.ts';

export interface ConversionRequest {
  currency: string;
  table: FxTable;
  overrides: FxOverride[];
}

export class Converter {
  private readonly used = new Map<string, FxUse>();
  private readonly missing = new Set<string>();
  readonly request: ConversionRequest;

  constructor(request: ConversionRequest) {
    this.request = request;
  }

  /** The buckets' cost (or the part in `only` currency) in the target currency, each month at its own rate. */
  amount(buckets: PriceBuckets, only?: string): { amount: Decimal; complete: boolean; rates: string[]; converted: number } {
    const parts = buckets
      .costByMonth()
      .filter((p) => only === undefined || p.currency === only)
      .map((p) => ({ currency: p.currency, at: Date.parse(`${p.month}-01T00:00:00Z`), amount: p.amount }));
    const result = convertTotal(parts, this.request.currency, this.request.table, this.request.overrides);
    for (const use of result.rates) this.used.set(`${use.pair} ${use.month} ${use.source}`, use);
    for (const m of result.missing) this.missing.add(m);
    const rates = result.rates.map((u) => `${u.pair} ${toPlainString(u.rate)} (${u.month}${u.divide ? ', divided' : ''})`);
    return { amount: result.amount, complete: result.missing.length === 0, rates: [...new Set(rates)].sort(), converted: result.converted };
  }

  converted(buckets: PriceBuckets, only?: string): ReportConverted {
    const { amount, complete, rates, converted } = this.amount(buckets, only);
    // No rate for any part: there is no converted figure, not a figure of 0.
    return { currency: this.request.currency, amount: converted === 0 && !complete ? null : toPlainString(amount), complete, rates };
  }

  /** Target vs actual, both converted: a delta across price books. */
  whatIf(target: PriceBuckets, actual: PriceBuckets) {
    const t = this.amount(target);
    const a = this.amount(actual);
    const delta = sub(t.amount, a.amount);
    const deltaPercent = percentOf(delta, a.amount);
    return { currency: this.request.currency, cost: toPlainString(t.amount), actualCost: toPlainString(a.amount), delta: toPlainString(delta), deltaPercent, complete: t.complete && a.complete, sortKey: t.amount };
  }

  summary(): ReportConversion {
    const rates = [...this.used.values()]
      .map((u) => ({ pair: u.pair, rate: toPlainString(u.rate), month: u.month, operation: u.divide ? ('divide' as const) : ('multiply' as const), source: u.source }))
      .sort((a, b) => compareText(a.pair, b.pair) || compareText(a.month, b.month));
    return { currency: this.request.currency, places: FX_PLACES, rates, missing: [...this.missing].sort() };
  }
}

export function compareConverted(a: { sortKey: Decimal } | null, b: { sortKey: Decimal } | null): number {
  if (!a || !b) return 0;
  return compare(a.sortKey, b.sortKey);
}

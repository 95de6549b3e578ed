// What-if: the same priced traffic repriced on target models. Each target keeps the actual
// cost of exactly the rows it could price, so its delta compares like with like even when a
// target has no price at some of the requests' dates. A request too large for the target (its
// context window or max output, core/fit.ts) is counted as "does not fit" and left out of both.
import type { NoPrice, PricePoint } from '../pricing/catalog.ts';
import { PriceBuckets } from './aggregate.ts';
import { misfit, MisfitLedger } from './fit.ts';
import type { UsageRecord } from './types.ts';

/** Distinct reasons kept per target (the report lists them sorted). */
const MAX_REASONS = 5;

export interface WhatIfTotals {
  model: string;
  /** Rows and requests the target could price. */
  rows: number;
  requests: number;
  target: PriceBuckets;
  /** The actual cost of the same rows. */
  actual: PriceBuckets;
  notPriced: { rows: number; requests: number; reasons: Set<string> };
  /** Priced on the target, but larger than its context window or max output: in neither cost. */
  doesNotFit: MisfitLedger;
}

export class WhatIfLedger {
  private readonly totals = new Map<string, WhatIfTotals>();

  constructor(targets: readonly string[]) {
    for (const model of targets) {
      this.totals.set(model, {
        model,
        rows: 0,
        requests: 0,
        target: new PriceBuckets(),
        actual: new PriceBuckets(),
        notPriced: { rows: 0, requests: 0, reasons: new Set() },
        doesNotFit: new MisfitLedger(),
      });
    }
  }

  add(target: string, record: UsageRecord, actual: PricePoint, repriced: PricePoint | NoPrice, month = ''): void {
    const entry = this.totals.get(target);
    if (!entry) return;
    if ('rates' in repriced) {
      // The limits of the model the target id means at that date (the one that priced it).
      const tooLarge = misfit(record.tokens, record.requests, repriced.model);
      if (tooLarge) {
        entry.doesNotFit.add(tooLarge, record.requests);
        return;
      }
      entry.rows += 1;
      entry.requests += record.requests;
      entry.target.add(repriced, record.tokens, record.requests, month);
      entry.actual.add(actual, record.tokens, record.requests, month);
    } else {
      entry.notPriced.rows += 1;
      entry.notPriced.requests += record.requests;
      if (entry.notPriced.reasons.size < MAX_REASONS) entry.notPriced.reasons.add(repriced.detail);
    }
  }

  /** Adds totals accumulated elsewhere (another thread's share of the files). */
  absorb(other: WhatIfTotals): void {
    const entry = this.totals.get(other.model);
    if (!entry) return;
    entry.rows += other.rows;
    entry.requests += other.requests;
    entry.target.merge(other.target);
    entry.actual.merge(other.actual);
    entry.notPriced.rows += other.notPriced.rows;
    entry.notPriced.requests += other.notPriced.requests;
    for (const reason of other.notPriced.reasons) if (entry.notPriced.reasons.size < MAX_REASONS) entry.notPriced.reasons.add(reason);
    entry.doesNotFit.absorb(other.doesNotFit.tallies.values());
  }

  all(): WhatIfTotals[] {
    return [...this.totals.values()];
  }
}

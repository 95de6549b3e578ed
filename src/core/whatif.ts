// What-if: the same priced traffic repriced on target models. Each target keeps the actual
// cost of exactly the rows it could price, so its delta compares like with like even when a
// target has no price at some of the requests' dates. A request too large for the target (its
// context window or max output, core/fit.ts) is counted as "does not fit" and left out of both.
import type { NoPrice, PricePoint } from '../pricing/catalog.ts';
import { PriceBuckets } from './aggregate.ts';
import { misfit, MisfitLedger } from './fit.ts';
import { keepSmallest } from './text.ts';
import type { TokenBuckets, UsageRecord } from './types.ts';

/** Distinct reasons kept per target (the report lists them sorted). */
export const MAX_REASONS = 5;

/**
 * How the target's token counts were made for the requests it repriced (src/tokens/target.ts):
 * requests per method, and the distinct ratios or stand-ins used (each a sentence, capped).
 */
export interface TargetTokenTally {
  logged: number;
  counted: number;
  proxy: number;
  ratio: number;
  notes: Set<string>;
}

/** How one record's target counts were made: a method, and what to say about it when it is an estimate. */
export interface TargetTokenMethod {
  method: 'logged' | 'counted' | 'proxy' | 'ratio';
  note?: string;
}

/** Distinct token-count notes kept per target (the smallest, text.ts keepSmallest). */
export const MAX_TOKEN_NOTES = 5;

export function emptyTally(): TargetTokenTally {
  return { logged: 0, counted: 0, proxy: 0, ratio: 0, notes: new Set() };
}

export function addToTally(tally: TargetTokenTally, method: TargetTokenMethod, requests: number): void {
  tally[method.method] += requests;
  if (method.note !== undefined) keepSmallest(tally.notes, method.note, MAX_TOKEN_NOTES);
}

export function mergeTally(into: TargetTokenTally, other: TargetTokenTally): void {
  into.logged += other.logged;
  into.counted += other.counted;
  into.proxy += other.proxy;
  into.ratio += other.ratio;
  for (const note of other.notes) keepSmallest(into.notes, note, MAX_TOKEN_NOTES);
}

export interface WhatIfTotals {
  model: string;
  /** Rows and requests the target could price. */
  rows: number;
  requests: number;
  target: PriceBuckets;
  /** The actual cost of the same rows. */
  actual: PriceBuckets;
  notPriced: { rows: number; requests: number; reasons: Set<string> };
  /** How the target's counts of the repriced requests were made (logged, counted, estimated); kept for totals, not per group. */
  tokens?: TargetTokenTally;
  /** Priced on the target, but larger than its context window or max output: in neither cost. Kept for totals; a group's cell counts these as not priced. */
  doesNotFit?: MisfitLedger;
}

/** A target's totals as the ledger keeps them: always with their tally. */
interface LedgerTotals extends WhatIfTotals {
  tokens: TargetTokenTally;
  doesNotFit: MisfitLedger;
}

const LOGGED: TargetTokenMethod = { method: 'logged' };

export class WhatIfLedger {
  private readonly totals = new Map<string, LedgerTotals>();

  constructor(targets: readonly string[]) {
    for (const model of targets) {
      this.totals.set(model, {
        model,
        rows: 0,
        requests: 0,
        target: new PriceBuckets(),
        actual: new PriceBuckets(),
        notPriced: { rows: 0, requests: 0, reasons: new Set() },
        tokens: emptyTally(),
        doesNotFit: new MisfitLedger(),
      });
    }
  }

  /** `targetTokens`: the request as the target counts it (the logged counts when not given). */
  add(target: string, record: UsageRecord, actual: PricePoint, repriced: PricePoint | NoPrice, month = '', targetTokens: TokenBuckets = record.tokens, method: TargetTokenMethod = LOGGED): void {
    const entry = this.totals.get(target);
    if (!entry) return;
    if ('rates' in repriced) {
      // The limits of the model the target id means at that date (the one that priced it), against
      // the request as the target counts it.
      const tooLarge = misfit(targetTokens, record.requests, repriced.model);
      if (tooLarge) {
        entry.doesNotFit.add(tooLarge, record.requests);
        return;
      }
      entry.rows += 1;
      entry.requests += record.requests;
      addToTally(entry.tokens, method, record.requests);
      entry.target.add(repriced, targetTokens, record.requests, month);
      entry.actual.add(actual, record.tokens, record.requests, month);
    } else {
      entry.notPriced.rows += 1;
      entry.notPriced.requests += record.requests;
      keepSmallest(entry.notPriced.reasons, repriced.detail, MAX_REASONS);
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
    for (const reason of other.notPriced.reasons) keepSmallest(entry.notPriced.reasons, reason, MAX_REASONS);
    if (other.tokens) mergeTally(entry.tokens, other.tokens);
    if (other.doesNotFit) entry.doesNotFit.absorb(other.doesNotFit.tallies.values());
  }

  all(): WhatIfTotals[] {
    return [...this.totals.values()];
  }
}

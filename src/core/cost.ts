// Tokens × rates, through money.ts. The rate fallbacks for missing optional rates live here,
// in one place, because they are assumptions the report states in its footnotes.
import type { RateSet } from '../pricing/types.ts';
import { add, costOf, sub, type Decimal, ZERO } from './money.ts';
import type { TokenBuckets } from './types.ts';

export const RATE_FALLBACK_NOTES = [
  "Cached input is billed at the model's cache-read rate; where a price has none, at its input rate.",
  'Cache writes are billed at the 5-minute (or 1-hour) cache-write rate; where a price has none, at the input rate.',
  'Reasoning tokens are part of output and billed once, at the output rate unless the price has a separate reasoning rate.',
] as const;

/** The billed buckets (reasoning is inside output, so it has no cost of its own). */
export const BILLED_BUCKETS = ['input', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'output'] as const;
export type BilledBucket = (typeof BILLED_BUCKETS)[number];
export type BucketCosts = Record<BilledBucket, Decimal>;

export function zeroBucketCosts(): BucketCosts {
  return { input: ZERO, cacheRead: ZERO, cacheWrite5m: ZERO, cacheWrite1h: ZERO, output: ZERO };
}

export function addBucketCosts(target: BucketCosts, source: BucketCosts): void {
  for (const bucket of BILLED_BUCKETS) target[bucket] = add(target[bucket], source[bucket]);
}

/** The cost of each bucket of `tokens` at `rates`, exactly, in the rates' currency. */
export function costByBucket(tokens: TokenBuckets, rates: RateSet): BucketCosts {
  const cacheWrite5m = rates.cacheWrite5m ?? rates.input;
  let output = costOf(tokens.output, rates.output);
  if (rates.reasoning && tokens.reasoning > 0) {
    // Reasoning tokens are inside output: move them from the output rate to the reasoning rate.
    output = add(output, sub(costOf(tokens.reasoning, rates.reasoning), costOf(tokens.reasoning, rates.output)));
  }
  return {
    input: costOf(tokens.input, rates.input),
    cacheRead: costOf(tokens.cacheRead, rates.cacheRead ?? rates.input),
    cacheWrite5m: costOf(tokens.cacheWrite5m, cacheWrite5m),
    cacheWrite1h: costOf(tokens.cacheWrite1h, rates.cacheWrite1h ?? cacheWrite5m),
    output,
  };
}

export function totalOf(costs: BucketCosts): Decimal {
  let total = ZERO;
  for (const bucket of BILLED_BUCKETS) total = add(total, costs[bucket]);
  return total;
}

/** The cost of `tokens` at `rates`, exactly, in the rates' currency. */
export function costOfTokens(tokens: TokenBuckets, rates: RateSet): Decimal {
  return totalOf(costByBucket(tokens, rates));
}

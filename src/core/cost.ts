// Tokens × rates, through money.ts. The rate fallbacks for missing optional rates live here,
// in one place, because they are assumptions the report states in its footnotes.
import type { RateSet } from '../pricing/types.ts';
import { add, costOf, sub, type Decimal, ZERO } from './money.ts';
import type { TokenBuckets } from './types.ts';

export const RATE_FALLBACK_NOTES = [
  'Cached input is billed at the model\'s cache-read rate; where a price has none, at its input rate.',
  'Cache writes are billed at the 5-minute (or 1-hour) cache-write rate; where a price has none, at the input rate.',
  'Reasoning tokens are part of output and billed once, at the output rate unless the price has a separate reasoning rate.',
] as const;

/** The cost of `tokens` at `rates`, exactly, in the rates' currency. */
export function costOfTokens(tokens: TokenBuckets, rates: RateSet): Decimal {
  const cacheWrite5m = rates.cacheWrite5m ?? rates.input;
  const cacheWrite1h = rates.cacheWrite1h ?? cacheWrite5m;
  let total = ZERO;
  total = add(total, costOf(tokens.input, rates.input));
  total = add(total, costOf(tokens.cacheRead, rates.cacheRead ?? rates.input));
  total = add(total, costOf(tokens.cacheWrite5m, cacheWrite5m));
  total = add(total, costOf(tokens.cacheWrite1h, cacheWrite1h));
  total = add(total, costOf(tokens.output, rates.output));
  if (rates.reasoning && tokens.reasoning > 0) {
    // Reasoning tokens are inside output: move them from the output rate to the reasoning rate.
    total = add(total, sub(costOf(tokens.reasoning, rates.reasoning), costOf(tokens.reasoning, rates.output)));
  }
  return total;
}

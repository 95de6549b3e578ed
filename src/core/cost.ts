// Tokens × rates, through money.ts. The rate fallbacks for missing optional rates live here,
// in one place, because they are assumptions the report states in its footnotes.
import type { FeeKind, RateSet } from '../pricing/types.ts';
import { add, costOf, mul, parseDecimal, sub, type Decimal, ZERO } from './money.ts';
import type { TokenBuckets } from './types.ts';

export const RATE_FALLBACK_NOTES = [
  "Cached input is billed at the model's cache-read rate; where a price has none, at its input rate.",
  'Cache writes are billed at the 5-minute (or 1-hour) cache-write rate; where a price has none, at the input rate.',
  'Reasoning tokens are part of output and billed once, at the output rate unless the price has a separate reasoning rate.',
] as const;

/** Stated only in reports whose logs carry audio or image tokens. */
export const AUDIO_IMAGE_NOTE =
  'Audio and image tokens are part of input and output and billed once, at the audio or image rate where a price has one, else as text; cached audio and image tokens at the cache-read rate.';

/**
 * The billed lines: the token buckets (reasoning, audio and image tokens are inside them, so they
 * have no line of their own), and per-call fees (web search) on their own line.
 */
export const BILLED_BUCKETS = ['input', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'output', 'webSearch'] as const;
export type BilledBucket = (typeof BILLED_BUCKETS)[number];
export type BucketCosts = Record<BilledBucket, Decimal>;

export function zeroBucketCosts(): BucketCosts {
  return { input: ZERO, cacheRead: ZERO, cacheWrite5m: ZERO, cacheWrite1h: ZERO, output: ZERO, webSearch: ZERO };
}

export function addBucketCosts(target: BucketCosts, source: BucketCosts): void {
  for (const bucket of BILLED_BUCKETS) target[bucket] = add(target[bucket], source[bucket]);
}

/** Per-call fees per 1,000 calls, in the rates' currency. */
export type Fees = Partial<Record<FeeKind, Decimal>>;

const THOUSAND = parseDecimal('1000');

/** A price per 1,000 calls as a rate per million, so that costOf (per million) prices calls exactly. */
function perThousandAsPerMillion(price: Decimal): Decimal {
  return mul(price, THOUSAND);
}

/**
 * The cost of each bucket of `tokens` at `rates` (and per-call `fees`), exactly, in the rates'
 * currency. Calls a price has no fee for cost nothing here: the report counts them as unpriced calls.
 */
export function costByBucket(tokens: TokenBuckets, rates: RateSet, fees: Fees = {}): BucketCosts {
  const cacheWrite5m = rates.cacheWrite5m ?? rates.input;
  let output = costOf(tokens.output, rates.output);
  if (rates.reasoning && tokens.reasoning > 0) {
    // Reasoning tokens are inside output: move them from the output rate to the reasoning rate.
    output = add(output, sub(costOf(tokens.reasoning, rates.reasoning), costOf(tokens.reasoning, rates.output)));
  }
  if (rates.outputAudio && tokens.outputAudio > 0) {
    output = add(output, sub(costOf(tokens.outputAudio, rates.outputAudio), costOf(tokens.outputAudio, rates.output)));
  }
  let input = costOf(tokens.input, rates.input);
  // Audio and image tokens are among the prompt's tokens: those that are uncached (up to `input`)
  // move from the input rate to their own; cached ones stay at the cache-read rate.
  const uncachedAudio = Math.min(tokens.inputAudio, tokens.input);
  if (rates.inputAudio && uncachedAudio > 0) input = add(input, sub(costOf(uncachedAudio, rates.inputAudio), costOf(uncachedAudio, rates.input)));
  const uncachedImage = Math.min(tokens.inputImage, tokens.input - uncachedAudio);
  if (rates.inputImage && uncachedImage > 0) input = add(input, sub(costOf(uncachedImage, rates.inputImage), costOf(uncachedImage, rates.input)));
  const webSearchFee = fees.web_search;
  return {
    input,
    cacheRead: costOf(tokens.cacheRead, rates.cacheRead ?? rates.input),
    cacheWrite5m: costOf(tokens.cacheWrite5m, cacheWrite5m),
    cacheWrite1h: costOf(tokens.cacheWrite1h, rates.cacheWrite1h ?? cacheWrite5m),
    output,
    webSearch: webSearchFee && tokens.webSearch > 0 ? costOf(tokens.webSearch, perThousandAsPerMillion(webSearchFee)) : ZERO,
  };
}

/**
 * A request's tokens as they are billed: of its audio and image tokens (a part of the prompt, cached
 * or not), those among the uncached `input` (audio first, then image) are billed at an audio or
 * image rate; cached ones are billed in `cacheRead` as any cached token. costByBucket takes that
 * minimum itself, but a minimum of sums is not the sum of minimums: applied once per request,
 * before tokens are summed into groups, a group's cost is the sum of its requests' costs. The same
 * object when nothing is cached among the audio and image tokens (the usual case).
 */
export function billedMedia(tokens: TokenBuckets): TokenBuckets {
  const inputAudio = Math.min(tokens.inputAudio, tokens.input);
  const inputImage = Math.min(tokens.inputImage, tokens.input - inputAudio);
  if (inputAudio === tokens.inputAudio && inputImage === tokens.inputImage) return tokens;
  return { ...tokens, inputAudio, inputImage };
}

export function totalOf(costs: BucketCosts): Decimal {
  let total = ZERO;
  for (const bucket of BILLED_BUCKETS) total = add(total, costs[bucket]);
  return total;
}

/** The cost of `tokens` at `rates`, exactly, in the rates' currency. */
export function costOfTokens(tokens: TokenBuckets, rates: RateSet, fees: Fees = {}): Decimal {
  return totalOf(costByBucket(tokens, rates, fees));
}

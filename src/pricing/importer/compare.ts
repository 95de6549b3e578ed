// Whether a source's price differs from the catalogue's, compared as the catalogue would bill:
// a field the catalogue leaves out falls back as pricing/README.md says (cache read → input, …),
// so "cache_read = input" in the source equals an absent cache_read here. A field the source does
// not state is not a difference: silence in an aggregator is not a price.
import { compare, parseDecimal, toPlainString, type Decimal } from '../../core/money.ts';
import type { PriceVersion, RateSet } from '../types.ts';
import { RATE_NAMES, type RateName, type SourceEntry, type SourceRates } from './source.ts';

/** The catalogue's rate for a field after its fallbacks. */
export const RESOLVED = {
  input: (r) => r.input,
  cache_read: (r) => r.cacheRead ?? r.input,
  cache_write_5m: (r) => r.cacheWrite5m ?? r.input,
  cache_write_1h: (r) => r.cacheWrite1h ?? r.cacheWrite5m ?? r.input,
  output: (r) => r.output,
  reasoning: (r) => r.reasoning ?? r.output,
  output_thinking: (r) => r.outputThinking ?? r.output,
  input_audio: (r) => r.inputAudio ?? r.input,
  output_audio: (r) => r.outputAudio ?? r.output,
  input_image: (r) => r.inputImage ?? r.input,
} as const satisfies Record<RateName, (r: RateSet) => Decimal>;

/** Our RateSet key for each rate field (for carrying a field over from the catalogue). */
export const RATE_SET_KEYS = {
  input: 'input',
  cache_read: 'cacheRead',
  cache_write_5m: 'cacheWrite5m',
  cache_write_1h: 'cacheWrite1h',
  output: 'output',
  reasoning: 'reasoning',
  output_thinking: 'outputThinking',
  input_audio: 'inputAudio',
  output_audio: 'outputAudio',
  input_image: 'inputImage',
} as const satisfies Record<RateName, keyof RateSet>;

/** Each stated field whose value differs, as "input 1.25 → 1" (catalogue → source). */
function rateDiffs(prefix: string, source: SourceRates, catalogue: RateSet): string[] {
  const diffs: string[] = [];
  for (const field of RATE_NAMES) {
    const text = source[field];
    if (text === undefined) continue;
    const ours = RESOLVED[field](catalogue);
    if (compare(parseDecimal(text), ours) !== 0) diffs.push(`${prefix}${field} ${toPlainString(ours)} → ${text}`);
  }
  return diffs;
}

/**
 * The differences between a source entry and the catalogue version in force (none = same price).
 * Size tiers must match in number and limits before their rates are compared.
 */
export function priceDifferences(entry: SourceEntry, version: PriceVersion): string[] {
  if (entry.rates && version.rates) return rateDiffs('', entry.rates, version.rates);
  const ours = version.tiers ?? [];
  const theirs = entry.tiers ?? [];
  const shape = (limits: (number | undefined)[]) => (limits.length === 0 ? 'flat' : limits.map((l) => (l === undefined ? '∞' : String(l))).join('/'));
  const sameShape = ours.length === theirs.length && ours.every((t, i) => t.outputUpTo === undefined && t.inputUpTo === theirs[i]?.inputUpTo);
  if (!sameShape) return [`size tiers ${shape(ours.map((t) => t.inputUpTo))} → ${shape(theirs.map((t) => t.inputUpTo))}`];
  return theirs.flatMap((tier, i) => {
    const rates = ours[i]?.rates;
    return rates ? rateDiffs(`tier ${i + 1} `, tier.rates, rates) : [];
  });
}

// Converting token counts between tokenizers when a log has counts but no text: exact integer rules.

import { type FactorName, type ModelTokens, type TokenizerName } from './families.ts';
import { RATIO_TABLE } from './ratios.generated.ts';

/**
 * Claude has no accurate public tokenizer offline, so its counts are an o200k count times a
 * factor. Sources (third-party and vendor statements, not measurements of ours):
 * - `claude` (Claude 3 … Opus/Sonnet 4.6): Lavanya Gupta, "Hidden costs in AI deployment: Why
 *   Claude models may be 20-30% more expensive than GPT in enterprise settings" (VentureBeat,
 *   May 2025): Claude 3.5 Sonnet's tokenizer made ~16% more tokens than GPT-4o's (o200k) on English
 *   articles, ~21% on math, ~30% on Python code. Chinese was not measured. Factor: the mean of the
 *   English and code figures, 1.23.
 * - `claude-2026` (Opus 4.7 and later): Anthropic's Opus 4.7 release notes say its new tokenizer
 *   uses "roughly 1.0–1.35x" as many tokens as before, by content. Factor: 1.23 × 1.175 (the
 *   midpoint), 1.4453.
 * Both are estimates: the what-if reports them as such, with the factor used.
 */
export const FACTORS = {
  claude: { value: '1.2300', basis: 'Claude ≈ 1.23 × o200k (VentureBeat May 2025: +16% English, +30% Python vs GPT-4o; mean of the two); estimate' },
  'claude-2026': { value: '1.4453', basis: 'Claude Opus 4.7+ ≈ 1.23 × 1.175 × o200k (Anthropic: new tokenizer 1.0–1.35× the previous; midpoint); estimate' },
} as const satisfies Record<FactorName, { value: string; basis: string }>;

/** A count conversion: tokens(to) = tokens(from) × value, `value` a decimal string with 4 decimals. */
export interface Ratio {
  from: string;
  to: string;
  value: string;
  basis: string;
}

/** Units of 1/10,000, as an integer: '1.0734' → 10734. */
const UNIT = 10_000;
export function ratioUnits(value: string): number {
  const match = /^(\d+)\.(\d{4})$/.exec(value);
  if (!match) throw new RangeError(`ratio must be a decimal with 4 places, got "${value}"`);
  return Number(match[1]) * UNIT + Number(match[2]);
}
function unitsToString(units: number): string {
  return `${Math.floor(units / UNIT)}.${String(units % UNIT).padStart(4, '0')}`;
}

/** a × b / c in units, rounded half up, all integers (no float error in the 4th decimal). */
function mulDiv(a: number, b: number, c: number): number {
  return Math.floor((2 * a * b + c) / (2 * c));
}

/**
 * `n × value` rounded to an integer, half up (0.5 → 1), in exact integer arithmetic:
 * floor((2·n·units + 10,000) / 20,000). BigInt when n·units would pass 2^53.
 */
export function scaleCount(n: number, value: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`token count must be a non-negative integer, got ${n}`);
  const units = ratioUnits(value);
  if (n * units * 2 + UNIT < Number.MAX_SAFE_INTEGER) return Math.floor((2 * n * units + UNIT) / (2 * UNIT));
  return Number((2n * BigInt(n) * BigInt(units) + BigInt(UNIT)) / BigInt(2 * UNIT));
}

/**
 * Splits `total` into parts proportional to `weights`, summing exactly to `total`: each part gets
 * floor(total × w / Σw), and the tokens left over go one each to the largest remainders (ties to
 * the earlier part). All weights 0: everything to the first part.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const big = total * sum >= Number.MAX_SAFE_INTEGER;
  const parts: number[] = [];
  const remainders: { i: number; r: number }[] = [];
  let given = 0;
  weights.forEach((w, i) => {
    let part: number;
    let rem: number;
    if (big) {
      const p = BigInt(total) * BigInt(w);
      part = Number(p / BigInt(sum));
      rem = Number(p % BigInt(sum));
    } else {
      part = Math.floor((total * w) / sum);
      rem = total * w - part * sum;
    }
    parts.push(part);
    remainders.push({ i, r: rem });
    given += part;
  });
  remainders.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; k < total - given; k += 1) parts[(remainders[k] as { i: number }).i]! += 1;
  return parts;
}

type Language = 'en' | 'zh' | 'code';
type Entry = { readonly [K in Language | 'blended']: string };

/** The measured ratio between two tokenizers (blended over the corpus languages). */
export function measuredRatio(from: TokenizerName, to: TokenizerName): Entry {
  return RATIO_TABLE.ratios[from][to];
}

function label(m: ModelTokens): string {
  return m.factor === undefined ? m.tokenizer : `${m.family} (${m.tokenizer} × ${FACTORS[m.factor].value})`;
}

/**
 * How a count made for `source` converts to `target`: the corpus ratio between their tokenizers,
 * times the target's factor, divided by the source's (Claude), rounded to 4 decimals half up.
 */
export function ratioBetween(source: ModelTokens, target: ModelTokens): Ratio {
  const entry = measuredRatio(source.tokenizer, target.tokenizer);
  let units = ratioUnits(entry.blended);
  const parts = [`${source.tokenizer}→${target.tokenizer} ${entry.blended} (blended; en ${entry.en}, zh ${entry.zh}, code ${entry.code}; measured ${RATIO_TABLE.measured} on fixtures/corpus)`];
  if (target.factor !== undefined) {
    units = mulDiv(units, ratioUnits(FACTORS[target.factor].value), UNIT);
    parts.push(`× ${FACTORS[target.factor].basis}`);
  }
  if (source.factor !== undefined) {
    units = mulDiv(units, UNIT, ratioUnits(FACTORS[source.factor].value));
    parts.push(`÷ ${FACTORS[source.factor].basis}`);
  }
  const unverified = [source, target].filter((m) => m.fidelity !== 'exact').map((m) => `${m.family}: ${m.note}`);
  if (unverified.length > 0) parts.push(`(${unverified.join('; ')})`);
  return { from: label(source), to: label(target), value: unitsToString(units), basis: parts.join(' ') };
}

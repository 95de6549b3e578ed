// Costs a log already carries (costUSD, spend, response_cost, cost_total, Usage, Cost), kept as
// exact decimal strings for core/money.ts. Text (a CSV cell, a JSON string) is read digit by digit,
// as written. A JSON number has already been turned into a double by JSON.parse; String(n) gives
// the shortest text that reads back as that double, and it is rounded to 15 significant digits:
// every decimal of up to 15 significant digits is a double's shortest text exactly, so a cost the
// logger meant is read exactly, while the float noise of a logger that summed doubles
// (LiteLLM's 5.4999999999999995e-05) reads as the 0.000055 it stands for. Exponent forms are
// expanded digit by digit, never through arithmetic. Bounds (docs/report-contract.md, Limits): a
// cost is 0 or between 10^-12 and 10^15, with at most 30 decimal places; a negative cost or one out
// of bounds rejects its row (a refund or correction line is not a request).

import { round, toPlainString, tryParseDecimal } from '../../core/money.ts';

/** Significant digits a double holds faithfully (DBL_DIG). */
const DOUBLE_DIGITS = 15;
/** The largest plausible cost of one row, exclusive; and the smallest non-zero one. */
const MAX_COST_DIGITS = 15;
const MIN_COST_PLACES = 12;
const MAX_TEXT_PLACES = 30;

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
/** Currency marks people put in front of a cost cell: "$0.10", "US$ 1", "USD 2.5". */
const CURRENCY_PREFIX = /^(?:US\$|\$|USD)\s*/i;

/**
 * The exact decimal text of a logged cost; undefined when the value is not a plain amount
 * ("Included", "", locale text, NaN): a cost is information beside ours, so an unreadable one is
 * left out rather than rejecting the row's usage; `{problem}` (the end of "<field> is <value>: …")
 * when it is a number no request can cost: negative, or out of bounds.
 */
export function loggedAmount(value: unknown): string | { problem: string } | undefined {
  let text: string | undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = plainDecimal(String(value));
    if (text !== undefined) text = significant(text, DOUBLE_DIGITS);
  } else if (typeof value === 'string') {
    let raw = value.trim().replace(CURRENCY_PREFIX, '');
    if (GROUPED.test(raw)) raw = raw.replace(/,/g, '');
    text = plainDecimal(raw);
  }
  if (text === undefined) return undefined;
  return bounded(text);
}

/** A plain decimal rounded half-even to `digits` significant digits (no change when it has fewer). */
function significant(text: string, digits: number): string {
  const d = tryParseDecimal(text);
  if (d === undefined || d.coef === 0n) return text;
  const length = (d.coef < 0n ? -d.coef : d.coef).toString().length;
  const places = d.scale - (length - digits);
  // More than 15 digits before the point: out of bounds anyway (bounded() says so).
  if (length <= digits || places < 0) return text;
  return toPlainString(round(d, places));
}

/** The amount, or the problem when it is negative or out of bounds. */
function bounded(text: string): string | { problem: string } {
  if (text.startsWith('-') && /[1-9]/.test(text)) return { problem: 'a logged cost must be 0 or more (a refund or correction line is not a request); the row is rejected' };
  const [whole = '', fraction = ''] = text.replace(/^[+-]/, '').split('.');
  const zero = !/[1-9]/.test(text);
  const wholeDigits = whole.replace(/^0+/, '').length;
  const leadingZeros = wholeDigits > 0 ? 0 : (/^0*/.exec(fraction)?.[0].length ?? 0);
  if (!zero && (wholeDigits > MAX_COST_DIGITS || leadingZeros >= MIN_COST_PLACES || fraction.length > MAX_TEXT_PLACES)) {
    return { problem: `not a plausible cost of one row (read: 0, or from 10^-${MIN_COST_PLACES} to under 10^${MAX_COST_DIGITS}, with at most ${MAX_TEXT_PLACES} decimals); the row is rejected` };
  }
  return zero ? '0' : text.replace(/^\+/, '');
}

/** "5.4999e-05" → "0.000054999", "1e21" → "1000000000000000000000", "0.10" → "0.10"; undefined if not a decimal. */
export function plainDecimal(text: string): string | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign = '', int = '', frac = '', exp] = m;
  if (exp === undefined) return `${sign}${int}${frac === '' ? '' : `.${frac}`}`;
  const shift = Number(exp);
  if (!Number.isSafeInteger(shift) || Math.abs(shift) > 400) return undefined;
  const digits = (int + frac).replace(/^0+(?=\d)/, '');
  // Position of the decimal point within `digits` after shifting.
  const point = int.length - (int.length + frac.length - digits.length) + shift;
  let whole: string;
  let fraction: string;
  if (point <= 0) {
    whole = '0';
    fraction = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    fraction = '';
  } else {
    whole = digits.slice(0, point);
    fraction = digits.slice(point);
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

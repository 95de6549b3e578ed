// The one module that does money arithmetic. Everything is exact: a Decimal is an
// integer coefficient and a count of decimal places, so 0.1 + 0.2 is 0.3 and the sum
// of the rows of a report equals its total to the last digit. No floats touch money.

/** value = coef × 10^-scale, scale ≥ 0. */
export interface Decimal {
  readonly coef: bigint;
  readonly scale: number;
}

export const ZERO: Decimal = { coef: 0n, scale: 0 };

const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal string ("0.28", "12", "-1.5"). Returns undefined when it is not one. */
export function tryParseDecimal(text: string): Decimal | undefined {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole = '0', frac = ''] = match;
  const coef = BigInt(whole + frac);
  return normalize({ coef: sign ? -coef : coef, scale: frac.length });
}

export function parseDecimal(text: string): Decimal {
  const value = tryParseDecimal(text);
  if (!value) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
  return value;
}

/** Drops trailing zeros so that equal values have one representation. */
function normalize(d: Decimal): Decimal {
  let { coef, scale } = d;
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale -= 1;
  }
  return coef === 0n ? ZERO : { coef, scale };
}

function rescale(d: Decimal, scale: number): bigint {
  return scale === d.scale ? d.coef : d.coef * 10n ** BigInt(scale - d.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  // Most bucket costs of a report are 0 (no cache writes, no web search): no BigInt work for them.
  if (a.coef === 0n) return b;
  if (b.coef === 0n) return a;
  const scale = Math.max(a.scale, b.scale);
  return normalize({ coef: rescale(a, scale) + rescale(b, scale), scale });
}

export function sub(a: Decimal, b: Decimal): Decimal {
  return add(a, negate(b));
}

export function negate(a: Decimal): Decimal {
  return { coef: -a.coef, scale: a.scale };
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return normalize({ coef: a.coef * b.coef, scale: a.scale + b.scale });
}

export function compare(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(a: Decimal): boolean {
  return a.coef === 0n;
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = add(total, v);
  return total;
}

/** Token counts are integers; a per-million rate times a token count, exactly. */
export function costOf(tokens: number, ratePerMillion: Decimal): Decimal {
  if (tokens === 0) return ZERO;
  if (!Number.isSafeInteger(tokens)) throw new RangeError(`token count is not a safe integer: ${tokens}`);
  return normalize({ coef: BigInt(tokens) * ratePerMillion.coef, scale: ratePerMillion.scale + 6 });
}

/** Rounds half to even (banker's rounding, as accounting systems do) to `places` decimals. */
export function round(a: Decimal, places: number): Decimal {
  if (a.scale <= places) return a;
  const divisor = 10n ** BigInt(a.scale - places);
  const negative = a.coef < 0n;
  const abs = negative ? -a.coef : a.coef;
  let quotient = abs / divisor;
  const remainder = abs % divisor;
  const twice = remainder * 2n;
  if (twice > divisor || (twice === divisor && quotient % 2n === 1n)) quotient += 1n;
  return normalize({ coef: negative ? -quotient : quotient, scale: places });
}

/** a / b rounded to `places` decimals. Used for display ratios and FX, never for sums. */
export function divide(a: Decimal, b: Decimal, places: number): Decimal {
  if (b.coef === 0n) throw new RangeError('division by zero');
  // Work at two extra digits beyond the target, then round once.
  const workScale = places + 2;
  const numerator = a.coef * 10n ** BigInt(workScale + b.scale);
  const denominator = b.coef * 10n ** BigInt(a.scale);
  return round(normalize({ coef: numerator / denominator, scale: workScale }), places);
}

/** Exact canonical text: no exponent, no trailing zeros ("0.00042", "12", "-3.5"). */
export function toPlainString(a: Decimal): string {
  return formatFixed(a, a.scale);
}

/** Text with exactly `places` decimals, rounding half to even where needed. */
export function toFixed(a: Decimal, places: number): string {
  return formatFixed(round(a, places), places);
}

function formatFixed(a: Decimal, places: number): string {
  const negative = a.coef < 0n;
  const digits = (negative ? -a.coef : a.coef) * 10n ** BigInt(places - a.scale);
  let text = digits.toString();
  if (places > 0) {
    text = text.padStart(places + 1, '0');
    text = `${text.slice(0, -places)}.${text.slice(-places)}`;
  }
  return negative ? `-${text}` : text;
}

/** Amounts in several currencies, each kept in its own currency (never mixed). */
export type MoneyBag = Map<string, Decimal>;

export function addToBag(bag: MoneyBag, currency: string, amount: Decimal): void {
  bag.set(currency, add(bag.get(currency) ?? ZERO, amount));
}

export function mergeBags(target: MoneyBag, source: MoneyBag): void {
  for (const [currency, amount] of source) addToBag(target, currency, amount);
}

/** A bag as a plain object with exact strings, currencies sorted, for the report contract. */
export function bagToRecord(bag: MoneyBag): Record<string, string> {
  const record: Record<string, string> = {};
  for (const currency of [...bag.keys()].sort()) record[currency] = toPlainString(bag.get(currency) ?? ZERO);
  return record;
}

/**
 * Rounds each value to `places` decimals so that the rounded values add up exactly to the rounded
 * sum (largest-remainder method): a CSV at 2 decimals still sums to its total to the cent.
 */
export function allocateRounded(values: readonly Decimal[], places: number): Decimal[] {
  // A loop, not Math.max(...values): one argument per CSV row overflows the stack on a large report.
  let scale = places;
  for (const v of values) if (v.scale > scale) scale = v.scale;
  const exact = values.map((v) => rescale(v, scale));
  const step = 10n ** BigInt(scale - places);
  // Floor each value to the unit, then hand the missing units to the largest remainders.
  const floors = exact.map((x) => (x >= 0n ? x / step : -((-x + step - 1n) / step)));
  const remainders = exact.map((x, i) => x - (floors[i] ?? 0n) * step);
  const target = round({ coef: exact.reduce((a, b) => a + b, 0n), scale }, places);
  let missing = rescale(target, places) - floors.reduce((a, b) => a + b, 0n);
  const order = remainders.map((r, i) => ({ r, i })).sort((a, b) => (b.r > a.r ? 1 : b.r < a.r ? -1 : a.i - b.i));
  const result = [...floors];
  for (const { i } of order) {
    if (missing <= 0n) break;
    result[i] = (result[i] ?? 0n) + 1n;
    missing -= 1n;
  }
  return result.map((coef) => normalize({ coef, scale: places }));
}

const HUNDRED: Decimal = { coef: 100n, scale: 0 };

/** part / whole × 100 with two decimals ("12.50"), or null when whole is 0. For display and policies' messages. */
export function percentOf(part: Decimal, whole: Decimal): string | null {
  return whole.coef === 0n ? null : toFixed(divide(mul(part, HUNDRED), whole, 2), 2);
}

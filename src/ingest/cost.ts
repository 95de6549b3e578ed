// Costs a log already carries (costUSD, spend, response_cost, cost_total, Usage, Cost), kept as
// exact decimal strings for core/money.ts. JSON.parse has already turned a JSON number into a
// float; String(n) gives the shortest text that reads back as that float, which is the number as
// logged whenever the logger wrote it in shortest form (every JSON encoder in these logs does).
// Exponent forms ("5.5e-05", which Python and JS both write) are expanded digit by digit, never
// through arithmetic.

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
/** Currency marks people put in front of a cost cell: "$0.10", "US$ 1", "USD 2.5". */
const CURRENCY_PREFIX = /^(?:US\$|\$|USD)\s*/i;

/**
 * The exact decimal text of a logged cost, or undefined when the value is not a plain amount
 * ("Included", "", locale text, NaN): a cost is information beside ours, so an unreadable one is
 * left out rather than rejecting the row's usage.
 */
export function loggedAmount(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? plainDecimal(String(value)) : undefined;
  if (typeof value !== 'string') return undefined;
  let text = value.trim().replace(CURRENCY_PREFIX, '');
  if (GROUPED.test(text)) text = text.replace(/,/g, '');
  return plainDecimal(text);
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

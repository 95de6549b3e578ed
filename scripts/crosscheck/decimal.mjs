// Exact decimals for the cross-check, read from the text of a number as written in a snapshot
// ("3e-06", "0.550", "1_024"), never through a float. The value shape is the catalogue's own
// Decimal ({ coef: bigint, scale }), normalised, so it compares with src/core/money.ts values.

const NUMBER_TEXT = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses decimal text, with an optional exponent and TOML digit separators. Undefined when it is not a number. */
export function parseDecimalText(text) {
  if (typeof text !== 'string') return undefined;
  const match = NUMBER_TEXT.exec(text.trim().replaceAll('_', ''));
  if (!match) return undefined;
  const [, sign, whole = '', frac = '', exp = '0'] = match;
  if (whole === '' && frac === '') return undefined;
  let coef = BigInt(`${whole}${frac}` || '0');
  let scale = frac.length - Number(exp);
  if (scale < 0) {
    coef *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return normalize({ coef: sign === '-' ? -coef : coef, scale });
}

export function mustParseDecimal(text, where) {
  const value = parseDecimalText(text);
  if (value === undefined) throw new InputError(`${where}: not a number: ${JSON.stringify(text)}`);
  return value;
}

/** A per-token price (LiteLLM) as a per-million-token price: a shift of six places, exact. */
export function perTokenToPerMillion(d) {
  return d.scale >= 6 ? normalize({ coef: d.coef, scale: d.scale - 6 }) : normalize({ coef: d.coef * 10n ** BigInt(6 - d.scale), scale: 0 });
}

export function mulDecimal(a, b) {
  return normalize({ coef: a.coef * b.coef, scale: a.scale + b.scale });
}

export function cmpDecimal(a, b) {
  const scale = Math.max(a.scale, b.scale);
  const x = a.coef * 10n ** BigInt(scale - a.scale);
  const y = b.coef * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Canonical text: no exponent, no trailing zeros ("3", "0.0028"). */
export function formatDecimal(d) {
  const negative = d.coef < 0n;
  let digits = (negative ? -d.coef : d.coef).toString();
  if (d.scale > 0) {
    digits = digits.padStart(d.scale + 1, '0');
    digits = `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
  }
  return negative ? `-${digits}` : digits;
}

function normalize(d) {
  let { coef, scale } = d;
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale -= 1;
  }
  return coef === 0n ? { coef: 0n, scale: 0 } : { coef, scale };
}

/** An input that cannot be read: the script exits 2 with this message. */
export class InputError extends Error {}

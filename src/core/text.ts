// Text helpers that must give the same answer on every machine.

/**
 * Orders text by UTF-16 code units: the same order whatever the machine's locale, so reports and
 * CSV exports sort identically everywhere (localeCompare follows the locale, and its first call
 * loads ICU's collation data, about 20 ms of a run).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An integer with "," between thousands: 1234567 → "1,234,567". Written out because the first
 * toLocaleString of a process loads ICU's number data (about 15 ms of a run).
 */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

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

/**
 * Keeps in `kept` the `limit` smallest distinct texts (compareText order) of all it is offered.
 * Reason lists ("first five reasons") are kept this way rather than as the first met, so that they
 * do not depend on which thread read which file, nor on the order reports are merged in: the
 * smallest of the union is the smallest of the parts' smallest (merge/sum.ts smallestTexts).
 */
export function keepSmallest(kept: Set<string>, text: string, limit: number): void {
  if (kept.has(text)) return;
  if (kept.size < limit) {
    kept.add(text);
    return;
  }
  let largest: string | undefined;
  for (const k of kept) if (largest === undefined || k > largest) largest = k;
  if (largest !== undefined && text < largest) {
    kept.delete(largest);
    kept.add(text);
  }
}

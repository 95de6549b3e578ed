// Markdown that fits where it is posted: a GitHub comment takes 65,536 characters, so a report or
// comparison for a PR lists the rows that matter most within a budget and sums the rest in one
// "N other groups" row, so that its table still adds up to the Total row. Display only: the sums
// here are of amounts the report already holds, exact (core/money.ts).
import { add, compare, parseDecimal, type Decimal, toPlainString, ZERO } from '../../core/money.ts';
import type { CostByCurrency } from '../contract.ts';
import { formatCount } from '../format.ts';

/** The most characters a Markdown report or comparison takes (a GitHub comment takes 65,536). */
export const MARKDOWN_LIMIT = 60_000;

/**
 * The rows of a table that fit in `budget` characters: taken most important first (by `rank`, a
 * comparator; the given order when omitted) while the next one still fits, and returned in their
 * given order, with the others. `length` is a row's length in the document (its line and line
 * break); it is only called on rows that are tried, so a table of 150,000 rows renders a few hundred.
 */
export function fitRows<T>(items: readonly T[], length: (item: T) => number, budget: number, rank?: (a: T, b: T) => number): { shown: T[]; hidden: T[] } {
  const order = items.map((_, i) => i);
  if (rank) order.sort((a, b) => rank(items[a] as T, items[b] as T) || a - b);
  const taken = new Set<number>();
  let used = 0;
  for (const i of order) {
    const n = length(items[i] as T);
    if (used + n > budget) break;
    used += n;
    taken.add(i);
  }
  const shown: T[] = [];
  const hidden: T[] = [];
  items.forEach((item, i) => (taken.has(i) ? shown : hidden).push(item));
  return { shown, hidden };
}

/** Exact sum of amounts per currency (currencies by name). */
export function sumCosts(costs: Iterable<CostByCurrency>): CostByCurrency {
  const sums = new Map<string, Decimal>();
  for (const cost of costs) for (const [currency, amount] of Object.entries(cost)) sums.set(currency, add(sums.get(currency) ?? ZERO, parseDecimal(amount)));
  const out: CostByCurrency = {};
  for (const currency of [...sums.keys()].sort()) out[currency] = toPlainString(sums.get(currency) ?? ZERO);
  return out;
}

/** The label of the row that sums the rows not shown: "1,234 other groups". */
export function otherGroupsLabel(n: number): string {
  return `${formatCount(n)} other ${n === 1 ? 'group' : 'groups'}`;
}

/**
 * Largest first by amount in one currency, where `amount` is an exact decimal string (a cost, or
 * the absolute value of a change); null (no amount) sorts last. For `fitRows`' `rank`.
 */
export function byAmountDescending<T>(amount: (item: T) => string | null): (a: T, b: T) => number {
  const cache = new Map<T, Decimal | null>();
  const value = (item: T): Decimal | null => {
    if (!cache.has(item)) {
      const text = amount(item);
      cache.set(item, text === null ? null : parseDecimal(text.startsWith('-') ? text.slice(1) : text));
    }
    return cache.get(item) ?? null;
  };
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return compare(y, x);
  };
}

// The change in cost between a baseline and a current report, split into volume, mix and price,
// per group and in total, in one currency (lines of different currencies are never mixed).
//
// With, per group g: n₀, n₁ requests, c₀, c₁ cost; N₀ = Σn₀, N₁ = Σn₁ (all groups of the currency);
// and B = the current traffic at baseline prices (per billed bucket b with tokens in both reports:
// q₁_b × c₀_b / q₀_b; a bucket without baseline tokens has no baseline rate and is taken at its
// current cost):
//
//   mix    = n₁ × c₀/n₀ − (N₁/N₀) × c₀      requests moving between groups, valued at the group's
//                                           baseline cost per request (N₁ × (share₁ − share₀) × c₀/n₀)
//   price  = c₁ − B                          the current traffic at current minus baseline prices
//   volume = c₁ − c₀ − mix − price           = (N₁/N₀ − 1) × c₀  (more or fewer requests at the
//                                           baseline mix and prices) + (B − n₁ × c₀/n₀) (more or
//                                           fewer tokens per request, at baseline prices)
//
// A group without baseline requests (new) is all mix, a group without current requests (removed)
// is volume and mix; when the baseline has no requests in the currency at all, all is volume.
// Each line's three parts add up to its change exactly. mix and price involve divisions: each is
// rounded to SPLIT_PLACES decimals per group, volume is the exact remainder, and the total's parts
// are the exact sums of the groups' parts, so the group lines add up to the total line to the last
// digit. See README ("CI cost-regression gate") for a worked example.
import { BILLED_BUCKETS } from './cost.ts';
import type { ReportCurrencyLine } from '../report/contract.ts';
import { add, divide, isZero, mul, parseDecimal, sub, sum, ZERO, type Decimal } from './money.ts';

/** Decimal places kept for a part that needs a division (a millionth of a millionth of a cent). */
export const SPLIT_PLACES = 14;

/** What the split reads of a report line. */
export type SplitLine = Pick<ReportCurrencyLine, 'requests' | 'cost' | 'tokens' | 'costByBucket'>;

export interface Split {
  volume: Decimal;
  mix: Decimal;
  price: Decimal;
}

const int = (n: number | bigint): Decimal => parseDecimal(String(n));

/** Splits each group's change; `pairs` are all the group lines of one currency, matched by key. */
export function splitGroups(pairs: readonly { before?: SplitLine; after?: SplitLine }[]): Split[] {
  const n0Total = pairs.reduce((n, p) => n + (p.before?.requests ?? 0), 0);
  const n1Total = pairs.reduce((n, p) => n + (p.after?.requests ?? 0), 0);
  return pairs.map(({ before, after }) => {
    const c0 = before ? parseDecimal(before.cost) : ZERO;
    const c1 = after ? parseDecimal(after.cost) : ZERO;
    const delta = sub(c1, c0);
    const n0 = before?.requests ?? 0;
    const n1 = after?.requests ?? 0;
    if (n0Total === 0) return { volume: delta, mix: ZERO, price: ZERO };
    if (n0 === 0) return { volume: sub(delta, c1), mix: c1, price: ZERO };
    // mix = c₀ × (n₁N₀ − N₁n₀) / (n₀N₀), exact up to the rounding of one division.
    const weight = BigInt(n1) * BigInt(n0Total) - BigInt(n1Total) * BigInt(n0);
    const mix = weight === 0n || isZero(c0) ? ZERO : divide(mul(c0, int(weight)), int(BigInt(n0) * BigInt(n0Total)), SPLIT_PLACES);
    const price = before && after ? priceEffect(before, after) : ZERO;
    return { volume: sub(sub(delta, mix), price), mix, price };
  });
}

/** Σ over billed buckets with tokens on both sides of (current cost − current tokens at the baseline rate). */
function priceEffect(before: SplitLine, after: SplitLine): Decimal {
  let effect = ZERO;
  for (const bucket of BILLED_BUCKETS) {
    // A baseline made before a bucket existed (web search fees) has none of it.
    const q0 = before.tokens[bucket] ?? 0;
    const q1 = after.tokens[bucket] ?? 0;
    if (q0 === 0 || q1 === 0) continue;
    const c0 = parseDecimal(before.costByBucket[bucket] ?? '0');
    const c1 = parseDecimal(after.costByBucket[bucket] ?? '0');
    const atBaselineRate = q0 === q1 ? c0 : divide(mul(c0, int(q1)), int(q0), SPLIT_PLACES);
    effect = add(effect, sub(c1, atBaselineRate));
  }
  return effect;
}

/** The total's parts: the exact sums of the groups' parts, volume taking any remainder so that they add up to `delta`. */
export function splitTotal(delta: Decimal, groups: readonly Split[]): Split {
  const mix = sum(groups.map((g) => g.mix));
  const price = sum(groups.map((g) => g.price));
  return { volume: sub(sub(delta, mix), price), mix, price };
}

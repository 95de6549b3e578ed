// Exact token sums (docs/report-contract.md, Limits): token and request counts are summed as
// JavaScript numbers, exact up to 2^53 − 1. Every sum a report shows (a group, a currency line, the
// total, the unpriced models, the what-if targets) is at most the sum of all the counts of the run,
// so keeping that one sum at or below 2^53 − 1 keeps every other sum exact, and the groups add up
// to the total to the last token. A row that would pass it is rejected, with that reason.

/** A sum of counts ≤ this is exact in a double. */
export const MAX_EXACT_SUM = Number.MAX_SAFE_INTEGER;

/** Bytes of the shared claims buffer the budget uses: a BigInt64 at offset 8 (the claim counter is at 0). */
export const BUDGET_OFFSET = 8;
export const SHARED_BYTES = 16;

export class TokenBudget {
  #used = 0;
  #shared: BigInt64Array | undefined;

  /** Shares the sum with the other threads of the run, through the claims buffer (SHARED_BYTES long). */
  share(buffer: SharedArrayBuffer): void {
    if (buffer.byteLength >= SHARED_BYTES) this.#shared = new BigInt64Array(buffer, BUDGET_OFFSET, 1);
  }

  /**
   * Takes `n` (a sum of safe integers, so ≥ 2^53 whenever the exact sum is) from the budget; false,
   * taking nothing, when the run's sum would pass MAX_EXACT_SUM.
   */
  take(n: number): boolean {
    if (n > MAX_EXACT_SUM) return false;
    const shared = this.#shared;
    if (shared === undefined) {
      if (this.#used + n > MAX_EXACT_SUM) return false;
      this.#used += n;
      return true;
    }
    const amount = BigInt(n);
    const before = Atomics.add(shared, 0, amount);
    if (before + amount > BigInt(MAX_EXACT_SUM)) {
      Atomics.sub(shared, 0, amount);
      return false;
    }
    return true;
  }
}

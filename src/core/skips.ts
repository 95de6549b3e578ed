// Skipped rows counted per reason. Reasons come from format data and are few, but one that embeds a
// value could make them many, so at most MAX_SKIP_REASONS are listed and the rest of the rows are
// counted under OTHER_SKIPS. Which reasons are listed must not depend on the order rows are met
// (which thread read which file, how shards were cut): the listed ones are the smallest in code-unit
// order of all met, so the tally of a whole equals the tally of its parts added (merge). Copy
// reasons are never folded: the report counts `copies` from them.

export const MAX_SKIP_REASONS = 100;
export const OTHER_SKIPS = 'other reasons (see problems in the JSON report)';

export class SkipTally {
  readonly #rows = new Map<string, number>();
  /** Listed reasons that count against the cap (not copies, not OTHER_SKIPS). */
  #capped = 0;
  readonly #neverFolded: (reason: string) => boolean;

  constructor(neverFolded: (reason: string) => boolean) {
    this.#neverFolded = neverFolded;
  }

  add(reason: string, rows: number): void {
    const known = this.#rows.get(reason);
    if (known !== undefined || reason === OTHER_SKIPS || this.#neverFolded(reason)) {
      this.#rows.set(reason, (known ?? 0) + rows);
      return;
    }
    if (this.#capped < MAX_SKIP_REASONS) {
      this.#rows.set(reason, rows);
      this.#capped++;
      return;
    }
    let largest: string | undefined;
    for (const r of this.#rows.keys()) if (r !== OTHER_SKIPS && !this.#neverFolded(r) && (largest === undefined || r > largest)) largest = r;
    if (largest !== undefined && reason < largest) {
      this.#fold(this.#rows.get(largest) ?? 0);
      this.#rows.delete(largest);
      this.#rows.set(reason, rows);
    } else this.#fold(rows);
  }

  /** Rows counted under OTHER_SKIPS. */
  #fold(rows: number): void {
    this.#rows.set(OTHER_SKIPS, (this.#rows.get(OTHER_SKIPS) ?? 0) + rows);
  }

  entries(): IterableIterator<[string, number]> {
    return this.#rows.entries();
  }

  [Symbol.iterator](): IterableIterator<[string, number]> {
    return this.#rows.entries();
  }

  get size(): number {
    return this.#rows.size;
  }
}

// Progress across threads, on shared memory (see ProgressBoard).

/**
 * Bytes read and rows done per thread, on shared memory: each thread writes only its own slot, and
 * the main thread sums them for the progress line (a slightly stale sum is fine there).
 */
export class ProgressBoard {
  readonly #cells: Float64Array;
  readonly #slot: number;

  constructor(buffer: SharedArrayBuffer, slot: number) {
    this.#cells = new Float64Array(buffer);
    this.#slot = slot;
  }

  static buffer(threads: number): SharedArrayBuffer {
    return new SharedArrayBuffer(threads * 2 * Float64Array.BYTES_PER_ELEMENT);
  }

  read(bytes: number, rows: number): void {
    this.#cells[this.#slot * 2] = (this.#cells[this.#slot * 2] ?? 0) + bytes;
    this.#cells[this.#slot * 2 + 1] = rows;
  }

  totals(): { bytes: number; rows: number } {
    let bytes = 0;
    let rows = 0;
    for (let i = 0; i < this.#cells.length; i += 2) {
      bytes += this.#cells[i] ?? 0;
      rows += this.#cells[i + 1] ?? 0;
    }
    return { bytes, rows };
  }
}


// Small integer ids for values met again and again (price points, months): a ledger stores the id
// in a Float64Array cell and looks the value up when it reads the cell back.
export class Interner<T> {
  /** Every value, at its id. */
  readonly values: T[] = [];
  readonly #ids = new Map<T, number>();

  /** The value's id, given on first sight. */
  id(value: T): number {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.values.push(value) - 1;
      this.#ids.set(value, id);
    }
    return id;
  }

  at(id: number): T {
    return this.values[id] as T;
  }
}

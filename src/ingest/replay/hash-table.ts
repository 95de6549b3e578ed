// Sets and maps of 53-bit hashes (dedupe.ts hash53) in typed arrays: open addressing, linear
// probing. A JS Set<number> of such keys stores each as a heap number and rehashes it on every
// lookup: on the all-usage bench tree (150,000 responses, each looked up in three of these) the
// family checks took a sixth of the run; these take a few per cent. Memory: 12 bytes a slot
// (16 with values), at most half full, so under 40 MB for a million keys.

/** The high 21 bits of a 53-bit key; never this, so it marks an empty slot. */
const EMPTY = 0xffffffff;
const TWO_32 = 4294967296;
const INITIAL_SLOTS = 1024;

class Slots {
  hi: Uint32Array;
  lo: Uint32Array;
  size = 0;

  constructor(slots: number) {
    this.hi = new Uint32Array(slots).fill(EMPTY);
    this.lo = new Uint32Array(slots);
  }

  /** The slot holding `key`, or the empty slot where it would go (as -1 - slot). */
  find(key: number): number {
    const hi = Math.floor(key / TWO_32);
    const lo = key >>> 0;
    const mask = this.hi.length - 1;
    // The low 32 bits of cyrb53 are well mixed: they pick the first slot.
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const h = this.hi[i] as number;
      if (h === EMPTY) return -1 - i;
      if (h === hi && this.lo[i] === lo) return i;
    }
  }

  put(slot: number, key: number): void {
    this.hi[slot] = Math.floor(key / TWO_32);
    this.lo[slot] = key >>> 0;
    this.size++;
  }
}

function checkKey(key: number): void {
  if (!Number.isSafeInteger(key) || key < 0) throw new RangeError(`not a 53-bit hash: ${key}`);
}

/** A set of 53-bit non-negative integers. */
export class HashSet53 {
  #slots = new Slots(INITIAL_SLOTS);

  get size(): number {
    return this.#slots.size;
  }

  has(key: number): boolean {
    return this.#slots.find(key) >= 0;
  }

  add(key: number): this {
    checkKey(key);
    const at = this.#slots.find(key);
    if (at >= 0) return this;
    this.#slots.put(-1 - at, key);
    if (this.#slots.size * 2 > this.#slots.hi.length) this.#grow();
    return this;
  }

  clear(): void {
    this.#slots = new Slots(INITIAL_SLOTS);
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Slots(old.hi.length * 2);
    for (let i = 0; i < old.hi.length; i++) {
      const hi = old.hi[i] as number;
      if (hi !== EMPTY) {
        const key = hi * TWO_32 + (old.lo[i] as number);
        this.#slots.put(-1 - this.#slots.find(key), key);
      }
    }
  }
}

/** A map from 53-bit non-negative integers to numbers (doubles). */
export class HashMap53 {
  #slots = new Slots(INITIAL_SLOTS);
  #values = new Float64Array(INITIAL_SLOTS);

  get size(): number {
    return this.#slots.size;
  }

  has(key: number): boolean {
    return this.#slots.find(key) >= 0;
  }

  get(key: number): number | undefined {
    const at = this.#slots.find(key);
    return at >= 0 ? this.#values[at] : undefined;
  }

  set(key: number, value: number): this {
    checkKey(key);
    const at = this.#slots.find(key);
    if (at >= 0) {
      this.#values[at] = value;
      return this;
    }
    this.#slots.put(-1 - at, key);
    this.#values[-1 - at] = value;
    if (this.#slots.size * 2 > this.#slots.hi.length) this.#grow();
    return this;
  }

  #grow(): void {
    const old = this.#slots;
    const values = this.#values;
    this.#slots = new Slots(old.hi.length * 2);
    this.#values = new Float64Array(old.hi.length * 2);
    for (let i = 0; i < old.hi.length; i++) {
      const hi = old.hi[i] as number;
      if (hi !== EMPTY) {
        const key = hi * TWO_32 + (old.lo[i] as number);
        const at = -1 - this.#slots.find(key);
        this.#slots.put(at, key);
        this.#values[at] = values[i] as number;
      }
    }
  }
}

// A bounded map from text hash to its count, so repeated texts are encoded once.

import { createHash } from 'node:crypto';

/**
 * Two generations instead of a strict LRU: new entries go into `young`; when it holds `capacity / 2`
 * entries it becomes `old` and the previous `old` is dropped. A hit in `old` is copied into `young`,
 * so a hot text (a system prompt sent with every request) survives any number of turnovers.
 * At most `capacity` entries are held, and a hit costs one or two Map lookups, not a reorder.
 */
export class GenerationalCache<V> {
  #young = new Map<string, V>();
  #old = new Map<string, V>();
  readonly #half: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new RangeError(`cache capacity must be an integer ≥ 2, got ${capacity}`);
    }
    this.#half = Math.floor(capacity / 2);
  }

  get(key: string): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (this.#young.size >= this.#half) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }

  get size(): number {
    return this.#young.size + this.#old.size;
  }

  clear(): void {
    this.#young.clear();
    this.#old.clear();
  }
}

/**
 * A collision-safe key for a tuple of strings: SHA-1 over the parts, each length-prefixed so no two
 * tuples hash the same input. The text itself is never stored, only this 27-character digest, so a
 * cached 100 kB system prompt costs tens of bytes.
 */
export function hashKey(...parts: readonly string[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(`${part.length}:`).update(part);
  return hash.digest('base64url');
}

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

/** String.prototype.isWellFormed: ES2024, in V8 since Node 20.0 (the project's TS lib is ES2023). */
const isWellFormed = (String.prototype as unknown as { isWellFormed(this: string): boolean }).isWellFormed;

/**
 * A collision-safe key for a tuple of strings: SHA-1 over the parts, each length-prefixed so no two
 * tuples hash the same input. The text itself is never stored, only this 27-character digest, so a
 * cached 100 kB system prompt costs tens of bytes.
 *
 * A part is hashed as UTF-8, which is one-to-one for well-formed strings only: UTF-8 turns every
 * lone surrogate into U+FFFD, so `a\uD800b` and `a\uFFFDb` would share a key, yet they can count
 * differently (chunking never cuts after a high surrogate). A part with a lone surrogate is hashed
 * as its UTF-16 code units instead, behind a different separator (`N!` instead of `N:`).
 */
export function hashKey(...parts: readonly string[]): string {
  const hash = createHash('sha1');
  for (const part of parts) {
    if (isWellFormed.call(part)) hash.update(`${part.length}:`).update(part);
    else hash.update(`${part.length}!`).update(part, 'utf16le');
  }
  return hash.digest('base64url');
}

/**
 * Texts up to this many UTF-16 units (roles, most names) are their own key, so they are not hashed.
 * Small on purpose: their key `tag NUL text` is then at most 12 units, and V8 builds a string of
 * fewer than 13 units as a flat copy, never as a slice or a concatenation pointing into another
 * string; so a key cannot keep a large string (a log line, a read buffer) alive, and it is no
 * larger than a digest.
 */
export const SHORT_TEXT = 10;

/**
 * The tag-free part of a text's cache key: a short text itself behind a NUL, a longer one its
 * hashKey digest. Made once, it serves every encoding the text is counted with (textKey), so a
 * request compared on three tokenizers hashes its texts once, not three times.
 */
export function textDigest(text: string): string {
  return text.length <= SHORT_TEXT ? `\u0000${text}` : hashKey(text);
}

/**
 * The cache key of one text under one encoding (`tag`: one character naming the encoding, not NUL):
 * the tag, then textDigest (passed in when the caller made it already). A short text is keyed as
 * `tag NUL text`, a longer one as `tag digest`. The two never meet (a base64url digest has no NUL)
 * and the tag is one character, so distinct (tag, text) pairs get distinct keys. Either way a key
 * is at most 28 characters, whatever the length of the text.
 */
export function textKey(tag: string, text: string, digest: string = textDigest(text)): string {
  return tag + digest;
}

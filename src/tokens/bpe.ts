// Byte-level BPE over token ids: counts the tokens of one word as @huggingface/tokenizers' BPE model
// would make them, from merge tables (bpe-tables.ts) instead of the library's built tokenizer.

import type { BpeTables } from './bpe-tables.ts';

/**
 * The library's BPE (BPE.bpe) merges, again and again, the adjacent pair of lowest rank, the
 * leftmost first among equal ranks (its heap score is rank + position / length), until no adjacent
 * pair has a merge. This does the same over ids: symbols in a linked list over typed arrays, and a
 * binary heap of pair keys `rank × 2^32 + position of the left symbol` (exact in a double: ranks
 * are below 2^21). A key whose pair has changed since it was pushed is skipped when popped (a rank
 * names one pair, so an unchanged rank means an unchanged pair).
 *
 * Counting needs no token strings: every merge result and every byte is in the vocabulary
 * (bpe-tables.ts refuses tokenizers where not), so each symbol left is one token, as encode() makes it.
 */

const POSITION = 2 ** 32;
const EMPTY = -1;

export class BpeModel {
  /** Open addressing, keyed by (left id, right id); the value is the merge's rank. */
  readonly #keyLeft: Int32Array;
  readonly #keyRight: Int32Array;
  readonly #rank: Int32Array;
  readonly #mask: number;
  readonly #merged: Int32Array;
  readonly #byteIds: Int32Array;
  /** ignore_merges: a word that is a whole token is one token, merges or not (null when off). */
  readonly #wholeTokens: Set<string> | null;
  readonly #byteChars: string;
  readonly #encoder = new TextEncoder();
  // Scratch space, grown on demand: a word's bytes, symbols and heap.
  #bytes = new Uint8Array(256);
  #symbol = new Int32Array(256);
  #next = new Int32Array(256);
  #prev = new Int32Array(256);
  #heap = new Float64Array(256);

  constructor(tables: BpeTables) {
    const { left, right, merged } = tables;
    let size = 1;
    while (size < 2 * left.length) size *= 2;
    this.#keyLeft = new Int32Array(size).fill(EMPTY);
    this.#keyRight = new Int32Array(size);
    this.#rank = new Int32Array(size);
    this.#mask = size - 1;
    // In rank order, a later duplicate of a pair overwriting the earlier one: the library builds its
    // rank map with `new Map(merges.map((m, i) => [key, i]))`, where the last one wins too.
    for (let r = 0; r < left.length; r++) this.#insert(left[r] as number, right[r] as number, r);
    this.#merged = merged;
    this.#byteIds = tables.byteIds;
    this.#byteChars = tables.byteChars;
    this.#wholeTokens = tables.ignoreMerges ? vocabularyStrings(tables) : null;
  }

  /**
   * Tokens of one word as the tokenizer's last pre-tokenizer step (ByteLevel, no prefix space, no
   * regex) and its BPE model make them: the word's UTF-8 bytes (TextEncoder, as ByteLevel: a lone
   * surrogate becomes U+FFFD), each byte its own symbol, then the merges.
   */
  count(word: string): number {
    if (word.length === 0) return 0;
    let bytes = this.#bytes;
    if (bytes.length < 3 * word.length) bytes = this.#bytes = new Uint8Array(3 * word.length);
    const n = this.#encoder.encodeInto(word, bytes).written;
    if (n === 1) return 1;
    if (this.#wholeTokens !== null && this.#wholeTokens.has(this.#byteLevel(bytes, n))) return 1;
    return this.#merge(bytes, n);
  }

  #merge(bytes: Uint8Array, n: number): number {
    if (this.#symbol.length < n) this.#grow(n);
    const symbol = this.#symbol;
    const next = this.#next;
    const prev = this.#prev;
    const heap = this.#heap;
    let size = 0;
    for (let i = 0; i < n; i++) {
      symbol[i] = this.#byteIds[bytes[i] as number] as number;
      next[i] = i + 1 < n ? i + 1 : EMPTY;
      prev[i] = i - 1;
    }
    for (let i = 0; i + 1 < n; i++) {
      const rank = this.#lookup(symbol[i] as number, symbol[i + 1] as number);
      if (rank !== EMPTY) size = push(heap, size, rank * POSITION + i);
    }
    let count = n;
    while (size > 0) {
      const key = heap[0] as number;
      size = pop(heap, size);
      const rank = Math.floor(key / POSITION);
      const i = key - rank * POSITION;
      const j = next[i] as number;
      // Stale: i was merged away (its symbol is then -1), has no right neighbour, or its pair changed.
      if (symbol[i] === EMPTY || j === EMPTY || this.#lookup(symbol[i] as number, symbol[j] as number) !== rank) continue;
      symbol[i] = this.#merged[rank] as number;
      symbol[j] = EMPTY;
      const after = next[j] as number;
      next[i] = after;
      if (after !== EMPTY) prev[after] = i;
      count -= 1;
      const before = prev[i] as number;
      if (before !== EMPTY) {
        const r = this.#lookup(symbol[before] as number, symbol[i] as number);
        if (r !== EMPTY) size = push(heap, size, r * POSITION + before);
      }
      if (after !== EMPTY) {
        const r = this.#lookup(symbol[i] as number, symbol[after] as number);
        if (r !== EMPTY) size = push(heap, size, r * POSITION + i);
      }
    }
    return count;
  }

  /** The word as ByteLevel writes it (one character per byte), for the whole-token check. */
  #byteLevel(bytes: Uint8Array, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += this.#byteChars[bytes[i] as number];
    return s;
  }

  #slot(left: number, right: number): number {
    let h = Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x632be5ab, 0x85ebca77);
    h ^= h >>> 15;
    return Math.imul(h, 0x2c1b3c6d) & this.#mask;
  }

  #insert(left: number, right: number, rank: number): void {
    for (let s = this.#slot(left, right); ; s = (s + 1) & this.#mask) {
      const l = this.#keyLeft[s] as number;
      if (l === EMPTY || (l === left && this.#keyRight[s] === right)) {
        this.#keyLeft[s] = left;
        this.#keyRight[s] = right;
        this.#rank[s] = rank;
        return;
      }
    }
  }

  /** The rank of the merge of (left, right), or -1. */
  #lookup(left: number, right: number): number {
    for (let s = this.#slot(left, right); ; s = (s + 1) & this.#mask) {
      const l = this.#keyLeft[s] as number;
      if (l === EMPTY) return EMPTY;
      if (l === left && this.#keyRight[s] === right) return this.#rank[s] as number;
    }
  }

  #grow(n: number): void {
    this.#symbol = new Int32Array(n);
    this.#next = new Int32Array(n);
    this.#prev = new Int32Array(n);
    // A symbol pushes at most two keys per merge, plus one per initial pair.
    this.#heap = new Float64Array(3 * n);
  }
}

/** Min-heap of doubles in heap[0, size): push and pop, returning the new size. */
function push(heap: Float64Array, size: number, key: number): number {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent] as number;
    if (p <= key) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = key;
  return size + 1;
}

function pop(heap: Float64Array, size: number): number {
  const last = heap[size - 1] as number;
  const n = size - 1;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && (heap[child + 1] as number) < (heap[child] as number)) child += 1;
    if ((heap[child] as number) >= last) break;
    heap[i] = heap[child] as number;
    i = child;
  }
  heap[i] = last;
  return n;
}

/**
 * Every token of the vocabulary as a string (ignore_merges asks whether a whole word is one): the
 * byte characters, each merge result as the strings of its two parts joined (by the first merge
 * that makes it; its parts are made the same way), and the tokens no merge makes. Dense arrays by
 * id, not Maps: this runs over 280,000 merges at load (Llama 3.1), ~0.2 s.
 */
function vocabularyStrings(tables: BpeTables): Set<string> {
  const { left, right, merged } = tables;
  let size = 0;
  for (const id of merged) size = Math.max(size, id + 1);
  for (const id of tables.byteIds) size = Math.max(size, id + 1);
  const text: string[] = new Array<string>(size).fill('');
  for (let b = 0; b < 256; b++) text[tables.byteIds[b] as number] = tables.byteChars[b] as string;
  const madeBy = new Int32Array(size).fill(-1);
  for (let r = left.length - 1; r >= 0; r--) madeBy[merged[r] as number] = r;
  // Each token's string after its parts' (an explicit stack: a chain of merges may be deep).
  const stack: number[] = [];
  for (let id = 0; id < size; id++) {
    if (madeBy[id] === -1 || text[id] !== '') continue;
    stack.push(id);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as number;
      const r = madeBy[top] as number;
      if (r === -1) throw new Error(`token ${top} is a merge's part but neither a byte nor a merge's result`);
      const a = left[r] as number;
      const b = right[r] as number;
      if (text[top] !== '') stack.pop();
      else if (text[a] === '') stack.push(a);
      else if (text[b] === '') stack.push(b);
      else {
        text[top] = (text[a] as string) + (text[b] as string);
        stack.pop();
      }
    }
  }
  const all = new Set<string>(tables.otherTokens);
  for (const t of text) if (t !== '') all.add(t);
  return all;
}

// Owner of the tiktoken WASM encoders: created lazily per encoding, reused, freed on dispose.

import { createRequire } from 'node:module';
import type { Tiktoken } from 'tiktoken';
import type { EncodingName } from './encodings.ts';

/**
 * tiktoken is required on first use, not imported: importing it instantiates its WASM module
 * (~65 ms, ~20 MB RSS, measured), which a run over logs that all carry usage should not pay.
 */
const require = createRequire(import.meta.url);
let tiktoken: typeof import('tiktoken') | undefined;
function loadTiktoken(): typeof import('tiktoken') {
  tiktoken ??= require('tiktoken') as typeof import('tiktoken');
  return tiktoken;
}

export interface TextCount {
  tokens: number;
  /** false when the text had to be cut into chunks (see LONG_RUN), so the count is approximate. */
  exact: boolean;
}

/** What the counter needs from a tokenizer; tests substitute a spy. */
export interface Tokenizer extends Disposable {
  countText(encoding: EncodingName, text: string): TextCount;
  /** Encodings loaded so far (each costs ~0.3–0.6 s and ~100 MB RSS). */
  loadedEncodings(): EncodingName[];
  dispose(): void;
}

/**
 * tiktoken's byte-pair merge is quadratic in the length of one pre-tokenizer piece: 100k spaces,
 * dots or `a`s take ~6 s (measured), so 1 MB would take ~10 min. In both encodings a piece is one
 * run of letters/marks, of whitespace or of other symbols (digits go by threes), plus at most a few
 * characters of its neighbours; so a text without a same-class run of RUN_LIMIT characters is
 * encoded whole and exactly (the common case, checked in linear time). One that has such a run
 * (base64 of zeros, padding, unpunctuated CJK) is encoded in RUN_LIMIT-character chunks: bounded
 * time, an error of about one token per chunk boundary, and the count is marked inexact.
 */
const RUN_LIMIT = 1024;
// The lookbehinds make each run be tried once, from its start, so the scan stays linear.
const LONG_RUN = new RegExp(
  [
    `(?<![\\p{L}\\p{M}])[\\p{L}\\p{M}]{${RUN_LIMIT}}`,
    `(?<!\\s)\\s{${RUN_LIMIT}}`,
    `(?<![^\\s\\p{L}\\p{N}])[^\\s\\p{L}\\p{N}]{${RUN_LIMIT}}`,
  ].join('|'),
  'u',
);

export class TiktokenTokenizer implements Tokenizer {
  #encoders = new Map<EncodingName, Tiktoken>();

  countText(encoding: EncodingName, text: string): TextCount {
    if (text.length === 0) return { tokens: 0, exact: true };
    const encoder = this.#encoder(encoding);
    if (text.length < RUN_LIMIT || !LONG_RUN.test(text)) {
      return { tokens: encodeCount(encoder, text), exact: true };
    }
    let tokens = 0;
    for (const chunk of chunks(text, RUN_LIMIT)) tokens += encodeCount(encoder, chunk);
    return { tokens, exact: false };
  }

  loadedEncodings(): EncodingName[] {
    return [...this.#encoders.keys()];
  }

  dispose(): void {
    // WASM memory is outside the JS heap: without free() each encoder leaks ~100 MB.
    for (const encoder of this.#encoders.values()) encoder.free();
    this.#encoders.clear();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  #encoder(encoding: EncodingName): Tiktoken {
    let encoder = this.#encoders.get(encoding);
    if (encoder === undefined) {
      encoder = loadTiktoken().get_encoding(encoding);
      this.#encoders.set(encoding, encoder);
    }
    return encoder;
  }
}

/**
 * encode_ordinary treats `<|endoftext|>` and other special-token strings in user text as plain
 * text (several tokens), as the API does for message content; encode() would throw on them.
 */
function encodeCount(encoder: Tiktoken, text: string): number {
  return encoder.encode_ordinary(text).length;
}

/** Cuts text into pieces of at most `size` UTF-16 units, never inside a surrogate pair. */
function* chunks(text: string, size: number): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    yield text.slice(start, end);
    start = end;
  }
}

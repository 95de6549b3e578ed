// Counts a request's text with any of the offline tokenizers, each distinct text once per tokenizer.

import type { ChatMessage, RequestText } from '../core/types.ts';
import { GenerationalCache, textDigest, textKey } from './cache.ts';
import { DEFAULT_CACHE_ENTRIES } from './count.ts';
import { TOKENIZERS, type TokenizerName } from './families.ts';
import type { HfCounter } from './hf-count.ts';
import { HfTokenizers, type HfTokenizerName, type HfTokenizersOptions } from './hf.ts';
import { OVERHEAD } from './overhead.ts';
import { TiktokenTokenizer } from './tokenizer.ts';

/** One character per tokenizer in cache keys (no NUL: see textKey). */
const KEY_TAG = { o200k: 'o', cl100k: 'c', qwen: 'q', deepseek: 'd', llama: 'l', gemma: 'g', mistral: 'm' } as const satisfies Record<TokenizerName, string>;

export interface TextTokens {
  /** Prompt side: messages with their chat overhead, plus a prompt string. */
  input: number;
  /** The completion. */
  output: number;
  /** false when tiktoken had to cut a long run into chunks (see tokenizer.ts): off by ~1 per chunk. */
  exact: boolean;
}

export interface TextCounterStats {
  hits: number;
  misses: number;
  cacheEntries: number;
  loaded: TokenizerName[];
}

export interface TextCounter extends Disposable {
  count(tokenizer: TokenizerName, text: RequestText): TextTokens;
  /** Tokens of one plain string (no overhead). */
  countString(tokenizer: TokenizerName, text: string): number;
  stats(): TextCounterStats;
  /** Milliseconds each vendored tokenizer took to load. */
  loadMs(): Partial<Record<TokenizerName, number>>;
  dispose(): void;
}

export interface TextCounterOptions extends HfTokenizersOptions {
  cacheEntries?: number;
  /** The vendored tokenizers' owner (default: a new one over `dir`/`readFile`); disposed with the counter. */
  hf?: HfTokenizers;
}

export function createTextCounter(options: TextCounterOptions = {}): TextCounter {
  const tiktoken = new TiktokenTokenizer();
  const hf = options.hf ?? new HfTokenizers(options);
  /** Packed as in count.ts: `n` when exact, `-1 - n` when chunked. */
  const cache = new GenerationalCache<number>(options.cacheEntries ?? DEFAULT_CACHE_ENTRIES);
  let hits = 0;
  let misses = 0;
  let disposed = false;
  /** Per vendored tokenizer: its words counted once each (hf-count.ts, from BPE tables where they ship), made on first use. */
  const hfCounters = new Map<HfTokenizerName, HfCounter>();
  function hfCount(name: HfTokenizerName, text: string): number {
    let counter = hfCounters.get(name);
    if (counter === undefined) {
      counter = hf.counter(name);
      hfCounters.set(name, counter);
    }
    return counter.count(text);
  }

  /**
   * The digests of the last request's texts (cache.ts textDigest), by place: message i's content,
   * role and name in slots 3i, 3i + 1, 3i + 2, then the prompt and the completion. A what-if counts
   * one request once per target tokenizer, with the same RequestText object each time: its texts
   * are hashed for the first tokenizer only (SHA-1 over every message of a resent history is most
   * of a cache hit's cost). A slot is reused only for the very same string (=== on the text kept
   * beside it), so a request edited in place is hashed again. Not a Map keyed by the text: hashing
   * a long string into a Map cost 30 MB of peak RSS on the bench's what-if, measured.
   */
  let slotsOf: RequestText | undefined;
  const slotTexts: (string | undefined)[] = [];
  const slotDigests: string[] = [];
  function digestAt(slot: number, text: string): string {
    if (slotTexts[slot] !== text) {
      slotTexts[slot] = text;
      slotDigests[slot] = textDigest(text);
    }
    return slotDigests[slot] as string;
  }

  function packed(name: TokenizerName, text: string, digest?: string): number {
    if (text.length === 0) return 0;
    const key = textKey(KEY_TAG[name], text, digest);
    const found = cache.get(key);
    if (found !== undefined) {
      hits += 1;
      return found;
    }
    misses += 1;
    const spec = TOKENIZERS[name];
    let value: number;
    if (spec.kind === 'tiktoken') {
      const { tokens, exact } = tiktoken.countText(spec.encoding, text);
      value = exact ? tokens : -1 - tokens;
    } else {
      value = hfCount(name as HfTokenizerName, text);
    }
    cache.set(key, value);
    return value;
  }

  function count(name: TokenizerName, text: RequestText): TextTokens {
    if (disposed) throw new Error('TextCounter.count() called after dispose(); create a new counter');
    const overhead = OVERHEAD[name];
    let exact = true;
    const add = (value: number): number => {
      if (value >= 0) return value;
      exact = false;
      return -1 - value;
    };
    if (text !== slotsOf) {
      slotsOf = text;
      slotTexts.length = 0;
      slotDigests.length = 0;
    }
    const at = (slot: number, s: string): number => (s.length === 0 ? 0 : packed(name, s, digestAt(slot, s)));
    const messages: ChatMessage[] = text.messages ?? [];
    let input = messages.length > 0 ? overhead.perRequest + overhead.replyPriming : 0;
    for (let i = 0; i < messages.length; i++) {
      const { role, content, name: who } = messages[i] as ChatMessage;
      input += overhead.perMessage + add(at(3 * i, content));
      if (overhead.countRole) input += add(at(3 * i + 1, role));
      if (who !== undefined) input += overhead.perName + add(at(3 * i + 2, who));
    }
    if (text.prompt !== undefined) input += add(at(3 * messages.length, text.prompt));
    const output = add(at(3 * messages.length + 1, text.completion ?? ''));
    return { input, output, exact };
  }

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    slotsOf = undefined;
    slotTexts.length = 0;
    slotDigests.length = 0;
    cache.clear();
    hfCounters.clear();
    tiktoken.dispose();
    hf.dispose();
  }

  return {
    count,
    countString: (name, text) => {
      const value = packed(name, text);
      return value >= 0 ? value : -1 - value;
    },
    stats: () => ({
      hits,
      misses,
      cacheEntries: cache.size,
      loaded: [...tiktoken.loadedEncodings().map((e) => (e === 'o200k_base' ? 'o200k' : 'cl100k') as TokenizerName), ...hf.loaded()],
    }),
    loadMs: () => Object.fromEntries(hf.loadMs),
    dispose,
    [Symbol.dispose]: dispose,
  };
}

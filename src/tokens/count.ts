// Counts the tokens of a request's text: chat overhead, per-text cache, counted vs estimated.

import { emptyBuckets, type ChatMessage, type RequestText, type TokenBuckets, type UsageSource } from '../core/types.ts';
import { GenerationalCache, textKey } from './cache.ts';
import { encodingFor, type EncodingName } from './encodings.ts';
import { TiktokenTokenizer, type TextCount, type Tokenizer } from './tokenizer.ts';

/**
 * Chat-format overhead for current OpenAI models (gpt-3.5-turbo-0125 and later, gpt-4*, gpt-4o*),
 * from the OpenAI cookbook "How to count tokens with tiktoken": each message is wrapped as
 * <|start|>{role/name}<|message|>{content}<|end|>, and every reply is primed with
 * <|start|>assistant<|message|>. Tools/function definitions are not in RequestText and not counted.
 */
export const CHAT_OVERHEAD = { perMessage: 3, perName: 1, replyPriming: 3 } as const;

/**
 * Enough for the distinct texts of a large log. An entry is a key of at most 27 characters (a digest,
 * or a short text itself: see textKey) and a small integer, whatever the length of the text;
 * measured with the Map's own overhead, at most about 86 bytes, so a full cache is about 17 MB.
 */
export const DEFAULT_CACHE_ENTRIES = 200_000;

export interface CountResult {
  tokens: TokenBuckets;
  /** 'counted' with the model's own tokenizer, 'estimated' with a stand-in or approximate chunks. */
  source: Extract<UsageSource, 'counted' | 'estimated'>;
}

export interface CounterStats {
  cacheEntries: number;
  hits: number;
  misses: number;
}

export interface TokenCounter extends Disposable {
  count(model: string, text: RequestText): CountResult;
  /** Encodings loaded so far: empty until the first count() that has text to encode. */
  loadedEncodings(): EncodingName[];
  stats(): CounterStats;
  /** Frees the WASM encoders. Call once at the end of a run (or hold the counter with `using`). */
  dispose(): void;
}

export interface TokenCounterOptions {
  /** Maximum cached counts; default DEFAULT_CACHE_ENTRIES. */
  cacheEntries?: number;
  /** Defaults to the tiktoken one; the counter disposes whatever it is given. */
  tokenizer?: Tokenizer;
}

/** One character per encoding in cache keys (no NUL: see textKey); a new encoding must get one. */
const KEY_TAG: Readonly<Record<EncodingName, string>> = { o200k_base: 'o', cl100k_base: 'c' };

/**
 * A count as the cache holds it: one small integer, not an object. `tokens` when exact, else
 * `-1 - tokens` (so an inexact 0 stays distinguishable from an exact 0).
 */
type PackedCount = number;
const pack = ({ tokens, exact }: TextCount): PackedCount => (exact ? tokens : -1 - tokens);

/** A running sum of packed counts: tokens, and whether every one of them was exact. */
class Tally {
  tokens: number;
  exact = true;
  constructor(overhead = 0) {
    this.tokens = overhead;
  }
  add(packed: PackedCount): void {
    if (packed >= 0) this.tokens += packed;
    else {
      this.tokens += -1 - packed;
      this.exact = false;
    }
  }
}

export function createTokenCounter(options: TokenCounterOptions = {}): TokenCounter {
  const tokenizer = options.tokenizer ?? new TiktokenTokenizer();
  const cache = new GenerationalCache<PackedCount>(options.cacheEntries ?? DEFAULT_CACHE_ENTRIES);
  let hits = 0;
  let misses = 0;
  let disposed = false;

  /**
   * The count of one text, cached by (encoding, text) alone: a reply counted as a completion is not
   * encoded again when the next request resends it as an assistant message, nor is a role or a
   * system prompt encoded again in any other position. Chat overhead is added by the callers.
   */
  function countText(encoding: EncodingName, text: string): PackedCount {
    if (text.length === 0) return 0;
    const key = textKey(KEY_TAG[encoding], text);
    const found = cache.get(key);
    if (found !== undefined) {
      hits += 1;
      return found;
    }
    misses += 1;
    const counted = pack(tokenizer.countText(encoding, text));
    cache.set(key, counted);
    return counted;
  }

  /** <|start|>{role}[ name]<|message|>{content}<|end|>: the three texts plus the per-message overhead. */
  function addMessage(tally: Tally, encoding: EncodingName, { role, content, name }: ChatMessage): void {
    tally.tokens += CHAT_OVERHEAD.perMessage;
    tally.add(countText(encoding, role));
    tally.add(countText(encoding, content));
    if (name !== undefined) {
      tally.tokens += CHAT_OVERHEAD.perName;
      tally.add(countText(encoding, name));
    }
  }

  function count(model: string, text: RequestText): CountResult {
    if (disposed) throw new Error('TokenCounter.count() called after dispose(); create a new counter');
    const { encoding, exact } = encodingFor(model);
    const messages = text.messages ?? [];
    const input = new Tally(messages.length > 0 ? CHAT_OVERHEAD.replyPriming : 0);
    for (const message of messages) addMessage(input, encoding, message);
    // A prompt string or a completion is plain text: no overhead.
    if (text.prompt !== undefined) input.add(countText(encoding, text.prompt));
    const output = new Tally();
    output.add(countText(encoding, text.completion ?? ''));

    // Cache reads/writes and reasoning cannot be known from text: they stay 0.
    const tokens = emptyBuckets();
    tokens.input = input.tokens;
    tokens.output = output.tokens;
    const allExact = exact && input.exact && output.exact;
    return { tokens, source: allExact ? 'counted' : 'estimated' };
  }

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    cache.clear();
    tokenizer.dispose();
  }

  return {
    count,
    loadedEncodings: () => tokenizer.loadedEncodings(),
    stats: () => ({ cacheEntries: cache.size, hits, misses }),
    dispose,
    [Symbol.dispose]: dispose,
  };
}

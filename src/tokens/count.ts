// Counts the tokens of a request's text: chat overhead, per-message cache, counted vs estimated.

import { emptyBuckets, type ChatMessage, type RequestText, type TokenBuckets, type UsageSource } from '../core/types.ts';
import { GenerationalCache, hashKey } from './cache.ts';
import { encodingFor, type EncodingName } from './encodings.ts';
import { TiktokenTokenizer, type TextCount, type Tokenizer } from './tokenizer.ts';

/**
 * Chat-format overhead for current OpenAI models (gpt-3.5-turbo-0125 and later, gpt-4*, gpt-4o*),
 * from the OpenAI cookbook "How to count tokens with tiktoken": each message is wrapped as
 * <|start|>{role/name}<|message|>{content}<|end|>, and every reply is primed with
 * <|start|>assistant<|message|>. Tools/function definitions are not in RequestText and not counted.
 */
export const CHAT_OVERHEAD = { perMessage: 3, perName: 1, replyPriming: 3 } as const;

/** Enough for the distinct messages of a large log; at ~100 bytes an entry, about 20 MB. */
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

export function createTokenCounter(options: TokenCounterOptions = {}): TokenCounter {
  const tokenizer = options.tokenizer ?? new TiktokenTokenizer();
  const cache = new GenerationalCache<TextCount>(options.cacheEntries ?? DEFAULT_CACHE_ENTRIES);
  let hits = 0;
  let misses = 0;
  let disposed = false;

  /** Looks the key up; on a miss runs `compute` (which encodes) and remembers its result. */
  function cached(key: string, compute: () => TextCount): TextCount {
    const found = cache.get(key);
    if (found !== undefined) {
      hits += 1;
      return found;
    }
    misses += 1;
    const counted = compute();
    cache.set(key, counted);
    return counted;
  }

  function countMessage(encoding: EncodingName, message: ChatMessage): TextCount {
    const { role, content, name } = message;
    const key = hashKey('message', encoding, role, name === undefined ? '' : `=${name}`, content);
    return cached(key, () => {
      const parts = [role, content, ...(name === undefined ? [] : [name])].map((part) =>
        tokenizer.countText(encoding, part),
      );
      const overhead = CHAT_OVERHEAD.perMessage + (name === undefined ? 0 : CHAT_OVERHEAD.perName);
      return sumCounts(parts, overhead);
    });
  }

  /** Plain text (a completion prompt, a reply): no overhead. Cached, since templates repeat. */
  function countPlain(encoding: EncodingName, text: string): TextCount {
    if (text.length === 0) return { tokens: 0, exact: true };
    return cached(hashKey('text', encoding, text), () => tokenizer.countText(encoding, text));
  }

  function count(model: string, text: RequestText): CountResult {
    if (disposed) throw new Error('TokenCounter.count() called after dispose(); create a new counter');
    const { encoding, exact } = encodingFor(model);
    const input: TextCount[] = [];
    const messages = text.messages ?? [];
    for (const message of messages) input.push(countMessage(encoding, message));
    if (text.prompt !== undefined) input.push(countPlain(encoding, text.prompt));
    const inputCount = sumCounts(input, messages.length > 0 ? CHAT_OVERHEAD.replyPriming : 0);
    const outputCount = countPlain(encoding, text.completion ?? '');

    // Cache reads/writes and reasoning cannot be known from text: they stay 0.
    const tokens = emptyBuckets();
    tokens.input = inputCount.tokens;
    tokens.output = outputCount.tokens;
    const allExact = exact && inputCount.exact && outputCount.exact;
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

function sumCounts(counts: readonly TextCount[], overhead: number): TextCount {
  let tokens = overhead;
  let exact = true;
  for (const c of counts) {
    tokens += c.tokens;
    exact &&= c.exact;
  }
  return { tokens, exact };
}

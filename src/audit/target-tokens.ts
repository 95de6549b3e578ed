// The what-if's view of one request on a target model: its tokens as the target would count them
// (src/tokens/target.ts: the text re-counted with the target's tokenizer when the log has it, else
// the logged counts converted by a measured ratio), the price request with those tokens (a tiered
// price picks its tier by the target's count), and a sentence for the report when it is an estimate.
// With --target-tokens logged, the logged counts carry over unchanged (a price-only comparison).
import { emptyBuckets, type RequestText, type UsageRecord } from '../core/types.ts';
import type { TargetTokenMethod } from '../core/whatif.ts';
import type { PriceRequest } from '../pricing/catalog.ts';
import { createTargetTokens, type CountResult, type TargetCount, type TargetTokens } from '../tokens/index.ts';

export type TargetTokensMode = 'recount' | 'logged';
export const TARGET_TOKENS_MODES: readonly TargetTokensMode[] = ['recount', 'logged'];

export interface TargetView {
  tokens: UsageRecord['tokens'];
  request: PriceRequest;
  method: TargetTokenMethod;
}

const LOGGED: TargetTokenMethod = { method: 'logged' };

export class TargetRecount {
  readonly #mode: TargetTokensMode;
  /** Made on first use: a run without --compare or swaps loads no tokenizer. */
  #targets: TargetTokens | undefined;
  /** One sentence per (source model, target) and method: the same few are asked for on every row. */
  readonly #notes = new Map<string, string | undefined>();

  constructor(mode: TargetTokensMode = 'recount') {
    this.#mode = mode;
  }

  /**
   * `sourceModel`: the catalogue id the request was priced as (its tokenizer is the source's);
   * `text`: the request's text, present when the log had no usage (RawRecord.text).
   */
  view(target: string, sourceModel: string, text: RequestText | undefined, record: UsageRecord, request: PriceRequest): TargetView {
    if (this.#mode === 'logged') return { tokens: record.tokens, request, method: LOGGED };
    this.#targets ??= createTargetTokens();
    const count = this.#targets.countForTarget(target, sourceModel, text, record.tokens);
    if (count.method === 'logged') return { tokens: record.tokens, request, method: LOGGED };
    return { tokens: count.tokens, request: { ...request, tokens: count.tokens }, method: { method: count.method, note: this.#note(target, sourceModel, count) } };
  }

  /**
   * A request without usage, counted with its own model's tokenizer when the model has an exact one:
   * OpenAI's (o200k/cl100k, with the same chat overhead as the run's tiktoken counter, so the same
   * counts) and the vendored ones (Qwen, DeepSeek, Llama, Gemma, Mistral). Undefined for models with
   * no exact offline tokenizer (the run's counter estimates those, as before). Counting OpenAI text
   * here rather than in the run's counter puts it in the cache the what-if reads: an o200k target
   * then re-counts nothing for o200k traffic, and only one set of tiktoken encoders is loaded.
   */
  countOwn(model: string, text: RequestText): CountResult | undefined {
    this.#targets ??= createTargetTokens();
    const own = this.#targets.describe(model);
    if (own.fidelity !== 'exact') return undefined;
    const counted = this.#targets.countText(own.tokenizer, text);
    const tokens = emptyBuckets();
    tokens.input = counted.input;
    tokens.output = counted.output;
    return { tokens, source: counted.exact ? 'counted' : 'estimated' };
  }

  #note(target: string, source: string, count: TargetCount): string | undefined {
    const key = `${source}\u0000${target}\u0000${count.method}\u0000${count.ratio?.value ?? ''}`;
    if (this.#notes.has(key)) return this.#notes.get(key);
    const note = describeCount(this.#targets as TargetTokens, source, target, count);
    this.#notes.set(key, note);
    return note;
  }

  dispose(): void {
    this.#targets?.dispose();
    this.#targets = undefined;
  }
}

/** What the report says about a target's counts that are not the target tokenizer's own. */
function describeCount(targets: TargetTokens, source: string, target: string, count: TargetCount): string | undefined {
  if (count.method === 'counted') return undefined;
  if (count.method === 'proxy') return `text counted with ${count.tokenizer} as a stand-in for ${target}'s tokenizer (${targets.describe(target).note})`;
  const r = count.ratio;
  if (r === undefined) return undefined;
  // Two models mapped to one stand-in tokenizer (a family we have no tokenizer for): the counts
  // carry over, but nobody measured that they are equal.
  if (r.from === r.to) {
    const unsure = [source, target].map((m) => targets.describe(m)).filter((d) => d.fidelity !== 'exact');
    return `${source} → ${target}: counts carried over unmeasured (${unsure.map((d) => d.note).join('; ') || r.basis})`;
  }
  return `${r.from} counts × ${r.value}: ${r.basis}`;
}

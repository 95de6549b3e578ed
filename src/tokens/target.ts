// The what-if's token counts: the same request as the target model would count it.

import type { RequestText, TokenBuckets } from '../core/types.ts';
import { modelTokens, type ModelTokens, type TokenizerName } from './families.ts';
import { apportion, FACTORS, ratioBetween, scaleCount, type Ratio } from './ratios.ts';
import { createTextCounter, type TextCounter, type TextCounterOptions, type TextCounterStats, type TextTokens } from './texts.ts';

/**
 * - `logged`: counts carried over unchanged (source and target share one exact tokenizer);
 * - `counted`: the text re-counted with the target's own tokenizer;
 * - `proxy`: the text counted with a stand-in tokenizer (Gemini with Gemma 3, Kimi with Qwen…): an estimate;
 * - `ratio`: counts converted with a ratio (no text, or a Claude factor): an estimate, `ratio` says which.
 */
export const TARGET_METHODS = ['logged', 'counted', 'proxy', 'ratio'] as const;
export type TargetMethod = (typeof TARGET_METHODS)[number];

export interface TargetCount {
  tokens: TokenBuckets;
  method: TargetMethod;
  /** true for `proxy` and `ratio`, and for a `counted` text that had to be chunked. */
  estimate: boolean;
  /** The tokenizer whose counts were used (or scaled). */
  tokenizer: TokenizerName;
  /** Present when a ratio or factor was applied: what it was and where it comes from. */
  ratio?: Ratio;
}

export interface TargetTokens extends Disposable {
  /**
   * The tokens of one request as `targetModel` would count them. `text` is the request's text when
   * the log has it (RawRecord.text); `logged` the counts the run resolved for it (logged, or
   * counted for the source model). Pure apart from the per-text cache; never mutates `logged`.
   */
  countForTarget(targetModel: string, sourceModel: string, text: RequestText | undefined, logged: TokenBuckets): TargetCount;
  /** A request's text counted with one tokenizer (cached per text, as countForTarget). */
  countText(tokenizer: TokenizerName, text: RequestText): TextTokens;
  /** Which tokenizer a model maps to, and how exact that is (for report footnotes). */
  describe(model: string): ModelTokens;
  stats(): TextCounterStats;
  dispose(): void;
}

export type TargetTokensOptions = TextCounterOptions;

const hasPromptText = (text: RequestText | undefined): text is RequestText => text !== undefined && ((text.messages?.length ?? 0) > 0 || text.prompt !== undefined);
const hasCompletionText = (text: RequestText | undefined): text is RequestText => text?.completion !== undefined;

export function createTargetTokens(options: TargetTokensOptions = {}): TargetTokens {
  const counter: TextCounter = createTextCounter(options);
  /**
   * The last request's counts per tokenizer. A run asks for one request's text once per target
   * (and once more for its own model), the same RequestText object each time: two targets that
   * share a tokenizer (gpt-5 and gpt-4.1-mini, qwen3-max and qwen-plus) then take one count
   * instead of hashing every message again for a cache hit. Keyed by the object: a caller that
   * edits a text in place between two calls gets counts of the new text only from a new object
   * (RawRecord.text is made once per row and never edited).
   */
  let lastText: RequestText | undefined;
  const lastCounts = new Map<TokenizerName, TextTokens>();
  function countText(tokenizer: TokenizerName, text: RequestText): TextTokens {
    if (text !== lastText) {
      lastText = text;
      lastCounts.clear();
    }
    let counted = lastCounts.get(tokenizer);
    if (counted === undefined) {
      counted = counter.count(tokenizer, text);
      lastCounts.set(tokenizer, counted);
    }
    return counted;
  }
  // modelTokens runs a few regexes; a run compares a handful of models over and over.
  const described = new Map<string, ModelTokens>();
  function describe(model: string): ModelTokens {
    let found = described.get(model);
    if (found === undefined) {
      found = modelTokens(model);
      described.set(model, found);
    }
    return found;
  }

  function countForTarget(targetModel: string, sourceModel: string, text: RequestText | undefined, logged: TokenBuckets): TargetCount {
    const source = describe(sourceModel);
    const target = describe(targetModel);
    const promptText = hasPromptText(text);
    const completionText = hasCompletionText(text);

    if (!promptText && !completionText) {
      // One tokenizer for both: counts carry over. Two families that merely share a stand-in
      // (Kimi and GLM both counted with Qwen3) are converted with a ratio of 1, labelled an estimate.
      const bothExact = source.fidelity === 'exact' && target.fidelity === 'exact';
      if (source.tokenizer === target.tokenizer && source.factor === target.factor && (bothExact || source.family === target.family)) {
        return { tokens: { ...logged }, method: 'logged', estimate: false, tokenizer: target.tokenizer };
      }
      const ratio = ratioBetween(source, target);
      const scale = (n: number) => scaleCount(n, ratio.value);
      return { tokens: rebuild(logged, scale, undefined, undefined), method: 'ratio', estimate: true, tokenizer: target.tokenizer, ratio };
    }

    // Text: count it with the target's tokenizer (or its stand-in), times its factor if it has one.
    const counted = countText(target.tokenizer, text as RequestText);
    const factor = target.factor === undefined ? undefined : FACTORS[target.factor];
    const withFactor = (n: number) => (factor === undefined ? n : scaleCount(n, factor.value));
    // A side without text (a log with the prompt but no completion) is converted by the ratio.
    const sideRatio = !promptText || !completionText ? ratioBetween(source, target) : undefined;
    const viaRatio = (n: number) => scaleCount(n, (sideRatio as Ratio).value);
    const tokens = rebuild(
      logged,
      viaRatio,
      promptText ? withFactor(counted.input) : undefined,
      completionText ? withFactor(counted.output) : undefined,
    );

    // The ratio to state: the one that converted a side without text (its basis names the factor
    // too), else the Claude factor applied to the counted text.
    let ratio: Ratio | undefined;
    if (sideRatio !== undefined && (promptText ? logged.output : promptTokensOf(logged)) > 0) {
      ratio = sideRatio;
    } else if (factor !== undefined) {
      ratio = { from: `${target.tokenizer} (counted)`, to: target.family, value: factor.value, basis: factor.basis };
    }
    const method: TargetMethod = ratio !== undefined ? 'ratio' : target.fidelity === 'exact' ? 'counted' : 'proxy';
    const estimate = method !== 'counted' || !counted.exact;
    return ratio === undefined ? { tokens, method, estimate, tokenizer: target.tokenizer } : { tokens, method, estimate, tokenizer: target.tokenizer, ratio };
  }

  function dispose(): void {
    lastText = undefined;
    lastCounts.clear();
    counter.dispose();
  }

  return {
    countForTarget,
    countText,
    describe,
    stats: () => counter.stats(),
    dispose,
    [Symbol.dispose]: dispose,
  };
}

function promptTokensOf(t: TokenBuckets): number {
  return t.input + t.cacheRead + t.cacheWrite5m + t.cacheWrite1h;
}

/**
 * The target's buckets from the logged ones. Prompt side: the text part (prompt tokens less the
 * audio/image tokens among them) is replaced by `promptText` when counted, else scaled; audio and
 * image tokens are not text and carry over unchanged; the new prompt total is then split over
 * input / cache read / cache write 5m / 1h in the logged proportions (apportion: exact sum,
 * largest remainders). Output side likewise, with reasoning kept at its logged share of the
 * output. Web-search calls carry over.
 */
function rebuild(logged: TokenBuckets, scale: (n: number) => number, promptText: number | undefined, completionText: number | undefined): TokenBuckets {
  const prompt = promptTokensOf(logged);
  const media = Math.min(prompt, logged.inputAudio + logged.inputImage);
  const newPrompt = (promptText ?? scale(prompt - media)) + media;
  const [input, cacheRead, cacheWrite5m, cacheWrite1h] = apportion(newPrompt, [logged.input, logged.cacheRead, logged.cacheWrite5m, logged.cacheWrite1h]) as [number, number, number, number];

  const outputMedia = Math.min(logged.output, logged.outputAudio);
  const output = (completionText ?? scale(logged.output - outputMedia)) + outputMedia;
  const reasoning = Math.min(logged.reasoning, logged.output);
  const [newReasoning] = apportion(output - outputMedia, [reasoning, Math.max(0, logged.output - outputMedia - reasoning)]) as [number, number];

  return {
    input,
    cacheRead,
    cacheWrite5m,
    cacheWrite1h,
    output,
    reasoning: newReasoning,
    inputAudio: logged.inputAudio,
    inputImage: logged.inputImage,
    outputAudio: logged.outputAudio,
    webSearch: logged.webSearch,
  };
}

// Fit: whether a request could have been sent to a target model at all. A request larger than the
// target's context window, or with more output than the target can write, is "does not fit" in the
// what-if: it is counted and shown apart, never repriced as if the target could have served it.
//
// The rule (docs/report-contract.md, "What-if"):
// - prompt = input + cache read + cache write (5m and 1h): every prompt-side token, as the input-length
//   price tiers count them (promptTokens);
// - output = output tokens, reasoning included (reasoning is a subset of output);
// - the context window bounds prompt + output (as the pricing data defines context_window, and as
//   OpenAI and Anthropic check it: the prompt and the tokens written go in one window);
// - max_output_tokens bounds output;
// - the context window is checked first: a request over both is counted once, under the context window.
// A limit the pricing data does not give is not checked (the request fits it); the report names the
// targets whose limits are unknown. A row that sums several requests (a usage export) is checked with
// its average request (rounded up), as its price tier is: the log does not say which was the largest.
import type { NoPrice, PricePoint } from '../pricing/catalog.ts';
import { groupThousands } from './text.ts';
import { promptTokens, type TokenBuckets } from './types.ts';

/** What the catalogue knows of a model's size limits (ModelEntry has these fields). */
export interface ModelLimits {
  contextWindow?: number;
  maxOutputTokens?: number;
}

export const FIT_LIMITS = ['context', 'output'] as const;
export type FitLimit = (typeof FIT_LIMITS)[number];

/** Why a request does not fit: which limit, the request's tokens against it, and the limit. */
export interface Misfit {
  limit: FitLimit;
  /** prompt + output for `context`, output for `output` (per request). */
  tokens: number;
  /** The limit it exceeds. */
  max: number;
  /** Per request, for the reason text. */
  prompt: number;
  output: number;
}

/** Null when the request fits the limits (or the limits are unknown); else the first limit it exceeds. */
export function misfit(tokens: TokenBuckets, requests: number, limits: ModelLimits): Misfit | null {
  const { contextWindow, maxOutputTokens } = limits;
  if (contextWindow === undefined && maxOutputTokens === undefined) return null;
  const n = Math.max(1, requests);
  const prompt = Math.ceil(promptTokens(tokens) / n);
  const output = Math.ceil(tokens.output / n);
  if (contextWindow !== undefined && prompt + output > contextWindow) return { limit: 'context', tokens: prompt + output, max: contextWindow, prompt, output };
  if (maxOutputTokens !== undefined && output > maxOutputTokens) return { limit: 'output', tokens: output, max: maxOutputTokens, prompt, output };
  return null;
}

/** One request's reason: "prompt 300,000 + output 512 = 300,512 tokens > context window 128,000". */
export function misfitReason(m: Misfit): string {
  if (m.limit === 'output') return `output ${groupThousands(m.output)} tokens > max output ${groupThousands(m.max)}`;
  const sum = m.output === 0 ? `prompt ${groupThousands(m.prompt)} tokens` : `prompt ${groupThousands(m.prompt)} + output ${groupThousands(m.output)} = ${groupThousands(m.tokens)} tokens`;
  return `${sum} > context window ${groupThousands(m.max)}`;
}

/** The requests that exceeded one limit of one size: counted, with the largest of them. */
export interface MisfitTally {
  limit: FitLimit;
  max: number;
  rows: number;
  requests: number;
  /** The largest request's tokens against the limit, and its prompt and output. */
  largest: Misfit;
}

/**
 * The "does not fit" requests of one target, by (limit, size): sums and a maximum, so that the same
 * rows give the same tallies however they are shared between threads.
 */
export class MisfitLedger {
  rows = 0;
  requests = 0;
  readonly tallies = new Map<string, MisfitTally>();

  add(m: Misfit, requests: number, rows = 1): void {
    this.rows += rows;
    this.requests += requests;
    const key = `${m.limit} ${m.max}`;
    const tally = this.tallies.get(key);
    if (!tally) {
      this.tallies.set(key, { limit: m.limit, max: m.max, rows, requests, largest: m });
      return;
    }
    tally.rows += rows;
    tally.requests += requests;
    if (m.tokens > tally.largest.tokens || (m.tokens === tally.largest.tokens && m.prompt > tally.largest.prompt)) tally.largest = m;
  }

  absorb(tallies: Iterable<MisfitTally>): void {
    for (const t of tallies) {
      // The tally's counts, with its largest request as the example.
      this.add(t.largest, t.requests, t.rows);
    }
  }

  /** Reasons, one per (limit, size), context windows first, smaller limits first: "prompt … > context window 128,000 (3 requests; the largest shown)". */
  reasons(): string[] {
    return [...this.tallies.values()]
      .sort((a, b) => FIT_LIMITS.indexOf(a.limit) - FIT_LIMITS.indexOf(b.limit) || a.max - b.max)
      .map((t) => `${misfitReason(t.largest)} (${groupThousands(t.requests)} ${t.requests === 1 ? 'request' : 'requests'}${t.requests > 1 ? ', the largest shown' : ''})`);
  }
}

/** A reason of reasons(), read back: "prompt 300,000 + output 512 = 300,512 tokens > context window 128,000 (3 requests, the largest shown)". */
const REASON = /^(?:output ([\d,]+) tokens > max output ([\d,]+)|prompt ([\d,]+)(?: \+ output ([\d,]+) = [\d,]+)? tokens > context window ([\d,]+)) \(([\d,]+) requests?(?:, the largest shown)?\)$/;

const count = (text: string | undefined): number => Number((text ?? '0').replaceAll(',', ''));

/**
 * The tallies a MisfitLedger's reasons() were made from, so that the reasons of several reports
 * (merge/) can be absorbed into one ledger and written again as one run writes them. The text
 * holds everything reasons() and the largest-request rule read (an output-limit reason does not
 * show the prompt: two such requests with the same output give the same text either way), but not
 * the rows of each tally (0 here). Undefined when a reason is not of this form.
 */
export function parseMisfitReason(reason: string): MisfitTally | undefined {
  const m = REASON.exec(reason);
  if (!m) return undefined;
  const [, outputOnly, maxOutput, prompt, output, window, requests] = m;
  const largest: Misfit =
    outputOnly !== undefined
      ? { limit: 'output', tokens: count(outputOnly), max: count(maxOutput), prompt: 0, output: count(outputOnly) }
      : { limit: 'context', tokens: count(prompt) + count(output), max: count(window), prompt: count(prompt), output: count(output) };
  return { limit: largest.limit, max: largest.max, rows: 0, requests: count(requests), largest };
}

/**
 * The target's price as a per-group cell takes it: a request the target cannot take (too large for
 * its context window or max output) becomes one the target did not price, with the reason, so a
 * group's what-if leaves it out of both sides as the target's totals do (they count it as
 * "does not fit").
 */
export function fitted(repriced: PricePoint | NoPrice, tokens: TokenBuckets, requests: number): PricePoint | NoPrice {
  if (!('rates' in repriced)) return repriced;
  const tooLarge = misfit(tokens, requests, repriced.model);
  return tooLarge ? { reason: 'does-not-fit', detail: `does not fit: ${misfitReason(tooLarge)}` } : repriced;
}

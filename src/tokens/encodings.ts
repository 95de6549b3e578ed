// DATA: which tiktoken encoding counts a model's text, and whether that count is exact.

/** The encodings this project loads. Both ship inside the `tiktoken` package (no network). */
export const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
export type EncodingName = (typeof ENCODINGS)[number];

export interface EncodingChoice {
  encoding: EncodingName;
  /** true: the model's own tokenizer; false: an approximation, reported as 'estimated'. */
  exact: boolean;
}

/**
 * OpenAI families, tried in order; the first match wins. Each pattern is anchored at the start
 * of the id and ends at a `-`, `.` (gpt-5.1), `:` (fine-tune suffix) or the end, so `gpt-4` never
 * swallows `gpt-4o`/`gpt-4.1` and `o1` never matches `o1x`. Dated snapshots (`gpt-4o-2024-08-06`) and
 * variants (`-mini`, `-turbo`, `-32k`) fall under their family. Source: the model → encoding
 * table of tiktoken (`tiktoken/model_to_encoding.json`) and the OpenAI cookbook.
 */
export const ENCODING_RULES = [
  { family: 'gpt-4o', pattern: /^gpt-4o(?:[-:]|$)/, encoding: 'o200k_base' },
  { family: 'chatgpt-4o', pattern: /^chatgpt-4o(?:[-:]|$)/, encoding: 'o200k_base' },
  { family: 'gpt-4.1', pattern: /^gpt-4\.1(?:[-:]|$)/, encoding: 'o200k_base' },
  { family: 'gpt-4.5', pattern: /^gpt-4\.5(?:[-:]|$)/, encoding: 'o200k_base' },
  { family: 'gpt-5', pattern: /^gpt-5(?:[-.:]|$)/, encoding: 'o200k_base' },
  { family: 'o1/o3/o4', pattern: /^o[134](?:[-:]|$)/, encoding: 'o200k_base' },
  // gpt-4, gpt-4-turbo, gpt-4-32k, gpt-4-0613, gpt-4-1106-preview: all cl100k.
  { family: 'gpt-4', pattern: /^gpt-4(?:[-:]|$)/, encoding: 'cl100k_base' },
  // `gpt-35-turbo` is Azure's spelling of gpt-3.5-turbo.
  { family: 'gpt-3.5', pattern: /^gpt-3\.?5(?:[-:]|$)/, encoding: 'cl100k_base' },
] as const satisfies readonly { family: string; pattern: RegExp; encoding: EncodingName }[];

/**
 * Everything else (Claude, DeepSeek, Qwen, Gemini, GLM, Kimi, Mistral, Grok, unknown ids) is counted
 * with o200k_base and marked 'estimated': tiktoken has no tokenizer for them and no accurate offline
 * one is available (see shared/deps.md), so o200k_base is a documented approximation whose error
 * varies by model and language.
 */
export const FALLBACK_ENCODING: EncodingName = 'o200k_base';

/**
 * Routing prefixes that do not change the model: `openai/gpt-4o` (OpenRouter, LiteLLM),
 * `azure/gpt-4o` (LiteLLM), `ft:gpt-4o-mini-…:org::id` (OpenAI fine-tunes keep the base tokenizer).
 * Stripped repeatedly, so `openai/ft:gpt-4o…` works too.
 */
const ROUTING_PREFIX = /^(?:openai\/|azure\/|ft:)/;

export function encodingFor(model: string): EncodingChoice {
  let id = model.trim().toLowerCase();
  while (ROUTING_PREFIX.test(id)) id = id.replace(ROUTING_PREFIX, '');
  for (const rule of ENCODING_RULES) {
    if (rule.pattern.test(id)) return { encoding: rule.encoding, exact: true };
  }
  return { encoding: FALLBACK_ENCODING, exact: false };
}

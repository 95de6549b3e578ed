// DATA: which tokenizer counts a model's text for the what-if, and how far that count can be trusted.

import { encodingFor, type EncodingName } from './encodings.ts';

/**
 * The tokenizers this project can run offline. `o200k`/`cl100k` are tiktoken's (inside the
 * `tiktoken` package); the others are tokenizer.json files vendored under tokenizers/ (see its
 * README: source package, version, license, sha256), run with @huggingface/tokenizers.
 */
export const TOKENIZER_NAMES = ['o200k', 'cl100k', 'qwen', 'deepseek', 'llama', 'gemma', 'mistral'] as const;
export type TokenizerName = (typeof TOKENIZER_NAMES)[number];

export type TokenizerSpec =
  | { kind: 'tiktoken'; encoding: EncodingName; label: string }
  | { kind: 'hf'; file: string; label: string };

export const TOKENIZERS = {
  o200k: { kind: 'tiktoken', encoding: 'o200k_base', label: 'OpenAI o200k_base (tiktoken)' },
  cl100k: { kind: 'tiktoken', encoding: 'cl100k_base', label: 'OpenAI cl100k_base (tiktoken)' },
  qwen: { kind: 'hf', file: 'qwen3.json.gz', label: 'Qwen3 tokenizer.json' },
  deepseek: { kind: 'hf', file: 'deepseek_v3.json.gz', label: 'DeepSeek-V3 tokenizer.json' },
  llama: { kind: 'hf', file: 'llama3_1.json.gz', label: 'Llama 3.1 tokenizer.json' },
  gemma: { kind: 'hf', file: 'gemma3.json.gz', label: 'Gemma 3 tokenizer.json' },
  mistral: { kind: 'hf', file: 'mistral_nemo.json.gz', label: 'Mistral NeMo (Tekken) tokenizer.json' },
} as const satisfies Record<TokenizerName, TokenizerSpec>;

export function isTokenizerName(name: string): name is TokenizerName {
  return (TOKENIZER_NAMES as readonly string[]).includes(name);
}

/**
 * Correction factors for families with no offline tokenizer, applied on top of a count made with
 * `via` (see claude.ts for the sources). A factor is a decimal string with 4 decimals.
 */
export const FACTOR_NAMES = ['claude', 'claude-2026'] as const;
export type FactorName = (typeof FACTOR_NAMES)[number];

/**
 * How a model's tokens are obtained:
 * - `exact`: `tokenizer` is the model's own (its counts are what the provider bills, within the
 *   chat-template approximation of overhead.ts);
 * - `proxy`: `tokenizer` is a stand-in believed to be the same or close (said in `note`);
 * - `factor`: no tokenizer; counts are made with `tokenizer` and multiplied by a documented factor.
 */
export interface ModelTokens {
  family: string;
  tokenizer: TokenizerName;
  fidelity: 'exact' | 'proxy' | 'factor';
  factor?: FactorName;
  note: string;
}

interface FamilyRule extends ModelTokens {
  pattern: RegExp;
}

/**
 * Tried in order after the OpenAI rules of encodings.ts; the first match wins. Patterns are tested
 * on the lower-cased id with routing prefixes removed (`openrouter/`, `qwen/`, `meta-llama/`…: the
 * part after the last `/`) and a `@region` suffix removed.
 */
export const FAMILY_RULES: readonly FamilyRule[] = [
  // Qwen2.5 and Qwen3 share one 151,643-token byte-level BPE; the commercial qwen-max/plus/turbo/
  // flash/long and QwQ are served on those generations.
  { family: 'qwen', pattern: /^(?:qwen3-|qwen3$|qwen-|qwen2\.5|qwq)/, tokenizer: 'qwen', fidelity: 'exact', note: 'Qwen2.5/Qwen3 vocabulary' },
  { family: 'qwen', pattern: /^qwen/, tokenizer: 'qwen', fidelity: 'proxy', note: 'later Qwen generations (3.5+) may use a larger vocabulary: counted with the Qwen3 tokenizer' },
  // deepseek-chat / deepseek-reasoner are the V3.x line (V3.1/V3.2 added special tokens only).
  { family: 'deepseek', pattern: /^(?:deepseek-chat|deepseek-reasoner|deepseek-v3|deepseek-r1)/, tokenizer: 'deepseek', fidelity: 'exact', note: 'DeepSeek-V3 vocabulary' },
  { family: 'deepseek', pattern: /^deepseek/, tokenizer: 'deepseek', fidelity: 'proxy', note: 'newer DeepSeek generations counted with the V3 tokenizer' },
  { family: 'llama', pattern: /^(?:meta-)?llama-?3/, tokenizer: 'llama', fidelity: 'exact', note: 'Llama 3.x share one 128k vocabulary' },
  { family: 'llama', pattern: /^(?:meta-)?llama/, tokenizer: 'llama', fidelity: 'proxy', note: 'Llama 4 and later have their own vocabulary: counted with Llama 3.1' },
  { family: 'gemma', pattern: /^gemma-?3/, tokenizer: 'gemma', fidelity: 'exact', note: 'Gemma 3 vocabulary' },
  // The Gemma 3 technical report: "We use the same tokenizer as Gemini 2.0" (262k SentencePiece).
  { family: 'gemini', pattern: /^gemini-/, tokenizer: 'gemma', fidelity: 'proxy', note: 'Gemini 2.0 shares the Gemma 3 tokenizer (Gemma 3 technical report); later Gemini versions assumed the same' },
  { family: 'gemma', pattern: /^gemma/, tokenizer: 'gemma', fidelity: 'proxy', note: 'older Gemma counted with Gemma 3' },
  { family: 'mistral', pattern: /^(?:open-)?mistral-nemo/, tokenizer: 'mistral', fidelity: 'exact', note: 'Mistral NeMo Tekken vocabulary' },
  { family: 'mistral', pattern: /^(?:mistral|ministral|magistral|codestral|devstral|pixtral|open-mistral|open-mixtral|mixtral)/, tokenizer: 'mistral', fidelity: 'proxy', note: 'other Mistral models (Tekken or SentencePiece v3/v7) counted with the NeMo Tekken tokenizer' },
  // Claude: no accurate public tokenizer offline. Opus 4.7 introduced a new tokenizer (Anthropic:
  // "1.0–1.35x more tokens depending on content"); models after it are assumed to use it too.
  { family: 'claude', pattern: /^claude-(?:opus-4-[7-9]|[a-z]+-[5-9]|[5-9])/, tokenizer: 'o200k', fidelity: 'factor', factor: 'claude-2026', note: 'no public Claude tokenizer: o200k count × a published factor (estimate)' },
  { family: 'claude', pattern: /^(?:anthropic\.)?claude/, tokenizer: 'o200k', fidelity: 'factor', factor: 'claude', note: 'no public Claude tokenizer: o200k count × a published factor (estimate)' },
  // No tokenizer shipped, no published ratio: the nearest measured family, unverified.
  { family: 'kimi', pattern: /^(?:kimi|moonshot)/, tokenizer: 'qwen', fidelity: 'proxy', note: 'no Kimi tokenizer shipped: Qwen3 as the nearest (Chinese-heavy ~150k BPE), unverified' },
  { family: 'glm', pattern: /^(?:glm|chatglm)/, tokenizer: 'qwen', fidelity: 'proxy', note: 'no GLM tokenizer shipped: Qwen3 as the nearest (Chinese-heavy ~150k BPE), unverified' },
  { family: 'minimax', pattern: /^(?:minimax|abab|m2-her)/, tokenizer: 'qwen', fidelity: 'proxy', note: 'no MiniMax tokenizer shipped: Qwen3 as the nearest (Chinese-heavy BPE), unverified' },
  { family: 'grok', pattern: /^grok/, tokenizer: 'o200k', fidelity: 'proxy', note: 'no Grok tokenizer shipped: o200k as the nearest, unverified' },
];

/** Anything not matched: o200k, as the existing counter already does for unknown models. */
export const UNKNOWN_MODEL: ModelTokens = { family: 'other', tokenizer: 'o200k', fidelity: 'proxy', note: 'unknown model family: counted with o200k, unverified' };

function normalise(model: string): string {
  let id = model.trim().toLowerCase();
  const at = id.indexOf('@');
  if (at > 0) id = id.slice(0, at);
  const slash = id.lastIndexOf('/');
  if (slash >= 0) id = id.slice(slash + 1);
  return id;
}

/** The tokenizer that counts `model`'s text, and how exact that count is. Pure. */
export function modelTokens(model: string): ModelTokens {
  const openai = encodingFor(model);
  if (openai.exact) {
    const tokenizer = openai.encoding === 'o200k_base' ? 'o200k' : 'cl100k';
    return { family: 'openai', tokenizer, fidelity: 'exact', note: `OpenAI ${openai.encoding}` };
  }
  const id = normalise(model);
  for (const { pattern, ...rule } of FAMILY_RULES) if (pattern.test(id)) return rule;
  return UNKNOWN_MODEL;
}

// DATA: the log formats ingest understands. A format is a name, a detection signature and a field
// mapping with token semantics. All arithmetic lives in extract.ts, so adding a format is adding an
// entry here (and its name to FORMAT_NAMES), never a new code path.

import type { ServiceTier } from '../core/types.ts';

/**
 * Every format, in DETECTION ORDER: the first whose signature matches a line (JSONL) or a header
 * (CSV) wins. Supersets come before the shapes they extend (deepseek is an openai-chat shape with
 * extra usage keys), and `generic` is the fallback, so it stays last.
 */
export const FORMAT_NAMES = ['deepseek', 'openai-chat', 'openai-responses', 'anthropic-messages', 'generic'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export const TOKEN_ROLES = ['input', 'output', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'cacheWrite', 'reasoning'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];
export const TEXT_ROLES = ['messages', 'prompt', 'completion'] as const;
export type TextRole = (typeof TEXT_ROLES)[number];
/**
 * What a field means to llm-audit. `cacheWrite` is a cache-write total of unknown TTL: it is used
 * (as 5-minute writes) only when neither `cacheWrite5m` nor `cacheWrite1h` is present.
 */
export const ROLES = ['model', 'timestamp', 'serviceTier', 'requests', ...TOKEN_ROLES, ...TEXT_ROLES] as const;
export type Role = (typeof ROLES)[number];

/** How a format's numbers relate to llm-audit's disjoint buckets (core/types.ts TokenBuckets). */
export interface Semantics {
  /** The input count includes cache reads (OpenAI convention), so cache reads are subtracted from it. */
  readonly inputIncludesCacheRead: boolean;
  /** The input count includes cache writes (DashScope explicit cache), so writes are subtracted from it. */
  readonly inputIncludesCacheWrite: boolean;
  /** The output count includes reasoning (everyone so far; Gemini will not), else reasoning is added to it. */
  readonly outputIncludesReasoning: boolean;
  /** Counts may be text ("1,000", " 42 "), as in CSV cells; otherwise they must be JSON numbers. */
  readonly numbersAsText: boolean;
  /** Token roles that must be present. Empty: at least one token role, or text to count, must be. */
  readonly requiredTokens: readonly TokenRole[];
}

/** A test on a JSON path: its value is one of `is`, or a non-null value is present (or not). */
export type Condition =
  | { readonly path: string; readonly is: readonly string[] }
  | { readonly path: string; readonly present: boolean };

export interface SkipRule {
  readonly when: readonly Condition[];
  readonly reason: string;
}

/** A response body logged as one JSON object per line; fields are dotted JSON paths. */
export interface JsonFormat {
  readonly shape: 'json';
  readonly description: string;
  readonly detect: readonly Condition[];
  /** Lines of this format that are known not to carry usage (checked only when `detect` matches). */
  readonly skip: readonly SkipRule[];
  /** Candidate paths per role, first non-null wins. */
  readonly fields: Partial<Record<Role, readonly string[]>>;
  readonly semantics: Semantics;
}

/** A flat row: CSV columns or the top-level keys of a JSON object, matched by normalised name. */
export interface FlatFormat {
  readonly shape: 'flat';
  readonly description: string;
  readonly signature: string;
  /** Names that must all be present; empty = fallback, matches any row with a known name. */
  readonly detectKeys: readonly string[];
  /** Names per role, in priority order; matched after normaliseKey on both sides. */
  readonly aliases: Partial<Record<Role, readonly string[]>>;
  /**
   * Names that are a token count when the value looks like a number and text otherwise
   * (`prompt` is the prompt in one log and its token count in another).
   */
  readonly ambiguous: readonly string[];
  readonly semantics: Semantics;
}

export type FormatSpec = JsonFormat | FlatFormat;

/** Lower-case, drop everything but letters and digits: "Input Tokens", "input-tokens", "inputTokens" → "inputtokens". */
export function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const OPENAI_SEMANTICS: Semantics = {
  inputIncludesCacheRead: true,
  inputIncludesCacheWrite: false,
  outputIncludesReasoning: true,
  numbersAsText: false,
  requiredTokens: ['input', 'output'],
};

const NO_USAGE = 'has no usage (null or missing: e.g. streamed without stream_options.include_usage); nothing to price, the line is skipped';

// Typed as the Record (not `as const`) so readers see FormatSpec; a missing name still fails typecheck.
export const FORMAT_SPECS: Readonly<Record<FormatName, FormatSpec>> = {
  deepseek: {
    shape: 'json',
    description: 'DeepSeek Chat Completions response: prompt_tokens = prompt_cache_hit_tokens + miss; the hit count is preferred over prompt_tokens_details.cached_tokens',
    detect: [{ path: 'usage.prompt_cache_hit_tokens', present: true }],
    skip: [],
    fields: {
      model: ['model'],
      timestamp: ['created'],
      input: ['usage.prompt_tokens'],
      output: ['usage.completion_tokens'],
      // Some bridges return prompt_tokens_details.cached_tokens = 0 beside a non-zero hit count.
      cacheRead: ['usage.prompt_cache_hit_tokens', 'usage.prompt_tokens_details.cached_tokens'],
      reasoning: ['usage.completion_tokens_details.reasoning_tokens'],
      serviceTier: ['service_tier'],
    },
    semantics: OPENAI_SEMANTICS,
  },
  'openai-chat': {
    shape: 'json',
    description: 'OpenAI Chat Completions response (also OpenAI-compatible providers): prompt_tokens includes cached_tokens, completion_tokens includes reasoning_tokens',
    detect: [{ path: 'object', is: ['chat.completion', 'chat.completion.chunk'] }],
    skip: [{ when: [{ path: 'usage', present: false }], reason: `chat completion ${NO_USAGE}` }],
    fields: {
      model: ['model'],
      timestamp: ['created'],
      input: ['usage.prompt_tokens'],
      output: ['usage.completion_tokens'],
      cacheRead: ['usage.prompt_tokens_details.cached_tokens'],
      reasoning: ['usage.completion_tokens_details.reasoning_tokens'],
      serviceTier: ['service_tier'],
    },
    semantics: OPENAI_SEMANTICS,
  },
  'openai-responses': {
    shape: 'json',
    description: 'OpenAI Responses API response: input_tokens includes cached_tokens, output_tokens includes reasoning_tokens',
    detect: [{ path: 'object', is: ['response'] }],
    skip: [{ when: [{ path: 'usage', present: false }], reason: `response ${NO_USAGE}` }],
    fields: {
      model: ['model'],
      timestamp: ['created_at'],
      input: ['usage.input_tokens'],
      output: ['usage.output_tokens'],
      cacheRead: ['usage.input_tokens_details.cached_tokens'],
      reasoning: ['usage.output_tokens_details.reasoning_tokens'],
      serviceTier: ['service_tier'],
    },
    semantics: OPENAI_SEMANTICS,
  },
  'anthropic-messages': {
    shape: 'json',
    description: 'Anthropic Messages response: disjoint buckets (input excludes cache reads and writes); cache writes split 5m/1h when cache_creation is present; no timestamp in the body',
    detect: [
      { path: 'type', is: ['message'] },
      { path: 'object', present: false },
    ],
    skip: [{ when: [{ path: 'usage', present: false }], reason: `message ${NO_USAGE}` }],
    fields: {
      model: ['model'],
      input: ['usage.input_tokens'],
      output: ['usage.output_tokens'],
      cacheRead: ['usage.cache_read_input_tokens'],
      cacheWrite5m: ['usage.cache_creation.ephemeral_5m_input_tokens'],
      cacheWrite1h: ['usage.cache_creation.ephemeral_1h_input_tokens'],
      cacheWrite: ['usage.cache_creation_input_tokens'],
      serviceTier: ['usage.service_tier'],
    },
    semantics: { ...OPENAI_SEMANTICS, inputIncludesCacheRead: false },
  },
  generic: {
    shape: 'flat',
    description:
      'A flat JSON object or CSV header matched by name (model, timestamp, input/prompt_tokens, output/completion_tokens, cached, cache write, reasoning, requests, or text: messages/prompt/response). ' +
      'input_tokens/prompt_tokens are read as INCLUDING cached tokens (OpenAI convention); a row with cached > input is rejected',
    signature: 'fallback: a key/column named like a model, a token count or request text',
    detectKeys: [],
    aliases: {
      model: ['model', 'model_name', 'model_id'],
      timestamp: ['timestamp', 'time', 'date', 'created', 'created_at', 'start_time'],
      input: ['input_tokens', 'prompt_tokens', 'input', 'prompt'],
      output: ['output_tokens', 'completion_tokens', 'output', 'completion'],
      cacheRead: ['cached_tokens', 'cache_read_tokens', 'cache_read_input_tokens', 'cached_input_tokens'],
      cacheWrite: ['cache_write_tokens', 'cache_creation_tokens', 'cache_creation_input_tokens'],
      reasoning: ['reasoning_tokens'],
      serviceTier: ['service_tier'],
      requests: ['requests', 'num_requests', 'num_model_requests'],
      messages: ['messages'],
      prompt: ['prompt', 'input'],
      completion: ['response', 'completion', 'output_text', 'output'],
    },
    ambiguous: ['prompt', 'input', 'output', 'completion'],
    // Generic logs are read with input INCLUDING cache reads (OpenAI convention, the most common
    // hand-rolled log). Anthropic-style disjoint columns would be under-billed on input; the
    // cached > input check catches the cases where that is certain.
    semantics: {
      inputIncludesCacheRead: true,
      inputIncludesCacheWrite: false,
      outputIncludesReasoning: true,
      numbersAsText: true,
      requiredTokens: [],
    },
  },
};

/** Lines that are never usage whatever the format (checked first, also with --input-format). */
export const NON_USAGE_LINES: readonly SkipRule[] = [
  {
    when: [
      { path: 'type', is: ['error'] },
      { path: 'error', present: true },
    ],
    reason: 'an error response (type "error"): no usage, not billed; the line is skipped',
  },
  {
    when: [
      { path: 'error', present: true },
      { path: 'usage', present: false },
      { path: 'model', present: false },
    ],
    reason: 'an error response (an "error" object and no usage): not billed; the line is skipped',
  },
];

/** Provider service-tier values → llm-audit tiers. Missing here (default, auto, scale, standard, …) = standard. */
export const SERVICE_TIER_VALUES: ReadonlyMap<string, ServiceTier> = new Map([
  ['flex', 'flex'],
  ['priority', 'priority'],
  ['batch', 'batch'],
]);

export interface FormatInfo {
  readonly name: FormatName;
  readonly description: string;
  /** How the format is recognised, for `--input-format` help and `llm-audit formats`. */
  readonly signature: string;
}

function conditionText(c: Condition): string {
  if ('is' in c) return c.is.length === 1 ? `${c.path} == "${c.is[0]}"` : `${c.path} in {${c.is.map((v) => `"${v}"`).join(', ')}}`;
  return c.present ? `${c.path} present` : `no ${c.path}`;
}

function signatureOf(spec: FormatSpec): string {
  return spec.shape === 'json' ? spec.detect.map(conditionText).join(' + ') : spec.signature;
}

export const FORMATS: readonly FormatInfo[] = FORMAT_NAMES.map((name) => {
  const spec = FORMAT_SPECS[name];
  return { name, description: spec.description, signature: signatureOf(spec) };
});

export function isFormatName(value: string): value is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(value);
}

// DATA: the log formats ingest understands, in detection order. A format is a name, detection
// signatures and a field mapping with token semantics (spec.ts). All arithmetic lives in
// extract.ts, so adding a format is adding an entry (and its name to FORMAT_NAMES), never a new
// code path. The entries themselves are in this folder, grouped by kind of log, and in ../agents/.

import type { ServiceTier } from '../../core/types.ts';
import { AGENT_FORMATS } from '../agents/index.ts';
import { EXPORT_FORMATS } from './exports.ts';
import { GATEWAY_FORMATS } from './gateways.ts';
import { PROVIDER_FORMATS } from './providers.ts';
import type { Condition, FlatFormat, FormatSpec, Signature, SkipRule } from './spec.ts';

/**
 * Every format, in DETECTION ORDER: the first whose signature matches a line (JSONL) or a header
 * (CSV) wins. Specific shapes come before the shapes they extend (deepseek and dashscope are
 * openai-chat shapes with extra keys; claude-code lines hold an Anthropic message; a Qwen Code
 * record has Claude Code's type and sessionId, so it is told apart first), and `generic` is the
 * fallback, so it stays last.
 */
export const FORMAT_NAMES = [
  'qwen-code',
  'claude-code-progress',
  'claude-code',
  'codex',
  'codex-exec',
  'gemini-cli-chat',
  'gemini-cli-jsonl',
  'amp-thread',
  'droid-settings',
  'codebuff-chat',
  'pi-session',
  'kimi-wire',
  'opencode-message',
  'copilot-otel',
  // SQLite databases (no line detection; the first whose table fits reads a database). Kilo's
  // before OpenCode's: the same table, told apart by the file name.
  'kilo',
  'opencode',
  'goose',
  'hermes',
  'openai-batch-output',
  'openai-batch-input',
  'anthropic-batch',
  'openai-usage-api',
  'openai-usage-csv',
  'litellm-spendlogs',
  'litellm-payload',
  'langfuse-batch',
  'langfuse-observation',
  'helicone',
  'openrouter-generations',
  'openrouter-daily',
  'portkey',
  'cursor',
  'anthropic-console-usage',
  'anthropic-console-cost',
  'gemini',
  'deepseek',
  'dashscope',
  'dashscope-native',
  'openai-chat',
  'openai-responses',
  'anthropic-messages',
  'generic',
] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

const GENERIC: FlatFormat = {
  shape: 'flat',
  description:
    'A flat JSON object or CSV header matched by name, any case or spacing (model, timestamp, input/prompt_tokens, output/completion_tokens, cached, cache write, reasoning, requests, cost, user/team/project tags, or text: messages/prompt/response). ' +
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
    cost: ['cost', 'cost_usd', 'costUSD'],
    messages: ['messages'],
    prompt: ['prompt', 'input'],
    completion: ['response', 'completion', 'output_text', 'output'],
  },
  tagAliases: { user: ['user', 'user_id'], team: ['team', 'team_id'], project: ['project', 'project_id'] },
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
};

// Typed as the Record (not `as const`) so readers see FormatSpec; a missing name fails typecheck.
export const FORMAT_SPECS: Readonly<Record<FormatName, FormatSpec>> = {
  ...AGENT_FORMATS,
  ...PROVIDER_FORMATS,
  ...GATEWAY_FORMATS,
  ...EXPORT_FORMATS,
  generic: GENERIC,
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
  ['message_batch', 'batch'],
]);

export interface FormatInfo {
  readonly name: FormatName;
  readonly description: string;
  /** How the format is recognised, for `--input-format` help and `llm-audit formats`. */
  readonly signature: string;
}

function conditionText(c: Condition): string {
  if ('is' in c) return c.is.length === 1 ? `${c.path} == ${JSON.stringify(c.is[0])}` : `${c.path} in {${c.is.map((v) => JSON.stringify(v)).join(', ')}}`;
  if ('not' in c) return `${c.path} not in {${c.not.map((v) => JSON.stringify(v)).join(', ')}}`;
  if ('prefix' in c) return `${c.path} starts with "${c.prefix}"`;
  return c.present ? `${c.path} present` : `no ${c.path}`;
}

/** A signature made only of top-level names that must be present: it can also recognise a CSV header. */
export function headerNames(sig: Signature): readonly string[] | undefined {
  const names: string[] = [];
  for (const c of sig) {
    if (!('present' in c) || !c.present || c.path.includes('.')) return undefined;
    names.push(c.path);
  }
  return names.length > 0 ? names : undefined;
}

function signatureOf(spec: FormatSpec): string {
  if (spec.shape === 'flat') return spec.signature;
  if (spec.sqlite) return `SQLite database${spec.sqlite.fileName ? ` named ${spec.sqlite.fileName.source}` : ''}: table ${spec.sqlite.table} with ${spec.sqlite.columns.join(', ')}`;
  const text = spec.detect.map((sig) => sig.map(conditionText).join(' + ')).join(' | ');
  if (!spec.items) return text;
  // '' is a document that is itself the array.
  const first = spec.items.paths[0];
  return `${text} (one row per ${first ? `${first}[]` : 'top-level array'} item)`;
}

export const FORMATS: readonly FormatInfo[] = FORMAT_NAMES.map((name) => {
  const spec = FORMAT_SPECS[name];
  return { name, description: spec.description, signature: signatureOf(spec) };
});

export function isFormatName(value: string): value is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(value);
}

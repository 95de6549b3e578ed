// DATA: provider API responses and their batch/usage files (shared/formats.md §1–4).

import { DISJOINT_SEMANTICS, OPENAI_SEMANTICS, type JsonFormat } from './spec.ts';

const NO_USAGE = 'has no usage (null or missing: e.g. streamed without stream_options.include_usage); nothing to price, the line is skipped';
const CHAT_OBJECTS = ['chat.completion', 'chat.completion.chunk'];

/** Anthropic usage fields under a prefix (Messages, batch results). */
function anthropicUsage(at: string): JsonFormat['fields'] {
  return {
    input: [`${at}.input_tokens`],
    output: [`${at}.output_tokens`],
    cacheRead: [`${at}.cache_read_input_tokens`],
    cacheWrite5m: [`${at}.cache_creation.ephemeral_5m_input_tokens`],
    cacheWrite1h: [`${at}.cache_creation.ephemeral_1h_input_tokens`],
    cacheWrite: [`${at}.cache_creation_input_tokens`],
    webSearch: [`${at}.server_tool_use.web_search_requests`],
  };
}

export const PROVIDER_FORMATS = {
  'openai-batch-output': {
    shape: 'json',
    description:
      'OpenAI Batch API output file: each line wraps a Chat or Responses body under response.body; priced at the batch tier (the line does not say so, the envelope does); failed requests are skipped',
    detect: [[{ path: 'custom_id', present: true }, { path: 'response.body', present: true }]],
    skip: [
      { when: [{ path: 'response.body.error', present: true }], reason: 'a failed batch request (response.body.error): not billed; the line is skipped' },
      { when: [{ path: 'response.body.usage', present: false }], reason: `batch response ${NO_USAGE}` },
    ],
    fields: {
      model: ['response.body.model'],
      timestamp: ['response.body.created', 'response.body.created_at'],
      input: ['response.body.usage.prompt_tokens', 'response.body.usage.input_tokens'],
      output: ['response.body.usage.completion_tokens', 'response.body.usage.output_tokens'],
      cacheRead: ['response.body.usage.prompt_tokens_details.cached_tokens', 'response.body.usage.input_tokens_details.cached_tokens'],
      reasoning: ['response.body.usage.completion_tokens_details.reasoning_tokens', 'response.body.usage.output_tokens_details.reasoning_tokens'],
      inputAudio: ['response.body.usage.prompt_tokens_details.audio_tokens'],
      outputAudio: ['response.body.usage.completion_tokens_details.audio_tokens'],
    },
    serviceTier: 'batch',
    semantics: OPENAI_SEMANTICS,
  },
  'openai-batch-input': {
    shape: 'json',
    description: 'OpenAI Batch API input file (requests only): every line is skipped; the usage is in the batch output file',
    detect: [[{ path: 'custom_id', present: true }, { path: 'method', present: true }, { path: 'url', present: true }, { path: 'body', present: true }]],
    skip: [{ when: [], reason: 'an OpenAI Batch input line (a request, no usage): read the batch output file instead; the line is skipped' }],
    fields: {},
    semantics: OPENAI_SEMANTICS,
  },
  'anthropic-batch': {
    shape: 'json',
    description:
      'Anthropic Message Batches results: succeeded lines are Messages responses priced at the batch tier (disjoint buckets, no timestamp); errored, canceled and expired lines are skipped',
    detect: [[{ path: 'custom_id', present: true }, { path: 'result.type', present: true }]],
    skip: [
      { when: [{ path: 'result.type', not: ['succeeded'] }], reason: 'an Anthropic batch request that {result.type}: not billed; the line is skipped' },
      { when: [{ path: 'result.message.usage', present: false }], reason: `batch result ${NO_USAGE}` },
    ],
    fields: { model: ['result.message.model'], ...anthropicUsage('result.message.usage') },
    serviceTier: 'batch',
    semantics: DISJOINT_SEMANTICS,
  },
  'openai-usage-api': {
    shape: 'json',
    description:
      'OpenAI organization Usage API bucket (/v1/organization/usage/completions, one bucket per line): each results[] item is one row of num_model_requests requests (rows read counts items; an empty bucket is one skipped row). ' +
      'model is null unless the export used group_by=model: such rows get the model "(no model: usage API not grouped by model)" and are reported unpriced with their tokens (or use --default-model). Audio tokens are inside input/output and priced as text',
    detect: [[{ path: 'object', is: ['bucket'] }, { path: 'start_time', present: true }]],
    items: { paths: ['results', 'result'], empty: 'an empty usage bucket (no requests in this period); nothing to price' },
    skip: [],
    fields: {
      model: ['item.model'],
      timestamp: ['line.start_time'],
      input: ['item.input_tokens'],
      output: ['item.output_tokens'],
      cacheRead: ['item.input_cached_tokens'],
      requests: ['item.num_model_requests'],
      batch: ['item.batch'],
    },
    tags: { project: ['item.project_id'], user: ['item.user_id'], api_key: ['item.api_key_id'] },
    missingModel: '(no model: usage API not grouped by model)',
    semantics: { ...OPENAI_SEMANTICS, requiredTokens: ['input'] },
  },
  'openai-usage-csv': {
    shape: 'json',
    description:
      'OpenAI dashboard usage export (completions_usage_*.csv): one row per time bucket of num_model_requests requests; input_tokens includes input_cached_tokens; rows without a model get the "(no model: usage export not grouped by model)" placeholder',
    detect: [[{ path: 'num_model_requests', present: true }, { path: 'start_time', present: true }, { path: 'input_tokens', present: true }]],
    skip: [],
    fields: {
      model: ['model'],
      timestamp: ['start_time', 'start_time_iso'],
      input: ['input_tokens'],
      output: ['output_tokens'],
      cacheRead: ['input_cached_tokens'],
      requests: ['num_model_requests'],
      batch: ['batch'],
    },
    tags: { project: ['project_id'], user: ['user_id'], api_key: ['api_key_id'] },
    missingModel: '(no model: usage export not grouped by model)',
    semantics: { ...OPENAI_SEMANTICS, numbersAsText: true, requiredTokens: ['input'] },
  },
  gemini: {
    shape: 'json',
    description:
      'Gemini / Vertex AI generateContent response (camelCase or Python-SDK snake_case): promptTokenCount includes cachedContentTokenCount; thoughtsTokenCount is NOT inside candidatesTokenCount and is billed as output ' +
      '(output = candidates + thoughts, reasoning = thoughts); toolUsePromptTokenCount is billed as input. Streaming chunks of one responseId: the last is kept. Only Vertex logs a time (createTime)',
    detect: [[{ path: 'usageMetadata', present: true }], [{ path: 'usage_metadata', present: true }]],
    skip: [],
    fields: {
      model: ['modelVersion', 'model_version'],
      timestamp: ['createTime', 'create_time'],
      input: ['usageMetadata.promptTokenCount', 'usage_metadata.prompt_token_count'],
      output: ['usageMetadata.candidatesTokenCount', 'usage_metadata.candidates_token_count'],
      cacheRead: ['usageMetadata.cachedContentTokenCount', 'usage_metadata.cached_content_token_count'],
      reasoning: ['usageMetadata.thoughtsTokenCount', 'usage_metadata.thoughts_token_count'],
      extraInput: ['usageMetadata.toolUsePromptTokenCount', 'usage_metadata.tool_use_prompt_token_count'],
      // Per-modality counts (a part of the prompt and of the candidates): audio is billed at its own rate.
      inputAudio: ['usageMetadata.promptTokensDetails.[modality=AUDIO].tokenCount', 'usage_metadata.prompt_tokens_details.[modality=AUDIO].token_count'],
      outputAudio: ['usageMetadata.candidatesTokensDetails.[modality=AUDIO].tokenCount', 'usage_metadata.candidates_tokens_details.[modality=AUDIO].token_count'],
    },
    dedupe: { key: ['responseId', 'response_id'], reason: 'superseded by a later chunk of the same response (streaming: each chunk carries the running usage)' },
    // proto3 JSON omits zero counts: only the prompt count is always there.
    semantics: { ...OPENAI_SEMANTICS, outputIncludesReasoning: false, requiredTokens: ['input'] },
  },
  deepseek: {
    shape: 'json',
    description: 'DeepSeek Chat Completions response: prompt_tokens = prompt_cache_hit_tokens + miss; the hit count is preferred over prompt_tokens_details.cached_tokens',
    detect: [[{ path: 'usage.prompt_cache_hit_tokens', present: true }]],
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
  dashscope: {
    shape: 'json',
    description:
      'Alibaba DashScope / Qwen OpenAI-compatible response: prompt_tokens includes both cached_tokens (cache hits) and cache_creation_input_tokens (explicit-cache writes, priced as 5-minute writes)',
    detect: [
      [{ path: 'object', is: CHAT_OBJECTS }, { path: 'usage.prompt_tokens_details.cache_type', present: true }],
      [{ path: 'object', is: CHAT_OBJECTS }, { path: 'usage.prompt_tokens_details.cache_creation_input_tokens', present: true }],
      [{ path: 'object', is: CHAT_OBJECTS }, { path: 'model', prefix: 'qwen' }],
    ],
    skip: [{ when: [{ path: 'usage', present: false }], reason: `chat completion ${NO_USAGE}` }],
    fields: {
      model: ['model'],
      timestamp: ['created'],
      input: ['usage.prompt_tokens'],
      output: ['usage.completion_tokens'],
      cacheRead: ['usage.prompt_tokens_details.cached_tokens'],
      cacheWrite5m: ['usage.prompt_tokens_details.cache_creation.ephemeral_5m_input_tokens'],
      cacheWrite: ['usage.prompt_tokens_details.cache_creation_input_tokens'],
      reasoning: ['usage.completion_tokens_details.reasoning_tokens'],
    },
    semantics: { ...OPENAI_SEMANTICS, inputIncludesCacheWrite: true },
  },
  'dashscope-native': {
    shape: 'json',
    description:
      'Alibaba DashScope native response ({status_code, request_id, output, usage}): input_tokens includes cached tokens (usage.prompt_tokens_details.cached_tokens or usage.cached_tokens). ' +
      'The body names no model and no time: records get the model "(no model: DashScope native response)" and are reported unpriced with their tokens unless --default-model names it',
    detect: [[{ path: 'request_id', present: true }, { path: 'output', present: true }, { path: 'usage.input_tokens', present: true }]],
    skip: [],
    fields: {
      model: ['model'],
      input: ['usage.input_tokens'],
      output: ['usage.output_tokens'],
      cacheRead: ['usage.prompt_tokens_details.cached_tokens', 'usage.cached_tokens', 'usage.input_tokens_details.cached_tokens'],
      cacheWrite: ['usage.prompt_tokens_details.cache_creation_input_tokens'],
      reasoning: ['usage.output_tokens_details.reasoning_tokens'],
    },
    missingModel: '(no model: DashScope native response)',
    semantics: { ...OPENAI_SEMANTICS, inputIncludesCacheWrite: true },
  },
  'openai-chat': {
    shape: 'json',
    description: 'OpenAI Chat Completions response (also OpenAI-compatible providers): prompt_tokens includes cached_tokens, completion_tokens includes reasoning_tokens',
    detect: [[{ path: 'object', is: CHAT_OBJECTS }]],
    skip: [{ when: [{ path: 'usage', present: false }], reason: `chat completion ${NO_USAGE}` }],
    fields: {
      model: ['model'],
      timestamp: ['created'],
      input: ['usage.prompt_tokens'],
      output: ['usage.completion_tokens'],
      cacheRead: ['usage.prompt_tokens_details.cached_tokens'],
      reasoning: ['usage.completion_tokens_details.reasoning_tokens'],
      inputAudio: ['usage.prompt_tokens_details.audio_tokens'],
      inputImage: ['usage.prompt_tokens_details.image_tokens'],
      outputAudio: ['usage.completion_tokens_details.audio_tokens'],
      serviceTier: ['service_tier'],
    },
    semantics: OPENAI_SEMANTICS,
  },
  'openai-responses': {
    shape: 'json',
    description: 'OpenAI Responses API response: input_tokens includes cached_tokens, output_tokens includes reasoning_tokens; metadata entries become tags',
    detect: [[{ path: 'object', is: ['response'] }]],
    skip: [{ when: [{ path: 'usage', present: false }], reason: `response ${NO_USAGE}` }],
    fields: {
      model: ['model'],
      timestamp: ['created_at'],
      input: ['usage.input_tokens'],
      output: ['usage.output_tokens'],
      cacheRead: ['usage.input_tokens_details.cached_tokens'],
      reasoning: ['usage.output_tokens_details.reasoning_tokens'],
      inputAudio: ['usage.input_tokens_details.audio_tokens'],
      inputImage: ['usage.input_tokens_details.image_tokens'],
      outputAudio: ['usage.output_tokens_details.audio_tokens'],
      serviceTier: ['service_tier'],
    },
    tags: { user: ['user', 'safety_identifier'] },
    tagObjects: { metadata: 'metadata.' },
    semantics: OPENAI_SEMANTICS,
  },
  'anthropic-messages': {
    shape: 'json',
    description: 'Anthropic Messages response: disjoint buckets (input excludes cache reads and writes); cache writes split 5m/1h when cache_creation is present; no timestamp in the body',
    detect: [
      [
        { path: 'type', is: ['message'] },
        { path: 'object', present: false },
      ],
    ],
    skip: [{ when: [{ path: 'usage', present: false }], reason: `message ${NO_USAGE}` }],
    fields: { model: ['model'], ...anthropicUsage('usage'), serviceTier: ['usage.service_tier'], speed: ['usage.speed'] },
    semantics: DISJOINT_SEMANTICS,
  },
} satisfies Record<string, JsonFormat>;

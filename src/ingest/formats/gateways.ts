// DATA: proxies, gateways and observability exports (shared/formats.md §6–7). Most are read from
// JSONL or CSV alike: a CSV row is the object {header: cell}, and cells holding JSON are listed
// in jsonStrings.

import { OPENAI_SEMANTICS, TEXT_NUMBERS, type JsonFormat, type Semantics, type SkipRule } from './spec.ts';

/** OpenAI-style counts as gateways relay them: prompt includes cached; numbers may be text. */
const GATEWAY: Semantics = { ...OPENAI_SEMANTICS, ...TEXT_NUMBERS, requiredTokens: [] };
/** Langfuse usageDetails: mutually exclusive buckets (input excludes cached, output excludes reasoning). */
const EXCLUSIVE: Semantics = { ...GATEWAY, inputIncludesCacheRead: false, outputIncludesReasoning: false };

const LITELLM_SKIP: readonly SkipRule[] = [
  { when: [{ path: 'status', is: ['failure'] }], reason: 'a failed request (status "failure"): not billed; the row is skipped' },
  { when: [{ path: 'cache_hit', is: ['True', 'true', true] }], reason: 'served from the LiteLLM cache (cache_hit): no provider call, not billed; the row is skipped' },
];
const LANGFUSE_GENERATION_EVENTS = ['generation-create', 'generation-update', 'observation-create', 'observation-update'];

export const GATEWAY_FORMATS = {
  'litellm-spendlogs': {
    shape: 'json',
    description:
      'LiteLLM proxy LiteLLM_SpendLogs row (JSON or CSV export): prompt_tokens includes cached and cache-write tokens (LiteLLM normalises to OpenAI style); cache and reasoning counts only inside the metadata JSON string (metadata.usage_object); ' +
      'startTime is naive UTC; spend is the logged cost (USD); tags team, user, end_user, api_key_alias, api_key, request_tags, organization, session. Cache hits and failures are skipped',
    detect: [[{ path: 'request_id', present: true }, { path: 'spend', present: true }, { path: 'startTime', present: true }, { path: 'call_type', present: true }]],
    jsonStrings: ['metadata', 'request_tags'],
    skip: LITELLM_SKIP,
    fields: {
      model: ['model', 'model_group'],
      timestamp: ['startTime'],
      input: ['prompt_tokens'],
      output: ['completion_tokens'],
      cacheRead: ['metadata.usage_object.prompt_tokens_details.cached_tokens', 'metadata.usage_object.cache_read_input_tokens'],
      cacheWrite: ['metadata.usage_object.cache_creation_input_tokens'],
      reasoning: ['metadata.usage_object.completion_tokens_details.reasoning_tokens'],
      cost: ['spend'],
    },
    tags: {
      team: ['team_id'],
      user: ['user'],
      end_user: ['end_user'],
      api_key_alias: ['metadata.user_api_key_alias'],
      api_key: ['api_key'],
      request_tags: ['request_tags'],
      organization: ['organization_id'],
      session: ['session_id'],
    },
    semantics: { ...GATEWAY, inputIncludesCacheWrite: true },
  },
  'litellm-payload': {
    shape: 'json',
    description:
      'LiteLLM StandardLoggingPayload (callback/S3/GCS objects): counts as in the provider response under response.usage, OpenAI style; response_cost is the logged cost (USD); startTime float epoch seconds or text; ' +
      'tags from metadata.user_api_key_* (team, user, api_key_alias, api_key), end_user, request_tags. Cache hits and failures are skipped',
    detect: [
      [{ path: 'response_cost', present: true }, { path: 'model_map_information', present: true }],
      [{ path: 'response_cost', present: true }, { path: 'hidden_params', present: true }],
    ],
    skip: LITELLM_SKIP,
    fields: {
      model: ['response.model', 'model'],
      timestamp: ['startTime'],
      input: ['prompt_tokens', 'response.usage.prompt_tokens'],
      output: ['completion_tokens', 'response.usage.completion_tokens'],
      cacheRead: ['response.usage.prompt_tokens_details.cached_tokens', 'response.usage.cache_read_input_tokens', 'metadata.usage_object.prompt_tokens_details.cached_tokens'],
      cacheWrite: ['response.usage.cache_creation_input_tokens', 'metadata.usage_object.cache_creation_input_tokens'],
      reasoning: ['response.usage.completion_tokens_details.reasoning_tokens'],
      cost: ['response_cost'],
    },
    tags: {
      team: ['metadata.user_api_key_team_id'],
      user: ['metadata.user_api_key_user_id'],
      end_user: ['end_user', 'metadata.user_api_key_end_user_id'],
      api_key_alias: ['metadata.user_api_key_alias'],
      api_key: ['metadata.user_api_key_hash'],
      request_tags: ['request_tags'],
      trace: ['trace_id'],
    },
    semantics: { ...GATEWAY, inputIncludesCacheWrite: true },
  },
  'langfuse-batch': {
    shape: 'json',
    description:
      'Langfuse ingestion batch ({batch: [events], metadata}): each batch[] event is one row (rows read counts events, not lines); generation events with usage are records, other events (trace-create, spans…) are skipped. ' +
      'usageDetails/usage are exclusive buckets (input excludes cached, output excludes reasoning); startTime may carry an offset; costDetails.total / usage.totalCost is the logged cost (USD). A generation sent as create and update with usage on both is counted twice',
    detect: [
      [{ path: 'batch.0.type', present: true }, { path: 'batch.0.body', present: true }],
      [{ path: 'batch', present: true }, { path: 'metadata.sdk_name', present: true }],
    ],
    items: { paths: ['batch'], empty: 'an empty Langfuse batch: nothing to price' },
    skip: [
      { when: [{ path: 'item.type', not: LANGFUSE_GENERATION_EVENTS }], reason: 'a Langfuse {item.type} event: not a generation, no usage' },
      { when: [{ path: 'item.body.type', present: true }, { path: 'item.body.type', not: ['GENERATION'] }], reason: 'a Langfuse {item.body.type} observation: not a generation, no usage' },
      { when: [{ path: 'item.body.usage', present: false }, { path: 'item.body.usageDetails', present: false }], reason: 'a Langfuse {item.type} event without usage: nothing to price' },
    ],
    fields: {
      model: ['item.body.model'],
      timestamp: ['item.body.startTime', 'item.timestamp'],
      input: ['item.body.usageDetails.input', 'item.body.usage.input', 'item.body.usage.promptTokens'],
      output: ['item.body.usageDetails.output', 'item.body.usage.output', 'item.body.usage.completionTokens'],
      cacheRead: ['item.body.usageDetails.input_cached_tokens', 'item.body.usageDetails.cache_read_input_tokens', 'item.body.usageDetails.input_cache_read'],
      cacheWrite: ['item.body.usageDetails.cache_creation_input_tokens', 'item.body.usageDetails.input_cache_creation'],
      reasoning: ['item.body.usageDetails.output_reasoning_tokens', 'item.body.usageDetails.output_reasoning'],
      cost: ['item.body.costDetails.total', 'item.body.usage.totalCost'],
    },
    tags: { trace: ['item.body.traceId'], environment: ['item.body.environment'] },
    missingModel: '(no model: Langfuse generation without model)',
    semantics: EXCLUSIVE,
  },
  'langfuse-observation': {
    shape: 'json',
    description:
      'Langfuse observation from the public API or a UI export (JSON, JSONL or CSV, where usageDetails/costDetails are JSON strings): GENERATION observations are records, others skipped; ' +
      'usageDetails are exclusive buckets; costDetails.total / calculatedTotalCost is the logged cost (USD); userId/sessionId live on the trace and are not joined',
    detect: [
      [{ path: 'traceId', present: true }, { path: 'type', present: true }, { path: 'usageDetails', present: true }],
      [{ path: 'traceId', present: true }, { path: 'promptTokens', present: true }],
    ],
    jsonStrings: ['usageDetails', 'costDetails', 'usage'],
    skip: [{ when: [{ path: 'type', present: true }, { path: 'type', not: ['GENERATION'] }], reason: 'a Langfuse {type} observation: not a generation, no usage' }],
    fields: {
      model: ['model'],
      timestamp: ['startTime'],
      input: ['usageDetails.input', 'usage.input', 'promptTokens'],
      output: ['usageDetails.output', 'usage.output', 'completionTokens'],
      cacheRead: ['usageDetails.input_cached_tokens', 'usageDetails.cache_read_input_tokens', 'usageDetails.input_cache_read'],
      cacheWrite: ['usageDetails.cache_creation_input_tokens', 'usageDetails.input_cache_creation'],
      reasoning: ['usageDetails.output_reasoning_tokens', 'usageDetails.output_reasoning'],
      cost: ['costDetails.total', 'calculatedTotalCost'],
    },
    tags: { trace: ['traceId'], environment: ['environment'], prompt: ['promptName'] },
    missingModel: '(no model: Langfuse generation without model)',
    semantics: EXCLUSIVE,
  },
  helicone: {
    shape: 'json',
    description:
      'Helicone export (npx @helicone/export, JSONL or CSV): prompt_tokens read as including prompt_cache_read_tokens (OpenAI style; unverified for other providers); cache counts only in JSONL; costUSD (CSV: cost) is the logged cost; ' +
      'request_properties become property.* tags. A header-only CSV is zero rows',
    detect: [[{ path: 'response_id', present: true }, { path: 'request_created_at', present: true }]],
    jsonStrings: ['request_properties', 'properties'],
    skip: [],
    fields: {
      model: ['model', 'response_model', 'request_model'],
      timestamp: ['request_created_at'],
      input: ['prompt_tokens'],
      output: ['completion_tokens'],
      cacheRead: ['prompt_cache_read_tokens'],
      cacheWrite: ['prompt_cache_write_tokens'],
      cost: ['costUSD', 'cost'],
    },
    tags: { user: ['request_user_id', 'helicone_user'], provider: ['provider'] },
    tagObjects: { request_properties: 'property.', properties: 'property.' },
    semantics: GATEWAY,
  },
  'openrouter-generations': {
    shape: 'json',
    description:
      'OpenRouter per-generation activity export (CSV): tokens_prompt includes tokens_cached, tokens_completion includes tokens_reasoning; created_at is naive UTC; cost_total is the logged cost (credits ≈ USD); tags user, api_key_alias, app, provider',
    detect: [[{ path: 'generation_id', present: true }, { path: 'cost_total', present: true }]],
    skip: [],
    fields: {
      model: ['model_permaslug'],
      timestamp: ['created_at'],
      input: ['tokens_prompt'],
      output: ['tokens_completion'],
      cacheRead: ['tokens_cached'],
      reasoning: ['tokens_reasoning'],
      cost: ['cost_total'],
    },
    tags: { user: ['user'], api_key_alias: ['api_key_name'], app: ['app_name'], provider: ['provider_name'] },
    semantics: GATEWAY,
  },
  'openrouter-daily': {
    shape: 'json',
    description:
      'OpenRouter aggregated activity CSV (one row per day × model): a row is Requests requests; Completion Tokens include Reasoning Tokens; Usage is the logged cost (credits ≈ USD; BYOK Usage is not included)',
    detect: [[{ path: 'Slug', present: true }, { path: 'BYOK Usage', present: true }]],
    skip: [],
    fields: {
      model: ['Slug'],
      timestamp: ['Date'],
      input: ['Prompt Tokens'],
      output: ['Completion Tokens'],
      reasoning: ['Reasoning Tokens'],
      requests: ['Requests'],
      cost: ['Usage'],
    },
    semantics: GATEWAY,
  },
  portkey: {
    shape: 'json',
    description: 'Portkey logs export (unverified beyond docs): req_units / res_units are input / output tokens; no cache or reasoning counts; the cost column is not read (its unit is unverified)',
    detect: [[{ path: 'ai_model', present: true }, { path: 'req_units', present: true }]],
    skip: [],
    fields: { model: ['ai_model'], timestamp: ['created_at'], input: ['req_units'], output: ['res_units'] },
    tags: { trace: ['trace_id'], prompt: ['prompt_slug'] },
    semantics: GATEWAY,
  },
} satisfies Record<string, JsonFormat>;

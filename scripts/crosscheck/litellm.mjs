// Reader for LiteLLM's model_prices_and_context_window.json: { "<model>": { litellm_provider,
// input_cost_per_token: 3e-06, … } }. Costs are per token; lossless-json hands each number over as
// the text written in the file ("3e-06"), which is shifted six places to a per-million rate exactly
// (a float 2.19e-06 × 1e6 is 2.1900000000000004).
import { parse } from 'lossless-json';
import { InputError, mustParseDecimal, perTokenToPerMillion } from './decimal.mjs';

/** litellm_provider → our provider (first-party APIs only: vertex_ai-*, bedrock, azure… are other price lists). */
export const LITELLM_PROVIDERS = {
  anthropic: 'anthropic',
  dashscope: 'alibaba',
  deepseek: 'deepseek',
  gemini: 'google',
  minimax: 'minimax',
  mistral: 'mistral',
  moonshot: 'moonshot',
  openai: 'openai',
  xai: 'xai',
  zai: 'zhipu',
};

const COST_KEYS = {
  input_cost_per_token: 'input',
  cache_read_input_token_cost: 'cache_read',
  cache_creation_input_token_cost: 'cache_write_5m',
  cache_creation_input_token_cost_above_1hr: 'cache_write_1h',
  output_cost_per_token: 'output',
  output_cost_per_reasoning_token: 'reasoning',
};

/** "input_cost_per_token_above_200k_tokens" → the input cost for requests above 200,000 input tokens. */
const TIERED_KEY = /^(.+)_above_(\d+)k_tokens$/;

export function readLitellm(path, readText) {
  let data;
  try {
    data = parse(readText(path), null, (text) => text);
  } catch (error) {
    throw new InputError(`${path}: ${error instanceof InputError ? error.message : `invalid JSON: ${error.message}`}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new InputError(`${path}: expected an object of models`);
  const models = [];
  const providersRead = new Set(Object.values(LITELLM_PROVIDERS));
  for (const key of Object.keys(data).sort()) {
    const entry = data[key];
    const provider = LITELLM_PROVIDERS[entry?.litellm_provider];
    if (!provider || key === 'sample_spec') continue;
    const fields = {};
    for (const [name, raw] of Object.entries(entry)) {
      const tiered = TIERED_KEY.exec(name);
      const field = COST_KEYS[tiered ? tiered[1] : name];
      if (!field || typeof raw !== 'string') continue;
      const value = perTokenToPerMillion(mustParseDecimal(raw, `${path}: "${key}".${name}`));
      (fields[field] ??= []).push({ above: tiered ? Number(tiered[2]) * 1000 : 0, value });
    }
    if (!fields.input && !fields.output) continue;
    for (const steps of Object.values(fields)) steps.sort((a, b) => a.above - b.above);
    // A tier with no base rate (only "…_above_200k_tokens") cannot be compared as a base.
    for (const [field, steps] of Object.entries(fields)) if (steps[0].above !== 0) delete fields[field];
    const slash = key.indexOf('/');
    models.push({
      provider,
      snapshotProvider: entry.litellm_provider,
      id: key,
      lookupIds: slash > 0 ? [key, key.slice(slash + 1)] : [key],
      book: { currency: 'USD' },
      breaks: [],
      info: undefined,
      priceAt: () => fields,
    });
  }
  return { models, notes: [], providersRead };
}

// Reads LiteLLM's model_prices_and_context_window.json: { "<key>": { litellm_provider, mode,
// input_cost_per_token: 3e-06, … } }. Prices are USD per token as JSON numbers; they are converted
// to per-million decimal strings from their source text (json-source.ts), never through a float.
import { isObject, literalToDecimalText, NumberLiteral, type SourceObject, type SourceValue } from './json-source.ts';
import { LITELLM_PROVIDERS, litellmUnmappedReason } from './providers.ts';
import { IMPORT_SERVICE_TIERS, tiersFrom, type ImportServiceTier, type RateName, type SourceEntry, type SourceRates, type SourceRead, type Skip, type ThresholdRate } from './source.ts';

/** The modes that are chat-like request/response pricing; images, embeddings, speech… are skipped. */
export const LITELLM_MODES = ['chat', 'completion', 'responses'] as const;

/** LiteLLM per-token keys → our rate fields. */
const RATE_KEYS: ReadonlyMap<string, RateName> = new Map([
  ['input_cost_per_token', 'input'],
  ['output_cost_per_token', 'output'],
  ['cache_read_input_token_cost', 'cache_read'],
  ['cache_creation_input_token_cost', 'cache_write_5m'],
  ['cache_creation_input_token_cost_above_1hr', 'cache_write_1h'],
  ['output_cost_per_reasoning_token', 'reasoning'],
  ['input_cost_per_audio_token', 'input_audio'],
  ['output_cost_per_audio_token', 'output_audio'],
  ['input_cost_per_image_token', 'input_image'],
]);

/** "<base key>_above_<N>k_tokens": the base key's price for requests with more than N×1000 input tokens. */
const ABOVE = /^(.+)_above_(\d+)k_tokens$/;
/** LiteLLM's service-tier suffixes → ours. */
const SERVICE_SUFFIX: ReadonlyMap<string, ImportServiceTier> = new Map([
  ['_batches', 'batch'],
  ['_flex', 'flex'],
  ['_priority', 'priority'],
]);

/** Whether a parsed file looks like LiteLLM's: an object of objects, some with litellm_provider. */
export function looksLikeLitellm(root: SourceValue): root is SourceObject {
  if (!isObject(root)) return false;
  return Object.values(root).some((v) => isObject(v) && typeof v.litellm_provider === 'string');
}

export function readLitellm(root: SourceObject): SourceRead {
  const entries: SourceEntry[] = [];
  const skipped: Skip[] = [];
  for (const [key, value] of Object.entries(root)) {
    if (key === 'sample_spec' || !isObject(value)) continue;
    const result = readEntry(key, value);
    if ('reason' in result) skipped.push(result);
    else entries.push(result);
  }
  return { format: 'litellm', entries, skipped };
}

function readEntry(key: string, obj: SourceObject): SourceEntry | Skip {
  const mode = typeof obj.mode === 'string' ? obj.mode : undefined;
  if (mode === undefined) return { key, reason: 'no "mode" (cannot tell a chat model from an image or embedding one)' };
  if (!(LITELLM_MODES as readonly string[]).includes(mode)) return { key, reason: `mode "${mode}" (only ${LITELLM_MODES.join('/')} are imported)` };
  const sourceProvider = typeof obj.litellm_provider === 'string' ? obj.litellm_provider : '?';
  const rates: SourceRates = {};
  const thresholds: ThresholdRate[] = [];
  const serviceTiers: Partial<Record<ImportServiceTier, SourceRates>> = {};
  const used = new Set<string>();
  const ignored: string[] = [];
  for (const [field, value] of Object.entries(obj)) {
    const rate = RATE_KEYS.get(field);
    if (rate) {
      const text = literalToDecimalText(value, 6);
      if (text === undefined) return { key, reason: `a price that is not a non-negative number (${field})` };
      rates[rate] = text;
      used.add(field);
      continue;
    }
    const above = ABOVE.exec(field);
    const aboveRate = above?.[1] ? RATE_KEYS.get(above[1]) : undefined;
    if (above && aboveRate) {
      const text = literalToDecimalText(value, 6);
      if (text === undefined) return { key, reason: `a price that is not a non-negative number (${field})` };
      thresholds.push({ field: aboveRate, above: Number(above[2]) * 1000, value: text });
      used.add(field);
      continue;
    }
    const suffix = [...SERVICE_SUFFIX.keys()].find((s) => field.endsWith(s));
    const tierRate = suffix ? RATE_KEYS.get(field.slice(0, -suffix.length)) : undefined;
    if (suffix && tierRate) {
      const text = literalToDecimalText(value, 6);
      const tier = SERVICE_SUFFIX.get(suffix);
      if (text !== undefined && tier) {
        serviceTiers[tier] = { ...serviceTiers[tier], [tierRate]: text };
        used.add(field);
        continue;
      }
    }
    if (field.includes('cost') && value instanceof NumberLiteral && value.text !== '0' && value.text !== '0.0') ignored.push(field);
  }
  if (rates.input === undefined || rates.output === undefined) return { key, reason: 'no per-token input and output price' };
  const tiers = tiersFrom(rates, thresholds);
  // A service tier is a full rate set in our format: it needs input and output, and a tiered
  // model's service prices would need tiers of their own, which the format does not have.
  for (const name of IMPORT_SERVICE_TIERS) {
    const set = serviceTiers[name];
    if (set && (tiers || set.input === undefined || set.output === undefined)) {
      ignored.push(`${name} prices${tiers ? ' (of a model with size tiers)' : ' (incomplete)'}`);
      delete serviceTiers[name];
    }
  }
  const prefix = `${sourceProvider}/`;
  const id = key.startsWith(prefix) && key.length > prefix.length ? key.slice(prefix.length) : key;
  const provider = LITELLM_PROVIDERS.get(sourceProvider);
  const unmappedReason = provider ? undefined : litellmUnmappedReason(sourceProvider);
  return {
    key,
    id,
    candidates: [...new Set([key, id, id.toLowerCase()])],
    sourceProvider,
    ...(provider ? { provider } : {}),
    ...(unmappedReason ? { unmappedReason } : {}),
    ...(tiers ? { tiers } : { rates }),
    serviceTiers,
    ...limit('contextWindow', obj.max_input_tokens),
    ...limit('maxOutputTokens', obj.max_output_tokens),
    ...(typeof obj.deprecation_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(obj.deprecation_date) ? { deprecation: obj.deprecation_date } : {}),
    ignoredFields: ignored.sort(),
    cite: `LiteLLM model_prices_and_context_window.json key "${key}"`,
  };
}

/** A positive whole-number limit, or nothing (LiteLLM has some limits as strings or floats). */
function limit(name: 'contextWindow' | 'maxOutputTokens', value: SourceValue | undefined): Partial<Record<typeof name, number>> {
  if (!(value instanceof NumberLiteral) || !/^[1-9]\d*$/.test(value.text)) return {};
  const n = Number(value.text);
  return Number.isSafeInteger(n) ? { [name]: n } : {};
}

// Reads pydantic/genai-prices' prices/data.json: providers[] with models[], each with `prices`
// either one price set or a list of { constraint?: { start_date | start_time/end_time }, prices }.
// Rates are USD per million tokens (`input_mtok`), plain or tiered ({ base, tiers: [{ start, price }] }),
// read from their source text so that 0.135 stays "0.135".
import { isObject, literalToDecimalText, NumberLiteral, type SourceObject, type SourceValue } from './json-source.ts';
import { GENAI_PRICES_NOT_A_BOOK, GENAI_PRICES_PROVIDERS } from './providers.ts';
import { tiersFrom, type RateName, type SourceEntry, type SourceRates, type SourceRead, type Skip, type ThresholdRate } from './source.ts';

/** genai-prices price keys → our rate fields. */
const RATE_KEYS: ReadonlyMap<string, RateName> = new Map([
  ['input_mtok', 'input'],
  ['output_mtok', 'output'],
  ['cache_read_mtok', 'cache_read'],
  ['cache_write_mtok', 'cache_write_5m'],
  ['input_audio_mtok', 'input_audio'],
  ['output_audio_mtok', 'output_audio'],
]);

/** The provider list: the file is a bare array, or { providers: [...] } in some exports. */
function providerList(root: SourceValue): SourceValue[] | undefined {
  if (Array.isArray(root)) return root;
  if (isObject(root) && Array.isArray(root.providers)) return root.providers;
  return undefined;
}

/** Whether a parsed file looks like genai-prices data: providers, each with an id and models[]. */
export function looksLikeGenaiPrices(root: SourceValue): boolean {
  const list = providerList(root);
  return list !== undefined && list.length > 0 && list.every((p) => isObject(p) && typeof p.id === 'string' && Array.isArray(p.models));
}

/** Reads every model's prices in force at `at` (epoch ms), as genai-prices would choose them. */
export function readGenaiPrices(root: SourceValue, at: number): SourceRead {
  const entries: SourceEntry[] = [];
  const skipped: Skip[] = [];
  for (const provider of providerList(root) ?? []) {
    if (!isObject(provider) || typeof provider.id !== 'string' || !Array.isArray(provider.models)) continue;
    for (const model of provider.models) {
      if (!isObject(model) || typeof model.id !== 'string') continue;
      const result = readModel(provider.id, model, at);
      if ('reason' in result) skipped.push(result);
      else entries.push(result);
    }
  }
  return { format: 'genai-prices', entries, skipped };
}

function readModel(providerId: string, model: SourceObject, at: number): SourceEntry | Skip {
  const id = String(model.id);
  const key = `${providerId}/${id}`;
  const notABook = GENAI_PRICES_NOT_A_BOOK.get(providerId);
  if (notABook) return { key, reason: notABook };
  const chosen = pricesAt(model.prices, at);
  if ('reason' in chosen) return { key, reason: chosen.reason };
  const rates: SourceRates = {};
  const thresholds: ThresholdRate[] = [];
  const ignored: string[] = [];
  for (const [field, value] of Object.entries(chosen.prices)) {
    const rate = RATE_KEYS.get(field);
    if (!rate) {
      ignored.push(field);
      continue;
    }
    if (isObject(value)) {
      // Tiered: the whole request at the price of the highest `start` its input exceeds.
      const base = literalToDecimalText(value.base, 0);
      if (base === undefined || !Array.isArray(value.tiers)) return { key, reason: `a tiered price without a numeric "base" and "tiers" (${field})` };
      rates[rate] = base;
      for (const tier of value.tiers) {
        const price = isObject(tier) ? literalToDecimalText(tier.price, 0) : undefined;
        const start = isObject(tier) && tier.start instanceof NumberLiteral && /^\d+$/.test(tier.start.text) ? Number(tier.start.text) : undefined;
        if (price === undefined || start === undefined) return { key, reason: `a price tier without a whole-number "start" and a "price" (${field})` };
        thresholds.push({ field: rate, above: start, value: price });
      }
      continue;
    }
    const text = literalToDecimalText(value, 0);
    if (text === undefined) return { key, reason: `a price that is not a non-negative number (${field})` };
    rates[rate] = text;
  }
  if (rates.input === undefined || rates.output === undefined) return { key, reason: 'no per-token input and output price' };
  const provider = GENAI_PRICES_PROVIDERS.get(providerId);
  const tiers = tiersFrom(rates, thresholds);
  const contextWindow = model.context_window instanceof NumberLiteral && /^[1-9]\d*$/.test(model.context_window.text) ? Number(model.context_window.text) : undefined;
  return {
    key,
    id,
    candidates: [...new Set([id, id.toLowerCase()])],
    sourceProvider: providerId,
    ...(provider ? { provider } : {}),
    ...(tiers ? { tiers } : { rates }),
    serviceTiers: {},
    ...(contextWindow !== undefined && Number.isSafeInteger(contextWindow) ? { contextWindow } : {}),
    ignoredFields: ignored.sort(),
    cite: `genai-prices data.json provider "${providerId}" model "${id}"${chosen.since ? ` (prices from start_date ${chosen.since})` : ''}`,
  };
}

/**
 * The price set genai-prices applies at `at`: the last entry whose constraint holds (as its
 * get_prices does), else the first. Time-of-day constraints (off-peak hours) hold at some hours of
 * every day, which one date cannot answer; such models are skipped rather than half-imported.
 */
function pricesAt(prices: SourceValue | undefined, at: number): { prices: SourceObject; since?: string } | { reason: string } {
  if (isObject(prices)) return { prices };
  if (!Array.isArray(prices) || prices.length === 0) return { reason: 'no "prices"' };
  const items = prices.filter(isObject);
  for (const item of items) {
    const constraint = item.constraint;
    if (isObject(constraint) && (constraint.start_time !== undefined || constraint.end_time !== undefined)) {
      return { reason: 'time-of-day prices (genai-prices start_time/end_time; not imported)' };
    }
  }
  for (const item of [...items].reverse()) {
    const constraint = item.constraint;
    if (!isObject(item.prices)) continue;
    if (constraint === undefined || constraint === null) return { prices: item.prices };
    const start = isObject(constraint) && typeof constraint.start_date === 'string' ? constraint.start_date : undefined;
    if (start === undefined || Number.isNaN(Date.parse(`${start}T00:00:00Z`))) return { reason: 'a price constraint other than start_date' };
    if (Date.parse(`${start}T00:00:00Z`) <= at) return { prices: item.prices, since: start };
  }
  const first = items[0]?.prices;
  return isObject(first) ? { prices: first } : { reason: 'no "prices"' };
}

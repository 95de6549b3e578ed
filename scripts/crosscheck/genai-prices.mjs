// Reader for pydantic/genai-prices: prices/providers/<provider>.yml. YAML is parsed with the
// failsafe schema, so every scalar stays the text it was written as ("0.550" is not a float).
// A model's `prices` is a rate object or a list of { constraint, prices } (start_date, or a UTC
// time of day); a rate is a number or { base, tiers: [{ start, price }] } (tier when input > start).
import { parse } from 'yaml';
import { InputError, mustParseDecimal } from './decimal.mjs';

/** genai-prices provider file → our provider. */
export const GENAI_PROVIDERS = {
  anthropic: 'anthropic',
  deepseek: 'deepseek',
  google: 'google',
  minimax: 'minimax',
  mistral: 'mistral',
  moonshotai: 'moonshot',
  openai: 'openai',
  x_ai: 'xai',
  zai: 'zhipu',
};

/** Files that hold one of our providers but are not compared, and why. */
const NOT_COMPARED = {
  zhipuai: 'zhipuai.yml is Zhipu\'s CNY list converted to USD at 1 USD = 7.25 CNY and rounded (its price_comments); our zhipu "cn" book is CNY, so it is not compared',
};

const RATE_KEYS = {
  input_mtok: 'input',
  cache_read_mtok: 'cache_read',
  cache_write_mtok: 'cache_write_5m',
  cache_write_1h_mtok: 'cache_write_1h',
  output_mtok: 'output',
  output_reasoning_mtok: 'reasoning',
};

export function readGenaiPrices(tree) {
  const dir = tree.exists('prices/providers') ? 'prices/providers' : '';
  const entries = (tree.list(dir) ?? []).filter((e) => e.type === 'file' && e.name.endsWith('.yml'));
  if (entries.length === 0) throw new InputError(`${tree.label}: no prices/providers/*.yml (is this a genai-prices snapshot?)`);
  const models = [];
  const notes = [];
  const providersRead = new Set();
  for (const entry of entries) {
    const file = entry.name.slice(0, -'.yml'.length);
    if (NOT_COMPARED[file]) notes.push(NOT_COMPARED[file]);
    const provider = GENAI_PROVIDERS[file];
    if (!provider) continue;
    providersRead.add(provider);
    let doc;
    try {
      doc = parse(tree.read(entry.path), { schema: 'failsafe' });
    } catch (error) {
      throw new InputError(`${tree.label}: ${entry.path}: ${error instanceof InputError ? error.message : `invalid YAML: ${error.message}`}`);
    }
    (doc?.models ?? []).forEach((m, index) => {
      const where = `${entry.path} models[${index}] (${m.id})`;
      const conditional = Array.isArray(m.prices)
        ? m.prices.map((c) => ({ constraint: c.constraint, rates: readRates(c.prices, where) }))
        : [{ constraint: undefined, rates: readRates(m.prices, where) }];
      const breaks = conditional.flatMap(({ constraint }) => (constraint?.start_time !== undefined ? [minuteOf(constraint.start_time, where), minuteOf(constraint.end_time, where)] : []));
      models.push({
        provider,
        snapshotProvider: file,
        id: m.id,
        lookupIds: [m.id],
        matches: m.match ? (id) => matchLogic(m.match, id) : undefined,
        book: { currency: 'USD' },
        breaks,
        info: m.prices_checked ? `prices_checked ${m.prices_checked}` : undefined,
        priceAt: (at, minute) => activeRates(conditional, at, minute, where),
      });
    });
  }
  return { models, notes, providersRead };
}

/** { field: steps } from a genai-prices rate object; keys we do not compare (audio, web search…) are left out. */
function readRates(prices, where) {
  const fields = {};
  for (const [key, value] of Object.entries(prices ?? {})) {
    const field = RATE_KEYS[key];
    if (!field) continue;
    if (typeof value === 'string') {
      fields[field] = [{ above: 0, value: mustParseDecimal(value, `${where} ${key}`) }];
    } else {
      const tiers = (value.tiers ?? []).map((t) => ({ above: Number(t.start), value: mustParseDecimal(t.price, `${where} ${key} tier`) }));
      if (tiers.some((t) => !Number.isSafeInteger(t.above))) throw new InputError(`${where} ${key}: a tier start is not an integer`);
      fields[field] = [{ above: 0, value: mustParseDecimal(value.base, `${where} ${key} base`) }, ...tiers.sort((a, b) => a.above - b.above)];
    }
  }
  return fields;
}

/** genai-prices' own rule (getActiveModelPrice): the last entry whose constraint holds; else the first. */
function activeRates(conditional, at, minute, where) {
  for (let i = conditional.length - 1; i >= 0; i--) {
    const { constraint, rates } = conditional[i];
    if (constraint === undefined) return rates;
    if (constraint.start_date !== undefined) {
      if (at >= instantOf(constraint.start_date, where)) return rates;
    } else if (constraint.start_time !== undefined) {
      const start = minuteOf(constraint.start_time, where);
      const end = minuteOf(constraint.end_time, where);
      const inside = end < start ? minute >= start || minute < end : minute >= start && minute < end;
      if (inside) return rates;
    } else {
      throw new InputError(`${where}: unknown price constraint ${JSON.stringify(constraint)}`);
    }
  }
  return conditional[0]?.rates ?? {};
}

function instantOf(text, where) {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new InputError(`${where}: not a date: ${JSON.stringify(text)}`);
  return t;
}

/** "16:30:00Z" → minutes after 00:00 UTC (seconds are dropped: the data has none). */
function minuteOf(text, where) {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?(?:Z|\+00:00)?$/.exec(String(text));
  if (!m) throw new InputError(`${where}: not a UTC time of day: ${JSON.stringify(text)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** genai-prices' matchLogic: case-insensitive equals / starts_with / ends_with / contains, regex, or, and. */
export function matchLogic(logic, text) {
  if (logic.or) return logic.or.some((c) => matchLogic(c, text));
  if (logic.and) return logic.and.every((c) => matchLogic(c, text));
  const t = text.toLowerCase();
  if (logic.equals !== undefined) return t === logic.equals.toLowerCase();
  if (logic.starts_with !== undefined) return t.startsWith(logic.starts_with.toLowerCase());
  if (logic.ends_with !== undefined) return t.endsWith(logic.ends_with.toLowerCase());
  if (logic.contains !== undefined) return t.includes(logic.contains.toLowerCase());
  if (logic.regex !== undefined) return new RegExp(logic.regex).test(text);
  return false;
}

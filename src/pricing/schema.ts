// Validates one parsed pricing file (unknown JSON) into typed catalogue entries.
// Every problem names the file and the JSON path, and all problems are collected,
// so `pricing check` can list them at once. The rules are those of pricing/README.md.
import type { Decimal } from '../core/money.ts';
import { SERVICE_TIERS, type ServiceTier } from '../core/types.ts';
import { Checker, type Json, type SchemaProblem } from './checker.ts';
import {
  CONFIDENCE_LEVELS,
  OVERRIDE_MODES,
  type IdPattern,
  type ModelAlias,
  type ModelEntry,
  type PriceVersion,
  type PricingFile,
  type RateSet,
  type ServiceTierPrice,
  type Tier,
  type TimeWindow,
  type DaySpan,
  FEE_KINDS,
  type FeeKind,
} from './types.ts';
import { sortByRegion, versionProblems } from './versions.ts';

export { parseDataTime, type SchemaProblem } from './checker.ts';

const RATE_FIELDS = {
  input: 'input',
  cacheRead: 'cache_read',
  cacheWrite5m: 'cache_write_5m',
  cacheWrite1h: 'cache_write_1h',
  output: 'output',
  reasoning: 'reasoning',
  outputThinking: 'output_thinking',
  inputAudio: 'input_audio',
  outputAudio: 'output_audio',
  inputImage: 'input_image',
} as const satisfies Record<keyof RateSet, string>;
const RATE_KEYS: readonly string[] = Object.values(RATE_FIELDS);

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Reads the rate fields of `obj`; `required` says whether input and output must be present. */
function readRates(c: Checker, obj: Json, path: string, required: boolean): RateSet | undefined {
  const rates: Partial<Record<keyof RateSet, Decimal>> = {};
  for (const [field, key] of Object.entries(RATE_FIELDS) as [keyof RateSet, string][]) {
    const value = c.rate(obj, key, path);
    if (value !== undefined) rates[field] = value;
  }
  const { input, output } = rates;
  if (input === undefined || output === undefined) {
    if (required) {
      if (input === undefined && obj.input === undefined) c.fail(`${path}.input`, 'is required');
      if (output === undefined && obj.output === undefined) c.fail(`${path}.output`, 'is required');
    }
    return undefined;
  }
  return { ...rates, input, output };
}

function readTiers(c: Checker, value: unknown, path: string): Tier[] | undefined {
  const items = c.array(value, path);
  if (!items) return undefined;
  if (items.length === 0) return c.fail(path, 'must list at least one tier');
  const tiers: Tier[] = [];
  items.forEach((item, i) => {
    const tierPath = `${path}[${i}]`;
    const obj = c.object(item, tierPath);
    if (!obj) return;
    c.unknownKeys(obj, ['input_up_to', 'output_up_to', ...RATE_KEYS], tierPath);
    const rates = readRates(c, obj, tierPath, true);
    const inputUpTo = c.positiveInteger(obj, 'input_up_to', tierPath);
    const outputUpTo = c.positiveInteger(obj, 'output_up_to', tierPath);
    if (rates) tiers.push({ inputUpTo, outputUpTo, rates });
  });
  // Tiers ascend by input limit; tiers sharing an input limit may split on output length.
  for (let i = 1; i < tiers.length; i++) {
    const previous = tiers[i - 1]?.inputUpTo ?? Infinity;
    const current = tiers[i]?.inputUpTo ?? Infinity;
    if (current < previous) c.fail(`${path}[${i}].input_up_to`, `tiers must ascend: ${current} comes after ${previous}`);
    if (previous === Infinity && current === Infinity && tiers[i - 1]?.outputUpTo === undefined) {
      c.fail(`${path}[${i}]`, 'is unreachable: the tier before it has no limit');
    }
  }
  return tiers;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function readWindows(c: Checker, value: unknown, path: string): TimeWindow[] {
  const windows: TimeWindow[] = [];
  (c.array(value, path) ?? []).forEach((item, i) => {
    const windowPath = `${path}[${i}]`;
    const obj = c.object(item, windowPath);
    if (!obj) return;
    c.unknownKeys(obj, ['name', 'from', 'to', 'spans', 'days', 'calendar', 'makeup_workdays', ...RATE_KEYS], windowPath);
    const name = c.string(obj, 'name', windowPath, true);
    const spans = readSpans(c, obj, windowPath);
    const days = obj.days === undefined ? undefined : readDays(c, obj.days, `${windowPath}.days`);
    const calendar = c.string(obj, 'calendar', windowPath);
    const makeupWorkdays = obj.makeup_workdays === undefined ? false : obj.makeup_workdays;
    if (typeof makeupWorkdays !== 'boolean') c.fail(`${windowPath}.makeup_workdays`, 'expected true or false');
    else if (obj.makeup_workdays !== undefined && calendar === undefined) c.fail(`${windowPath}.makeup_workdays`, 'only means something with a "calendar"');
    const rates = readRates(c, obj, windowPath, true);
    if (windows.some((w) => w.name === name)) c.fail(`${windowPath}.name`, `another window of this version is named ${JSON.stringify(name)}; give each a distinct name (one window may hold several "spans")`);
    if (name && spans && rates && typeof makeupWorkdays === 'boolean') {
      windows.push({ name, spans, ...(days ? { days } : {}), ...(calendar ? { calendar } : {}), makeupWorkdays, rates });
    }
  });
  return windows;
}

/** Either "from"/"to" or a list of "spans", each {from, to} in UTC. */
function readSpans(c: Checker, obj: Json, path: string): DaySpan[] | undefined {
  if (obj.spans !== undefined) {
    if (obj.from !== undefined || obj.to !== undefined) return c.fail(path, 'has both "spans" and "from"/"to": use one');
    const items = c.array(obj.spans, `${path}.spans`);
    if (!items) return undefined;
    if (items.length === 0) return c.fail(`${path}.spans`, 'must list at least one span');
    const spans: DaySpan[] = [];
    items.forEach((item, i) => {
      const spanPath = `${path}.spans[${i}]`;
      const spanObj = c.object(item, spanPath);
      if (!spanObj) return;
      c.unknownKeys(spanObj, ['from', 'to'], spanPath);
      const span = readSpan(c, spanObj, spanPath);
      if (span) spans.push(span);
    });
    return spans.length === items.length ? spans : undefined;
  }
  const span = readSpan(c, obj, path);
  return span ? [span] : undefined;
}

function readSpan(c: Checker, obj: Json, path: string): DaySpan | undefined {
  const fromMinute = minuteOfDay(c, obj, 'from', path);
  const toMinute = minuteOfDay(c, obj, 'to', path);
  if (fromMinute === undefined || toMinute === undefined) return undefined;
  if (fromMinute === toMinute) return c.fail(path, '"from" and "to" are equal: the window would be empty');
  return { fromMinute, toMinute };
}

function readDays(c: Checker, value: unknown, path: string): number[] | undefined {
  const items = c.array(value, path);
  if (!items) return undefined;
  const days = new Set<number>();
  items.forEach((item, i) => {
    const day = WEEKDAYS.indexOf(item as (typeof WEEKDAYS)[number]);
    if (day < 0) c.fail(`${path}[${i}]`, `expected a day of the week (${WEEKDAYS.join(', ')}), found ${JSON.stringify(item)}`);
    else days.add(day);
  });
  if (items.length === 0) return c.fail(path, 'must list at least one day');
  if (days.size === 0) return undefined;
  return [...days].sort((a, b) => a - b);
}

function readFees(c: Checker, value: unknown, path: string): Partial<Record<FeeKind, Decimal>> {
  const fees: Partial<Record<FeeKind, Decimal>> = {};
  const obj = c.object(value, path);
  if (!obj) return fees;
  for (const key of Object.keys(obj)) {
    const kind = FEE_KINDS.find((k) => k === key);
    if (!kind) {
      c.fail(`${path}.${key}`, `unknown fee (allowed: ${FEE_KINDS.join(', ')})`);
      continue;
    }
    const price = c.decimal(obj, key, path, 'a decimal string per 1,000 calls such as "10"');
    if (price !== undefined) fees[kind] = price;
  }
  return fees;
}

function minuteOfDay(c: Checker, obj: Json, key: string, path: string): number | undefined {
  const text = c.string(obj, key, path, true);
  if (text === undefined) return undefined;
  const match = TIME_OF_DAY.exec(text);
  if (!match) return c.fail(`${path}.${key}`, `expected a UTC time of day "HH:MM", found ${JSON.stringify(text)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function readServiceTiers(c: Checker, value: unknown, path: string): Partial<Record<ServiceTier, ServiceTierPrice>> {
  const result: Partial<Record<ServiceTier, ServiceTierPrice>> = {};
  const obj = c.object(value, path);
  if (!obj) return result;
  for (const [name, spec] of Object.entries(obj)) {
    const tierPath = `${path}.${name}`;
    if (!(SERVICE_TIERS as readonly string[]).includes(name) || name === 'standard') {
      c.fail(tierPath, `unknown service tier (allowed: ${SERVICE_TIERS.filter((t) => t !== 'standard').join(', ')})`);
      continue;
    }
    const specObj = c.object(spec, tierPath);
    if (!specObj) continue;
    if ('multiplier' in specObj) {
      c.unknownKeys(specObj, ['multiplier'], tierPath);
      const multiplier = c.rate(specObj, 'multiplier', tierPath);
      if (multiplier) result[name as ServiceTier] = { multiplier };
    } else {
      c.unknownKeys(specObj, RATE_KEYS, tierPath);
      const rates = readRates(c, specObj, tierPath, true);
      if (rates) result[name as ServiceTier] = { rates };
    }
  }
  return result;
}

const VERSION_KEYS = ['effective_from', 'effective_until', 'region', 'currency', ...RATE_KEYS, 'tiers', 'windows', 'service_tiers', 'introductory', 'fees_per_1k', 'source', 'checked', 'confidence', 'notes'];

function readVersion(c: Checker, value: unknown, path: string): PriceVersion | undefined {
  const obj = c.object(value, path);
  if (!obj) return undefined;
  c.unknownKeys(obj, VERSION_KEYS, path);
  const effectiveFrom = c.time(obj, 'effective_from', path, true);
  const effectiveUntil = c.time(obj, 'effective_until', path, false);
  const currency = c.string(obj, 'currency', path, true);
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) c.fail(`${path}.currency`, `expected an ISO 4217 code such as "USD" or "CNY", found ${JSON.stringify(currency)}`);
  const region = c.string(obj, 'region', path) ?? 'global';
  const hasTopLevelRates = RATE_KEYS.some((key) => obj[key] !== undefined);
  let rates: RateSet | undefined;
  let tiers: Tier[] | undefined;
  if (obj.tiers !== undefined) {
    if (hasTopLevelRates) c.fail(path, 'has both "tiers" and top-level rates: put the rates inside the tiers');
    tiers = readTiers(c, obj.tiers, `${path}.tiers`);
  } else {
    rates = readRates(c, obj, path, true);
  }
  const windows = obj.windows === undefined ? [] : readWindows(c, obj.windows, `${path}.windows`);
  const serviceTiers = obj.service_tiers === undefined ? {} : readServiceTiers(c, obj.service_tiers, `${path}.service_tiers`);
  const feesPer1k = obj.fees_per_1k === undefined ? {} : readFees(c, obj.fees_per_1k, `${path}.fees_per_1k`);
  const introductory = obj.introductory === undefined ? false : obj.introductory;
  if (typeof introductory !== 'boolean') c.fail(`${path}.introductory`, 'expected true or false');
  const source = c.string(obj, 'source', path, true);
  const checked = c.date(obj, 'checked', path, true);
  const confidence = c.oneOf(obj, 'confidence', path, CONFIDENCE_LEVELS, true);
  const notes = c.string(obj, 'notes', path);
  if (effectiveFrom === undefined || !currency || !source || !checked || !confidence || (!rates && !tiers)) return undefined;
  return {
    effectiveFrom,
    effectiveFromText: String(obj.effective_from),
    ...(effectiveUntil === undefined ? {} : { effectiveUntil, effectiveUntilText: String(obj.effective_until) }),
    region,
    currency,
    rates,
    tiers,
    windows,
    serviceTiers,
    introductory: introductory === true,
    feesPer1k,
    source,
    checked,
    confidence,
    notes,
    at: { file: c.file, path },
  };
}

function readAliases(c: Checker, value: unknown, path: string): ModelAlias[] {
  const aliases: ModelAlias[] = [];
  (c.array(value, path) ?? []).forEach((item, i) => {
    const aliasPath = `${path}[${i}]`;
    if (typeof item === 'string' && item.trim() !== '') {
      aliases.push({ id: item });
      return;
    }
    const obj = c.object(item, aliasPath);
    if (!obj) return;
    c.unknownKeys(obj, ['id', 'from', 'until'], aliasPath);
    const id = c.string(obj, 'id', aliasPath, true);
    const from = c.time(obj, 'from', aliasPath, false);
    const until = c.time(obj, 'until', aliasPath, false);
    if (from !== undefined && until !== undefined && until <= from) c.fail(aliasPath, '"until" must come after "from"');
    if (id) aliases.push({ id, from, until });
  });
  return aliases;
}

function readModel(c: Checker, value: unknown, path: string, provider: string): ModelEntry | undefined {
  const obj = c.object(value, path);
  if (!obj) return undefined;
  c.unknownKeys(obj, ['id', 'name', 'aliases', 'notes', 'context_window', 'max_output_tokens', 'retired', 'prices'], path);
  const id = c.string(obj, 'id', path, true);
  const name = c.string(obj, 'name', path);
  const contextWindow = c.positiveInteger(obj, 'context_window', path);
  const maxOutputTokens = c.positiveInteger(obj, 'max_output_tokens', path);
  const retired = c.date(obj, 'retired', path, false);
  c.string(obj, 'notes', path);
  const aliases = obj.aliases === undefined ? [] : readAliases(c, obj.aliases, `${path}.aliases`);
  const items = c.array(obj.prices, `${path}.prices`) ?? [];
  if (obj.prices !== undefined && items.length === 0) c.fail(`${path}.prices`, 'must list at least one price version');
  const prices = items.map((item, i) => readVersion(c, item, `${path}.prices[${i}]`)).filter((v) => v !== undefined);
  c.problems.push(...versionProblems(prices));
  if (!id) return undefined;
  const limits = { ...(contextWindow === undefined ? {} : { contextWindow }), ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }), ...(retired === undefined ? {} : { retired }) };
  return { id, name, provider, aliases, ...limits, prices: sortByRegion(prices), at: { file: c.file, path } };
}

/** Provider-level match rules: prefixes, anchored id patterns, and the older snapshot patterns. */
function readMatchRules(c: Checker, root: Json): Pick<PricingFile['provider'], 'snapshotPatterns' | 'prefixes' | 'idPatterns'> {
  const list = (key: string) => (root[key] === undefined ? [] : (c.array(root[key], `$.${key}`) ?? []));
  const snapshotPatterns = list('snapshot_patterns')
    .map((item, i) => c.pattern(item, `$.snapshot_patterns[${i}]`, true))
    .filter((p) => p !== undefined);
  const prefixes: string[] = [];
  list('prefixes').forEach((item, i) => {
    // A prefix ends at a separator, so "openai/" can never match inside "openai-like/…".
    if (typeof item === 'string' && /^[^\s]+[/.:@]$/.test(item)) prefixes.push(item);
    else c.fail(`$.prefixes[${i}]`, `expected a prefix ending in "/", ".", ":" or "@" such as "openrouter/openai/", found ${JSON.stringify(item)}`);
  });
  const idPatterns: IdPattern[] = [];
  list('id_patterns').forEach((item, i) => {
    const path = `$.id_patterns[${i}]`;
    const obj = c.object(item, path);
    if (!obj) return;
    c.unknownKeys(obj, ['match', 'to'], path);
    const pattern = c.pattern(obj.match, `${path}.match`, true);
    const to = c.string(obj, 'to', path, true);
    if (to !== undefined && !/\$\d/.test(to)) c.fail(`${path}.to`, `must use a capture group such as "$1", found ${JSON.stringify(to)}`);
    if (pattern && to) idPatterns.push({ pattern, to, text: String(obj.match) });
  });
  return { snapshotPatterns, prefixes, idPatterns };
}

const ROOT_KEYS = ['$schema', 'provider', 'name', 'default_region', 'snapshot_patterns', 'prefixes', 'id_patterns', 'notes', 'models'];

/**
 * Validates one file. Returns the entries it could read and every problem found.
 * `override` files (passed with --pricing) may also say how they combine: "mode": "replace" | "merge".
 */
export function validatePricingFile(file: string, data: unknown, options: { override?: boolean } = {}): { value?: PricingFile; problems: SchemaProblem[] } {
  const c = new Checker(file);
  const root = c.object(data, '$');
  if (!root) return { problems: c.problems };
  const hint = { mode: 'unknown field: "mode" is only allowed in override files passed with --pricing' };
  c.unknownKeys(root, options.override ? [...ROOT_KEYS, 'mode'] : ROOT_KEYS, '$', hint);
  const provider = c.string(root, 'provider', '$', true);
  if (provider !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(provider)) c.fail('$.provider', `expected a lower-case id such as "openai", found ${JSON.stringify(provider)}`);
  const name = c.string(root, 'name', '$') ?? provider;
  const defaultRegion = c.string(root, 'default_region', '$');
  const mode = options.override ? (c.oneOf(root, 'mode', '$', OVERRIDE_MODES, false) ?? 'replace') : undefined;
  const rules = readMatchRules(c, root);
  const models = (c.array(root.models, '$.models') ?? [])
    .map((item, i) => readModel(c, item, `$.models[${i}]`, provider ?? '?'))
    .filter((m) => m !== undefined);
  // Within one file a second entry with the same id would silently replace the first (an override
  // applies its models one by one), so a file defines each model once; across files the catalogue
  // catches it, and override files layer on purpose.
  const firstById = new Map<string, string>();
  for (const model of models) {
    const first = firstById.get(model.id);
    if (first !== undefined) c.fail(`${model.at.path}.id`, `model id "${model.id}" is already defined at ${first} in this file; merge the two entries into one`);
    else firstById.set(model.id, model.at.path);
  }
  if (!provider || !name) return { problems: c.problems };
  return {
    value: { provider: { provider, name, defaultRegion, ...rules, file }, models, ...(mode ? { mode } : {}) },
    problems: c.problems,
  };
}

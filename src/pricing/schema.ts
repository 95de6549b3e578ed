// Validates one parsed pricing file (unknown JSON) into typed catalogue entries.
// Every problem names the file and the JSON path, and all problems are collected,
// so `pricing check` can list them at once. The rules are those of pricing/README.md.
import { tryParseDecimal, type Decimal } from '../core/money.ts';
import { SERVICE_TIERS, type ServiceTier } from '../core/types.ts';
import {
  CONFIDENCE_LEVELS,
  type Confidence,
  type ModelAlias,
  type ModelEntry,
  type PriceVersion,
  type PricingFile,
  type RateSet,
  type ServiceTierPrice,
  type Tier,
  type TimeWindow,
} from './types.ts';

export interface SchemaProblem {
  file: string;
  path: string;
  message: string;
}

type Json = Record<string, unknown>;

const RATE_FIELDS = {
  input: 'input',
  cacheRead: 'cache_read',
  cacheWrite5m: 'cache_write_5m',
  cacheWrite1h: 'cache_write_1h',
  output: 'output',
  reasoning: 'reasoning',
} as const satisfies Record<keyof RateSet, string>;
const RATE_KEYS = Object.values(RATE_FIELDS) as readonly string[];

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
const PLAIN_RATE = /^\d+(\.\d+)?$/;

/** A date ("2025-09-29", midnight UTC) or a UTC datetime ("2025-09-05T16:00:00Z") → epoch ms. */
export function parseDataTime(text: string): number | undefined {
  if (!DATE_ONLY.test(text) && !DATE_TIME_UTC.test(text)) return undefined;
  const ms = Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}

class Checker {
  readonly problems: SchemaProblem[] = [];
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }

  fail(path: string, message: string): undefined {
    this.problems.push({ file: this.file, path, message });
    return undefined;
  }

  object(value: unknown, path: string): Json | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    return this.fail(path, `expected an object, found ${describe(value)}`);
  }

  array(value: unknown, path: string): unknown[] | undefined {
    return Array.isArray(value) ? value : this.fail(path, `expected an array, found ${describe(value)}`);
  }

  string(obj: Json, key: string, path: string, required: true): string | undefined;
  string(obj: Json, key: string, path: string, required?: false): string | undefined;
  string(obj: Json, key: string, path: string, required = false): string | undefined {
    const value = obj[key];
    if (value === undefined) return required ? this.fail(`${path}.${key}`, 'is required') : undefined;
    if (typeof value === 'string' && value.trim() !== '') return value;
    return this.fail(`${path}.${key}`, `expected a non-empty string, found ${describe(value)}`);
  }

  rate(obj: Json, key: string, path: string): Decimal | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && PLAIN_RATE.test(value)) return tryParseDecimal(value);
    const hint = typeof value === 'number' ? ` (write it as a string: "${value}")` : '';
    return this.fail(`${path}.${key}`, `expected a decimal string per million tokens such as "0.28", found ${describe(value)}${hint}`);
  }

  time(obj: Json, key: string, path: string, required: boolean): number | undefined {
    const text = required ? this.string(obj, key, path, true) : this.string(obj, key, path);
    if (text === undefined) return undefined;
    const ms = parseDataTime(text);
    if (ms === undefined) return this.fail(`${path}.${key}`, `expected "YYYY-MM-DD" or a UTC datetime "YYYY-MM-DDTHH:MM:SSZ", found ${JSON.stringify(text)}`);
    return ms;
  }

  positiveInteger(obj: Json, key: string, path: string): number | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
    return this.fail(`${path}.${key}`, `expected a whole number of tokens > 0, found ${describe(value)}`);
  }

  unknownKeys(obj: Json, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.fail(`${path}.${key}`, `unknown field (allowed: ${allowed.join(', ')})`);
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

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

function readWindows(c: Checker, value: unknown, path: string): TimeWindow[] {
  const windows: TimeWindow[] = [];
  (c.array(value, path) ?? []).forEach((item, i) => {
    const windowPath = `${path}[${i}]`;
    const obj = c.object(item, windowPath);
    if (!obj) return;
    c.unknownKeys(obj, ['name', 'from', 'to', ...RATE_KEYS], windowPath);
    const name = c.string(obj, 'name', windowPath, true);
    const fromMinute = minuteOfDay(c, obj, 'from', windowPath);
    const toMinute = minuteOfDay(c, obj, 'to', windowPath);
    const rates = readRates(c, obj, windowPath, true);
    if (name && fromMinute !== undefined && toMinute !== undefined && rates) {
      if (fromMinute === toMinute) c.fail(windowPath, '"from" and "to" are equal: the window would be empty');
      windows.push({ name, fromMinute, toMinute, rates });
    }
  });
  return windows;
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

const VERSION_KEYS = ['effective_from', 'region', 'currency', ...RATE_KEYS, 'tiers', 'windows', 'service_tiers', 'source', 'checked', 'confidence', 'notes'];

function readVersion(c: Checker, value: unknown, path: string): PriceVersion | undefined {
  const obj = c.object(value, path);
  if (!obj) return undefined;
  c.unknownKeys(obj, VERSION_KEYS, path);
  const effectiveFrom = c.time(obj, 'effective_from', path, true);
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
  const source = c.string(obj, 'source', path, true);
  const checked = c.string(obj, 'checked', path, true);
  if (checked !== undefined && parseDataTime(checked) === undefined) c.fail(`${path}.checked`, `expected a date "YYYY-MM-DD", found ${JSON.stringify(checked)}`);
  const confidence = c.string(obj, 'confidence', path, true);
  if (confidence !== undefined && !(CONFIDENCE_LEVELS as readonly string[]).includes(confidence)) {
    c.fail(`${path}.confidence`, `expected one of ${CONFIDENCE_LEVELS.join(', ')}, found ${JSON.stringify(confidence)}`);
  }
  const notes = c.string(obj, 'notes', path);
  if (effectiveFrom === undefined || !currency || !source || !checked || !confidence || (!rates && !tiers)) return undefined;
  return {
    effectiveFrom,
    effectiveFromText: String(obj.effective_from),
    region,
    currency,
    rates,
    tiers,
    windows,
    serviceTiers,
    source,
    checked,
    confidence: confidence as Confidence,
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
  c.unknownKeys(obj, ['id', 'name', 'aliases', 'notes', 'prices'], path);
  const id = c.string(obj, 'id', path, true);
  const name = c.string(obj, 'name', path);
  c.string(obj, 'notes', path);
  const aliases = obj.aliases === undefined ? [] : readAliases(c, obj.aliases, `${path}.aliases`);
  const items = c.array(obj.prices, `${path}.prices`) ?? [];
  if (obj.prices !== undefined && items.length === 0) c.fail(`${path}.prices`, 'must list at least one price version');
  const prices = items.map((item, i) => readVersion(c, item, `${path}.prices[${i}]`)).filter((v) => v !== undefined);
  checkVersionOrder(c, prices);
  if (!id) return undefined;
  // Stable sort by region keeps each region's versions in data order (already checked ascending).
  prices.sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  return { id, name, provider, aliases, prices, at: { file: c.file, path } };
}

/** Within a region, versions must be written in time order with distinct start times. */
function checkVersionOrder(c: Checker, prices: PriceVersion[]): void {
  const lastByRegion = new Map<string, PriceVersion>();
  for (const version of prices) {
    const last = lastByRegion.get(version.region);
    if (last && version.effectiveFrom <= last.effectiveFrom) {
      const why = version.effectiveFrom === last.effectiveFrom ? 'starts at the same time as' : 'is out of order: it starts before';
      c.fail(`${version.at.path}.effective_from`, `${why} ${last.at.path} (${last.effectiveFromText}) in region "${version.region}"`);
    }
    lastByRegion.set(version.region, version);
  }
}

/** Validates one file. Returns the entries it could read and every problem found. */
export function validatePricingFile(file: string, data: unknown): { value?: PricingFile; problems: SchemaProblem[] } {
  const c = new Checker(file);
  const root = c.object(data, '$');
  if (!root) return { problems: c.problems };
  c.unknownKeys(root, ['$schema', 'provider', 'name', 'default_region', 'snapshot_patterns', 'notes', 'models'], '$');
  const provider = c.string(root, 'provider', '$', true);
  const name = c.string(root, 'name', '$') ?? provider;
  const defaultRegion = c.string(root, 'default_region', '$');
  const snapshotPatterns: RegExp[] = [];
  (root.snapshot_patterns === undefined ? [] : (c.array(root.snapshot_patterns, '$.snapshot_patterns') ?? [])).forEach((item, i) => {
    try {
      if (typeof item !== 'string') throw new Error(`expected a string, found ${describe(item)}`);
      const pattern = new RegExp(item);
      if (!item.startsWith('^') || !item.endsWith('$')) throw new Error('must be anchored with ^ and $ (no substring matching)');
      snapshotPatterns.push(pattern);
    } catch (error) {
      c.fail(`$.snapshot_patterns[${i}]`, (error as Error).message);
    }
  });
  const models = (c.array(root.models, '$.models') ?? [])
    .map((item, i) => readModel(c, item, `$.models[${i}]`, provider ?? '?'))
    .filter((m) => m !== undefined);
  if (!provider || !name) return { problems: c.problems };
  return {
    value: { provider: { provider, name, defaultRegion, snapshotPatterns, file }, models },
    problems: c.problems,
  };
}

// The resolved catalogue as flat price points (`llm-audit pricing export`): one row per (model,
// version, size tier or time-window span, service tier), each valid over [valid_from, valid_to), so
// that a SQL engine can price a usage table by a join and get what Catalogue.price() gives. Rules
// that are not a plain range (how ids are rewritten, holiday calendars) go out as tables of their
// own rather than being dropped: docs/pricing-export.md says how a query applies each. Pure.
import { mul, toPlainString, type Decimal } from '../../core/money.ts';
import { RATE_SET_KEYS } from '../importer/compare.ts';
import type { ServiceTier } from '../../core/types.ts';
import type { Catalogue } from '../catalog.ts';
import { pointKey, versionKey } from '../keys.ts';
import type { DaySpan, ModelEntry, PriceVersion, RateSet, ServiceTierPrice, TimeWindow } from '../types.ts';

/** The rate columns, in order: per million tokens (web search: per 1,000 calls), exact decimal text, null when the price has none. */
export const RATE_COLUMNS = ['input', 'cache_read', 'cache_write_5m', 'cache_write_1h', 'output', 'reasoning', 'output_thinking', 'input_audio', 'output_audio', 'input_image', 'web_search_per_1k'] as const;
export type RateColumn = (typeof RATE_COLUMNS)[number];

/** Each per-token rate column's RateSet key: the importer's own table (the same snake_case names). */
const RATE_KEYS: Record<Exclude<RateColumn, 'web_search_per_1k'>, keyof RateSet> = RATE_SET_KEYS;

export interface PricePointRow extends Record<RateColumn, string | null> {
  catalogue_hash: string;
  /** model|version index|tier|window|service tier: the Catalogue's PointRef, as text (a ledger can name its point by it). */
  point_key: string;
  /** model@effective_from@book: one dated price version. */
  version_key: string;
  provider: string;
  model_id: string;
  version_index: number;
  book: string;
  /** The book price() uses for this model when the request names no book, or one the model is not sold in. */
  book_fallback: boolean;
  currency: string;
  /** ISO 8601 UTC; the row holds for valid_from ≤ t < valid_to (null: no end). */
  valid_from: string;
  valid_to: string | null;
  /** valid_to is where the price history stops (effective_until): later requests are unpriced, not priced by an older row. */
  history_ends: boolean;
  service_tier: ServiceTier;
  /** How the service tier's rates were made: `base` (standard), `multiplier:0.5` (every rate scaled, exactly), `rates` (its own list). */
  service_tier_rule: string;
  /** Size tiers: the lowest tier_index whose limits (inclusive, per request) fit the request; null on an untiered version. */
  tier_index: number | null;
  tier_input_up_to: number | null;
  tier_output_up_to: number | null;
  /** Time-of-day windows: the lowest window_index that holds wins; a windowed version's row with window_index null is the price outside every window. */
  window_index: number | null;
  window_name: string | null;
  /** One row per span: minutes after 00:00 UTC, [from, to); to < from wraps midnight. */
  window_from_minute: number | null;
  window_to_minute: number | null;
  /** Days of the week the window holds on ("1,2,3,4,5", 0 = Sunday), on the calendar's local date; null = every day. */
  window_days: string | null;
  /** A holiday calendar (calendar_days table): its holidays are not window days; a year it does not publish leaves the request unpriced. */
  window_calendar: string | null;
  window_makeup_workdays: boolean | null;
  /** Whether the version has windows (so a row with window_index null applies only when none holds). */
  has_windows: boolean;
  introductory: boolean;
  confidence: string;
  checked: string;
  source: string;
  data_file: string;
  data_path: string;
}

/** A model id or exact alias and the model it means over [valid_from, valid_to). */
export interface ModelIdRow {
  catalogue_hash: string;
  logged_id: string;
  model_id: string;
  provider: string;
  via: 'id' | 'alias';
  valid_from: string | null;
  valid_to: string | null;
}

/** A provider's rewrite of a logged id (a routing prefix, an id pattern, a snapshot pattern): rules, not ranges. */
export interface IdRuleRow {
  catalogue_hash: string;
  provider: string;
  kind: 'prefix' | 'id_pattern' | 'snapshot_pattern';
  /** The prefix, or the pattern's JavaScript regular expression source. */
  pattern: string;
  /** id_pattern: the replacement ("$1-$2"); snapshot_pattern: "$1"; prefix: "" (the rest of the id). */
  replacement: string;
  rule_index: number;
}

/** One holiday or make-up working day of a calendar, or a year it publishes (kind `year`, date null). */
export interface CalendarDayRow {
  catalogue_hash: string;
  calendar: string;
  utc_offset_minutes: number;
  year: number;
  kind: 'holiday' | 'workday' | 'year';
  date: string | null;
  source: string;
}

export const EXPORT_TABLES = ['price_points', 'model_ids', 'id_rules', 'calendar_days'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export interface ExportTables {
  hash: string;
  price_points: PricePointRow[];
  model_ids: ModelIdRow[];
  id_rules: IdRuleRow[];
  calendar_days: CalendarDayRow[];
}

export interface ExportOptions {
  /** Only the book price() would use for each model when a request names this one (its fallback otherwise). */
  region?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export function exportCatalogue(catalogue: Catalogue, options: ExportOptions = {}): ExportTables {
  const hash = catalogue.hash;
  const price_points: PricePointRow[] = [];
  const model_ids: ModelIdRow[] = [];
  const models = [...catalogue.models].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const model of models) {
    const fallback = fallbackBook(catalogue, model, options.region);
    model.prices.forEach((version, index) => {
      if (options.region !== undefined && version.region !== fallback) return;
      price_points.push(...versionRows(hash, model, version, index, fallback));
    });
    model_ids.push({ catalogue_hash: hash, logged_id: model.id, model_id: model.id, provider: model.provider, via: 'id', valid_from: null, valid_to: null });
    for (const alias of model.aliases) {
      model_ids.push({ catalogue_hash: hash, logged_id: alias.id, model_id: model.id, provider: model.provider, via: 'alias', valid_from: alias.from === undefined ? null : iso(alias.from), valid_to: alias.until === undefined ? null : iso(alias.until) });
    }
  }
  const id_rules: IdRuleRow[] = [];
  for (const p of catalogue.providerEntries) {
    let i = 0;
    for (const prefix of p.prefixes) id_rules.push({ catalogue_hash: hash, provider: p.provider, kind: 'prefix', pattern: prefix, replacement: '', rule_index: i++ });
    for (const rule of p.idPatterns) id_rules.push({ catalogue_hash: hash, provider: p.provider, kind: 'id_pattern', pattern: rule.pattern.source, replacement: rule.to, rule_index: i++ });
    for (const pattern of p.snapshotPatterns) id_rules.push({ catalogue_hash: hash, provider: p.provider, kind: 'snapshot_pattern', pattern: pattern.source, replacement: '$1', rule_index: i++ });
  }
  const calendar_days: CalendarDayRow[] = [];
  for (const c of catalogue.calendars.values()) {
    for (const [year, data] of [...c.years].sort(([a], [b]) => a - b)) {
      const base = { catalogue_hash: hash, calendar: c.id, utc_offset_minutes: c.utcOffsetMinutes, year, source: data.source };
      calendar_days.push({ ...base, kind: 'year', date: null });
      for (const date of [...data.holidays].sort()) calendar_days.push({ ...base, kind: 'holiday', date });
      for (const date of [...data.workdays].sort()) calendar_days.push({ ...base, kind: 'workday', date });
    }
  }
  return { hash, price_points, model_ids, id_rules, calendar_days };
}

/** The book Catalogue.pickRegion chooses for `wanted` (undefined: the provider's default, else the model's first). */
function fallbackBook(catalogue: Catalogue, model: ModelEntry, wanted: string | undefined): string {
  const regions = new Set(model.prices.map((v) => v.region));
  if (wanted !== undefined && regions.has(wanted)) return wanted;
  const preferred = catalogue.provider(model.provider)?.defaultRegion;
  if (preferred !== undefined && regions.has(preferred)) return preferred;
  return model.prices[0]?.region ?? 'global';
}

function versionEnd(model: ModelEntry, version: PriceVersion): { to: number | undefined; ends: boolean } {
  let next: number | undefined;
  for (const other of model.prices) {
    if (other.region === version.region && other.effectiveFrom > version.effectiveFrom && (next === undefined || other.effectiveFrom < next)) next = other.effectiveFrom;
  }
  if (next !== undefined) return { to: next, ends: false };
  return { to: version.effectiveUntil, ends: version.effectiveUntil !== undefined };
}

interface Variant {
  tier: number | null;
  tierLimits: [number | null, number | null];
  window: { index: number; value: TimeWindow; span: DaySpan } | null;
  rates: RateSet;
}

/** The rate sets a version holds: per size tier; or outside every window and per window span (price() reads windows only on untiered versions). */
function variants(version: PriceVersion): Variant[] {
  if (version.tiers) return version.tiers.map((t, i) => ({ tier: i, tierLimits: [t.inputUpTo ?? null, t.outputUpTo ?? null], window: null, rates: t.rates }));
  const base: Variant = { tier: null, tierLimits: [null, null], window: null, rates: version.rates as RateSet };
  return [base, ...version.windows.flatMap((w, i) => w.spans.map((span) => ({ tier: null, tierLimits: [null, null] as [null, null], window: { index: i, value: w, span }, rates: w.rates })))];
}

function versionRows(hash: string, model: ModelEntry, version: PriceVersion, index: number, fallback: string): PricePointRow[] {
  const { to, ends } = versionEnd(model, version);
  const tiers: [ServiceTier, ServiceTierPrice | undefined][] = [['standard', undefined], ...(Object.entries(version.serviceTiers) as [ServiceTier, ServiceTierPrice][])];
  const rows: PricePointRow[] = [];
  for (const [serviceTier, special] of tiers) {
    for (const v of variants(version)) {
      const rates = special === undefined ? v.rates : 'rates' in special ? special.rates : scaled(v.rates, special.multiplier);
      const w = v.window;
      rows.push({
        catalogue_hash: hash,
        point_key: pointKey({ model: model.id, version: index, tier: v.tier, window: w?.value.name ?? null, serviceTier }),
        version_key: versionKey(model.id, version),
        provider: model.provider,
        model_id: model.id,
        version_index: index,
        book: version.region,
        book_fallback: version.region === fallback,
        currency: version.currency,
        valid_from: iso(version.effectiveFrom),
        valid_to: to === undefined ? null : iso(to),
        history_ends: ends,
        service_tier: serviceTier,
        service_tier_rule: special === undefined ? 'base' : 'rates' in special ? 'rates' : `multiplier:${toPlainString(special.multiplier)}`,
        tier_index: v.tier,
        tier_input_up_to: v.tierLimits[0],
        tier_output_up_to: v.tierLimits[1],
        window_index: w?.index ?? null,
        window_name: w?.value.name ?? null,
        window_from_minute: w?.span.fromMinute ?? null,
        window_to_minute: w?.span.toMinute ?? null,
        window_days: w?.value.days?.join(',') ?? null,
        window_calendar: w?.value.calendar ?? null,
        window_makeup_workdays: w ? (w.value.calendar === undefined ? null : w.value.makeupWorkdays) : null,
        has_windows: !version.tiers && version.windows.length > 0,
        ...rateColumns(rates, special !== undefined && 'rates' in special, version.feesPer1k.web_search),
        introductory: version.introductory,
        confidence: version.confidence,
        checked: version.checked,
        source: version.source,
        data_file: version.at.file,
        data_path: version.at.path,
      });
    }
  }
  return rows;
}

/** A service tier's multiplier applies to every rate exactly as price() scales it. */
function scaled(rates: RateSet, factor: Decimal): RateSet {
  const out: RateSet = { input: mul(rates.input, factor), output: mul(rates.output, factor) };
  for (const key of Object.keys(rates) as (keyof RateSet)[]) {
    const value = rates[key];
    if (value !== undefined) out[key] = mul(value, factor);
  }
  return out;
}

function rateColumns(rates: RateSet, ownList: boolean, webSearch: Decimal | undefined): Record<RateColumn, string | null> {
  const out = {} as Record<RateColumn, string | null>;
  for (const column of RATE_COLUMNS) {
    if (column === 'web_search_per_1k') continue;
    const value = rates[RATE_KEYS[column]];
    out[column] = value === undefined ? null : toPlainString(value);
  }
  // price() puts a thinking request's output at output_thinking before a service tier applies; a
  // tier with its own rate list then replaces that, so thinking mode does not apply under it.
  if (ownList) out.output_thinking = null;
  out.web_search_per_1k = webSearch === undefined ? null : toPlainString(webSearch);
  return out;
}

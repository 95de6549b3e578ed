// Plain, JSON-ready views of the catalogue for `llm-audit pricing list|show`. Pure: the command
// renders these as a table or prints them as JSON; rates stay exact decimal strings.
import { toPlainString, type Decimal } from '../core/money.ts';
import type { Catalogue, IdMeaning } from './catalog.ts';
import type { ModelEntry, PriceVersion, RateSet, ServiceTierPrice, TimeWindow } from './types.ts';
import { compareText } from '../core/text.ts';

export interface RatesView {
  input: string;
  cacheRead?: string;
  cacheWrite5m?: string;
  cacheWrite1h?: string;
  output: string;
  reasoning?: string;
  outputThinking?: string;
  inputAudio?: string;
  outputAudio?: string;
  inputImage?: string;
}

/** The optional rates, in the order they are shown. */
const OPTIONAL_RATES = ['cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'reasoning', 'outputThinking', 'inputAudio', 'outputAudio', 'inputImage'] as const;

export interface ListRow {
  provider: string;
  model: string;
  region: string;
  effectiveFrom: string;
  currency: string;
  /** The version's rates, or its first tier's when it has tiers (see `note`). */
  rates: RatesView;
  /** Tiers, time windows and service tiers in a few words; '' when none. */
  note: string;
  confidence: string;
}

export interface VersionView {
  region: string;
  effectiveFrom: string;
  /** The next version's start, the version's own end, or null while in force. */
  effectiveUntil: string | null;
  /** Why it stops there: "next version" or "history ends" (effective_until in the data). */
  endsBy: 'next version' | 'history ends' | null;
  currency: string;
  rates?: RatesView;
  tiers?: { inputUpTo: number | null; outputUpTo: number | null; rates: RatesView }[];
  windows: WindowView[];
  serviceTiers: Record<string, { multiplier: string } | { rates: RatesView }>;
  /** An introductory (promotional) price, which a later version or effective_until ends. */
  introductory: boolean;
  /** Per-call fees per 1,000 calls, in the version's currency. */
  feesPer1k: Record<string, string>;
  source: string;
  checked: string;
  confidence: string;
  notes?: string;
  at: string;
}

export interface WindowView {
  name: string;
  /** The first span, and all of them ("01:00–04:00"), in UTC. */
  from: string;
  to: string;
  spans: string[];
  /** Days of the week ("mon"…), read on the calendar's local date; absent = every day. */
  days?: string[];
  calendar?: string;
  makeupWorkdays?: boolean;
  rates: RatesView;
}

export interface ModelView {
  id: string;
  name?: string;
  provider: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  retired?: string;
  file: string;
  aliases: { id: string; from: string | null; until: string | null }[];
  versions: VersionView[];
}

export interface ShowView {
  query: string;
  /** How the query reaches each model ([] when it is a model id). */
  meanings: { via: string; steps: string[]; id: string; targets: { model: string; from: string | null; until: string | null }[] }[];
  models: ModelView[];
}

const text = (d: Decimal | undefined) => (d === undefined ? undefined : toPlainString(d));
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString().replace('.000Z', 'Z'));

export function ratesView(r: RateSet): RatesView {
  const view: RatesView = { input: toPlainString(r.input), output: toPlainString(r.output) };
  for (const key of OPTIONAL_RATES) {
    const value = text(r[key]);
    if (value !== undefined) view[key] = value;
  }
  return view;
}

/** The same rates with each value transformed (display conversion). */
export function mapRates(r: RatesView, f: (value: string) => string): RatesView {
  const out: RatesView = { input: f(r.input), output: f(r.output) };
  for (const key of OPTIONAL_RATES) {
    const value = r[key];
    if (value !== undefined) out[key] = f(value);
  }
  return out;
}

function minutes(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** "peak 01:00–04:00, 06:00–10:00 UTC mon–fri except cn-public-holidays" */
export function windowText(w: TimeWindow): string {
  const spans = w.spans.map((s) => `${minutes(s.fromMinute)}–${minutes(s.toMinute)}`).join(', ');
  const days = w.days ? ` ${w.days.map((d) => WEEKDAY_NAMES[d]).join(',')}` : '';
  const calendar = w.calendar ? ` except public holidays (${w.calendar})${w.makeupWorkdays ? ', make-up working days included' : ''}` : '';
  return `${w.name} ${spans} UTC${days}${calendar}`;
}

function windowView(w: TimeWindow): WindowView {
  const spans = w.spans.map((s) => `${minutes(s.fromMinute)}–${minutes(s.toMinute)}`);
  const first = w.spans[0];
  return {
    name: w.name,
    from: first ? minutes(first.fromMinute) : '',
    to: first ? minutes(first.toMinute) : '',
    spans,
    ...(w.days ? { days: w.days.map((d) => WEEKDAY_NAMES[d] ?? '?') } : {}),
    ...(w.calendar ? { calendar: w.calendar, makeupWorkdays: w.makeupWorkdays } : {}),
    rates: ratesView(w.rates),
  };
}

function serviceTierView(price: ServiceTierPrice): { multiplier: string } | { rates: RatesView } {
  return 'multiplier' in price ? { multiplier: toPlainString(price.multiplier) } : { rates: ratesView(price.rates) };
}

/** A short note for the list: what the rates shown do not say. */
function noteOf(v: PriceVersion): string {
  const notes: string[] = [];
  if (v.tiers) {
    const first = v.tiers[0];
    const limits = [first?.inputUpTo === undefined ? '' : `input ≤ ${first.inputUpTo}`, first?.outputUpTo === undefined ? '' : `output ≤ ${first.outputUpTo}`].filter((s) => s !== '');
    notes.push(`tier 1 of ${v.tiers.length}${limits.length > 0 ? ` (${limits.join(', ')})` : ''}`);
  }
  for (const w of v.windows) notes.push(windowText(w));
  if (v.introductory) notes.push('introductory');
  for (const [fee, price] of Object.entries(v.feesPer1k)) notes.push(`${fee} ${toPlainString(price)}/1k`);
  const tiers = Object.keys(v.serviceTiers);
  if (tiers.length > 0) notes.push(tiers.join('/'));
  if (v.effectiveUntil !== undefined) notes.push(`ends ${v.effectiveUntilText ?? ''}`);
  return notes.join('; ');
}

/** The version of each (model, region) in force at `at`, sorted by provider, model, region. */
export function listRows(catalogue: Catalogue, at: number, filter: { provider?: string; region?: string } = {}): { rows: ListRow[]; notInForce: string[] } {
  const rows: ListRow[] = [];
  const notInForce: string[] = [];
  for (const model of catalogue.models) {
    if (filter.provider !== undefined && model.provider !== filter.provider) continue;
    const regions = [...new Set(model.prices.map((v) => v.region))].filter((r) => filter.region === undefined || r === filter.region);
    for (const region of regions) {
      const version = inForce(model, region, at);
      if (!version) {
        notInForce.push(regions.length > 1 ? `${model.id} (${region})` : model.id);
        continue;
      }
      const first = version.rates ?? version.tiers?.[0]?.rates;
      if (!first) continue;
      rows.push({
        provider: model.provider,
        model: model.id,
        region,
        effectiveFrom: version.effectiveFromText,
        currency: version.currency,
        rates: ratesView(first),
        note: noteOf(version),
        confidence: version.confidence,
      });
    }
  }
  rows.sort((a, b) => compareText(a.provider, b.provider) || compareText(a.model, b.model) || compareText(a.region, b.region));
  return { rows, notInForce: notInForce.sort() };
}

function inForce(model: ModelEntry, region: string, at: number): PriceVersion | undefined {
  let found: PriceVersion | undefined;
  for (const v of model.prices) if (v.region === region && v.effectiveFrom <= at) found = v;
  return found && (found.effectiveUntil === undefined || at < found.effectiveUntil) ? found : undefined;
}

export function modelView(model: ModelEntry): ModelView {
  const versions = model.prices.map((v, i): VersionView => {
    const next = model.prices[i + 1];
    const nextStart = next?.region === v.region ? next.effectiveFromText : undefined;
    return {
      region: v.region,
      effectiveFrom: v.effectiveFromText,
      effectiveUntil: nextStart ?? v.effectiveUntilText ?? null,
      endsBy: nextStart !== undefined ? 'next version' : v.effectiveUntilText !== undefined ? 'history ends' : null,
      currency: v.currency,
      ...(v.rates ? { rates: ratesView(v.rates) } : {}),
      ...(v.tiers ? { tiers: v.tiers.map((t) => ({ inputUpTo: t.inputUpTo ?? null, outputUpTo: t.outputUpTo ?? null, rates: ratesView(t.rates) })) } : {}),
      windows: v.windows.map(windowView),
      serviceTiers: Object.fromEntries(Object.entries(v.serviceTiers).map(([name, price]) => [name, serviceTierView(price)])),
      introductory: v.introductory,
      feesPer1k: Object.fromEntries(Object.entries(v.feesPer1k).map(([fee, price]) => [fee, toPlainString(price)])),
      source: v.source,
      checked: v.checked,
      confidence: v.confidence,
      ...(v.notes === undefined ? {} : { notes: v.notes }),
      at: `${v.at.file} ${v.at.path}`,
    };
  });
  return {
    id: model.id,
    ...(model.name === undefined ? {} : { name: model.name }),
    provider: model.provider,
    ...(model.contextWindow === undefined ? {} : { contextWindow: model.contextWindow }),
    ...(model.maxOutputTokens === undefined ? {} : { maxOutputTokens: model.maxOutputTokens }),
    ...(model.retired === undefined ? {} : { retired: model.retired }),
    file: model.at.file,
    aliases: model.aliases.map((a) => ({ id: a.id, from: iso(a.from), until: iso(a.until) })),
    versions,
  };
}

/** Everything `pricing show` says about an id; undefined when the catalogue does not know it. */
export function showView(catalogue: Catalogue, query: string): ShowView | undefined {
  const meanings = catalogue.meanings(query);
  if (meanings.length === 0) return undefined;
  const models = new Map<string, ModelEntry>();
  for (const m of meanings) for (const t of m.targets) models.set(t.model.id, t.model);
  return {
    query,
    meanings: meanings.filter((m) => !(m.via === 'id' && m.steps.length === 0)).map(meaningView),
    models: [...models.values()].map(modelView),
  };
}

function meaningView(m: IdMeaning): ShowView['meanings'][number] {
  return { via: m.via, steps: m.steps, id: m.id, targets: m.targets.map((t) => ({ model: t.model.id, from: iso(t.from), until: iso(t.until) })) };
}

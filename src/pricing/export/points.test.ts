// The exported rows price like the catalogue: for a sample of (model, instant, request) across the
// shipped data, a lookup written over the rows alone (as a SQL join would be: ranges, lowest tier
// and window index, the calendar table) gives the rates Catalogue.price() gives, or no row where it
// gives no price.
import { describe, expect, it } from 'vitest';
import { toPlainString } from '../../core/money.ts';
import { emptyBuckets, SERVICE_TIERS, type ServiceTier, type TokenBuckets } from '../../core/types.ts';
import { isPriced } from '../catalog.ts';
import { DEFAULT_PRICING_DIR, loadCatalogue } from '../load.ts';
import type { RateSet } from '../types.ts';
import { type CalendarDayRow, exportCatalogue, type PricePointRow, RATE_COLUMNS } from './points.ts';
import { csv, ndjson, sql } from './write.ts';

const catalogue = loadCatalogue([DEFAULT_PRICING_DIR]);
const tables = exportCatalogue(catalogue);

interface Shape {
  tokens: TokenBuckets;
  serviceTier: ServiceTier;
}

/** Effective rates a request is billed at: output_thinking replaces output (and reasoning) for a thinking request. */
type Effective = Record<string, string | null> & { currency: string };

function fromRow(row: PricePointRow, tokens: TokenBuckets): Effective {
  const out: Effective = { currency: row.currency };
  for (const c of RATE_COLUMNS) out[c] = row[c];
  if (tokens.reasoning > 0 && row.output_thinking !== null) {
    out.output = row.output_thinking;
    out.reasoning = null;
  }
  out.output_thinking = null;
  return out;
}

function fromCatalogue(rates: RateSet, currency: string, webSearch: string | null): Effective {
  const text = (d: RateSet[keyof RateSet]) => (d === undefined ? null : toPlainString(d));
  return {
    currency,
    input: text(rates.input),
    cache_read: text(rates.cacheRead),
    cache_write_5m: text(rates.cacheWrite5m),
    cache_write_1h: text(rates.cacheWrite1h),
    output: text(rates.output),
    reasoning: text(rates.reasoning),
    output_thinking: null,
    input_audio: text(rates.inputAudio),
    output_audio: text(rates.outputAudio),
    input_image: text(rates.inputImage),
    web_search_per_1k: webSearch,
  };
}

// The calendar table, as a query would read it: holidays, make-up days and published years.
const days = new Map<string, CalendarDayRow['kind']>();
const years = new Set<string>();
const offsets = new Map<string, number>();
for (const d of tables.calendar_days) {
  offsets.set(d.calendar, d.utc_offset_minutes);
  if (d.kind === 'year') years.add(`${d.calendar}|${d.year}`);
  else days.set(`${d.calendar}|${d.date}`, d.kind);
}

/** Whether a window row holds at `at`, or 'unpublished' (the request is then unpriced). */
function windowRowHolds(row: PricePointRow, at: number): boolean | 'unpublished' {
  const minute = Math.floor((at % 86_400_000) / 60_000);
  const from = row.window_from_minute as number;
  const to = row.window_to_minute as number;
  if (!(from < to ? minute >= from && minute < to : minute >= from || minute < to)) return false;
  const local = new Date(at + (row.window_calendar ? (offsets.get(row.window_calendar) ?? 0) : 0) * 60_000);
  const weekday = row.window_days === null || row.window_days.split(',').includes(String(local.getUTCDay()));
  if (row.window_calendar === null) return weekday;
  if (!years.has(`${row.window_calendar}|${local.getUTCFullYear()}`)) return 'unpublished';
  const kind = days.get(`${row.window_calendar}|${local.toISOString().slice(0, 10)}`);
  if (kind === 'holiday') return false;
  if (kind === 'workday' && row.window_makeup_workdays) return true;
  return weekday;
}

const byModel = new Map<string, PricePointRow[]>();
for (const r of tables.price_points) byModel.set(r.model_id, [...(byModel.get(r.model_id) ?? []), r]);

/** The lookup over the exported rows: what the generated SQL will do. */
function lookup(modelId: string, at: number, shape: Shape): Effective | undefined {
  const rows = (byModel.get(modelId) ?? []).filter((r) => r.book_fallback && r.service_tier === shape.serviceTier && Date.parse(r.valid_from) <= at && (r.valid_to === null || at < Date.parse(r.valid_to)));
  if (rows.length === 0) return undefined;
  const t = shape.tokens;
  if (rows.some((r) => r.tier_index !== null)) {
    const input = t.input + t.cacheRead + t.cacheWrite5m + t.cacheWrite1h;
    const fits = rows.filter((r) => input <= (r.tier_input_up_to ?? Infinity) && t.output <= (r.tier_output_up_to ?? Infinity));
    const best = fits.sort((a, b) => (a.tier_index ?? 0) - (b.tier_index ?? 0))[0];
    return best && fromRow(best, t);
  }
  const windows = rows.filter((r) => r.window_index !== null).sort((a, b) => (a.window_index ?? 0) - (b.window_index ?? 0));
  for (const w of windows) {
    const holds = windowRowHolds(w, at);
    if (holds === 'unpublished') return undefined;
    if (holds) return fromRow(w, t);
  }
  const base = rows.find((r) => r.window_index === null);
  return base && fromRow(base, t);
}

function shapes(): Shape[] {
  const small = { ...emptyBuckets(), input: 1200, cacheRead: 300, output: 400 };
  const thinking = { ...small, reasoning: 150 };
  const long = { ...emptyBuckets(), input: 150_000, output: 2000 };
  const huge = { ...emptyBuckets(), input: 600_000, output: 40_000 };
  return SERVICE_TIERS.flatMap((serviceTier) => [small, thinking, long, huge].map((tokens) => ({ tokens, serviceTier })));
}

/** Instants around every version start and end, at several times of day (windows), and on holidays. */
function instants(): number[] {
  const out = new Set<number>();
  for (const r of tables.price_points) {
    for (const edge of [r.valid_from, r.valid_to]) {
      if (edge === null) continue;
      const t = Date.parse(edge);
      for (const delta of [-1, 0, 1, 2.5 * 3600_000, 7.25 * 3600_000, 86_400_000 * 3 + 3 * 3600_000]) out.add(t + delta);
    }
  }
  for (const d of tables.calendar_days) if (d.date) out.add(Date.parse(`${d.date}T02:30:00Z`));
  return [...out].sort((a, b) => a - b);
}

describe('pricing export', () => {
  it('gives, by a lookup over its rows, the rates Catalogue.price() gives', () => {
    const all = instants();
    const mismatches: string[] = [];
    let priced = 0;
    let checked = 0;
    for (const model of catalogue.models) {
      // Every instant near this model's own edges, and a spread of the others.
      const own = new Set((byModel.get(model.id) ?? []).flatMap((r) => [r.valid_from, r.valid_to]).filter((x) => x !== null).map((x) => Date.parse(x)));
      const mine = all.filter((t, i) => i % 97 === 0 || [...own].some((e) => Math.abs(t - e) <= 86_400_000 * 4));
      for (const at of mine) {
        for (const shape of shapes()) {
          checked++;
          const result = catalogue.price(model.id, at, { tokens: shape.tokens, serviceTier: shape.serviceTier, requestTime: at });
          const expected = isPriced(result) ? fromCatalogue(result.rates, result.currency, result.fees.web_search === undefined ? null : toPlainString(result.fees.web_search)) : undefined;
          const actual = lookup(model.id, at, shape);
          if (expected) priced++;
          if (JSON.stringify(expected) !== JSON.stringify(actual)) mismatches.push(`${model.id} ${new Date(at).toISOString()} ${shape.serviceTier} ${JSON.stringify(shape.tokens)}: catalogue ${JSON.stringify(expected ?? (result as { reason: string }).reason)}, rows ${JSON.stringify(actual)}`);
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
    expect(priced).toBeGreaterThan(5_000);
  });

  it('resolves ids and aliases over the model_ids rows as the catalogue does', () => {
    const mismatches: string[] = [];
    for (const row of tables.model_ids) {
      const probes = [row.valid_from, row.valid_to].filter((x) => x !== null).map((x) => Date.parse(x));
      for (const at of probes.length > 0 ? probes.flatMap((t) => [t - 1, t]) : [Date.parse('2025-06-01T00:00:00Z')]) {
        const rows = tables.model_ids.filter((r) => r.logged_id === row.logged_id && (r.valid_from === null || Date.parse(r.valid_from) <= at) && (r.valid_to === null || at < Date.parse(r.valid_to)));
        const expected = catalogue.resolveModel(row.logged_id, at)?.model.id;
        // An id or alias may also be reached by a provider rewrite (id_rules), which the rows alone do not apply.
        if (rows.length === 1 ? rows[0]?.model_id !== expected : rows.length > 1) mismatches.push(`${row.logged_id} at ${new Date(at).toISOString()}: ${rows.map((r) => r.model_id).join(',')} vs ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('keeps rates exact and within DECIMAL(38, 18), and one fallback book per model', () => {
    for (const row of tables.price_points) {
      for (const c of RATE_COLUMNS) {
        const v = row[c];
        if (v !== null) expect(v).toMatch(/^\d{1,20}(\.\d{1,18})?$/);
      }
    }
    const books = new Map<string, Set<string>>();
    for (const r of tables.price_points.filter((r) => r.book_fallback)) books.set(r.model_id, (books.get(r.model_id) ?? new Set()).add(r.book));
    for (const [, set] of books) expect(set.size).toBe(1);
    expect(books.size).toBe(catalogue.models.length);
  });

  it('writes the same rows as CSV, NDJSON and SQL, with the catalogue hash', () => {
    const csvText = [...csv(tables, 'price_points')].join('');
    const lines = csvText.trimEnd().split('\r\n');
    expect(lines.length).toBe(tables.price_points.length + 1);
    const ndjsonLines = [...ndjson(tables, 'price_points')];
    expect(ndjsonLines.length).toBe(tables.price_points.length);
    const first = JSON.parse(ndjsonLines[0] as string) as PricePointRow;
    expect(first.catalogue_hash).toBe(catalogue.hash);
    expect(typeof first.input).toBe('string');
    const sqlText = [...sql(tables)].join('');
    expect(sqlText.startsWith(`-- llm-audit pricing export: the catalogue ${catalogue.hash}\n`)).toBe(true);
    expect(sqlText).toContain('input DECIMAL(38, 18)');
    expect(sqlText).toContain('valid_from TIMESTAMP');
    expect(sqlText.match(/^ {2}\(/gm)?.length).toBe(tables.price_points.length + tables.model_ids.length + tables.id_rules.length + tables.calendar_days.length);
  });

  it('keeps only the book a region resolves to with --region', () => {
    const cn = exportCatalogue(catalogue, { region: 'cn' });
    for (const r of cn.price_points) expect(r.book_fallback).toBe(true);
    const models = new Set(cn.price_points.map((r) => r.model_id));
    expect(models.size).toBe(catalogue.models.length);
  });
});

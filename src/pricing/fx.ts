// Exchange rates for DISPLAY: `--currency CNY` shows a USD cost in yuan. Costs are always computed
// and summed in each price's own currency (a CNY list and a USD list are two price books); only the
// finished amounts are converted, with a dated monthly rate from pricing/fx.json or a --fx override,
// and the report names every rate it used. Rules and the file format: pricing/README.md ("FX table").
import { displayName } from './load.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { add, divide, mul, tryParseDecimal, ZERO, type Decimal } from '../core/money.ts';
import { PricingError, UsageError } from '../errors.ts';
import { Checker, jsonErrorMessage, type SchemaProblem } from './checker.ts';
import { CONFIDENCE_LEVELS, type Confidence } from './types.ts';

/**
 * Decimal places of a converted amount when the conversion divides (CNY → USD with USDCNY): two more
 * than the finest display precision (6 places for amounts under 1). A conversion that multiplies is
 * exact and not rounded. Converted amounts are for display only; no sum is ever taken over them in
 * place of the native sums.
 */
export const FX_PLACES = 8;

/** "USDCNY": 1 unit of `base` costs `rate` units of `quote` (the market convention). */
export interface FxQuote {
  pair: string;
  base: string;
  quote: string;
  rate: Decimal;
}

export interface FxMonthRate extends FxQuote {
  /** "YYYY-MM": the calendar month (UTC) of the requests this rate converts. */
  month: string;
  source: string;
  confidence: Confidence;
}

export interface FxOverride extends FxQuote {
  /** As the user wrote it, for the report: "--fx USDCNY=7.2". */
  source: string;
}

export interface FxTable {
  /** Keyed by `${pair} ${month}`. */
  rates: Map<string, FxMonthRate>;
  /** The file read, or none when the pricing folder has no fx.json. */
  files: string[];
}

/** The rate to apply to one amount, and where it comes from. */
export interface FxUse {
  pair: string;
  rate: Decimal;
  /** true: amount ÷ rate (the pair is quoted the other way round); false: amount × rate. */
  divide: boolean;
  month: string;
  source: string;
}

export const EMPTY_FX: FxTable = { rates: new Map(), files: [] };

const PAIR = /^([A-Z]{3})([A-Z]{3})$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const OVERRIDE = /^\s*([A-Za-z]{3})\/?([A-Za-z]{3})\s*=\s*(\d+(?:\.\d+)?)\s*$/;

export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** "USDCNY=7.2" (also "USD/CNY=7.2"): 1 USD = 7.2 CNY, for every month. */
export function parseFxOverride(text: string): FxOverride {
  const match = OVERRIDE.exec(text);
  const [, base = '', quote = '', value = ''] = match ?? [];
  const rate = match ? tryParseDecimal(value) : undefined;
  if (!rate || base.toUpperCase() === quote.toUpperCase() || rate.coef === 0n) {
    throw new UsageError(`--fx: "${text}" is not an exchange rate; write it as USDCNY=7.2 (meaning 1 USD = 7.2 CNY), one pair per --fx`);
  }
  const pair = `${base}${quote}`.toUpperCase();
  return { pair, base: base.toUpperCase(), quote: quote.toUpperCase(), rate, source: `--fx ${pair}=${value}` };
}

/**
 * The rate that converts an amount in `from` into `to` for a request at `at`: a --fx override
 * first, then the table's rate for that month. The pair may be quoted either way round; the inverse
 * is applied by dividing (exactly what the source says), never by storing a rounded 1/rate.
 * Undefined when neither has the pair for that month: the caller shows the amount unconverted.
 */
export function rateFor(table: FxTable, from: string, to: string, at: number, overrides: readonly FxOverride[] = []): FxUse | undefined {
  const month = monthOf(at);
  if (from === to) return { pair: `${from}${to}`, rate: { coef: 1n, scale: 0 }, divide: false, month, source: 'same currency' };
  for (const [pair, isInverse] of [[`${from}${to}`, false], [`${to}${from}`, true]] as const) {
    const override = overrides.find((o) => o.pair === pair);
    if (override) return { pair, rate: override.rate, divide: isInverse, month, source: override.source };
  }
  for (const [pair, isInverse] of [[`${from}${to}`, false], [`${to}${from}`, true]] as const) {
    const found = table.rates.get(`${pair} ${month}`);
    if (found) return { pair, rate: found.rate, divide: isInverse, month, source: found.source };
  }
  return undefined;
}

/** The amount in the target currency (see FX_PLACES for the rounding of a division). */
export function convert(amount: Decimal, use: FxUse): Decimal {
  return use.divide ? divide(amount, use.rate, FX_PLACES) : mul(amount, use.rate);
}

export interface ConvertedTotal {
  amount: Decimal;
  /** The rates used, one per (pair, month, source), in order of first use. */
  rates: FxUse[];
  /** Parts with no rate, as "CNY 2025-09": left out of `amount`, and the caller must say so. */
  missing: string[];
  /** How many parts were converted (or already in the target currency). */
  converted: number;
}

/** Converts amounts of several currencies and months into one currency, each with its month's rate. */
export function convertTotal(parts: readonly { currency: string; at: number; amount: Decimal }[], to: string, table: FxTable, overrides: readonly FxOverride[] = []): ConvertedTotal {
  let amount = ZERO;
  const rates = new Map<string, FxUse>();
  const missing = new Set<string>();
  let converted = 0;
  for (const part of parts) {
    const use = rateFor(table, part.currency, to, part.at, overrides);
    if (!use) {
      missing.add(`${part.currency} ${monthOf(part.at)}`);
      continue;
    }
    converted += 1;
    amount = add(amount, convert(part.amount, use));
    if (part.currency !== to) rates.set(`${use.pair} ${use.month} ${use.source}`, use);
  }
  return { amount, rates: [...rates.values()], missing: [...missing].sort(), converted };
}

/** Validates a parsed fx.json; every problem with its JSON path. */
export function validateFx(file: string, data: unknown): { value?: FxTable; problems: SchemaProblem[] } {
  const c = new Checker(file);
  const root = c.object(data, '$');
  if (!root) return { problems: c.problems };
  c.unknownKeys(root, ['$schema', 'notes', 'series'], '$');
  const rates = new Map<string, FxMonthRate>();
  (c.array(root.series, '$.series') ?? []).forEach((item, i) => {
    const path = `$.series[${i}]`;
    const series = c.object(item, path);
    if (!series) return;
    c.unknownKeys(series, ['pair', 'description', 'source', 'checked', 'confidence', 'notes', 'rates'], path);
    const pair = c.string(series, 'pair', path, true);
    const parts = pair === undefined ? undefined : PAIR.exec(pair);
    if (pair !== undefined && (!parts || parts[1] === parts[2])) c.fail(`${path}.pair`, `expected two ISO 4217 codes such as "USDCNY" (1 USD in CNY), found ${JSON.stringify(pair)}`);
    const source = c.string(series, 'source', path, true);
    c.date(series, 'checked', path, true);
    const confidence = c.oneOf(series, 'confidence', path, CONFIDENCE_LEVELS, true);
    let lastMonth = '';
    (c.array(series.rates, `${path}.rates`) ?? []).forEach((entry, j) => {
      const at = `${path}.rates[${j}]`;
      const obj = c.object(entry, at);
      if (!obj) return;
      c.unknownKeys(obj, ['month', 'rate', 'source'], at);
      const month = c.string(obj, 'month', at, true);
      if (month !== undefined && !MONTH.test(month)) c.fail(`${at}.month`, `expected a month "YYYY-MM", found ${JSON.stringify(month)}`);
      else if (month !== undefined && month <= lastMonth) c.fail(`${at}.month`, `months must ascend without repeats: ${month} comes after ${lastMonth}`);
      const rate = c.decimal(obj, 'rate', at, 'a decimal string such as "7.1614"');
      if (obj.rate !== undefined && rate?.coef === 0n) c.fail(`${at}.rate`, 'must be greater than 0');
      const rateSource = c.string(obj, 'source', at);
      if (month && MONTH.test(month)) lastMonth = month > lastMonth ? month : lastMonth;
      if (parts && source && confidence && month && rate && rate.coef !== 0n && MONTH.test(month)) {
        const [, base = '', quote = ''] = parts;
        const full = rateSource ? `${source}; ${rateSource}` : source;
        rates.set(`${pair} ${month}`, { pair: `${base}${quote}`, base, quote, rate, month, source: full, confidence });
      }
    });
  });
  return { value: { rates, files: [file] }, problems: c.problems };
}

/** Reads `dir`/fx.json; a folder without one has no rates (conversions then need --fx). */
export function loadFxResult(dir: string): { table: FxTable; problems: SchemaProblem[] } {
  const path = join(dir, 'fx.json');
  if (!existsSync(path)) return { table: EMPTY_FX, problems: [] };
  const name = displayName(path);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { table: EMPTY_FX, problems: [{ file: name, path: '$', message: jsonErrorMessage(error) }] };
  }
  const { value, problems } = validateFx(name, data);
  return { table: value ?? EMPTY_FX, problems };
}

/** Like loadFxResult, but an invalid table stops the run (exit 2) with the first problem. */
export function loadFx(dir: string): FxTable {
  const { table, problems } = loadFxResult(dir);
  const first = problems[0];
  if (first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems; run \`llm-audit pricing check\` to list them)` : '';
    throw new PricingError(first.file, first.path, `${first.message}${more}`);
  }
  return table;
}

/**
 * A user's own monthly rates (--fx-file): a CSV with the header `month,pair,rate` and one rate per
 * row ("2026-09,USDCNY,7.1120"). Its months replace the shipped table's for the same pair, so a
 * month the table lacks (or a company's own booking rate) can be supplied. Every bad row is reported
 * with its line; the file is refused as a whole (exit 2), since a half-read rate file would convert
 * some months silently with the wrong rate.
 */
export function loadFxFile(path: string, table: FxTable): FxTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--fx-file: cannot read ${path}; pass a CSV file with the header month,pair,rate`);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  if (header.join(',') !== 'month,pair,rate') {
    throw new UsageError(`--fx-file: ${path}:1: expected the header "month,pair,rate", found ${JSON.stringify(lines[0] ?? '')}`);
  }
  const rates = new Map(table.rates);
  const seen = new Set<string>();
  const problems: string[] = [];
  lines.slice(1).forEach((line, i) => {
    const lineNo = i + 2;
    if (line.trim() === '') return;
    const [month = '', pairText = '', rateText = '', ...rest] = line.split(',').map((cell) => cell.trim());
    const pair = pairText.toUpperCase().replace('/', '');
    const parts = PAIR.exec(pair);
    const rate = /^\d+(\.\d+)?$/.test(rateText) ? tryParseDecimal(rateText) : undefined;
    if (rest.length > 0) problems.push(`${path}:${lineNo}: expected 3 cells (month,pair,rate), found ${rest.length + 3}`);
    else if (!MONTH.test(month)) problems.push(`${path}:${lineNo}: month ${JSON.stringify(month)} is not "YYYY-MM"`);
    else if (!parts || parts[1] === parts[2]) problems.push(`${path}:${lineNo}: pair ${JSON.stringify(pairText)} is not two currency codes such as USDCNY (1 USD in CNY)`);
    else if (!rate || rate.coef === 0n) problems.push(`${path}:${lineNo}: rate ${JSON.stringify(rateText)} is not a decimal greater than 0 such as 7.1120`);
    else if (seen.has(`${pair} ${month}`)) problems.push(`${path}:${lineNo}: ${pair} ${month} is listed twice`);
    else {
      seen.add(`${pair} ${month}`);
      const [, base = '', quote = ''] = parts;
      rates.set(`${pair} ${month}`, { pair, base, quote, rate, month, source: `--fx-file ${path}:${lineNo}`, confidence: 'high' });
      // The user's rate for this month wins over the table's rate quoted the other way round too.
      rates.delete(`${quote}${base} ${month}`);
    }
  });
  if (problems.length > 0) {
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    throw new UsageError(`--fx-file: ${problems.slice(0, 5).join('; ')}${more}`);
  }
  return { rates, files: [...table.files, path] };
}

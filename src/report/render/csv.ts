// Finance CSV: one row per (group, currency), priced or not, then one total row per (status,
// currency), then a row counting the rejected input rows, then one `problem` row per input row the
// report lists as rejected or skipped (which file, which line, why; no money). Columns are fixed for a given --group-by
// (docs/report-contract.md). Costs are exact, or with --decimals rounded so that the rows still add
// up to the total to the last place. Quoting follows RFC 4180, and text cells are neutralised
// against spreadsheet formula injection. The what-if is a CSV of its own (renderWhatIfCsv).
import { allocateRounded, parseDecimal, sub, toFixed, toPlainString } from '../../core/money.ts';
import type { Report, ReportPeriod, ReportScenarioFigures, ReportTokens, ReportWhatIf } from '../contract.ts';
import { csvLine } from '../format.ts';
import type { RenderOptions } from './index.ts';

const TOKEN_COLUMNS = ['input', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'output', 'reasoning'] as const;
const TOKEN_HEADERS = ['input_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'output_tokens', 'reasoning_tokens'];

/**
 * What a row's money is: `priced` (cost is this row's whole cost), `unpriced` (no price: cost is
 * empty; tokens and the logged cost are filled), `rejected` (the count of malformed input rows,
 * which have neither tokens nor cost; or, on a `problem` row, one of them), `skipped` (on a
 * `problem` row only: an input row that is not a request). A group with both priced and unpriced
 * requests has one row of each, so no row is ever partly priced.
 */
export const CSV_STATUSES = ['priced', 'unpriced', 'rejected', 'skipped'] as const;
type Status = (typeof CSV_STATUSES)[number];

/** The money cells that --decimals rounds so that a status's group rows add up to its total row. */
const MONEY = ['cost', 'loggedCost', 'webSearchCost'] as const;
type Money = (typeof MONEY)[number];

interface Row {
  kind: 'group' | 'total' | 'problem';
  status: Status;
  period: ReportPeriod | null;
  key: Record<string, string>;
  requests: number | null;
  tokens: ReportTokens | null;
  currency: string;
  /** Exact amounts; undefined for an empty cell. */
  money: Record<Money, string | undefined>;
  loggedRequests: number | null;
  converted: { currency: string; cost: string; rates: string };
  rows: number | null;
  /** On a `problem` row: where the input row is and why it was not priced. */
  where: { file: string; line: number; reason: string } | null;
}

const NO_CONVERSION = { currency: '', cost: '', rates: '' };
const NO_MONEY = { cost: undefined, loggedCost: undefined, webSearchCost: undefined };

/** A file name or a reason may hold control characters (a binary named .jsonl): written as "·". */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, '·');
}

export function renderCsv(report: Report, options: RenderOptions): string {
  return [...csvLines(report, options)].join('');
}

/** The CSV line by line, each with its line end: written out as they come, a CSV of 150,000 groups is never one string. */
export function* csvLines(report: Report, options: RenderOptions): Generator<string> {
  const dimensions = report.options.groupBy;
  const rows = csvRows(report);
  roundMoney(rows, options.decimals);
  // Columns added after the first release go at the end, so that positions finance sheets read stay put.
  const header = ['row', 'period_start', 'period_end', ...dimensions, 'requests', ...TOKEN_HEADERS, 'currency', 'cost', 'logged_requests', 'logged_cost', 'converted_currency', 'converted_cost', 'fx_rates', 'web_search_calls', 'web_search_cost', 'status', 'rows', 'file', 'line', 'reason'];
  yield csvLine(header.map(text));
  const count = (n: number | null) => (n === null ? '' : String(n));
  for (const row of rows) {
    yield csvLine([
      text(row.kind),
      text(row.period?.from ?? ''),
      text(row.period?.to ?? ''),
      ...dimensions.map((d) => text(row.key[d] ?? '')),
      count(row.requests),
      ...TOKEN_COLUMNS.map((k) => count(row.tokens ? row.tokens[k] : null)),
      text(row.currency),
      row.money.cost ?? '',
      count(row.loggedRequests),
      row.money.loggedCost ?? '',
      text(row.converted.currency),
      row.converted.cost,
      text(row.converted.rates),
      count(row.tokens ? (row.tokens.webSearch ?? 0) : null),
      row.money.webSearchCost ?? '',
      row.status,
      count(row.rows),
      text(row.where ? printable(row.where.file) : ''),
      count(row.where ? row.where.line : null),
      text(row.where ? printable(row.where.reason) : ''),
    ]);
  }
}

/** Every row of the export, money still exact. */
function csvRows(report: Report): Row[] {
  const rows: Row[] = [];
  const fx = (converted: Report['totals']['converted']) => {
    if (!converted) return NO_CONVERSION;
    const rates = converted.complete ? converted.rates.join('; ') : `${converted.amount === null ? 'n/a' : 'incomplete'}: no rate for ${report.conversion?.missing.join(', ')} (pass --fx or --fx-file)`;
    return { currency: converted.currency, cost: converted.amount ?? '', rates };
  };
  const priced = (kind: Row['kind'], period: ReportPeriod | null, key: Record<string, string>, line: Report['totals']['byCurrency'][number], logged: Report['totals']['logged']): Row => {
    const loggedCost = logged?.cost[line.currency];
    return {
      kind,
      status: 'priced',
      period,
      key,
      requests: line.requests,
      tokens: line.tokens,
      currency: line.currency,
      money: { cost: line.cost, loggedCost, webSearchCost: line.costByBucket.webSearch ?? '0' },
      loggedRequests: loggedCost === undefined ? null : (logged?.requests ?? 0),
      converted: fx(line.converted),
      rows: null,
      where: null,
    };
  };
  const unpriced = (kind: Row['kind'], period: ReportPeriod | null, key: Record<string, string>, line: Report['totals']['unpriced']['byCurrency'][number]): Row => ({
    kind,
    status: 'unpriced',
    period,
    key,
    requests: line.requests,
    tokens: line.tokens,
    currency: line.currency ?? '',
    money: { cost: undefined, loggedCost: line.loggedCost ?? undefined, webSearchCost: undefined },
    loggedRequests: line.currency === null ? null : line.requests,
    converted: NO_CONVERSION,
    rows: null,
    where: null,
  });
  for (const group of report.groups) for (const line of group.byCurrency) rows.push(priced('group', group.period, group.key, line, group.logged));
  // Reports made before unpriced groups were kept have neither field.
  for (const group of report.unpricedGroups ?? []) for (const line of group.byCurrency) rows.push(unpriced('group', group.period, group.key, line));
  for (const line of report.totals.byCurrency) rows.push(priced('total', report.period, {}, line, report.totals.logged));
  for (const line of report.totals.unpriced?.byCurrency ?? []) rows.push(unpriced('total', report.totals.unpriced.period, {}, line));
  if (report.rows.rejected > 0) {
    rows.push({ kind: 'total', status: 'rejected', period: null, key: {}, requests: null, tokens: null, currency: '', money: { ...NO_MONEY }, loggedRequests: null, converted: NO_CONVERSION, rows: report.rows.rejected, where: null });
  }
  // The input rows the report lists (the first --max-problems): which file and line, and why. No
  // money and no count, so no sum changes; the `total` row above stays the count of them all.
  for (const p of report.problems ?? []) {
    rows.push({ kind: 'problem', status: p.kind, period: null, key: {}, requests: null, tokens: null, currency: '', money: { ...NO_MONEY }, loggedRequests: null, converted: NO_CONVERSION, rows: null, where: { file: p.table === undefined ? p.file : `${p.file} ${p.table}`, line: p.line, reason: p.reason } });
  }
  return rows;
}

/**
 * Exact amounts as they are; with --decimals, every amount with exactly N places, the group rows of
 * each (status, currency) rounded by the largest-remainder method so that they sum to that total
 * row, which is rounded half-even on its own.
 */
function roundMoney(rows: Row[], decimals: number | undefined): void {
  const sets = new Map<string, Row[]>();
  for (const row of rows) {
    if (decimals !== undefined && row.converted.cost !== '') row.converted = { ...row.converted, cost: toFixed(parseDecimal(row.converted.cost), decimals) };
    if (decimals !== undefined && row.kind === 'group') {
      const id = `${row.status} ${row.currency}`;
      sets.set(id, [...(sets.get(id) ?? []), row]);
      continue;
    }
    for (const m of MONEY) {
      const amount = row.money[m];
      if (amount !== undefined) row.money[m] = fixed(amount, decimals);
    }
  }
  if (decimals === undefined) return;
  for (const set of sets.values()) {
    for (const m of MONEY) {
      const members = set.filter((r) => r.money[m] !== undefined);
      const rounded = allocateRounded(members.map((r) => parseDecimal(r.money[m] ?? '0')), decimals);
      members.forEach((r, i) => (r.money[m] = toFixed(rounded[i] ?? parseDecimal('0'), decimals)));
    }
  }
}

/** An exact difference as is; rounded, the difference of the two amounts as shown (so a row adds up as printed). */
function shownDifference(exact: string, shownCost: string, shownActual: string, decimals: number | undefined): string {
  return decimals === undefined ? fixed(exact, decimals) : toFixed(sub(parseDecimal(shownCost), parseDecimal(shownActual)), decimals);
}

function fixed(amount: string, decimals: number | undefined): string {
  return decimals === undefined ? toPlainString(parseDecimal(amount)) : toFixed(parseDecimal(amount), decimals);
}

/**
 * What each what-if target covers: `priced` (every priced request of the report), `partly-priced`
 * (the target has no price at some requests' dates: its cost and actual_cost cover the others
 * only), `unpriced` (none).
 */
export const WHAT_IF_STATUSES = ['priced', 'partly-priced', 'unpriced'] as const;

/**
 * The what-if as its own CSV (--compare with --format csv, --what-if-csv): one row per (target,
 * currency), cheapest target first, so a finance sheet reads it as it reads the report; then one
 * row per (scenario, currency); then, per group, one row per (target or scenario, currency). The
 * columns after `not_priced_reasons` say which: `scope` (total, group), `kind` (target, scenario),
 * the scenario's `rules`, its `swapped_requests`, and the group's key (`group.DIMENSION`).
 */
export function renderWhatIfCsv(report: Report, options: RenderOptions): string {
  const decimals = options.decimals;
  // Columns added after the first release go at the end (scope and scenarios; does not fit and the
  // ranking: coverage, ★, the cost in the ranking's currency; then the group's key).
  const dims = report.options.groupBy;
  const header = ['model', 'status', 'requests', 'not_priced_requests', 'currency', 'cost', 'actual_cost', 'delta', 'delta_percent', 'converted_currency', 'converted_cost', 'converted_actual_cost', 'converted_delta', 'converted_delta_percent', 'converted_complete', 'not_priced_reasons', 'scope', 'kind', 'rules', 'swapped_requests', 'does_not_fit_requests', 'does_not_fit_reasons', 'coverage', 'cheapest', 'ranked_currency', 'ranked_cost', 'ranked_complete', ...dims.map((d) => `group.${d}`)];
  const lines = [csvLine(header.map(text))];
  const amount = (value: string | undefined) => (value === undefined ? '' : fixed(value, decimals));
  const scenarioRules = new Map((report.scenarios ?? []).map((s) => [s.name, s.rules.map((r) => `${r.pattern}=${r.target}`).join(',')]));
  const push = (row: WhatIfRow, key: Record<string, string> | null): void => {
    const currencies = [...new Set([...Object.keys(row.cost), ...Object.keys(row.actualCost)])].sort();
    const c = row.converted;
    for (const currency of currencies.length > 0 ? currencies : ['']) {
      const cost = amount(row.cost[currency]);
      const actual = amount(row.actualCost[currency]);
      const exactDelta = row.delta?.[currency];
      // Rounded, the delta is that of the amounts shown, so every row adds up as printed.
      const delta = exactDelta === undefined ? '' : shownDifference(exactDelta, cost || '0', actual || '0', decimals);
      lines.push(
        csvLine([
          text(row.name),
          row.status,
          String(row.requests),
          String(row.notPriced),
          text(currency),
          cost,
          actual,
          delta,
          exactDelta === undefined ? '' : (row.deltaPercent ?? ''),
          text(c?.currency ?? ''),
          c ? amount(c.cost) : '',
          c ? amount(c.actualCost) : '',
          c ? shownDifference(c.delta, amount(c.cost), amount(c.actualCost), decimals) : '',
          c?.deltaPercent ?? '',
          c ? String(c.complete) : '',
          text(row.reasons.join('; ')),
          key ? 'group' : 'total',
          row.kind,
          text(row.kind === 'scenario' ? (scenarioRules.get(row.name) ?? '') : ''),
          row.swapped === null ? '' : String(row.swapped),
          ...fitCells(row.target, amount),
          ...dims.map((d) => text(key?.[d] ?? '')),
        ]),
      );
    }
  };
  for (const w of report.whatIf) push(targetRow(w, true), null);
  for (const s of report.scenarios ?? []) push(scenarioRow(s, s.notRepriced.reasons), null);
  for (const g of report.groups) {
    for (const w of g.whatIf ?? []) push(targetRow(w, false), g.key);
    for (const s of g.scenarios ?? []) push(scenarioRow(s, []), g.key);
  }
  return lines.join('');
}

/** One what-if CSV entry before it is split by currency. */
interface WhatIfRow {
  name: string;
  kind: 'target' | 'scenario';
  status: (typeof WHAT_IF_STATUSES)[number];
  requests: number;
  notPriced: number;
  swapped: number | null;
  cost: Record<string, string>;
  actualCost: Record<string, string>;
  delta: Record<string, string> | null;
  deltaPercent: string | null;
  converted: ReportWhatIf['converted'];
  reasons: string[];
  /** A --compare target's totals: its fit and ranking cells (blank for scenarios and groups). */
  target: ReportWhatIf | null;
}

function targetRow(w: ReportWhatIf, total: boolean): WhatIfRow {
  // A target priced at every date whose requests all do not fit is `priced` (with 0 requests; see does_not_fit_requests).
  const priced = w.requests + (w.doesNotFit?.requests ?? 0);
  const status = priced === 0 ? 'unpriced' : w.notPriced.requests > 0 ? 'partly-priced' : 'priced';
  return { name: w.model, kind: 'target', status, requests: w.requests, notPriced: w.notPriced.requests, swapped: null, cost: w.cost, actualCost: w.actualCost, delta: w.delta, deltaPercent: w.deltaPercent, converted: w.converted, reasons: w.notPriced.reasons, target: total ? w : null };
}

/** does_not_fit_requests … ranked_complete: a target's totals only. */
function fitCells(w: ReportWhatIf | null, amount: (value: string | undefined) => string): string[] {
  if (w === null) return ['', '', '', '', '', '', ''];
  return [
    String(w.doesNotFit?.requests ?? 0),
    text(w.doesNotFit?.reasons.join('; ') ?? ''),
    w.coverage ?? '',
    String(w.cheapest ?? false),
    text(w.ranked?.currency ?? ''),
    w.ranked?.cost == null ? '' : amount(w.ranked.cost),
    w.ranked ? String(w.ranked.complete) : '',
  ];
}

/** A scenario covers every priced request: `requests` is all of them, `not_priced_requests` those matched but not repriced. */
function scenarioRow(s: ReportScenarioFigures, reasons: string[]): WhatIfRow {
  const requests = s.requests.swapped + s.requests.notSwapped + s.requests.notRepriced;
  return { name: s.name, kind: 'scenario', status: s.requests.notRepriced > 0 ? 'partly-priced' : 'priced', requests, notPriced: s.requests.notRepriced, swapped: s.requests.swapped, cost: s.cost, actualCost: s.actualCost, delta: s.delta, deltaPercent: s.deltaPercent, converted: s.converted, reasons, target: null };
}

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe (the OWASP advice). Numbers are written by us and never need it.
 */
export function text(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

// Finance CSV: one row per (group, currency), then one total row per currency. Columns are fixed
// for a given --group-by (docs/report-contract.md). Costs are exact, or with --decimals rounded so
// that the rows still add up to the total to the last place. Quoting follows RFC 4180, and text
// cells are neutralised against spreadsheet formula injection.
import { allocateRounded, parseDecimal, toFixed, toPlainString } from '../../core/money.ts';
import type { Report, ReportCurrencyLine, ReportGroup } from '../contract.ts';
import { csvLine } from '../format.ts';
import type { RenderOptions } from './index.ts';

const TOKEN_COLUMNS = ['input', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'output', 'reasoning'] as const;
const TOKEN_HEADERS = ['input_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'output_tokens', 'reasoning_tokens'];

interface Row {
  kind: 'group' | 'total';
  group?: ReportGroup;
  line: ReportCurrencyLine;
}

export function renderCsv(report: Report, options: RenderOptions): string {
  return [...csvLines(report, options)].join('');
}

/** The CSV line by line, each with its line end: written out as they come, a CSV of 150,000 groups is never one string. */
export function* csvLines(report: Report, options: RenderOptions): Generator<string> {
  const dimensions = report.options.groupBy;
  const rows: Row[] = [
    ...report.groups.flatMap((group) => group.byCurrency.map((line) => ({ kind: 'group' as const, group, line }))),
    ...report.totals.byCurrency.map((line) => ({ kind: 'total' as const, line })),
  ];
  const costs = costCells(rows, options.decimals);
  // Columns added after the first release go at the end, so that positions finance sheets read stay put.
  const header = ['row', 'period_start', 'period_end', ...dimensions, 'requests', ...TOKEN_HEADERS, 'currency', 'cost', 'logged_requests', 'logged_cost', 'converted_currency', 'converted_cost', 'fx_rates', 'web_search_calls', 'web_search_cost'];
  yield csvLine(header.map(text));
  for (const [i, row] of rows.entries()) {
    const period = row.group?.period ?? report.period;
    const logged = row.group ? row.group.logged : report.totals.logged;
    const loggedCost = logged?.cost[row.line.currency];
    yield csvLine([
      text(row.kind),
      text(period?.from ?? ''),
      text(period?.to ?? ''),
      ...dimensions.map((d) => text(row.group?.key[d] ?? '')),
      String(row.line.requests),
      ...TOKEN_COLUMNS.map((k) => String(row.line.tokens[k])),
      text(row.line.currency),
      costs[i] ?? '',
      loggedCost === undefined ? '' : String(logged?.requests ?? 0),
      loggedCost === undefined ? '' : fixed(loggedCost, options.decimals),
      text(row.line.converted?.currency ?? ''),
      row.line.converted?.amount ? fixed(row.line.converted.amount, options.decimals) : '',
      text(row.line.converted ? (row.line.converted.complete ? row.line.converted.rates.join('; ') : `${row.line.converted.amount === null ? 'n/a' : 'incomplete'}: no rate for ${report.conversion?.missing.join(', ')} (pass --fx or --fx-file)`) : ''),
      String(row.line.tokens.webSearch ?? 0),
      fixed(row.line.costByBucket.webSearch ?? '0', options.decimals),
    ]);
  }
}

/** Exact costs, or rounded per currency so that group rows sum to the total row exactly. */
function costCells(rows: Row[], decimals: number | undefined): string[] {
  const cells = rows.map((r) => r.line.cost);
  if (decimals === undefined) return cells;
  for (const currency of new Set(rows.map((r) => r.line.currency))) {
    const indexes = rows.flatMap((r, i) => (r.kind === 'group' && r.line.currency === currency ? [i] : []));
    const rounded = allocateRounded(indexes.map((i) => parseDecimal(cells[i] ?? '0')), decimals);
    indexes.forEach((rowIndex, j) => (cells[rowIndex] = toFixed(rounded[j] ?? parseDecimal('0'), decimals)));
    rows.forEach((r, i) => {
      if (r.kind === 'total' && r.line.currency === currency) cells[i] = toFixed(parseDecimal(r.line.cost), decimals);
    });
  }
  return cells;
}

function fixed(amount: string, decimals: number | undefined): string {
  return decimals === undefined ? toPlainString(parseDecimal(amount)) : toFixed(parseDecimal(amount), decimals);
}

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe (the OWASP advice). Numbers are written by us and never need it.
 */
export function text(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

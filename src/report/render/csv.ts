// CSV: one row per (group, currency), then one total row per currency. Columns are fixed for a
// given --group-by (docs/report-contract.md). Amounts are exact; quoting follows RFC 4180.
import type { Report, ReportCurrencyLine } from '../contract.ts';

const TOKEN_COLUMNS = ['input', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'output', 'reasoning'] as const;
const TOKEN_HEADERS = ['input_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'output_tokens', 'reasoning_tokens'];

export function renderCsv(report: Report): string {
  const dimensions = report.options.groupBy;
  const lines = [['row', ...dimensions, 'requests', ...TOKEN_HEADERS, 'currency', 'cost']];
  for (const group of report.groups) {
    const keys = dimensions.map((d) => group.key[d] ?? '');
    for (const line of group.byCurrency) lines.push(['group', ...keys, ...lineCells(line)]);
  }
  for (const line of report.totals.byCurrency) lines.push(['total', ...dimensions.map(() => ''), ...lineCells(line)]);
  return lines.map((cells) => cells.map(quote).join(',')).join('\r\n') + '\r\n';
}

function lineCells(line: ReportCurrencyLine): string[] {
  return [String(line.requests), ...TOKEN_COLUMNS.map((k) => String(line.tokens[k])), line.currency, line.cost];
}

/** RFC 4180: quote a cell holding a comma, quote or line break, doubling inner quotes. */
function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

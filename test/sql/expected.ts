// The rows `llm-audit sql`'s query must give, read from llm-audit's own JSON report of the same logs
// and options: totals and groups per currency (tokens, cost and each billed line), the unpriced
// requests, and the what-if (logged token counts). Both sides are compared as exact decimal text,
// trailing zeros dropped (the engines print a DECIMAL at its scale: 0.009282910000000000).
import { TOKEN_COLUMNS } from '../../src/ledger/row.ts';
import { groupColumn } from '../../src/sql/query.ts';
import type { Row } from './engines.ts';

/** The ledger's token columns and the report's bucket of each (src/ledger/row.ts). */
const TOKEN_FIELDS: readonly (readonly [string, string])[] = TOKEN_COLUMNS;
const COST_FIELDS: [string, string][] = [
  ['cost_input', 'input'],
  ['cost_cache_read', 'cacheRead'],
  ['cost_cache_write_5m', 'cacheWrite5m'],
  ['cost_cache_write_1h', 'cacheWrite1h'],
  ['cost_output', 'output'],
  ['cost_web_search', 'webSearch'],
];

/** Exact decimal text without trailing zeros: "0.0092829100" → "0.00928291", "12.000" → "12". */
export function plain(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  let text = String(value);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

type Expected = Record<string, string | null>;

function tokens(t: any): Expected {
  return Object.fromEntries(TOKEN_FIELDS.map(([column, field]) => [column, plain(t?.[field] ?? 0)]));
}

/** The key a result row is matched by: section, group values, target, currency. */
export function rowKey(section: string, dims: readonly string[], values: Record<string, string | null>, target: string | null, currency: string | null): string {
  return JSON.stringify([section, ...dims.map((d) => values[groupColumn(d as never)] ?? values[d] ?? null), target, currency]);
}

export function expectedRows(report: any, dims: readonly string[]): Map<string, Expected> {
  const out = new Map<string, Expected>();
  const keyOf = (section: string, key: Record<string, string> | null, target: string | null, currency: string | null): string =>
    JSON.stringify([section, ...dims.map((d) => (key ? (key[d] ?? null) : null)), target, currency]);
  const line = (l: any): Expected => ({
    requests: plain(l.requests),
    ...tokens(l.tokens),
    cost: plain(l.cost),
    ...Object.fromEntries(COST_FIELDS.map(([column, field]) => [column, plain(l.costByBucket[field])])),
  });
  for (const l of report.totals.byCurrency) out.set(keyOf('total', null, null, l.currency), line(l));
  for (const g of report.groups) for (const l of g.byCurrency) out.set(keyOf('group', g.key, null, l.currency), line(l));
  const unpriced = report.totals.unpriced;
  if (unpriced && unpriced.requests > 0) out.set(keyOf('unpriced_total', null, null, null), { requests: plain(unpriced.requests), ...tokens(unpriced.tokens) });
  for (const g of report.unpricedGroups ?? []) out.set(keyOf('unpriced_group', g.key, null, null), { requests: plain(g.requests), ...tokens(g.tokens) });
  const costs = (section: string, key: Record<string, string> | null, w: any): void => {
    for (const currency of new Set([...Object.keys(w.cost), ...Object.keys(w.actualCost)])) {
      out.set(keyOf(section, key, w.model, currency), { cost: plain(w.cost[currency]), actual_cost: plain(w.actualCost[currency]) });
    }
  };
  for (const w of report.whatIf ?? []) {
    out.set(keyOf('whatif', null, w.model, null), { requests: plain(w.requests), not_priced_requests: plain(w.notPriced.requests), does_not_fit_requests: plain(w.doesNotFit.requests) });
    costs('whatif_cost', null, w);
  }
  for (const g of report.groups) {
    for (const w of g.whatIf ?? []) {
      out.set(keyOf('group_whatif', g.key, w.model, null), { requests: plain(w.requests), not_priced_requests: plain(w.notPriced.requests) });
      costs('group_whatif_cost', g.key, w);
    }
  }
  return out;
}

/** The query's rows keyed as expectedRows keys them, each value as plain text (only the fields the report has). */
export function actualRows(rows: readonly Row[], dims: readonly string[]): Map<string, Expected> {
  const out = new Map<string, Expected>();
  for (const row of rows) {
    const section = row.section as string;
    const key = JSON.stringify([section, ...dims.map((d) => row[groupColumn(d as never)] ?? null), row.target ?? null, row.currency ?? null]);
    out.set(key, Object.fromEntries(fieldsOf(section).map((f) => [f, plain(row[f] ?? null)])));
  }
  return out;
}

function fieldsOf(section: string): string[] {
  switch (section) {
    case 'total':
    case 'group':
      return ['requests', ...TOKEN_FIELDS.map(([c]) => c), 'cost', ...COST_FIELDS.map(([c]) => c)];
    case 'unpriced_total':
    case 'unpriced_group':
      return ['requests', ...TOKEN_FIELDS.map(([c]) => c)];
    case 'whatif':
      return ['requests', 'not_priced_requests', 'does_not_fit_requests'];
    case 'group_whatif':
      return ['requests', 'not_priced_requests'];
    default:
      return ['cost', 'actual_cost'];
  }
}

// Renderers for a baseline comparison (`llm-audit diff`, `--baseline`): table, JSON, CSV, Markdown;
// and for the policies checked on a report without a baseline (`llm-audit LOGS --max-cost 5USD`).
// Every verdict shows, beside the totals, how many rows each side could not price or rejected.
import { placeOf } from '../../core/types.ts';
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { sideTotals, type Comparison, type ComparisonLine, type ComparisonSide, type PolicyResult, type ReportCheck } from '../../core/compare.ts';
import { add, parseDecimal, percentOf, toPlainString, ZERO, type Decimal } from '../../core/money.ts';
import { compareText } from '../../core/text.ts';
import { csvLine, formatAmount, formatCount, formatMoney, formatPercent, formatSignedMoney } from '../format.ts';
import { text } from './csv.ts';
import { byAmountDescending, fitRows, MARKDOWN_LIMIT, otherGroupsLabel } from './fit.ts';
import type { OutputFormat, RenderOptions } from './index.ts';
import { cell, details, dimensionTitle, mdRow, mdTable } from './markdown.ts';

export type ComparisonRenderer = (comparison: Comparison, options: RenderOptions) => string;

function keyCells(c: Comparison, line: ComparisonLine): string[] {
  return c.groupBy.map((d, i) => (Object.keys(line.key).length === 0 ? (i === 0 ? 'Total' : '') : (line.key[d] ?? '')));
}

function lineCells(line: ComparisonLine): string[] {
  const cur = line.currency;
  return [
    formatMoney(cur, line.baseline.cost),
    formatMoney(cur, line.current.cost),
    formatSignedMoney(cur, line.delta),
    line.deltaPercent === null ? (line.status === 'new' ? 'new' : 'n/a') : formatPercent(line.deltaPercent),
    formatSignedMoney(cur, line.volume),
    formatSignedMoney(cur, line.mix),
    formatSignedMoney(cur, line.price),
    `${formatCount(line.baseline.requests)} → ${formatCount(line.current.requests)}`,
    `${line.baseline.costPerRequest === null ? '-' : formatAmount(line.baseline.costPerRequest)} → ${line.current.costPerRequest === null ? '-' : formatAmount(line.current.costPerRequest)}`,
  ];
}

const HEAD = ['Baseline', 'Current', 'Delta', 'Delta %', 'Volume', 'Mix', 'Price', 'Requests', 'Cost / request'];

/** "200 rows read: 114 priced, 86 unpriced, 0 rejected" (+ ", 3 skipped" when some were). */
export function rowsText(side: ComparisonSide): string {
  const r = side.rows;
  const skipped = r.skipped > 0 ? `, ${formatCount(r.skipped)} skipped (not requests)` : '';
  return `${formatCount(r.read)} rows read: ${formatCount(r.priced)} priced, ${formatCount(r.unpriced)} unpriced, ${formatCount(r.rejected)} rejected${skipped}`;
}

/** "86 of 200 rows unpriced and 17 rejected", or undefined when every row was priced. */
function problemsText(side: ComparisonSide): string | undefined {
  const r = side.rows;
  if (r.unpriced + r.rejected === 0) return undefined;
  const of = formatCount(r.priced + r.unpriced + r.rejected);
  if (r.rejected === 0) return `${formatCount(r.unpriced)} of ${of} rows unpriced`;
  if (r.unpriced === 0) return `${formatCount(r.rejected)} of ${of} rows rejected`;
  return `${formatCount(r.unpriced)} of ${of} rows unpriced and ${formatCount(r.rejected)} rejected`;
}

function headline(c: Comparison): string {
  const totals = c.totals.map((t) => `${formatSignedMoney(t.currency, t.delta)}${t.deltaPercent === null ? '' : ` (${formatPercent(t.deltaPercent)})`}`);
  const change = totals.length > 0 ? totals.join(', ') : 'no priced traffic on either side';
  const problems = problemsText(c.current);
  const excluding = problems ? `, not counting ${problems}` : '';
  const failed = c.policies.filter((p) => !p.passed);
  if (failed.length > 0) return `LLM cost regression: ${change} against the baseline${excluding}; ${failed.length} ${failed.length === 1 ? 'policy' : 'policies'} failed`;
  return `LLM cost: ${change} against the baseline${excluding}${c.policies.length > 0 ? '; all policies pass' : ''}`;
}

function policyLine(p: PolicyResult): string {
  return `${p.passed ? 'pass' : 'FAIL'} ${p.policy} on ${p.scope}: ${p.actual} (limit ${p.limit}${p.fx ? `; ${p.fx}` : ''})`;
}

function mdPolicy(p: PolicyResult): string {
  return `- ${p.passed ? '✅' : '❌'} \`${p.policy}\` on ${p.scope}: ${p.actual} (limit ${p.limit}${p.fx ? `; ${p.fx}` : ''})`;
}

/** A reason or a file name from a log may hold control characters (a binary named .jsonl): shown as "·". */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, '·');
}

/**
 * The unpriced models and rejected rows of one side, as list items (without the bullet), and how
 * many more of each there are than listed.
 */
function problemItems(side: ComparisonSide): { unpriced: string[]; unpricedMore: number; rejected: string[]; rejectedMore: number } {
  const unpriced = side.unpriced.map((u) => `${printable(u.model)}: ${formatCount(u.requests)} ${u.requests === 1 ? 'request' : 'requests'}, ${printable(u.reason)}${u.suggestions.length > 0 ? ` (did you mean ${u.suggestions.join(', ')}?)` : ''}`);
  const rejected = side.rejected.map((p) => `${printable(placeOf(p))}: ${printable(p.reason)}`);
  return { unpriced, unpricedMore: Math.max(0, side.unpricedModels - side.unpriced.length), rejected, rejectedMore: Math.max(0, side.rows.rejected - side.rejected.length) };
}

const moreModels = (n: number) => `… and ${formatCount(n)} more models (see the report)`;
const moreRejected = (n: number) => `… and ${formatCount(n)} more rejected rows (see the report)`;

function textProblems(side: ComparisonSide, label: string): string[] {
  const { unpriced, unpricedMore, rejected, rejectedMore } = problemItems(side);
  if (unpricedMore > 0) unpriced.push(moreModels(unpricedMore));
  if (rejectedMore > 0) rejected.push(moreRejected(rejectedMore));
  const parts: string[] = [];
  if (side.rows.unpriced > 0) parts.push([`Unpriced in the ${label} (${formatCount(side.rows.unpriced)} rows, not in any cost above):`, ...unpriced.map((u) => `  ${u}`)].join('\n'));
  if (side.rows.rejected > 0) parts.push([`Rejected in the ${label} (${formatCount(side.rows.rejected)} rows, malformed or unreadable):`, ...rejected.map((r) => `  ${r}`)].join('\n'));
  return parts;
}

/** How much of MARKDOWN_LIMIT each list around the table may take at most, so the groups always get most of it. */
const MD_LIST_BUDGET = { problems: 3_000, failed: 6_000, policies: 6_000 } as const;

/**
 * Markdown list lines (`- item`) that fit in `budget` characters, then one line saying how many
 * more there are (`hiddenMore` of them were not in `items` to begin with).
 */
function fittedItems(items: string[], budget: number, more: (n: number) => string, hiddenMore = 0): string {
  const lines = items.map((item) => `- ${cell(item)}`);
  const { shown } = fitRows(lines, (line) => line.length + 1, budget);
  const rest = lines.length - shown.length + hiddenMore;
  return [...shown, ...(rest > 0 ? [`- ${cell(more(rest))}`] : [])].join('\n');
}

function mdProblems(side: ComparisonSide, label: string): string[] {
  const { unpriced, unpricedMore, rejected, rejectedMore } = problemItems(side);
  const parts: string[] = [];
  if (side.rows.unpriced > 0) parts.push(details(`${formatCount(side.rows.unpriced)} rows unpriced in the ${label} (not in any cost above)`, fittedItems(unpriced, MD_LIST_BUDGET.problems, moreModels, unpricedMore)));
  if (side.rows.rejected > 0) parts.push(details(`${formatCount(side.rows.rejected)} rows rejected in the ${label} (malformed or unreadable)`, fittedItems(rejected, MD_LIST_BUDGET.problems, moreRejected, rejectedMore)));
  return parts;
}

/** Policy results as Markdown list lines within `budget` characters, then "… and N more". */
function mdPolicies(policies: PolicyResult[], budget: number, what: string): string {
  const lines = policies.map(mdPolicy);
  const { shown } = fitRows(lines, (line) => line.length + 1, budget);
  const rest = lines.length - shown.length;
  return [...shown, ...(rest > 0 ? [`- … and ${formatCount(rest)} more ${what} (every one is in --format json)`] : [])].join('\n');
}

function renderTable(c: Comparison, options: RenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const table = new Table({
    head: [...c.groupBy.map(dimensionTitle), ...HEAD],
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: options.color ? { head: ['cyan'] } : { head: [], border: [] },
  });
  for (const line of [...c.totals, ...c.groups]) table.push([...keyCells(c, line), ...lineCells(line)]);
  const failed = c.policies.some((p) => !p.passed);
  const rows = `Current:  ${rowsText(c.current)}\nBaseline: ${rowsText(c.baseline)}`;
  const parts = [failed ? chalk.red.bold(headline(c)) : chalk.green.bold(headline(c)), rows, table.toString(), ...textProblems(c.current, 'current run'), ...textProblems(c.baseline, 'baseline')];
  if (c.policies.length > 0) parts.push(c.policies.map((p) => `  ${p.passed ? chalk.green(policyLine(p)) : chalk.red(policyLine(p))}`).join('\n'));
  parts.push(chalk.dim(c.notes.map((n) => `  ${n}`).join('\n')));
  return `${parts.join('\n\n')}\n`;
}

/** The group lines that fit a Markdown comparison, and one line per currency summing the others. */
export interface FittedComparison {
  /** In the comparison's order (largest increase first). */
  shown: ComparisonLine[];
  /** Per currency (by name), the sum of the group lines not shown: key {}, `hidden` counts them. */
  others: (ComparisonLine & { hidden: number })[];
}

/**
 * Which group lines get a row when they may take `budget` characters (`length` of a line's row):
 * those with the largest absolute change, taken per currency in turn (a USD change and a CNY change
 * are not compared), shown in the comparison's order. The others are summed per currency exactly,
 * so the shown lines plus the "other groups" lines add up to the total lines, parts and all.
 */
export function fitComparison(c: Comparison, length: (line: ComparisonLine) => number, budget: number): FittedComparison {
  const byChange = byAmountDescending<ComparisonLine>((l) => l.delta);
  const place = new Map<ComparisonLine, number>();
  const currencies = new Map<string, ComparisonLine[]>();
  for (const line of c.groups) {
    const list = currencies.get(line.currency);
    if (list) list.push(line);
    else currencies.set(line.currency, [line]);
  }
  for (const list of currencies.values()) [...list].sort(byChange).forEach((line, i) => place.set(line, i));
  const rank = (a: ComparisonLine, b: ComparisonLine) => (place.get(a) ?? 0) - (place.get(b) ?? 0) || compareText(a.currency, b.currency);
  const { shown, hidden } = fitRows(c.groups, length, budget, rank);
  const others: FittedComparison['others'] = [];
  for (const currency of [...new Set(hidden.map((l) => l.currency))].sort(compareText)) {
    const lines = hidden.filter((l) => l.currency === currency);
    const sum = (amount: (l: ComparisonLine) => string): Decimal => lines.reduce((s, l) => add(s, parseDecimal(amount(l))), ZERO);
    const baselineCost = sum((l) => l.baseline.cost);
    const delta = sum((l) => l.delta);
    others.push({
      key: {},
      currency,
      status: lines.every((l) => l.status === 'new') ? 'new' : lines.every((l) => l.status === 'unchanged') ? 'unchanged' : 'changed',
      baseline: sideTotals({ requests: lines.reduce((n, l) => n + l.baseline.requests, 0), cost: toPlainString(baselineCost) }),
      current: sideTotals({ requests: lines.reduce((n, l) => n + l.current.requests, 0), cost: toPlainString(sum((l) => l.current.cost)) }),
      delta: toPlainString(delta),
      deltaPercent: percentOf(delta, baselineCost),
      volume: toPlainString(sum((l) => l.volume)),
      mix: toPlainString(sum((l) => l.mix)),
      price: toPlainString(sum((l) => l.price)),
      hidden: lines.length,
    });
  }
  return { shown, others };
}

function othersNote(hidden: number): string {
  return `${otherGroupsLabel(hidden)}: not listed one by one, so that this fits a GitHub comment; every group is in --format csv or json.`;
}

/**
 * The comparison as GitHub-flavoured Markdown, at most MARKDOWN_LIMIT characters: the verdict, the
 * row counts, the totals and the policies always; the group lines with the largest change that fit,
 * and per currency one "N other groups" row summing the rest; long lists cut with "… and N more".
 */
function renderMarkdown(c: Comparison): string {
  const failed = c.policies.filter((p) => !p.passed);
  const before = [`### ${failed.length > 0 ? '❌' : '✅'} ${headline(c)}`];
  before.push(`**Current:** ${rowsText(c.current)}.<br>**Baseline:** ${rowsText(c.baseline)}.`);
  if (failed.length > 0) before.push(`**Failed policies**\n\n${mdPolicies(failed, MD_LIST_BUDGET.failed, 'failed policies')}`);
  const head = [...c.groupBy.map(dimensionTitle), ...HEAD];
  const dims = c.groupBy.length;
  const totalRows = c.totals.map((line) => [...keyCells(c, line), ...lineCells(line)].map((x) => (x === '' ? x : `**${x}**`)));
  const groupRow = (line: ComparisonLine) => [...keyCells(c, line), ...lineCells(line)];
  const after = [...mdProblems(c.current, 'current run'), ...mdProblems(c.baseline, 'baseline')];
  if (c.policies.length > 0) after.push(details(`Policies (${c.policies.length})`, mdPolicies(c.policies, MD_LIST_BUDGET.policies, 'policies')));
  after.push(details('How to read this', c.notes.map((n) => `- ${n}`).join('\n')));

  // What the group rows may take: the limit less everything else, and less one "other groups" row
  // per currency and the line under the table (each row about as long as its Total row plus its
  // label; a margin covers the few more decimals a smaller amount is shown with).
  const frame = mdTable(head, totalRows, dims);
  const label = otherGroupsLabel(c.groups.length);
  const others = totalRows.reduce((n, row) => n + mdRow(row).length + label.length + 100, 0) + othersNote(c.groups.length).length + 2;
  const fixed = [...before, frame, ...after].reduce((n, part) => n + part.length + 2, 0) + others;
  const fitted = fitComparison(c, (line) => mdRow(groupRow(line)).length + 1, MARKDOWN_LIMIT - fixed);
  const rows = [...totalRows, ...fitted.shown.map(groupRow), ...fitted.others.map((line) => [...c.groupBy.map((_, i) => (i === 0 ? otherGroupsLabel(line.hidden) : '')), ...lineCells(line)])];
  const hidden = fitted.others.reduce((n, line) => n + line.hidden, 0);
  const table = mdTable(head, rows, dims) + (hidden > 0 ? `\n\n${othersNote(hidden)}` : '');
  return `${[...before, table, ...after].join('\n\n')}\n`;
}

const SIDE_COLUMNS = ['rows_read', 'unpriced_rows', 'rejected_rows', 'unpriced_models', 'rejected_files'];
const CSV_HEAD = ['delta', 'delta_percent', 'volume', 'mix', 'price', ...SIDE_COLUMNS.map((c) => `baseline_${c}`), ...SIDE_COLUMNS.map((c) => `current_${c}`)];

/** The row counts of one side, and what it could not price or read, in the cells of a total row. */
function sideCells(side: ComparisonSide): string[] {
  const models = side.unpriced.map((u) => `${u.model} (${u.requests})`);
  if (side.unpricedModels > side.unpriced.length) models.push(`${side.unpricedModels - side.unpriced.length} more models`);
  return [String(side.rows.read), String(side.rows.unpriced), String(side.rows.rejected), text(printable(models.join('; '))), text(printable(side.rejectedFiles.join('; ')))];
}

function renderCsv(c: Comparison): string {
  const header = ['scope', ...c.groupBy, 'currency', 'status', 'baseline_requests', 'baseline_cost', 'current_requests', 'current_cost', ...CSV_HEAD];
  const lines = [csvLine(header.map(text))];
  const rowCells = (total: boolean): string[] => (total ? [...sideCells(c.baseline), ...sideCells(c.current)] : SIDE_COLUMNS.flatMap(() => ['', '']));
  for (const line of [...c.totals, ...c.groups]) {
    const total = Object.keys(line.key).length === 0;
    lines.push(
      csvLine([
        total ? 'total' : 'group',
        ...c.groupBy.map((d) => text(line.key[d] ?? '')),
        text(line.currency),
        line.status,
        String(line.baseline.requests),
        line.baseline.cost,
        String(line.current.requests),
        line.current.cost,
        line.delta,
        line.deltaPercent ?? '',
        line.volume,
        line.mix,
        line.price,
        ...rowCells(total),
      ]),
    );
  }
  // Nothing priced on either side: the row counts still get their total row.
  if (c.totals.length === 0) lines.push(csvLine(['total', ...c.groupBy.map(() => ''), '', 'unchanged', '0', '0', '0', '0', '0', '', '0', '0', '0', ...rowCells(true)]));
  return lines.join('');
}

export const comparisonRenderers = {
  table: renderTable,
  json: (c: Comparison) => `${JSON.stringify(c, null, 2)}\n`,
  csv: renderCsv,
  markdown: renderMarkdown,
} satisfies Record<OutputFormat, ComparisonRenderer>;

/**
 * The verdict of policies checked on a report without a baseline, appended to the report's table or
 * Markdown (JSON and CSV stay the report contract; the verdict then goes to stderr only).
 */
export function renderCheck(check: ReportCheck, format: 'table' | 'markdown'): string {
  const failed = check.policies.filter((p) => !p.passed);
  const head = failed.length > 0 ? `Gate policies: ${failed.length} of ${check.policies.length} failed` : `Gate policies: all ${check.policies.length} pass`;
  const problems = problemsText(check.current);
  if (format === 'markdown') {
    const items = check.policies.map(mdPolicy).join('\n');
    return `### ${failed.length > 0 ? '❌' : '✅'} ${head}${problems ? ` (${problems})` : ''}\n\n${items}\n`;
  }
  return `${head}${problems ? ` (${problems})` : ''}\n${check.policies.map((p) => `  ${policyLine(p)}`).join('\n')}\n`;
}

export { policyLine };

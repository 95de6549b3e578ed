// The human report: cli-table3 tables, coloured with chalk only when asked (TTY and no NO_COLOR).
import { placeOf } from '../../core/types.ts';
import { Chalk } from 'chalk';
import type { Report, ReportConverted, ReportGroup, ReportTokens } from '../contract.ts';
import { FitTable, type Layout, type Narrowing } from './width.ts';
import { formatShortCount, copiesLine, feeLines, inputsLine, leftOutLine, MAX_LISTED_GROUPS, moreGroupsLine, missingRatesNote, formatCost, formatCount, formatKey, formatMoney, formatPercent, formatSignedMoney, TOKEN_COLUMNS } from '../format.ts';
import type { RenderOptions } from './index.ts';
import { dimensionTitle } from './markdown.ts';
import { groupWhatIfTable, hasGroupWhatIf, scenarioNotes, scenariosTable, targetTokenNotes, type TextTable } from './whatif-rows.ts';
import { anyDoesNotFit, COVERAGE_TITLES, coverage, doesNotFitCell, modelLabel, rankedCell, rankedColumn, rankingHeadline, whatIfNotes } from './whatif-notes.ts';


export function renderTable(report: Report, options: RenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const compact = options.compact ?? false;
  // The compact layout is made for 80 columns: forced on a wider terminal, it fits 80.
  const layout: Layout = { color: options.color, compact, width: compact ? Math.min(options.width ?? COMPACT_WIDTH, COMPACT_WIDTH) : options.width };
  const sections = [
    headline(report),
    groupsTable(report, layout, chalk),
    blocksSection(report, chalk),
    feesSection(report, chalk),
    loggedTable(report, layout, chalk),
    whatIfTable(report, layout, chalk),
    scenariosSection(report, layout, chalk),
    groupWhatIfSection(report, layout, chalk),
    unpricedTable(report, layout, chalk),
    problemsSection(report, chalk),
    footnotes(report, chalk),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

/** The width the compact layout is made for. */
export const COMPACT_WIDTH = 80;

/** A table fitted to the layout's width (width.ts); cli-table3 colours head and borders only when colour is on. */
function newTable(head: string[], layout: Layout, alignRight: number[], narrowing?: Narrowing[], floors?: number[]): FitTable {
  return new FitTable(head, layout, alignRight, narrowing, floors);
}

/** What a key column keeps when narrowed: a whole day, week or month. */
function keyFloors(dims: readonly string[]): number[] {
  return dims.map((d) => (d === 'day' || d === 'week' ? 10 : d === 'month' ? 7 : 0));
}

/** How key columns narrow: a project path keeps its end, other keys their start. */
function keyNarrowing(dims: readonly string[]): Narrowing[] {
  return dims.map((d) => (d === 'project' ? 'tail' : 'head'));
}

/** The token columns of the groups table: without cache write and reasoning in the compact layout. */
type TokenColumn = (typeof TOKEN_COLUMNS)[number];

function tokenColumns(layout: Layout): readonly TokenColumn[] {
  return layout.compact ? TOKEN_COLUMNS.filter(([key]) => !COMPACT_DROPS.includes(key)) : TOKEN_COLUMNS;
}

const COMPACT_DROPS: readonly string[] = ['cacheWrite', 'reasoning'];

/** A breakdown sub-row: its model id (in the first key column) keeps its start. */
const SUB_ROW: readonly Narrowing[] = ['head'];

function headline(report: Report): string {
  const r = report.rows;
  const parts = [`${formatCount(r.read)} rows read: ${formatCount(r.priced)} priced, ${formatCount(r.unpriced)} unpriced, ${formatCount(r.skipped)} skipped, ${formatCount(r.rejected)} rejected`];
  const u = report.usage;
  if ((report.copies ?? 0) > 0) parts.push(copiesLine(report.copies ?? 0));
  if (u.counted + u.estimated > 0) parts.push(`usage: ${formatCount(u.logged)} logged, ${formatCount(u.counted)} counted, ${formatCount(u.estimated)} estimated`);
  if (report.options.asOf) parts.push(`prices as of ${report.options.asOf}`);
  return parts.join('\n');
}

function tokenCells(tokens: ReportTokens, columns: readonly TokenColumn[] = TOKEN_COLUMNS, count: (n: number) => string = formatCount): string[] {
  return columns.map(([key]) => count(tokens[key] ?? 0));
}

/** The groups and their Total, and beside it what the Total leaves out (unpriced and rejected). */
function groupsTable(report: Report, layout: Layout, chalk: InstanceType<typeof Chalk>): string {
  const leftOut = leftOutLine(report);
  const table = pricedTable(report, layout, chalk);
  return leftOut === undefined ? table : `${table}\n${chalk.yellow(leftOut)}`;
}

/** The groups table; compact and still too wide with whole counts, with counts shortened (12.3M). */
function pricedTable(report: Report, layout: Layout, chalk: InstanceType<typeof Chalk>): string {
  if (report.groups.length === 0) return 'No priced requests.';
  const whole = pricedTableOf(report, layout, chalk, formatCount);
  if (!layout.compact || !whole.table.overflows()) return whole.text();
  return pricedTableOf(report, layout, chalk, formatShortCount).text(' Token counts shortened (k = thousand, M = million).');
}

function pricedTableOf(report: Report, layout: Layout, chalk: InstanceType<typeof Chalk>, count: (n: number) => string): { table: FitTable; text: (extra?: string) => string } {
  const dims = report.options.groupBy;
  const conversion = report.conversion;
  // Grouped by block alone: each block's total tokens (what a limit counts), and with --token-limit its share of it.
  const blocks = report.blocks && dims.length === 1 && dims[0] === 'block' ? new Map(report.blocks.list.map((b) => [b.key, b])) : undefined;
  const limit = blocks !== undefined && report.blocks?.tokenLimit != null;
  // Compact, a block's token columns fold into its total.
  const columns = blocks && layout.compact ? [] : tokenColumns(layout);
  const totalColumn = blocks !== undefined && layout.compact;
  const head = [...dims.map(dimensionTitle), layout.compact ? 'Reqs' : 'Requests', ...columns.map(([, title]) => title), ...(totalColumn ? ['Tokens'] : []), ...(limit ? ['Limit'] : []), 'Cost', ...(conversion ? [`≈ ${conversion.currency}`] : [])];
  const numeric = head.map((_, i) => i).filter((i) => i >= dims.length);
  const table = newTable(head, layout, numeric, keyNarrowing(dims), keyFloors(dims));
  const row = (key: string[], g: ReportGroup, extra: string[]): string[] => [...key, formatCount(g.requests), ...tokenCells(g.tokens, columns, count), ...extra, formatCost(g.cost).join('\n'), ...(conversion ? [formatConverted(g.converted)] : [])];
  for (const group of report.groups.slice(0, MAX_LISTED_GROUPS)) {
    const block = blocks?.get(group.key.block ?? '');
    const key = formatKey(group.key).map((k, i) => (block?.active && dims[i] === 'block' ? chalk.green(`${k} *`) : k));
    const extra = [...(totalColumn ? [count(block?.tokens ?? 0)] : []), ...(limit ? [block?.limit ? `${block.limit.percentUsed}%` : ''] : [])];
    table.push(row(key, group, extra));
    // --breakdown: the group's models, indented under it.
    for (const sub of group.breakdown ?? []) {
      const model = `  ${sub.key.model ?? ''}`;
      table.push(row(dims.map((_, i) => (i === 0 ? model : '')), sub, extra.map(() => '')).map((c) => chalk.dim(c)), SUB_ROW);
    }
  }
  // Compact, the line under the table says what the total leaves out.
  const excluded = report.unpriced.length > 0 && !layout.compact ? ' (excl. unpriced)' : '';
  table.push([
    ...dims.map((_, i) => (i === 0 ? chalk.bold(`Total${excluded}`) : '')),
    chalk.bold(formatCount(report.totals.requests)),
    ...tokenCells(report.totals.tokens, columns, count).map((c) => chalk.bold(c)),
    ...(totalColumn ? [chalk.bold(count(report.blocks?.tokens ?? 0))] : []),
    ...(limit ? [''] : []),
    chalk.bold(formatCost(report.totals.cost).join('\n')),
    ...(conversion ? [chalk.bold(formatConverted(report.totals.converted))] : []),
  ]);
  const text = (extra = ''): string => {
    const lines = [table.toString()];
    if (layout.compact) lines.push(chalk.dim(`${totalColumn ? 'Compact: tokens as one total' : 'Compact: no cache write or reasoning columns'} (see 100+ columns, --format json).${extra}`));
    const more = moreGroupsLine(report);
    if (more !== undefined) lines.push(more);
    return lines.join('\n');
  };
  return { table, text };
}

/** The active block's burn rate and projection, and the limit (ccusage's blocks view), under the groups table. */
function blocksSection(report: Report, chalk: InstanceType<typeof Chalk>): string {
  const blocks = report.blocks;
  if (!blocks) return '';
  const lines: string[] = [];
  const limit = blocks.tokenLimit;
  if (limit !== null) lines.push(`Token limit: ${formatCount(limit)} tokens per 5-hour block${report.options.groupBy.length === 1 ? ' (the Limit column: each block\'s share)' : ''}.`);
  const active = blocks.list.find((b) => b.active);
  if (!active) {
    lines.push(`No active block at ${blocks.now.slice(0, 16)}Z (${formatCount(blocks.list.length)} ${blocks.list.length === 1 ? 'block' : 'blocks'} in all).`);
    return lines.join('\n');
  }
  const minutes = (ms: number): string => `${Math.floor(ms / 3_600_000)}h ${Math.floor((ms % 3_600_000) / 60_000)}m`;
  const now = Date.parse(blocks.now);
  const parts = [`${chalk.bold('Active block')} (*) ${active.key}: ${minutes(now - Date.parse(active.start))} elapsed, ${minutes(Math.max(0, Date.parse(active.end) - now))} left (ends ${active.end.slice(11, 16)} UTC); ${formatCount(active.tokens)} tokens, ${formatCost(active.cost).join(' + ') || 'nothing priced'}.`];
  if (active.burnRate) parts.push(`Burn rate: ${formatCount(active.burnRate.tokensPerMinute)} tokens/min, ${Object.entries(active.burnRate.costPerHour).map(([c, a]) => `${formatMoney(c, a)}/h`).join(' + ')}.`);
  else parts.push('Burn rate: not yet (one request so far).');
  if (active.projection) parts.push(`Projected at the block's end: ${formatCount(active.projection.tokens)} tokens, ${formatCost(active.projection.cost).join(' + ')}.`);
  if (active.limit) {
    const l = active.limit;
    const status = l.status === 'exceeds' ? chalk.red('EXCEEDS the limit') : l.status === 'warning' ? chalk.yellow('WARNING: over 80% of the limit') : chalk.green('OK');
    parts.push(`Limit: ${l.percentUsed}% used${l.projectedPercent === null ? '' : `, ${l.projectedPercent}% projected`}: ${status}.`);
  }
  return [...lines, ...parts].join('\n');
}

/** Per-call fees on their own lines, beside the token costs they are added to. */
function feesSection(report: Report, chalk: InstanceType<typeof Chalk>): string {
  const lines = feeLines(report);
  return lines.length === 0 ? '' : `${chalk.bold('Per-call fees')}\n${lines.map((l) => `  ${l}`).join('\n')}`;
}

/** Costs the logs carried (costUSD, spend, response_cost…) beside ours for the same requests. */
function loggedTable(report: Report, layout: Layout, chalk: InstanceType<typeof Chalk>): string {
  const total = report.totals.logged;
  if (!total) return '';
  const dims = report.options.groupBy;
  // Compact: without the recomputed cost (logged + difference).
  const recomputed = !layout.compact;
  const head = [...dims.map(dimensionTitle), 'Requests with a logged cost', 'As logged', ...(recomputed ? ['As recomputed'] : []), 'Difference'];
  const table = newTable(head, layout, head.map((_, i) => i).slice(dims.length), keyNarrowing(dims), keyFloors(dims));
  const money = (cost: Record<string, string>) => formatCost(cost).join('\n');
  const signed = (cost: Record<string, string>) => Object.entries(cost).map(([c, a]) => formatSignedMoney(c, a)).join('\n');
  const cells = (l: NonNullable<ReportGroup['logged']>): string[] => [formatCount(l.requests), money(l.cost), ...(recomputed ? [money(l.recomputed)] : []), signed(l.difference)];
  for (const g of report.groups.slice(0, MAX_LISTED_GROUPS)) {
    if (g.logged) table.push([...formatKey(g.key), ...cells(g.logged)]);
  }
  table.push([...dims.map((_, i) => (i === 0 ? chalk.bold('Total') : '')), ...cells(total).map((c) => chalk.bold(c))]);
  const more = moreGroupsLine(report);
  return `${chalk.bold('As logged')} — the cost the logs themselves carry, beside ours for the same requests:\n${table.toString()}${more === undefined ? '' : `\n${more}`}`;
}

function whatIfTable(report: Report, layout: Layout, chalk: InstanceType<typeof Chalk>): string {
  if (report.whatIf.length === 0) return '';
  const ranked = rankedColumn(report);
  const fit = anyDoesNotFit(report);
  // Compact: no actual-cost column (cost − delta); with a ranking column, no delta in money either (Delta % says it).
  const actual = !layout.compact;
  const money = !layout.compact || ranked === undefined;
  const head = ['Same traffic on', 'Requests', 'Cost', ...(ranked ? [ranked] : []), ...(actual ? ['Actual (same requests)'] : []), ...(money ? ['Delta'] : []), 'Delta %', ...(fit ? ['Does not fit'] : [])];
  // One table per coverage, in the report's order: partly repriced targets are ranked apart.
  const sections: { title: string; table: FitTable }[] = [];
  for (const w of report.whatIf) {
    const title = COVERAGE_TITLES[coverage(w)];
    let section = sections.at(-1);
    if (section?.title !== title) {
      section = { title, table: newTable(head, layout, head.map((_, i) => i).slice(1), head.map((_, i) => (i === 0 ? 'head' : 'none'))) };
      sections.push(section);
    }
    const table = section.table;
    // The note on a line of its own in the compact layout, where it may wrap.
    const requests = w.notPriced.requests > 0 ? `${formatCount(w.requests)}${layout.compact ? '\n' : ' '}(+${formatCount(w.notPriced.requests)} not priced)` : formatCount(w.requests);
    // Across price books (USD actual, CNY target) only the converted figures compare.
    const c = w.delta === null ? w.converted : null;
    const delta = w.delta ? Object.entries(w.delta).map(([cur, a]) => formatSignedMoney(cur, a)).join('\n') : c ? `≈ ${formatSignedMoney(c.currency, c.delta)}` : 'n/a';
    const pct = w.deltaPercent !== null ? formatPercent(w.deltaPercent) : c?.deltaPercent ? `≈ ${formatPercent(c.deltaPercent)}` : 'n/a';
    const costCell = w.requests === 0 ? ((w.doesNotFit?.requests ?? 0) > 0 ? 'does not fit' : 'unpriced') : formatCost(w.cost).join('\n');
    const sign = Object.values(w.delta ?? {})[0]?.startsWith('-') ? -1 : 1;
    table.push([modelLabel(w), requests, costCell, ...(ranked ? [rankedCell(w)] : []), ...(actual ? [formatCost(w.actualCost).join('\n') || '-'] : []), ...(money ? [colorDelta(chalk, sign, delta)] : []), colorDelta(chalk, sign, pct), ...(fit ? [doesNotFitCell(w)] : [])]);
  }
  const tables = sections.map((section, i) => (i === 0 && section.title === COVERAGE_TITLES.complete ? section.table.toString() : `${chalk.bold(upperFirst(section.title))}:\n${section.table.toString()}`));
  return `${chalk.bold('What-if')} — ${rankingHeadline(report)}:\n${tables.join('\n')}`;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** --swap/--scenario over the whole traffic. */
function scenariosSection(report: Report, layout: Layout, chalk: InstanceType<typeof Chalk>): string {
  if (!report.scenarios || report.scenarios.length === 0) return '';
  return `${chalk.bold('Swap scenarios')} — only the matching requests repriced on the target, the rest at their actual cost:\n${drawTable(scenariosTable(report), layout, chalk)}`;
}

/** The what-if of each group: a column per target with few of them, else a block of rows per group. */
function groupWhatIfSection(report: Report, layout: Layout, chalk: InstanceType<typeof Chalk>): string {
  if (!hasGroupWhatIf(report)) return '';
  const groups = report.groups.slice(0, MAX_LISTED_GROUPS);
  let table = groupWhatIfTable(report, groups, (t) => chalk.bold(t));
  // Compact: a row per (group, target) when a column per target does not fit.
  if (layout.compact && fittedTable(table, layout).overflows()) table = groupWhatIfTable(report, groups, (t) => chalk.bold(t), false);
  const more = moreGroupsLine(report);
  return `${chalk.bold('What-if by group')} — each group's requests on each target (delta against the actual cost of the same requests) and under each scenario:\n${drawTable(table, layout, chalk)}${more === undefined ? '' : `\n${more}`}`;
}

/** A text table's rows in a FitTable (compact: without the columns compactTextTable drops), uncoloured: to measure. */
function fittedTable(full: TextTable, layout: Layout): FitTable {
  const t = layout.compact ? compactTextTable(full) : full;
  const table = newTable(t.head, layout, t.head.map((_, i) => i).filter((i) => i >= t.rightFrom), t.head.map((_, i) => (i < t.rightFrom ? 'head' : 'none')));
  for (const row of [...t.rows, ...t.totals]) table.push(row);
  return table;
}

function drawTable(full: TextTable, layout: Layout, chalk: InstanceType<typeof Chalk>): string {
  const t = layout.compact ? compactTextTable(full) : full;
  const table = newTable(t.head, layout, t.head.map((_, i) => i).filter((i) => i >= t.rightFrom), t.head.map((_, i) => (i < t.rightFrom ? 'head' : 'none')));
  const deltaAt = t.head.indexOf('Delta');
  [...t.rows, ...t.totals].forEach((row, r) => {
    const sign = t.signs[r] ?? 0;
    table.push(row.map((cell, i) => (sign !== 0 && i >= deltaAt && deltaAt >= 0 && i >= t.head.length - 2 ? colorDelta(chalk, sign, cell) : cell)));
  });
  return table.toString();
}

/**
 * The compact what-if tables: without the columns a delta already tells (Actual, where a Delta %
 * follows it) or a cell repeats (Not repriced: the cost cell says how many).
 */
function compactTextTable(t: TextTable): TextTable {
  const drop = new Set(t.head.flatMap((h, i) => ((h === 'Actual' && t.head.includes('Delta %')) || h === 'Not repriced' ? [i] : [])));
  if (drop.size === 0) return t;
  const keep = (row: string[]): string[] => row.filter((_, i) => !drop.has(i));
  const before = [...drop].filter((i) => i < t.rightFrom).length;
  return { ...t, head: keep(t.head), rows: t.rows.map(keep), totals: t.totals.map(keep), rightFrom: t.rightFrom - before };
}

/** Cheaper is green, dearer is red. */
function colorDelta(chalk: InstanceType<typeof Chalk>, sign: number, text: string): string {
  return text === 'n/a' ? text : sign < 0 ? chalk.green(text) : chalk.red(text);
}

function unpricedTable(report: Report, layout: Layout, chalk: InstanceType<typeof Chalk>): string {
  if (report.unpriced.length === 0) return '';
  const columns = tokenColumns(layout);
  const head = ['Model', 'Requests', ...columns.map(([, title]) => title), 'Why'];
  const table = newTable(head, layout, head.map((_, i) => i).slice(1, -1), head.map((_, i) => (i === 0 ? 'head' : i === head.length - 1 ? 'wrap' : 'none')));
  for (const u of report.unpriced) table.push([u.model, formatCount(u.requests), ...tokenCells(u.tokens, columns), u.reason]);
  const requests = report.unpriced.reduce((n, u) => n + u.requests, 0);
  return `${chalk.yellow.bold('Unpriced')} — ${plural(requests, 'request has', 'requests have')} no price and ${requests === 1 ? 'is' : 'are'} NOT in the totals above:\n${table.toString()}`;
}

/** Skipped rows summed up by reason (they are ordinary: an agent log's user lines); rejected rows one by one. */
function problemsSection(report: Report, chalk: InstanceType<typeof Chalk>): string {
  const parts: string[] = [];
  if (report.rows.skipped > 0) {
    const width = formatCount(report.skipped[0]?.rows ?? 0).length;
    const lines = report.skipped.map((s) => `  ${formatCount(s.rows).padStart(width)}  ${s.reason}`);
    parts.push(`${chalk.bold('Skipped')} ${plural(report.rows.skipped, 'row', 'rows')} that carry nothing to price:\n${lines.join('\n')}`);
  }
  if (report.rows.rejected > 0) {
    const rejected = report.problems.filter((p) => p.kind === 'rejected');
    const lines = rejected.map((p) => `  ${placeOf(p)}: ${p.reason}`);
    const more = report.rows.rejected > rejected.length ? `\n  … and ${formatCount(report.rows.rejected - rejected.length)} more (see --format json, or raise --max-problems)` : '';
    parts.push(`${chalk.red.bold('Rejected')} ${plural(report.rows.rejected, 'row', 'rows')} (malformed; fix or ignore them):\n${lines.join('\n')}${more}`);
  }
  return parts.join('\n\n');
}

function formatConverted(converted: ReportConverted | null): string {
  if (!converted) return '';
  if (converted.amount === null) return 'n/a*';
  return `${formatMoney(converted.currency, converted.amount)}${converted.complete ? '' : '*'}`;
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function footnotes(report: Report, chalk: InstanceType<typeof Chalk>): string {
  const notes = report.notes.map((n, i) => `  ${i + 1}. ${n}`);
  for (const w of report.whatIf) {
    if (w.notPriced.requests > 0) notes.push(`  What-if ${w.model}: ${plural(w.notPriced.requests, 'request', 'requests')} not priced: ${w.notPriced.reasons.join('; ')}`);
  }
  for (const n of scenarioNotes(report)) notes.push(`  ${n}`);
  for (const n of targetTokenNotes(report)) notes.push(`  ${n}`);
  for (const note of whatIfNotes(report)) notes.push(`  ${note}`);
  if (report.conversion) {
    const c = report.conversion;
    notes.push(`  ≈ ${c.currency}: converted for display at ${c.rates.length > 0 ? c.rates.map((r) => `${r.pair} ${r.rate} (${r.month}, ${r.source})`).join('; ') : 'no rate (nothing to convert)'}.`);
    if (c.missing.length > 0) notes.push(`  ${missingRatesNote(c)}`);
  }
  const read = inputsLine(report);
  if (read) notes.push(`  ${read}`);
  notes.push(`  Pricing data ${report.pricing.hash.slice(0, 19)}… (${report.pricing.files.length} files${report.pricing.overrides.length > 0 ? `, overrides: ${report.pricing.overrides.join(', ')}` : ''})`);
  return chalk.dim(`Notes:\n${notes.join('\n')}`);
}

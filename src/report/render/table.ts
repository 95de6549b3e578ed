// The human report: cli-table3 tables, coloured with chalk only when asked (TTY and no NO_COLOR).
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { Report, ReportConverted, ReportTokens } from '../contract.ts';
import { copiesLine, feeLines, inputsLine, leftOutLine, MAX_LISTED_GROUPS, moreGroupsLine, missingRatesNote, formatCost, formatCount, formatKey, formatMoney, formatPercent, formatSignedMoney, TOKEN_COLUMNS } from '../format.ts';
import type { RenderOptions } from './index.ts';
import { dimensionTitle } from './markdown.ts';
import { groupWhatIfTable, hasGroupWhatIf, scenarioNotes, scenariosTable, targetTokenNotes, type TextTable } from './whatif-rows.ts';
import { anyDoesNotFit, COVERAGE_TITLES, coverage, doesNotFitCell, modelLabel, rankedCell, rankedColumn, rankingHeadline, whatIfNotes } from './whatif-notes.ts';


export function renderTable(report: Report, options: RenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const sections = [
    headline(report),
    groupsTable(report, options.color, chalk),
    feesSection(report, chalk),
    loggedTable(report, options.color, chalk),
    whatIfTable(report, options.color, chalk),
    scenariosSection(report, options.color, chalk),
    groupWhatIfSection(report, options.color, chalk),
    unpricedTable(report, options.color, chalk),
    problemsSection(report, chalk),
    footnotes(report, chalk),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function newTable(head: string[], color: boolean, alignRight: number[]): Table.Table {
  // cli-table3 colours head and borders by default even when piped; plain unless colour is on.
  const table = new Table({
    head,
    // No rule between body rows: a long report stays readable and half as tall.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    style: color ? { head: ['cyan'] } : { head: [], border: [] },
    colAligns: head.map((_, i) => (alignRight.includes(i) ? 'right' : 'left')),
  });
  return table;
}

function headline(report: Report): string {
  const r = report.rows;
  const parts = [`${formatCount(r.read)} rows read: ${formatCount(r.priced)} priced, ${formatCount(r.unpriced)} unpriced, ${formatCount(r.skipped)} skipped, ${formatCount(r.rejected)} rejected`];
  const u = report.usage;
  if ((report.copies ?? 0) > 0) parts.push(copiesLine(report.copies ?? 0));
  if (u.counted + u.estimated > 0) parts.push(`usage: ${formatCount(u.logged)} logged, ${formatCount(u.counted)} counted, ${formatCount(u.estimated)} estimated`);
  if (report.options.asOf) parts.push(`prices as of ${report.options.asOf}`);
  return parts.join('\n');
}

function tokenCells(tokens: ReportTokens): string[] {
  return TOKEN_COLUMNS.map(([key]) => formatCount(tokens[key]));
}

/** The groups and their Total, and beside it what the Total leaves out (unpriced and rejected). */
function groupsTable(report: Report, color: boolean, chalk: InstanceType<typeof Chalk>): string {
  const leftOut = leftOutLine(report);
  const table = pricedTable(report, color, chalk);
  return leftOut === undefined ? table : `${table}\n${chalk.yellow(leftOut)}`;
}

function pricedTable(report: Report, color: boolean, chalk: InstanceType<typeof Chalk>): string {
  if (report.groups.length === 0) return 'No priced requests.';
  const dims = report.options.groupBy;
  const conversion = report.conversion;
  const head = [...dims.map(dimensionTitle), 'Requests', ...TOKEN_COLUMNS.map(([, title]) => title), 'Cost', ...(conversion ? [`≈ ${conversion.currency}`] : [])];
  const numeric = head.map((_, i) => i).filter((i) => i >= dims.length);
  const table = newTable(head, color, numeric);
  for (const group of report.groups.slice(0, MAX_LISTED_GROUPS)) {
    table.push([...formatKey(group.key), formatCount(group.requests), ...tokenCells(group.tokens), formatCost(group.cost).join('\n'), ...(conversion ? [formatConverted(group.converted)] : [])]);
  }
  const excluded = report.unpriced.length > 0 ? ' (excl. unpriced)' : '';
  table.push([
    ...dims.map((_, i) => (i === 0 ? chalk.bold(`Total${excluded}`) : '')),
    chalk.bold(formatCount(report.totals.requests)),
    ...tokenCells(report.totals.tokens).map((c) => chalk.bold(c)),
    chalk.bold(formatCost(report.totals.cost).join('\n')),
    ...(conversion ? [chalk.bold(formatConverted(report.totals.converted))] : []),
  ]);
  const more = moreGroupsLine(report);
  return more === undefined ? table.toString() : `${table.toString()}\n${more}`;
}

/** Per-call fees on their own lines, beside the token costs they are added to. */
function feesSection(report: Report, chalk: InstanceType<typeof Chalk>): string {
  const lines = feeLines(report);
  return lines.length === 0 ? '' : `${chalk.bold('Per-call fees')}\n${lines.map((l) => `  ${l}`).join('\n')}`;
}

/** Costs the logs carried (costUSD, spend, response_cost…) beside ours for the same requests. */
function loggedTable(report: Report, color: boolean, chalk: InstanceType<typeof Chalk>): string {
  const total = report.totals.logged;
  if (!total) return '';
  const dims = report.options.groupBy;
  const table = newTable([...dims.map(dimensionTitle), 'Requests with a logged cost', 'As logged', 'As recomputed', 'Difference'], color, [dims.length, dims.length + 1, dims.length + 2, dims.length + 3]);
  const money = (cost: Record<string, string>) => formatCost(cost).join('\n');
  const signed = (cost: Record<string, string>) => Object.entries(cost).map(([c, a]) => formatSignedMoney(c, a)).join('\n');
  for (const g of report.groups.slice(0, MAX_LISTED_GROUPS)) {
    if (g.logged) table.push([...formatKey(g.key), formatCount(g.logged.requests), money(g.logged.cost), money(g.logged.recomputed), signed(g.logged.difference)]);
  }
  table.push([...dims.map((_, i) => (i === 0 ? chalk.bold('Total') : '')), chalk.bold(formatCount(total.requests)), chalk.bold(money(total.cost)), chalk.bold(money(total.recomputed)), chalk.bold(signed(total.difference))]);
  const more = moreGroupsLine(report);
  return `${chalk.bold('As logged')} — the cost the logs themselves carry, beside ours for the same requests:\n${table.toString()}${more === undefined ? '' : `\n${more}`}`;
}

function whatIfTable(report: Report, color: boolean, chalk: InstanceType<typeof Chalk>): string {
  if (report.whatIf.length === 0) return '';
  const ranked = rankedColumn(report);
  const fit = anyDoesNotFit(report);
  const head = ['Same traffic on', 'Requests', 'Cost', ...(ranked ? [ranked] : []), 'Actual (same requests)', 'Delta', 'Delta %', ...(fit ? ['Does not fit'] : [])];
  // One table per coverage, in the report's order: partly repriced targets are ranked apart.
  const sections: { title: string; table: Table.Table }[] = [];
  for (const w of report.whatIf) {
    const title = COVERAGE_TITLES[coverage(w)];
    let section = sections.at(-1);
    if (section?.title !== title) {
      section = { title, table: newTable(head, color, head.map((_, i) => i).slice(1)) };
      sections.push(section);
    }
    const table = section.table;
    const requests = w.notPriced.requests > 0 ? `${formatCount(w.requests)} (+${formatCount(w.notPriced.requests)} not priced)` : formatCount(w.requests);
    // Across price books (USD actual, CNY target) only the converted figures compare.
    const c = w.delta === null ? w.converted : null;
    const delta = w.delta ? Object.entries(w.delta).map(([cur, a]) => formatSignedMoney(cur, a)).join('\n') : c ? `≈ ${formatSignedMoney(c.currency, c.delta)}` : 'n/a';
    const pct = w.deltaPercent !== null ? formatPercent(w.deltaPercent) : c?.deltaPercent ? `≈ ${formatPercent(c.deltaPercent)}` : 'n/a';
    const costCell = w.requests === 0 ? ((w.doesNotFit?.requests ?? 0) > 0 ? 'does not fit' : 'unpriced') : formatCost(w.cost).join('\n');
    const sign = Object.values(w.delta ?? {})[0]?.startsWith('-') ? -1 : 1;
    table.push([modelLabel(w), requests, costCell, ...(ranked ? [rankedCell(w)] : []), formatCost(w.actualCost).join('\n') || '-', colorDelta(chalk, sign, delta), colorDelta(chalk, sign, pct), ...(fit ? [doesNotFitCell(w)] : [])]);
  }
  const tables = sections.map((section, i) => (i === 0 && section.title === COVERAGE_TITLES.complete ? section.table.toString() : `${chalk.bold(upperFirst(section.title))}:\n${section.table.toString()}`));
  return `${chalk.bold('What-if')} — ${rankingHeadline(report)}:\n${tables.join('\n')}`;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** --swap/--scenario over the whole traffic. */
function scenariosSection(report: Report, color: boolean, chalk: InstanceType<typeof Chalk>): string {
  if (!report.scenarios || report.scenarios.length === 0) return '';
  return `${chalk.bold('Swap scenarios')} — only the matching requests repriced on the target, the rest at their actual cost:\n${drawTable(scenariosTable(report), color, chalk)}`;
}

/** The what-if of each group: a column per target with few of them, else a block of rows per group. */
function groupWhatIfSection(report: Report, color: boolean, chalk: InstanceType<typeof Chalk>): string {
  if (!hasGroupWhatIf(report)) return '';
  const table = groupWhatIfTable(report, report.groups.slice(0, MAX_LISTED_GROUPS), (t) => chalk.bold(t));
  const more = moreGroupsLine(report);
  return `${chalk.bold('What-if by group')} — each group's requests on each target (delta against the actual cost of the same requests) and under each scenario:\n${drawTable(table, color, chalk)}${more === undefined ? '' : `\n${more}`}`;
}

function drawTable(t: TextTable, color: boolean, chalk: InstanceType<typeof Chalk>): string {
  const table = newTable(t.head, color, t.head.map((_, i) => i).filter((i) => i >= t.rightFrom));
  const deltaAt = t.head.indexOf('Delta');
  [...t.rows, ...t.totals].forEach((row, r) => {
    const sign = t.signs[r] ?? 0;
    table.push(row.map((cell, i) => (sign !== 0 && i >= deltaAt && deltaAt >= 0 && i >= t.head.length - 2 ? colorDelta(chalk, sign, cell) : cell)));
  });
  return table.toString();
}

/** Cheaper is green, dearer is red. */
function colorDelta(chalk: InstanceType<typeof Chalk>, sign: number, text: string): string {
  return text === 'n/a' ? text : sign < 0 ? chalk.green(text) : chalk.red(text);
}

function unpricedTable(report: Report, color: boolean, chalk: InstanceType<typeof Chalk>): string {
  if (report.unpriced.length === 0) return '';
  const table = newTable(['Model', 'Requests', ...TOKEN_COLUMNS.map(([, title]) => title), 'Why'], color, [1, 2, 3, 4, 5, 6]);
  for (const u of report.unpriced) table.push([u.model, formatCount(u.requests), ...tokenCells(u.tokens), u.reason]);
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
    const lines = rejected.map((p) => `  ${p.file}:${p.line}: ${p.reason}`);
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

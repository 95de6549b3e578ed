// GitHub-flavoured Markdown for PR comments and job summaries: a headline sentence, a table, and
// the rest collapsed in <details>. Formats only; every number comes from the report.
import { placeOf } from '../../core/types.ts';
import type { Report, ReportGroup } from '../contract.ts';
import { isTimeDimension, copiesLine, feeLines, inputsLine, leftOutLine, missingRatesNote, formatCost, formatCount, formatKey, formatMoney, formatPercent, formatSignedMoney, TOKEN_COLUMNS } from '../format.ts';
import { byAmountDescending, fitRows, MARKDOWN_LIMIT, otherGroupsLabel, sumCosts } from './fit.ts';
import { columnTitles, groupWhatIfTable, hasGroupWhatIf, scenarioNotes, scenariosTable, targetTokenNotes, type TextTable } from './whatif-rows.ts';
import { anyDoesNotFit, coverage, doesNotFitCell, rankedCell, rankedColumn, rankingHeadline, whatIfNotes } from './whatif-notes.ts';

/** Markdown table cell: pipes and line breaks would break the row. */
export function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', '<br>');
}

/** One line of a Markdown table. */
export function mdRow(cells: string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

export function mdTable(head: string[], rows: string[][], rightFrom: number): string {
  const align = head.map((_, i) => (i >= rightFrom ? '---:' : '---'));
  return [head, align, ...rows].map(mdRow).join('\n');
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

const TITLES: Record<string, string> = { model: 'Model', provider: 'Provider', day: 'Day', week: 'Week', month: 'Month', session: 'Session', project: 'Project', block: 'Block' };

export function dimensionTitle(d: string): string {
  return TITLES[d] ?? d.replace(/^tag:/, '');
}

/** Bold table cell text; an empty cell stays empty (`****` is no bold, it shows as four asterisks). */
function bold(text: string): string {
  return text === '' ? '' : `**${text}**`;
}

/** A cell's text cut to `max` characters (names in lists above the table). */
function short(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** How much of the limit each list below the table may take at most, so the groups always get most of it. */
const LIST_BUDGET = { whatIf: 8_000, scenarios: 4_000, groupWhatIf: 12_000, skipped: 4_000, rejected: 8_000 } as const;
/** Groups considered for the what-if by group (the most expensive first, as the report orders them); fewer fit anyway. */
const GROUP_WHAT_IF_CANDIDATES = 300;
/** Unpriced models named in the warning above the table. */
const WARNING_MODELS = 10;

/** Markdown list items that fit in `budget` characters, then one line saying how many more there are. */
function fittedList(items: string[], budget: number, more: (n: number) => string, total = items.length): string {
  const { shown } = fitRows(items, (item) => item.length + 1, budget);
  const rest = total - shown.length;
  return [...shown, ...(rest > 0 ? [more(rest)] : [])].join('\n');
}

function othersNote(hidden: number): string {
  return `${otherGroupsLabel(hidden)}: not listed one by one, so that this fits a GitHub comment; every group is in --format csv or json.`;
}

/** Groups in the order a PR reader wants the few that fit: most expensive first (converted, else per currency by name). */
function byCost(report: Report): ((a: ReportGroup, b: ReportGroup) => number) | undefined {
  const dims = report.options.groupBy;
  // Other groupings are in that order already.
  if (!dims.some(isTimeDimension)) return undefined;
  if (report.conversion) return byAmountDescending<ReportGroup>((g) => g.converted?.amount ?? null);
  const first = (g: ReportGroup) => Object.keys(g.cost).sort()[0] ?? '';
  const amount = byAmountDescending<ReportGroup>((g) => g.cost[first(g)] ?? null);
  return (a, b) => {
    const x = first(a);
    const y = first(b);
    return x === y ? amount(a, b) : x === '' ? 1 : y === '' ? -1 : x < y ? -1 : 1;
  };
}

/** The what-if by group, as many groups as fit LIST_BUDGET.groupWhatIf (each with all its rows), then the Total rows. */
function groupWhatIfDetails(report: Report): string {
  const candidates = report.groups.slice(0, GROUP_WHAT_IF_CANDIDATES);
  const t: TextTable = groupWhatIfTable(report, candidates);
  const perGroup = t.rows.length / Math.max(candidates.length, 1);
  const blocks = candidates.map((_, i) => t.rows.slice(i * perGroup, (i + 1) * perGroup));
  const totals = t.totals.reduce((n, row) => n + mdRow(row).length + 1, 0);
  const { shown } = fitRows(blocks, (rows) => rows.reduce((n, row) => n + mdRow(row).length + 1, 0), LIST_BUDGET.groupWhatIf - totals);
  const hidden = report.groups.length - shown.length;
  const table = mdTable(t.head, [...shown.flat(), ...t.totals], t.rightFrom);
  const more = hidden > 0 ? `\n\n… and ${formatCount(hidden)} more ${hidden === 1 ? 'group' : 'groups'} (in the Total; every group's what-if is in --format json, or --what-if-csv)` : '';
  return details(`What-if by group: ${formatCount(report.groups.length)} groups × ${columnTitles(report).join(', ')}`, table + more);
}

/**
 * The report as GitHub-flavoured Markdown, at most MARKDOWN_LIMIT characters: the groups that fit
 * (most expensive first) and one "N other groups" row that sums the rest, so the table still adds
 * up to its Total row; long lists below it are cut with a line saying how many more there are.
 */
export function renderMarkdown(report: Report): string {
  const before: string[] = [];
  const converted = report.totals.converted;
  const cost = (formatCost(report.totals.cost).join(' and ') || 'nothing priced') + (converted && report.totals.byCurrency.some((l) => l.currency !== converted.currency) ? ` (≈ ${converted.amount === null ? `${converted.currency} n/a: no exchange rate` : formatMoney(converted.currency, converted.amount)}${converted.complete || converted.amount === null ? '' : ', incomplete'})` : '');
  before.push(`### LLM cost: ${cost} over ${formatCount(report.totals.requests)} requests`);
  const r = report.rows;
  before.push(`${formatCount(r.read)} rows read: ${formatCount(r.priced)} priced, ${formatCount(r.unpriced)} unpriced, ${formatCount(r.skipped)} skipped, ${formatCount(r.rejected)} rejected.`);
  if ((report.copies ?? 0) > 0) before.push(`${copiesLine(report.copies ?? 0)}.`);
  if (report.unpriced.length > 0) {
    const requests = report.unpriced.reduce((n, u) => n + u.requests, 0);
    const named = report.unpriced.filter((u) => u.more === undefined);
    const listed = named.slice(0, WARNING_MODELS).map((u) => `\`${short(u.model, 80)}\``);
    const others = report.unpricedModels - listed.length;
    const who = `${listed.join(', ')}${others > 0 ? ` and ${formatCount(others)} more ${others === 1 ? 'model' : 'models'}` : ''}`;
    before.push(`> [!WARNING]\n> ${formatCount(requests)} ${requests === 1 ? 'request' : 'requests'} to ${who} ${requests === 1 ? 'has' : 'have'} no price and ${requests === 1 ? 'is' : 'are'} **not** in the total.`);
  }
  const dims = report.options.groupBy;
  const head = [...dims.map(dimensionTitle), 'Requests', ...TOKEN_COLUMNS.map(([, t]) => t), 'Cost'];
  const groupRow = (g: ReportGroup) => [...formatKey(g.key), formatCount(g.requests), ...TOKEN_COLUMNS.map(([k]) => formatCount(g.tokens[k])), formatCost(g.cost).join('<br>')];
  const totalRow = [...dims.map((_, i) => (i === 0 ? 'Total' : '')), formatCount(report.totals.requests), ...TOKEN_COLUMNS.map(([k]) => formatCount(report.totals.tokens[k])), formatCost(report.totals.cost).join('<br>') || 'nothing priced'].map(bold);

  const after: string[] = [];
  const leftOut = leftOutLine(report);
  if (leftOut !== undefined) after.push(leftOut);
  for (const line of feeLines(report)) after.push(`Per-call fees, ${line}.`);
  const logged = report.totals.logged;
  if (logged) {
    const amounts = (cost: Record<string, string>) => formatCost(cost).join('<br>');
    const difference = Object.entries(logged.difference).map(([c, a]) => formatSignedMoney(c, a)).join('<br>');
    after.push(`Cost as logged by the source for ${formatCount(logged.requests)} requests: ${amounts(logged.cost)}; recomputed: ${amounts(logged.recomputed)} (difference ${difference || 'n/a'}).`);
  }
  if (report.whatIf.length > 0) {
    const ranked = rankedColumn(report);
    const fit = anyDoesNotFit(report);
    const partly = report.whatIf.some((w) => coverage(w) !== 'complete');
    const whatIf = report.whatIf.map((w) => [
      `${w.cheapest ? '★ ' : ''}\`${w.model}\``,
      ...(partly ? [coverage(w)] : []),
      w.notPriced.requests > 0 ? `${formatCount(w.requests)} (+${formatCount(w.notPriced.requests)} not priced)` : formatCount(w.requests),
      w.requests === 0 ? ((w.doesNotFit?.requests ?? 0) > 0 ? 'does not fit' : 'unpriced') : formatCost(w.cost).join('<br>'),
      w.delta ? Object.entries(w.delta).map(([c, a]) => formatSignedMoney(c, a)).join('<br>') : 'n/a',
      w.deltaPercent === null ? 'n/a' : formatPercent(w.deltaPercent),
      ...(ranked ? [rankedCell(w)] : []),
      ...(fit ? [doesNotFitCell(w)] : []),
    ]);
    const { shown } = fitRows(whatIf, (row) => mdRow(row).length + 1, LIST_BUDGET.whatIf);
    const more = whatIf.length - shown.length;
    const head = ['Model', ...(partly ? ['Repriced'] : []), 'Requests', 'Cost', 'Delta', 'Delta %', ...(ranked ? [ranked] : []), ...(fit ? ['Does not fit'] : [])];
    // Token-count sentences: one per shown target at most, so they stay within the section's budget.
    const notes = [...whatIfNotes(report), ...targetTokenNotes(report).slice(0, shown.length)].map((n) => `- ${n}`);
    const table =
      `${upperFirst(rankingHeadline(report))}.\n\n` +
      mdTable(head, shown, 1) +
      (more > 0 ? `\n\n… and ${formatCount(more)} more models (in the full report: --format json or csv)` : '') +
      (notes.length > 0 ? `\n\n${notes.join('\n')}` : '');
    after.push(details(`What-if: the same traffic on ${report.whatIf.length} models`, table));
  }
  if (report.scenarios && report.scenarios.length > 0) {
    const t = scenariosTable(report);
    const { shown } = fitRows(t.rows, (row) => mdRow(row).length + 1, LIST_BUDGET.scenarios);
    const more = t.rows.length - shown.length;
    const notes = scenarioNotes(report).map((n) => `\n\n${n}`).join('');
    after.push(details(`Swap scenarios: ${formatCount(report.scenarios.length)} (only matching requests repriced, the rest at their actual cost)`, mdTable(t.head, shown, t.rightFrom) + (more > 0 ? `\n\n… and ${formatCount(more)} more scenarios (in --format json)` : '') + notes));
  }
  if (hasGroupWhatIf(report)) after.push(groupWhatIfDetails(report));
  if (report.rows.skipped > 0) {
    const items = report.skipped.map((s) => `- ${formatCount(s.rows)} × ${s.reason}`);
    after.push(details(`${formatCount(report.rows.skipped)} rows skipped (nothing to price)`, fittedList(items, LIST_BUDGET.skipped, (n) => `- … and ${formatCount(n)} more reasons`)));
  }
  const rejected = report.problems.filter((p) => p.kind === 'rejected');
  if (report.rows.rejected > 0) {
    const items = rejected.map((p) => `- \`${placeOf(p)}\` ${p.reason}`);
    after.push(details(`${formatCount(report.rows.rejected)} rows rejected (malformed)`, fittedList(items, LIST_BUDGET.rejected, (n) => `- … and ${formatCount(n)} more`, report.rows.rejected)));
  }
  const conversion = report.conversion;
  const fxNote = conversion && conversion.missing.length > 0 ? [`- ${missingRatesNote(conversion)}`] : [];
  after.push(details('Notes', [...report.notes.map((n) => `- ${n}`), ...fxNote, ...[inputsLine(report)].filter((l) => l !== undefined).map((l) => `- ${l}`), `- Pricing data \`${report.pricing.hash}\``].join('\n')));

  // What the groups may take: the limit less everything else, and less the "other groups" row and
  // the line under it (that row is about as long as the Total row plus its label; a margin covers
  // the few more decimals a smaller amount is shown with).
  const frame = mdTable(head, [totalRow], dims.length);
  const others = mdRow(totalRow).length + otherGroupsLabel(report.groups.length).length + othersNote(report.groups.length).length + 100;
  const fixed = [...before, frame, ...after].reduce((n, part) => n + part.length + 2, 0) + others;
  const { shown, hidden } = fitRows(report.groups, (g) => mdRow(groupRow(g)).length + 1, MARKDOWN_LIMIT - fixed, byCost(report));
  const rows = shown.map(groupRow);
  if (hidden.length > 0) {
    const tokens = TOKEN_COLUMNS.map(([k]) => formatCount(hidden.reduce((n, g) => n + g.tokens[k], 0)));
    rows.push([...dims.map((_, i) => (i === 0 ? otherGroupsLabel(hidden.length) : '')), formatCount(hidden.reduce((n, g) => n + g.requests, 0)), ...tokens, formatCost(sumCosts(hidden.map((g) => g.cost))).join('<br>')]);
  }
  rows.push(totalRow);
  const table = mdTable(head, rows, dims.length) + (hidden.length > 0 ? `\n\n${othersNote(hidden.length)}` : '');
  return `${[...before, table, ...after].join('\n\n')}\n`;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// The per-group what-if and the swap scenarios as rows of text, for the table and Markdown
// renderers (each draws them its own way). Formats only: every amount comes from the report.
import type { Report, ReportGroup, ReportScenario, ReportScenarioFigures, ReportWhatIf } from '../contract.ts';
import { formatCost, formatCount, formatKey, formatPercent, formatSignedMoney } from '../format.ts';
import { dimensionTitle } from './markdown.ts';

/** Columns (targets + scenarios) up to which the groups get one wide table (cost and delta per column); more, one row per (group, column). */
export const WIDE_COLUMNS = 2;

export interface TextTable {
  head: string[];
  rows: string[][];
  /** The total row(s), after the rows. */
  totals: string[][];
  /** Columns from this one on are numbers (right-aligned). */
  rightFrom: number;
  /** Each row's sign: -1 cheaper, 1 dearer, 0 neither (for colour); per row of `rows` then `totals`. */
  signs: number[];
}

interface Figures {
  cost: string;
  actual: string;
  delta: string;
  percent: string;
  sign: number;
}

const signed = (amounts: Record<string, string>): string =>
  Object.entries(amounts)
    .map(([c, a]) => formatSignedMoney(c, a))
    .join('\n');

function signOf(amounts: Record<string, string> | null): number {
  const values = Object.values(amounts ?? {});
  if (values.length === 0 || values.every((v) => /^-?0(\.0*)?$/.test(v))) return 0;
  return values.every((v) => v.startsWith('-') || /^-?0(\.0*)?$/.test(v)) ? -1 : 1;
}

/** A --compare target's figures (its delta across price books only converted, as in the what-if table). */
function targetFigures(w: ReportWhatIf): Figures {
  const c = w.delta === null ? w.converted : null;
  return {
    cost: w.requests === 0 ? (w.notPriced.requests > 0 ? 'unpriced' : '-') : formatCost(w.cost).join('\n') + (w.notPriced.requests > 0 ? `\n(${formatCount(w.notPriced.requests)} req. not priced)` : ''),
    actual: formatCost(w.actualCost).join('\n') || '-',
    delta: w.delta ? signed(w.delta) : c ? `≈ ${formatSignedMoney(c.currency, c.delta)}` : 'n/a',
    percent: w.deltaPercent !== null ? formatPercent(w.deltaPercent) : c?.deltaPercent ? `≈ ${formatPercent(c.deltaPercent)}` : 'n/a',
    sign: w.delta ? signOf(w.delta) : c ? signOf({ x: c.delta }) : 0,
  };
}

function scenarioFigures(s: ReportScenarioFigures): Figures {
  const c = s.deltaPercent === null ? s.converted : null;
  return {
    cost: formatCost(s.cost).join('\n') + (s.requests.notRepriced > 0 ? `\n(${formatCount(s.requests.notRepriced)} req. not repriced)` : ''),
    actual: formatCost(s.actualCost).join('\n') || '-',
    delta: signed(s.delta) || '-',
    percent: s.deltaPercent !== null ? formatPercent(s.deltaPercent) : c?.deltaPercent ? `≈ ${formatPercent(c.deltaPercent)}` : 'n/a',
    sign: signOf(s.delta),
  };
}

/** The titles of the what-if columns: each --compare target (in --compare order), then each scenario. */
export function columnTitles(report: Report): string[] {
  return [...report.options.compare, ...(report.scenarios ?? []).map((s) => `scenario ${s.name}`)];
}

function groupFigures(group: ReportGroup): Figures[] {
  return [...(group.whatIf ?? []).map(targetFigures), ...(group.scenarios ?? []).map(scenarioFigures)];
}

function totalFigures(report: Report): Figures[] {
  const byModel = new Map(report.whatIf.map((w) => [w.model, w]));
  const targets = report.options.compare.map((m) => byModel.get(m)).filter((w): w is ReportWhatIf => w !== undefined);
  return [...targets.map(targetFigures), ...(report.scenarios ?? []).map(scenarioFigures)];
}

/** True when the groups carry a what-if worth a table of its own (more than one group). */
export function hasGroupWhatIf(report: Report): boolean {
  return report.groups.length > 1 && report.groups.some((g) => (g.whatIf?.length ?? 0) + (g.scenarios?.length ?? 0) > 0);
}

/**
 * The groups' what-if: with few columns, one row per group (actual cost, then each column's cost
 * and delta); with more, one row per (group, column), the group named on its first row only.
 */
export function groupWhatIfTable(report: Report, groups: readonly ReportGroup[], label: (text: string) => string = (t) => t, wide = true): TextTable {
  const dims = report.options.groupBy;
  const titles = columnTitles(report);
  const totals = totalFigures(report);
  const totalKey = dims.map((_, i) => (i === 0 ? label('Total') : ''));
  if (wide && titles.length <= WIDE_COLUMNS) {
    const head = [...dims.map(dimensionTitle), 'Actual', ...titles.flatMap((t) => [`${t}`, 'Delta'])];
    const rows = groups.map((g) => [...formatKey(g.key), formatCost(g.cost).join('\n'), ...groupFigures(g).flatMap((f) => [f.cost, `${f.delta}${f.percent === 'n/a' ? '' : `\n${f.percent}`}`])]);
    const total = [...totalKey, formatCost(report.totals.cost).join('\n'), ...totals.flatMap((f) => [f.cost, `${f.delta}${f.percent === 'n/a' ? '' : `\n${f.percent}`}`])];
    return { head, rows, totals: [total], rightFrom: dims.length, signs: [...groups.map(() => 0), 0] };
  }
  const head = [...dims.map(dimensionTitle), 'Same traffic on', 'Cost', 'Actual', 'Delta', 'Delta %'];
  const rows: string[][] = [];
  const signs: number[] = [];
  for (const g of groups) {
    const key = formatKey(g.key);
    groupFigures(g).forEach((f, i) => {
      rows.push([...(i === 0 ? key : key.map(() => '')), titles[i] ?? '', f.cost, f.actual, f.delta, f.percent]);
      signs.push(f.sign);
    });
  }
  const totalRows = totals.map((f, i) => [...(i === 0 ? totalKey : totalKey.map(() => '')), titles[i] ?? '', f.cost, f.actual, f.delta, f.percent]);
  for (const f of totals) signs.push(f.sign);
  return { head, rows, totals: totalRows, rightFrom: dims.length + 1, signs };
}

/** The scenarios over the whole traffic, one row each. */
export function scenariosTable(report: Report): TextTable {
  const scenarios: ReportScenario[] = report.scenarios ?? [];
  const head = ['Scenario', 'Swaps (rows matched)', 'Requests swapped', 'Not repriced', 'Cost', 'Actual', 'Delta', 'Delta %'];
  const rows = scenarios.map((s) => {
    const f = scenarioFigures(s);
    return [s.name, s.rules.map((r) => `${r.pattern} → ${r.target} (${formatCount(r.rows)})`).join('\n'), `${formatCount(s.requests.swapped)} of ${formatCount(s.requests.swapped + s.requests.notSwapped + s.requests.notRepriced)}`, formatCount(s.requests.notRepriced), f.cost, f.actual, f.delta, f.percent];
  });
  return { head, rows, totals: [], rightFrom: 2, signs: scenarios.map((s) => signOf(s.delta)) };
}

/** Footnotes: why matched requests were not repriced, per scenario. */
export function scenarioNotes(report: Report): string[] {
  return (report.scenarios ?? [])
    .filter((s) => s.requests.notRepriced > 0)
    .map((s) => `Scenario ${s.name}: ${formatCount(s.requests.notRepriced)} matched ${s.requests.notRepriced === 1 ? 'request was' : 'requests were'} not repriced (kept at their actual cost): ${s.notRepriced.reasons.join('; ')}`);
}

/**
 * One sentence per target whose token counts are not simply the logged ones: how many requests
 * were counted with its own tokenizer, and which were estimates (a stand-in tokenizer, a ratio),
 * with the ratio or stand-in used. Nothing when every count carried over.
 */
export function targetTokenNotes(report: Report): string[] {
  const notes: string[] = [];
  for (const w of report.whatIf) {
    const t = w.tokenCounts;
    if (!t || t.counted + t.proxy + t.ratio === 0) continue;
    const parts: string[] = [];
    if (t.counted > 0) parts.push(`${formatCount(t.counted)} counted from the log's text with its own tokenizer`);
    if (t.proxy + t.ratio > 0) parts.push(`${formatCount(t.proxy + t.ratio)} estimated (${t.notes.join('; ')})`);
    if (t.logged > 0) parts.push(`${formatCount(t.logged)} with the logged counts (same tokenizer)`);
    notes.push(`What-if ${w.model}, token counts of ${formatCount(w.requests)} ${w.requests === 1 ? 'request' : 'requests'}: ${parts.join('; ')}.`);
  }
  return notes;
}

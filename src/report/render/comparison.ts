// Renderers for a baseline comparison (`llm-audit diff`, `--baseline`): table, JSON, CSV, Markdown.
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { Comparison, ComparisonLine } from '../../core/compare.ts';
import { csvLine, formatAmount, formatCount, formatMoney, formatPercent, formatSignedMoney } from '../format.ts';
import { text } from './csv.ts';
import type { OutputFormat, RenderOptions } from './index.ts';
import { details, dimensionTitle, mdTable } from './markdown.ts';

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
    formatSignedMoney(cur, line.usageDriven),
    formatSignedMoney(cur, line.priceDriven),
    `${formatCount(line.baseline.requests)} → ${formatCount(line.current.requests)}`,
    `${line.baseline.costPerRequest === null ? '-' : formatAmount(line.baseline.costPerRequest)} → ${line.current.costPerRequest === null ? '-' : formatAmount(line.current.costPerRequest)}`,
  ];
}

const HEAD = ['Baseline', 'Current', 'Delta', 'Delta %', 'Usage-driven', 'Price-driven', 'Requests', 'Cost / request'];

function headline(c: Comparison): string {
  const totals = c.totals.map((t) => `${formatSignedMoney(t.currency, t.delta)}${t.deltaPercent === null ? '' : ` (${formatPercent(t.deltaPercent)})`}`);
  const change = totals.length > 0 ? totals.join(', ') : 'no priced traffic on either side';
  const failed = c.policies.filter((p) => !p.passed);
  if (failed.length > 0) return `LLM cost regression: ${change} against the baseline; ${failed.length} ${failed.length === 1 ? 'policy' : 'policies'} failed`;
  return `LLM cost: ${change} against the baseline${c.policies.length > 0 ? '; all policies pass' : ''}`;
}

function policyLine(p: Comparison['policies'][number]): string {
  return `${p.passed ? 'pass' : 'FAIL'} ${p.policy} on ${p.scope}: ${p.actual} (limit ${p.limit})`;
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
  const parts = [failed ? chalk.red.bold(headline(c)) : chalk.green.bold(headline(c)), table.toString()];
  if (c.policies.length > 0) parts.push(c.policies.map((p) => `  ${p.passed ? chalk.green(policyLine(p)) : chalk.red(policyLine(p))}`).join('\n'));
  parts.push(chalk.dim(c.notes.map((n) => `  ${n}`).join('\n')));
  return `${parts.join('\n\n')}\n`;
}

function renderMarkdown(c: Comparison): string {
  const failed = c.policies.filter((p) => !p.passed);
  const parts = [`### ${failed.length > 0 ? '❌' : '✅'} ${headline(c)}`];
  if (failed.length > 0) parts.push(`**Failed policies**\n\n${failed.map((p) => `- ❌ \`${p.policy}\` on ${p.scope}: ${p.actual} (limit ${p.limit})`).join('\n')}`);
  const rows = [...c.totals, ...c.groups].map((line) => {
    const cells = [...keyCells(c, line), ...lineCells(line)];
    return Object.keys(line.key).length === 0 ? cells.map((x) => (x === '' ? x : `**${x}**`)) : cells;
  });
  parts.push(mdTable([...c.groupBy.map(dimensionTitle), ...HEAD], rows, c.groupBy.length));
  if (c.policies.length > 0) parts.push(details(`Policies (${c.policies.length})`, c.policies.map((p) => `- ${p.passed ? '✅' : '❌'} \`${p.policy}\` on ${p.scope}: ${p.actual} (limit ${p.limit})`).join('\n')));
  parts.push(details('How to read this', c.notes.map((n) => `- ${n}`).join('\n')));
  return `${parts.join('\n\n')}\n`;
}

function renderCsv(c: Comparison): string {
  const header = ['scope', ...c.groupBy, 'currency', 'status', 'baseline_requests', 'baseline_cost', 'current_requests', 'current_cost', 'delta', 'delta_percent', 'usage_driven', 'price_driven'];
  const lines = [csvLine(header.map(text))];
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
        line.usageDriven,
        line.priceDriven,
      ]),
    );
  }
  return lines.join('');
}

export const comparisonRenderers = {
  table: renderTable,
  json: (c: Comparison) => `${JSON.stringify(c, null, 2)}\n`,
  csv: renderCsv,
  markdown: renderMarkdown,
} satisfies Record<OutputFormat, ComparisonRenderer>;

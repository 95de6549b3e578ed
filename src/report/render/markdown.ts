// GitHub-flavoured Markdown for PR comments and job summaries: a headline sentence, a table, and
// the rest collapsed in <details>. Formats only; every number comes from the report.
import type { Report } from '../contract.ts';
import { feeLines, leftOutLine, MAX_LISTED_GROUPS, moreGroupsLine, missingRatesNote, formatCost, formatCount, formatKey, formatMoney, formatPercent, formatSignedMoney, TOKEN_COLUMNS } from '../format.ts';

/** Markdown table cell: pipes and line breaks would break the row. */
export function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', '<br>');
}

export function mdTable(head: string[], rows: string[][], rightFrom: number): string {
  const align = head.map((_, i) => (i >= rightFrom ? '---:' : '---'));
  return [head, align, ...rows].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

const TITLES: Record<string, string> = { model: 'Model', provider: 'Provider', day: 'Day', month: 'Month' };

export function dimensionTitle(d: string): string {
  return TITLES[d] ?? d.replace(/^tag:/, '');
}

/** Bold table cell text; an empty cell stays empty (`****` is no bold, it shows as four asterisks). */
function bold(text: string): string {
  return text === '' ? '' : `**${text}**`;
}

export function renderMarkdown(report: Report): string {
  const parts: string[] = [];
  const converted = report.totals.converted;
  const cost = (formatCost(report.totals.cost).join(' and ') || 'nothing priced') + (converted && report.totals.byCurrency.some((l) => l.currency !== converted.currency) ? ` (≈ ${converted.amount === null ? `${converted.currency} n/a: no exchange rate` : formatMoney(converted.currency, converted.amount)}${converted.complete || converted.amount === null ? '' : ', incomplete'})` : '');
  parts.push(`### LLM cost: ${cost} over ${formatCount(report.totals.requests)} requests`);
  const r = report.rows;
  parts.push(`${formatCount(r.read)} rows read: ${formatCount(r.priced)} priced, ${formatCount(r.unpriced)} unpriced, ${formatCount(r.skipped)} skipped, ${formatCount(r.rejected)} rejected.`);
  if (report.unpriced.length > 0) {
    const requests = report.unpriced.reduce((n, u) => n + u.requests, 0);
    const who = report.unpriced.map((u) => `\`${u.model}\``).join(', ');
    parts.push(`> [!WARNING]\n> ${formatCount(requests)} ${requests === 1 ? 'request' : 'requests'} to ${who} ${requests === 1 ? 'has' : 'have'} no price and ${requests === 1 ? 'is' : 'are'} **not** in the total.`);
  }
  const dims = report.options.groupBy;
  const head = [...dims.map(dimensionTitle), 'Requests', ...TOKEN_COLUMNS.map(([, t]) => t), 'Cost'];
  const rows = report.groups.slice(0, MAX_LISTED_GROUPS).map((g) => [...formatKey(g.key), formatCount(g.requests), ...TOKEN_COLUMNS.map(([k]) => formatCount(g.tokens[k])), formatCost(g.cost).join('<br>')]);
  rows.push([...dims.map((_, i) => (i === 0 ? 'Total' : '')), formatCount(report.totals.requests), ...TOKEN_COLUMNS.map(([k]) => formatCount(report.totals.tokens[k])), formatCost(report.totals.cost).join('<br>') || 'nothing priced'].map(bold));
  parts.push(mdTable(head, rows, dims.length));
  const more = moreGroupsLine(report);
  if (more !== undefined) parts.push(more);
  const leftOut = leftOutLine(report);
  if (leftOut !== undefined) parts.push(leftOut);
  for (const line of feeLines(report)) parts.push(`Per-call fees, ${line}.`);
  const logged = report.totals.logged;
  if (logged) {
    const amounts = (cost: Record<string, string>) => formatCost(cost).join('<br>');
    const difference = Object.entries(logged.difference).map(([c, a]) => formatSignedMoney(c, a)).join('<br>');
    parts.push(`Cost as logged by the source for ${formatCount(logged.requests)} requests: ${amounts(logged.cost)}; recomputed: ${amounts(logged.recomputed)} (difference ${difference || 'n/a'}).`);
  }
  if (report.whatIf.length > 0) {
    const whatIf = report.whatIf.map((w) => [
      `\`${w.model}\``,
      w.notPriced.requests > 0 ? `${formatCount(w.requests)} (+${formatCount(w.notPriced.requests)} not priced)` : formatCount(w.requests),
      w.requests === 0 ? 'unpriced' : formatCost(w.cost).join('<br>'),
      w.delta ? Object.entries(w.delta).map(([c, a]) => formatSignedMoney(c, a)).join('<br>') : 'n/a',
      w.deltaPercent === null ? 'n/a' : formatPercent(w.deltaPercent),
    ]);
    parts.push(details(`What-if: the same traffic on ${report.whatIf.length} models`, mdTable(['Model', 'Requests', 'Cost', 'Delta', 'Delta %'], whatIf, 1)));
  }
  if (report.rows.skipped > 0) {
    parts.push(details(`${formatCount(report.rows.skipped)} rows skipped (nothing to price)`, report.skipped.map((s) => `- ${formatCount(s.rows)} × ${s.reason}`).join('\n')));
  }
  const rejected = report.problems.filter((p) => p.kind === 'rejected');
  if (report.rows.rejected > 0) {
    const list = rejected.map((p) => `- \`${p.file}:${p.line}\` ${p.reason}`).join('\n');
    const more = report.rows.rejected > rejected.length ? `\n- … and ${formatCount(report.rows.rejected - rejected.length)} more` : '';
    parts.push(details(`${formatCount(report.rows.rejected)} rows rejected (malformed)`, `${list}${more}`));
  }
  const conversion = report.conversion;
  const fxNote = conversion && conversion.missing.length > 0 ? [`- ${missingRatesNote(conversion)}`] : [];
  parts.push(details('Notes', [...report.notes.map((n) => `- ${n}`), ...fxNote, `- Pricing data \`${report.pricing.hash}\``].join('\n')));
  return `${parts.join('\n\n')}\n`;
}

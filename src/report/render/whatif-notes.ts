// The words around the what-if ranking, shared by the table and Markdown renderers: how it is
// ranked, which targets were left out, which requests do not fit, which limits are unknown.
// Display only: every figure is one the report holds.
import type { Report, ReportWhatIf, WhatIfCoverage } from '../contract.ts';
import { formatCount, formatMoney } from '../format.ts';

/** Names listed in one line before "and N more". */
const MAX_NAMES = 12;

export const COVERAGE_TITLES: Record<WhatIfCoverage, string> = {
  complete: 'every request repriced',
  partial: 'partly repriced: the cost covers only some requests (the others have no price at their dates, or do not fit), so it is not ranked with the above',
  none: 'nothing repriced',
};

/** The coverage of a target (reports made before it had none: taken from its counts). */
export function coverage(w: ReportWhatIf): WhatIfCoverage {
  if (w.coverage) return w.coverage;
  if (w.requests === 0) return 'none';
  return w.notPriced.requests === 0 && (w.doesNotFit?.requests ?? 0) === 0 ? 'complete' : 'partial';
}

/** The model's cell: ★ before the cheapest that fits every request. */
export function modelLabel(w: ReportWhatIf): string {
  return w.cheapest ? `★ ${w.model}` : w.model;
}

/** "1 request" / "3 requests", or "-" for none. */
export function doesNotFitCell(w: ReportWhatIf): string {
  const n = w.doesNotFit?.requests ?? 0;
  return n === 0 ? '-' : `${formatCount(n)} ${n === 1 ? 'request' : 'requests'}`;
}

export function anyDoesNotFit(report: Report): boolean {
  return report.whatIf.some((w) => (w.doesNotFit?.requests ?? 0) > 0);
}

/** Whether the ranked amounts need a column of their own: some target is priced in another currency than the ranking's. */
export function rankedColumn(report: Report): string | undefined {
  const ranking = report.whatIfRanking;
  if (!ranking) return undefined;
  const other = report.whatIf.some((w) => Object.keys(w.cost).some((c) => c !== ranking.currency));
  return other ? `Ranked (≈ ${ranking.currency})` : undefined;
}

export function rankedCell(w: ReportWhatIf): string {
  const r = w.ranked;
  if (!r || r.cost === null) return 'n/a';
  return `${formatMoney(r.currency, r.cost)}${r.complete ? '' : '*'}`;
}

/** The line above the table: how it is ranked. */
export function rankingHeadline(report: Report): string {
  const ranking = report.whatIfRanking;
  const currency = ranking ? ` in ${ranking.currency}` : '';
  const current = ranking?.currentOnly ? ` (--compare all: the ${formatCount(report.whatIf.length)} models current at the traffic's dates)` : '';
  const star = report.whatIf.some((w) => w.cheapest) ? '; ★ the cheapest that fits every request' : '';
  return `the same requests priced on other models${current}, cheapest first${currency}, fully repriced targets first${star}`;
}

/** The notes under the what-if: ranking rates, left-out models, requests that do not fit, unknown limits. */
export function whatIfNotes(report: Report): string[] {
  const notes: string[] = [];
  const ranking = report.whatIfRanking;
  if (ranking) {
    const rates = ranking.rates.length > 0 ? ` converted at ${ranking.rates.map((r) => `${r.pair} ${r.rate} (${r.month}, ${r.source})`).join('; ')}` : '';
    const missing = ranking.missing.length > 0 ? `; no rate for ${ranking.missing.join(', ')} (* ranked on the part converted, never ★)` : '';
    const cheapest = ranking.cheapest === null ? '; no target repriced every request, so none is marked ★' : `; ★ ${ranking.cheapest}`;
    notes.push(`What-if ranked in ${ranking.currency}${rates}${missing}${cheapest}.`);
    if (ranking.omitted.length > 0) notes.push(omittedNote(ranking.omitted));
  }
  for (const w of report.whatIf) {
    const d = w.doesNotFit;
    if (d && d.requests > 0) notes.push(`What-if ${w.model}: ${formatCount(d.requests)} ${d.requests === 1 ? 'request does' : 'requests do'} not fit (not in its cost or actual): ${d.reasons.join('; ')}`);
  }
  const unknown = unknownLimits(report.whatIf);
  if (unknown) notes.push(unknown);
  return notes;
}

function names(models: string[]): string {
  const shown = models.slice(0, MAX_NAMES).join(', ');
  return models.length > MAX_NAMES ? `${shown} and ${formatCount(models.length - MAX_NAMES)} more` : shown;
}

function omittedNote(omitted: { model: string; reason: string }[]): string {
  const retired = omitted.filter((o) => o.reason.startsWith('retired'));
  const unpriced = omitted.filter((o) => !o.reason.startsWith('retired'));
  const parts: string[] = [];
  if (retired.length > 0) parts.push(`${formatCount(retired.length)} retired before the traffic's last request (${names(retired.map((o) => o.model))})`);
  if (unpriced.length > 0) parts.push(`${formatCount(unpriced.length)} with no price at the traffic's dates (${names(unpriced.map((o) => o.model))})`);
  return `--compare all left out ${formatCount(omitted.length)} ${omitted.length === 1 ? 'model' : 'models'} not current at the traffic's dates: ${parts.join('; ')}. Name a model in --compare to price it anyway.`;
}

/** Targets whose models have no context window or no max output in the pricing data: their requests were not checked against it. */
function unknownLimits(whatIf: ReportWhatIf[]): string | undefined {
  const noWindow = new Set<string>();
  const noOutput = new Set<string>();
  for (const w of whatIf) {
    for (const l of w.limits ?? []) {
      if (l.contextWindow === null) noWindow.add(w.model);
      if (l.maxOutputTokens === null) noOutput.add(w.model);
    }
  }
  const both = [...noWindow].filter((m) => noOutput.has(m));
  const windowOnly = [...noWindow].filter((m) => !noOutput.has(m));
  const outputOnly = [...noOutput].filter((m) => !noWindow.has(m));
  const parts: string[] = [];
  if (both.length > 0) parts.push(`no context window or max output for ${names(both)}`);
  if (windowOnly.length > 0) parts.push(`no context window for ${names(windowOnly)}`);
  if (outputOnly.length > 0) parts.push(`no max output for ${names(outputOnly)}`);
  return parts.length === 0 ? undefined : `Limits unknown in the pricing data, so requests were not checked against them: ${parts.join('; ')}.`;
}

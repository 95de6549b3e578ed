// One target's what-if entries of several reports (the totals' entry, or one group's) merged into
// the entry one run over all their inputs writes. Every field of ReportWhatIf has a rule below, and
// the merged entry has the fields of the reports' own entries in their order; a field this code
// has no rule for is refused by name (a report made by code that has one), never copied or dropped.
// The ranking fields (`ranked`, `cheapest`) are only placeholders here: merge/ranking.ts sets them.
import { UsageError } from '../errors.ts';
import { MisfitLedger, parseMisfitReason } from '../core/fit.ts';
import { MAX_REASONS, MAX_TOKEN_NOTES } from '../core/whatif.ts';
import type { ReportDoesNotFit, ReportLimits, ReportWhatIf } from '../report/contract.ts';
import { coverageOf } from '../report/ranking.ts';
import { compareText } from '../core/text.ts';
import { bagOf, smallestTexts, sumAmounts, sumCounts, whatIfDelta } from './sum.ts';

type Merger<K extends keyof ReportWhatIf> = (parts: readonly ReportWhatIf[], merged: ReportWhatIf) => ReportWhatIf[K];

const total = (parts: readonly ReportWhatIf[], count: (w: ReportWhatIf) => number): number => parts.reduce((n, w) => n + count(w), 0);

/** A rule per field; `merged` holds the fields before it (the report's order), already merged. */
const MERGERS: { [K in keyof ReportWhatIf]-?: Merger<K> } = {
  model: (parts) => (parts[0] as ReportWhatIf).model,
  requests: (parts) => total(parts, (w) => w.requests),
  cost: (parts) => sumAmounts(parts.map((w) => w.cost)),
  actualCost: (parts) => sumAmounts(parts.map((w) => w.actualCost)),
  // Made again from the sums, as build.ts makes them: only when both sides are in one and the same currency.
  delta: (_, merged) => whatIfDelta(bagOf([merged.cost]), bagOf([merged.actualCost])).delta,
  deltaPercent: (_, merged) => whatIfDelta(bagOf([merged.cost]), bagOf([merged.actualCost])).deltaPercent,
  notPriced: (parts) => ({ requests: total(parts, (w) => w.notPriced.requests), reasons: smallestTexts(parts.map((w) => w.notPriced.reasons), MAX_REASONS) }),
  // The merge refuses --currency reports (check.ts): nothing is converted for display.
  converted: () => null,
  tokenCounts: (parts) => ({
    logged: total(parts, (w) => w.tokenCounts?.logged ?? 0),
    counted: total(parts, (w) => w.tokenCounts?.counted ?? 0),
    proxy: total(parts, (w) => w.tokenCounts?.proxy ?? 0),
    ratio: total(parts, (w) => w.tokenCounts?.ratio ?? 0),
    notes: smallestTexts(parts.map((w) => w.tokenCounts?.notes ?? []), MAX_TOKEN_NOTES),
  }),
  targetTokens: (parts) => sumCounts(parts.flatMap((w) => (w.targetTokens ? [w.targetTokens] : []))),
  doesNotFit: mergeDoesNotFit,
  limits: mergeLimits,
  coverage: (_, merged) => coverageOf({ requests: merged.requests, notPriced: merged.notPriced, doesNotFit: merged.doesNotFit ?? { requests: 0 } }),
  ranked: () => null,
  cheapest: () => false,
};

/** The parts of one target, in report order, as one entry; the first part gives the fields and their order. */
export function mergeWhatIfParts(parts: readonly ReportWhatIf[]): ReportWhatIf {
  const [first] = parts;
  if (!first) throw new Error('mergeWhatIfParts: no parts');
  const merged = {} as Record<string, unknown>;
  for (const field of Object.keys(first)) {
    const rule = (MERGERS as Record<string, Merger<keyof ReportWhatIf>>)[field];
    if (!rule) throw new UsageError(`merge: the reports' what-if entries have a field "${field}" this llm-audit cannot merge; merge them with the llm-audit version that made them`);
    merged[field] = rule(parts, merged as unknown as ReportWhatIf);
  }
  return merged as unknown as ReportWhatIf;
}

/**
 * Requests too large for the target: counts added, and the reasons (one per limit, with its largest
 * request) read back into the run's own ledger (core/fit.ts) and written again: the largest of all
 * the reports per limit, with the requests of all of them.
 */
function mergeDoesNotFit(parts: readonly ReportWhatIf[]): ReportDoesNotFit {
  const ledger = new MisfitLedger();
  for (const w of parts) {
    for (const reason of w.doesNotFit?.reasons ?? []) {
      const tally = parseMisfitReason(reason);
      if (!tally) throw new UsageError(`merge: what-if ${w.model}: cannot read the doesNotFit reason "${reason}"`);
      ledger.absorb([tally]);
    }
  }
  return { rows: total(parts, (w) => w.doesNotFit?.rows ?? 0), requests: total(parts, (w) => w.doesNotFit?.requests ?? 0), reasons: ledger.reasons() };
}

/** The models the target priced with in any report, each once, by id (build.ts targetLimits). */
function mergeLimits(parts: readonly ReportWhatIf[]): ReportLimits[] {
  const byModel = new Map<string, ReportLimits>();
  for (const w of parts) for (const limits of w.limits ?? []) if (!byModel.has(limits.model)) byModel.set(limits.model, limits);
  return [...byModel.values()].sort((a, b) => compareText(a.model, b.model));
}

/**
 * The entry of a report that left the target out (--compare all: no price at any of its dates):
 * none of its priced requests was repriced, so all of them are `notPriced` (its reasons are not in
 * the report: the caller says so where they matter). `template` is another report's entry.
 */
export function noneRepriced(template: ReportWhatIf, pricedRequests: number): ReportWhatIf {
  const zero = template.targetTokens && (Object.fromEntries(Object.keys(template.targetTokens).map((k) => [k, 0])) as unknown as ReportWhatIf['targetTokens']);
  return {
    ...template,
    requests: 0,
    cost: {},
    actualCost: {},
    notPriced: { requests: pricedRequests, reasons: [] },
    doesNotFit: { rows: 0, requests: 0, reasons: [] },
    limits: [],
    ...(zero ? { targetTokens: zero } : {}),
    tokenCounts: { logged: 0, counted: 0, proxy: 0, ratio: 0, notes: [] },
  };
}

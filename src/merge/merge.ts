// `llm-audit merge`: the reports of shards of the inputs (made with the same options and pricing)
// combined into the report of all the inputs, exactly: counts and money are added (money through
// core/money.ts), keyed parts (groups and their breakdown, unpriced models, currencies, skip
// reasons) are merged by key, what-if entries by target field by field (whatif.ts), and everything
// derived (deltas, percentages, coverage, orders, the what-if ranking in ranking.ts, notes) is made
// again as a run makes it. Capped lists keep their cap with exact totals. What cannot be exact is
// refused (check.ts, ranking.ts). Pure: no IO. docs/report-contract.md, "Merging".
import { type GroupDimension, isTimeDimension, MAX_LISTED_UNPRICED, UnpricedLedger } from '../core/aggregate.ts';
import { bagToRecord, percentOf, sub, toPlainString, ZERO, type MoneyBag } from '../core/money.ts';
import { MAX_REASONS } from '../core/whatif.ts';
import { compareText, groupThousands } from '../core/text.ts';
import { SkipTally } from '../core/skips.ts';
import { emptyBuckets, type TokenBuckets } from '../core/types.ts';
import { isCopyReason } from '../ingest/replay/copy-reason.ts';
import { ProblemList } from '../audit/run.ts';
import { byCostKeyDescending, costKeyOf } from '../report/build.ts';
import type {
  Report,
  ReportFee,
  ReportGroup,
  ReportPrice,
  ReportScenario,
  ReportScenarioFigures,
  ReportTokens,
  ReportUnpriced,
  ReportUnpricedGroup,
  ReportUnpricedLine,
  ReportUnpricedTotals,
  ReportWhatIf,
} from '../report/contract.ts';
import { assertMergeable, type Shard } from './check.ts';
import { mergedNotes, mergedWarnings, unlistedRows } from './notes.ts';
import { mergeTotalWhatIf } from './ranking.ts';
import { bagOf, smallestTexts, mergeCurrencyLines, mergeLogged, spanOf, sumAmounts, sumCounts } from './sum.ts';
import { mergeWhatIfParts } from './whatif.ts';

/** The run's default --max-problems. */
export const DEFAULT_MAX_PROBLEMS = 50;

export interface MergeOptions {
  /** The --max-problems the shards were made with, when none of them was cut to it (otherwise read from them). */
  maxProblems?: number;
}

export interface MergeResult {
  report: Report;
  /** Where the merge could not be exact (an unpriced list cut in a shard, reasons a shard's --compare all left out), in words. */
  caveats: string[];
}

export function mergeReports(shards: readonly Shard[], options: MergeOptions = {}): MergeResult {
  assertMergeable(shards);
  const reports = shards.map((s) => s.report);
  const first = reports[0] as Report;
  const dims = first.options.groupBy;
  const caveats: string[] = [];
  const groups = mergeGroups(reports.map((r) => r.groups), dims, true);
  const totalsCost = bagOf(reports.map((r) => r.totals.cost));
  const period = spanOf(reports.map((r) => r.period));
  const unpriced = mergeUnpricedModels(reports, caveats);
  const usage = sumCounts(reports.map((r) => r.usage));
  const timestamps = sumCounts(reports.map((r) => r.timestamps));
  const totals: Report['totals'] = {
    requests: reports.reduce((n, r) => n + r.totals.requests, 0),
    tokens: sumCounts(reports.map((r) => r.totals.tokens)),
    cost: bagToRecord(totalsCost),
    byCurrency: mergeCurrencyLines(reports.map((r) => r.totals.byCurrency)),
    logged: mergeLogged(reports.map((r) => r.totals.logged)),
    converted: null,
    unpriced: mergeUnpricedTotals(reports.map((r) => r.totals.unpriced)),
  };
  const warnings = mergedWarnings(reports);
  const { whatIf, whatIfRanking } = mergeTotalWhatIf(shards, { period, cost: totals.cost }, caveats);
  const report: Report = {
    schemaVersion: first.schemaVersion,
    generator: first.generator,
    options: first.options,
    rows: sumCounts(reports.map((r) => r.rows)),
    usage,
    timestamps,
    period,
    totals,
    conversion: null,
    groups,
    whatIf,
    whatIfRanking,
    ...(first.scenarios ? { scenarios: mergeScenarios(reports.map((r) => r.scenarios ?? []), true) as ReportScenario[] } : {}),
    unpriced: unpriced.list,
    unpricedModels: unpriced.models,
    unpricedGroups: mergeUnpricedGroups(reports, dims),
    problems: mergeProblems(reports, options.maxProblems),
    problemsTotal: reports.reduce((n, r) => n + r.problemsTotal, 0),
    skipped: mergeSkipped(reports),
    copies: reports.reduce((n, r) => n + (r.copies ?? 0), 0),
    pricing: first.pricing,
    fees: mergeFees(reports),
    notes: [],
    inputs: reports.flatMap((r) => r.inputs ?? []),
    warnings,
  };
  report.notes = mergedNotes(reports, report, warnings);
  return { report, caveats };
}

/** The text of a group key, for merging by key (dimensions in --group-by order, as in every report). */
const keyText = (key: ReportGroup['key'], dims: readonly GroupDimension[]): string => JSON.stringify(dims.map((d) => key[d] ?? null));

function byKey<T extends { key: ReportGroup['key'] }>(lists: readonly T[][], dims: readonly GroupDimension[]): T[][] {
  const out = new Map<string, T[]>();
  for (const list of lists) {
    for (const item of list) {
      const k = keyText(item.key, dims);
      const found = out.get(k);
      if (found) found.push(item);
      else out.set(k, [item]);
    }
  }
  return [...out.values()];
}

function compareKeys(dims: readonly GroupDimension[], a: ReportGroup['key'], b: ReportGroup['key']): number {
  for (const d of dims) {
    const order = compareText(a[d] ?? '', b[d] ?? '');
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * Groups merged by key and ordered as build.ts orders them: by key when grouped by a time (day,
 * week, month; `timeOrder`), else most expensive first, ties by key. A group's --breakdown is its
 * models, merged the same way (by group key and model, most expensive first).
 */
function mergeGroups(lists: readonly ReportGroup[][], dims: readonly GroupDimension[], timeOrder: boolean): ReportGroup[] {
  const built = byKey(lists, dims).map((parts) => {
    const [one] = parts as [ReportGroup];
    const cost = bagOf(parts.map((g) => g.cost));
    const group: ReportGroup = {
      key: one.key,
      period: spanOf(parts.map((g) => g.period)) ?? one.period,
      requests: parts.reduce((n, g) => n + g.requests, 0),
      tokens: sumCounts(parts.map((g) => g.tokens)),
      cost: bagToRecord(cost),
      byCurrency: mergeCurrencyLines(parts.map((g) => g.byCurrency)),
      logged: mergeLogged(parts.map((g) => g.logged)),
      converted: null,
      prices: mergePrices(parts.map((g) => g.prices)),
    };
    if (one.whatIf) group.whatIf = mergeWhatIfColumns(parts.map((g) => g.whatIf ?? []));
    if (one.scenarios) group.scenarios = mergeScenarios(parts.map((g) => g.scenarios ?? []), false);
    if (one.breakdown) group.breakdown = mergeGroups(parts.map((g) => g.breakdown ?? []), [...dims, 'model'], false);
    let currency: string | undefined;
    for (const c of cost.keys()) if (currency === undefined || c < currency) currency = c;
    return { group, ...costKeyOf(currency, currency === undefined ? ZERO : (cost.get(currency) ?? ZERO)) };
  });
  const byTime = timeOrder && dims.some(isTimeDimension);
  return built.sort((x, y) => (byTime ? 0 : byCostKeyDescending(x, y)) || compareKeys(dims, x.group.key, y.group.key)).map((b) => b.group);
}

/** The price versions used, each once, in the order first met, then by model and date (as build.ts lists them). */
function mergePrices(lists: readonly ReportPrice[][]): ReportPrice[] {
  const seen = new Map<string, ReportPrice>();
  for (const list of lists) for (const price of list) seen.set(JSON.stringify(price), seen.get(JSON.stringify(price)) ?? price);
  const prices = [...seen.values()];
  return prices.length === 1 ? prices : prices.sort((a, b) => compareText(a.model, b.model) || compareText(a.effectiveFrom, b.effectiveFrom));
}

/** A group's what-if: one entry per --compare target, in that order, in every report. */
function mergeWhatIfColumns(lists: readonly ReportWhatIf[][]): ReportWhatIf[] {
  const [one = []] = lists;
  return one.map((_, i) => mergeWhatIfParts(lists.map((l) => l[i]).filter((w): w is ReportWhatIf => w !== undefined)));
}

/** Scenarios in the order given (the same in every report); `withRules` for the totals' entries. */
function mergeScenarios(lists: readonly (ReportScenarioFigures | ReportScenario)[][], withRules: boolean): (ReportScenarioFigures | ReportScenario)[] {
  const [one = []] = lists;
  return one.map((s, i) => {
    const parts = lists.map((l) => l[i]).filter((p): p is ReportScenarioFigures => p !== undefined);
    const cost = bagOf(parts.map((p) => p.cost));
    const actual = bagOf(parts.map((p) => p.actualCost));
    const delta: MoneyBag = new Map();
    for (const currency of [...cost.keys()].sort()) delta.set(currency, sub(cost.get(currency) ?? ZERO, actual.get(currency) ?? ZERO));
    const [only] = actual.keys();
    const oneCurrency = only !== undefined && actual.size === 1 && cost.size === 1 && cost.has(only);
    const figures: ReportScenarioFigures = {
      name: s.name,
      requests: sumCounts(parts.map((p) => p.requests)),
      rows: sumCounts(parts.map((p) => p.rows)),
      cost: bagToRecord(cost),
      actualCost: bagToRecord(actual),
      delta: bagToRecord(delta),
      deltaPercent: oneCurrency ? percentOf(delta.get(only) ?? ZERO, actual.get(only) ?? ZERO) : null,
      swapped: { cost: sumAmounts(parts.map((p) => p.swapped.cost)), actualCost: sumAmounts(parts.map((p) => p.swapped.actualCost)) },
      notRepriced: { reasons: withRules ? smallestTexts(parts.map((p) => p.notRepriced.reasons), MAX_REASONS) : [] },
      converted: null,
    };
    if (!withRules) return figures;
    const rules = (s as ReportScenario).rules.map((rule, r) => ({ ...rule, rows: parts.reduce((n, p) => n + ((p as ReportScenario).rules[r]?.rows ?? 0), 0) }));
    return { ...figures, rules };
  });
}

function buckets(t: ReportTokens): TokenBuckets {
  return { ...emptyBuckets(), input: t.input, cacheRead: t.cacheRead, cacheWrite5m: t.cacheWrite5m, cacheWrite1h: t.cacheWrite1h, output: t.output, reasoning: t.reasoning, inputAudio: t.inputAudio ?? 0, inputImage: t.inputImage ?? 0, outputAudio: t.outputAudio ?? 0, webSearch: t.webSearch ?? 0 };
}

/**
 * The unpriced models by the run's own ledger (most requests first, the first 100 listed, the rest
 * summed): exact unless a report had already summed some of its models in a "(N more models)"
 * entry, whose models cannot be told apart again (then the count is an upper bound: a caveat).
 */
function mergeUnpricedModels(reports: readonly Report[], caveats: string[]): { list: ReportUnpriced[]; models: number } {
  const ledger = new UnpricedLedger();
  const rest: ReportUnpriced[] = [];
  for (const r of reports) {
    for (const u of r.unpriced) {
      if (u.more !== undefined) rest.push(u);
      // The first report's reason for a model, as a run keeps the reason of the first row it met.
      else ledger.absorb({ model: u.model, reason: u.reason, suggestions: u.suggestions, rows: 0, requests: u.requests, tokens: buckets(u.tokens) });
    }
  }
  const listed = ledger.listed((model) => ({ reason: `no price data for model "${model}"`, suggestions: [] }));
  const list: ReportUnpriced[] = listed.map((u) => ({ model: u.model, reason: u.reason ?? `no price data for model "${u.model}"`, suggestions: u.suggestions, requests: u.requests, tokens: reportTokensOf(u.tokens), ...(u.more === undefined ? {} : { more: u.more }) }));
  let models = ledger.size;
  if (rest.length > 0) {
    const more = rest.reduce((n, u) => n + (u.more ?? 0), 0);
    models += more;
    caveats.push(`${rest.length} report(s) listed only their ${MAX_LISTED_UNPRICED} unpriced models with the most requests and summed ${more} others: the merged list and its "(N more models)" entry are exact in requests and tokens, but a model summed in one report and listed in another is counted apart, so unpricedModels (${models}) is an upper bound`);
    const last = list.at(-1);
    const tail = last?.more !== undefined ? (list.pop() as ReportUnpriced) : undefined;
    const parts = [...(tail ? [tail] : []), ...rest];
    const count = (tail?.more ?? 0) + more;
    list.push({
      model: `(${groupThousands(count)} more ${count === 1 ? 'model' : 'models'})`,
      reason: `not listed one by one: a report lists the ${MAX_LISTED_UNPRICED} unpriced models with the most requests; these are the others, summed`,
      suggestions: [],
      requests: parts.reduce((n, u) => n + u.requests, 0),
      tokens: sumCounts(parts.map((u) => u.tokens)),
      more: count,
    });
  }
  return { list, models };
}

function reportTokensOf(t: TokenBuckets): ReportTokens {
  return { input: t.input, cacheRead: t.cacheRead, cacheWrite: t.cacheWrite5m + t.cacheWrite1h, cacheWrite5m: t.cacheWrite5m, cacheWrite1h: t.cacheWrite1h, output: t.output, reasoning: t.reasoning, inputAudio: t.inputAudio, inputImage: t.inputImage, outputAudio: t.outputAudio, webSearch: t.webSearch };
}

/** Unpriced lines by logged currency (null: logged none), currencies by name and null last (report/unpriced.ts). */
function mergeUnpricedLines(lists: readonly ReportUnpricedLine[][]): ReportUnpricedLine[] {
  const byCurrency = new Map<string | null, ReportUnpricedLine[]>();
  for (const list of lists) for (const line of list) byCurrency.set(line.currency, [...(byCurrency.get(line.currency) ?? []), line]);
  const currencies = [...byCurrency.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : compareText(a, b)));
  return currencies.map((currency) => {
    const lines = byCurrency.get(currency) ?? [];
    const logged = currency === null ? null : toPlainString(bagOf(lines.map((l) => ({ [currency]: l.loggedCost ?? '0' }))).get(currency) ?? ZERO);
    return { currency, requests: lines.reduce((n, l) => n + l.requests, 0), tokens: sumCounts(lines.map((l) => l.tokens)), loggedCost: logged };
  });
}

function unpricedLogged(lines: readonly ReportUnpricedLine[]): ReportUnpricedTotals['logged'] {
  const withCost = lines.filter((l) => l.currency !== null);
  const requests = withCost.reduce((n, l) => n + l.requests, 0);
  return requests > 0 ? { requests, cost: sumAmounts(withCost.map((l) => ({ [l.currency as string]: l.loggedCost ?? '0' }))) } : null;
}

function mergeUnpricedTotals(items: readonly (ReportUnpricedTotals | undefined)[]): ReportUnpricedTotals {
  const present = items.filter((i): i is ReportUnpricedTotals => i !== undefined);
  const byCurrency = mergeUnpricedLines(present.map((t) => t.byCurrency));
  return {
    period: spanOf(present.map((t) => t.period)),
    requests: present.reduce((n, t) => n + t.requests, 0),
    tokens: sumCounts(present.map((t) => t.tokens)),
    logged: unpricedLogged(byCurrency),
    byCurrency,
  };
}

function mergeUnpricedGroups(reports: readonly Report[], dims: readonly GroupDimension[]): ReportUnpricedGroup[] {
  const groups = byKey(reports.map((r) => r.unpricedGroups ?? []), dims).map((parts): ReportUnpricedGroup => {
    const [one] = parts as [ReportUnpricedGroup];
    const byCurrency = mergeUnpricedLines(parts.map((g) => g.byCurrency));
    return { key: one.key, period: spanOf(parts.map((g) => g.period)) ?? one.period, requests: parts.reduce((n, g) => n + g.requests, 0), tokens: sumCounts(parts.map((g) => g.tokens)), logged: unpricedLogged(byCurrency), byCurrency };
  });
  const byTime = dims.some(isTimeDimension);
  return groups.sort((a, b) => (byTime ? 0 : b.requests - a.requests) || compareKeys(dims, a.key, b.key));
}

/**
 * The first N problems by file and line (the run's own list): each report kept its own first N,
 * so the first N of all are among them. N is the cap a report was cut to, else --max-problems.
 * (problemsTotal also counts the rows outside --since/--until or --project, which are never listed.)
 */
function mergeProblems(reports: readonly Report[], maxProblems: number | undefined): Report['problems'] {
  const listable = (r: Report): number => {
    const unlisted = unlistedRows([r]);
    return r.problemsTotal - unlisted.outsideRange - unlisted.outsideProject;
  };
  const cut = reports.filter((r) => r.problems.length < listable(r)).map((r) => r.problems.length);
  let longest = 0;
  for (const r of reports) if (r.problems.length > longest) longest = r.problems.length;
  const limit = maxProblems ?? cut[0] ?? Math.max(DEFAULT_MAX_PROBLEMS, longest);
  const list = new ProblemList(limit);
  for (const r of reports) for (const p of r.problems) list.keep(p);
  return list.sorted();
}

/** The shards' skipped rows by reason, capped as a run caps them (core/skips.ts): the run's list exactly. */
function mergeSkipped(reports: readonly Report[]): Report['skipped'] {
  const rows = new SkipTally(isCopyReason);
  for (const r of reports) for (const s of r.skipped) rows.add(s.reason, s.rows);
  return [...rows].map(([reason, n]) => ({ reason, rows: n })).sort((a, b) => b.rows - a.rows || compareText(a.reason, b.reason));
}

function mergeFees(reports: readonly Report[]): ReportFee[] {
  const fees = reports.flatMap((r) => r.fees ?? []).filter((f) => f.kind === 'web_search');
  const calls = fees.reduce((n, f) => n + f.calls, 0);
  const onUnpriced = fees.reduce((n, f) => n + f.onUnpriced, 0);
  if (calls + onUnpriced === 0) return [];
  const cost = bagOf(fees.map((f) => f.cost));
  for (const [currency, amount] of cost) if (amount.coef === 0n) cost.delete(currency);
  return [{ kind: 'web_search', calls, cost: bagToRecord(cost), uncharged: fees.reduce((n, f) => n + f.uncharged, 0), onUnpriced }];
}

// Turns the ledgers of a run into the report contract. Pure: no IO, no clock.
import { isTimeDimension, PriceBuckets, type CurrencyLine, type GroupDimension, type GroupTotals, type UnpricedGroupTotals, type UnpricedTotals } from '../core/aggregate.ts';
import { addBucketCosts, AUDIO_IMAGE_NOTE, BILLED_BUCKETS, totalOf, zeroBucketCosts } from '../core/cost.ts';
import { bagToRecord, compare, isZero, mergeBags, parseDecimal, percentOf, sub, toPlainString, type Decimal, type MoneyBag, ZERO } from '../core/money.ts';
import { addBuckets, emptyBuckets, type TokenBuckets } from '../core/types.ts';
import type { WhatIfTotals } from '../core/whatif.ts';
import type { PricePoint } from '../pricing/catalog.ts';
import { compareConverted, Converter, type ConversionRequest } from './convert.ts';
import { compareText } from '../core/text.ts';
import { buildBlocks, type BlocksInput } from './blocks.ts';
import { buildUnpriced } from './unpriced.ts';
import { WhatIfBuilder, type WhatIfSource } from './build-whatif.ts';
import { coverageOf, omissionReason, rank, rankedCost, rankingCurrency, rankingSummary, type RankingRequest } from './ranking.ts';
import {
  REPORT_SCHEMA_VERSION,
  type CostByCurrency,
  type Report,
  type ReportBucketCosts,
  type ReportConverted,
  type ReportCurrencyLine,
  type ReportFee,
  type ReportGroup,
  type ReportLoggedCost,
  type ReportPrice,
  type ReportProblem,
  type ReportTokens,
  type ReportDoesNotFit,
  type ReportWhatIf,
  type ReportWhatIfRanking,
} from './contract.ts';

export interface RunTotals {
  version: string;
  options: Report['options'];
  rows: Report['rows'];
  usage: Report['usage'];
  timestamps: Report['timestamps'];
  /** Read once, in one pass (a GroupLedger's drain() frees each group as it is read). */
  groups: Iterable<GroupTotals>;
  /** --breakdown: the groups again by --group-by plus model, each listed under its group. */
  breakdown?: Iterable<GroupTotals>;
  /** Grouped by block: the blocks and the instant they are judged at. */
  blocks?: BlocksInput;
  whatIf: WhatIfTotals[];
  /** With --compare/--swap/--scenario: each group's what-if cells and the scenarios' totals. */
  whatIfGroups?: WhatIfSource;
  /** The listed unpriced models, then one entry for the rest (UnpricedLedger.listed). */
  unpriced: UnpricedTotals[];
  /** Distinct unpriced model ids, listed or not. */
  unpricedModels?: number;
  /** The unpriced records by --group-by key (UnpricedGroupLedger.drain); none when absent. */
  unpricedGroups?: Iterable<UnpricedGroupTotals>;
  problems: ReportProblem[];
  problemsTotal: number;
  skipped: Report['skipped'];
  /** Skipped rows that were copies of usage already counted (Report.copies). */
  copies?: number;
  pricing: Report['pricing'];
  notes: string[];
  /** What was read (audit/inputs.ts). */
  inputs?: Report['inputs'];
  /** Sentences about options that probably did not do what was meant (also added to notes). */
  warnings?: string[];
  /** --currency: convert for display with these rates. */
  conversion?: ConversionRequest;
  /** How to rank the what-if (ranking.ts); without it, targets are ranked in native currencies only. */
  ranking?: RankingRequest;
}

export function reportTokens(t: TokenBuckets): ReportTokens {
  return {
    input: t.input,
    cacheRead: t.cacheRead,
    cacheWrite: t.cacheWrite5m + t.cacheWrite1h,
    cacheWrite5m: t.cacheWrite5m,
    cacheWrite1h: t.cacheWrite1h,
    output: t.output,
    reasoning: t.reasoning,
    inputAudio: t.inputAudio,
    inputImage: t.inputImage,
    outputAudio: t.outputAudio,
    webSearch: t.webSearch,
  };
}

function reportPrice(point: PricePoint): ReportPrice {
  const v = point.version;
  return {
    model: point.model.id,
    provider: point.model.provider,
    effectiveFrom: v.effectiveFromText,
    region: v.region,
    currency: point.currency,
    ...(point.tierIndex === undefined ? {} : { tier: point.tierIndex }),
    ...(point.window === undefined ? {} : { window: point.window }),
    serviceTier: point.serviceTier,
    confidence: v.confidence,
    source: v.source,
  };
}

/**
 * A price point's ReportPrice, its identity text, and the one-price list of a group priced at it
 * alone, made once per point per report: groups share the objects (most groups of a finely grouped
 * run have one price, and a list each was 56 bytes a group).
 */
interface PriceEntry {
  price: ReportPrice;
  id: string;
  alone: ReportPrice[];
}
type PriceCache = Map<PricePoint, PriceEntry>;

function priceEntry(point: PricePoint, cache: PriceCache): PriceEntry {
  let entry = cache.get(point);
  if (!entry) {
    const price = reportPrice(point);
    entry = { price, id: JSON.stringify(price), alone: [price] };
    cache.set(point, entry);
  }
  return entry;
}

function uniquePrices(buckets: PriceBuckets, cache: PriceCache): ReportPrice[] {
  const points = buckets.points();
  const [only] = points;
  if (points.length === 1 && only) return priceEntry(only, cache).alone;
  const seen = new Map<string, PriceEntry>();
  for (const point of points) {
    const entry = priceEntry(point, cache);
    seen.set(entry.id, entry);
  }
  const entries = [...seen.values()];
  const [same] = entries;
  if (entries.length === 1 && same) return same.alone;
  return entries.map((e) => e.price).sort((a, b) => compareText(a.model, b.model) || compareText(a.effectiveFrom, b.effectiveFrom));
}

/** Orders cost bags by their first currency's name, then by amount, cheapest first (the what-if's native order). */
export function byCostAscending(a: MoneyBag, b: MoneyBag): number {
  const [currencyA] = [...a.keys()].sort();
  const [currencyB] = [...b.keys()].sort();
  // Nothing priced (no currency at all) sorts last.
  if (currencyA === undefined || currencyB === undefined) return currencyA === currencyB ? 0 : currencyA === undefined ? 1 : -1;
  if (currencyA !== currencyB) return compareText(currencyA, currencyB);
  return compare(a.get(currencyA) ?? ZERO, b.get(currencyA) ?? ZERO);
}

/** The first currency of a bag (by name), and its amount: what groups are ordered by. */
export interface CostKey {
  currency: string | undefined;
  amount: Decimal;
  /** The amount as a double, NaN where it may be far off (more than 22 decimals, out of range): see byAmount. */
  approx: number;
}

export function costKeyOf(currency: string | undefined, amount: Decimal): CostKey {
  const approx = amount.scale <= 22 ? Number(amount.coef) / 10 ** amount.scale : Number.NaN;
  return { currency, amount, approx: Number.isFinite(approx) ? approx : Number.NaN };
}

function costKey(bag: MoneyBag): CostKey {
  let currency: string | undefined;
  for (const c of bag.keys()) if (currency === undefined || c < currency) currency = c;
  return costKeyOf(currency, currency === undefined ? ZERO : (bag.get(currency) ?? ZERO));
}

/**
 * Two doubles further apart than this, relative to the larger, are in the order of the exact
 * amounts they were made from: each is within 2.3e-16 of its amount (a correctly rounded BigInt
 * conversion, then a correctly rounded division by an exact power of ten).
 */
const APPROX_MARGIN = 1e-15;

/** Amounts in order, exactly: by their doubles where those decide it (a sort compares 150,000 groups ~2.5 million times), else by the decimals. */
function byAmount(a: CostKey, b: CostKey): number {
  const x = a.approx;
  const y = b.approx;
  if (Math.abs(x - y) > APPROX_MARGIN * Math.max(Math.abs(x), Math.abs(y))) return x < y ? -1 : 1;
  return compare(a.amount, b.amount);
}

/** Most expensive first within a currency; currencies by name; nothing priced last. */
export function byCostKeyDescending(a: CostKey, b: CostKey): number {
  if (a.currency === undefined || b.currency === undefined) return a.currency === b.currency ? 0 : a.currency === undefined ? 1 : -1;
  if (a.currency !== b.currency) return compareText(a.currency, b.currency);
  return byAmount(b, a);
}

function compareKeys(dimensions: readonly GroupDimension[], a: ReportGroup, b: ReportGroup): number {
  for (const d of dimensions) {
    const order = compareText(a.key[d] ?? '', b.key[d] ?? '');
    if (order !== 0) return order;
  }
  return 0;
}

/** A report group and its sort key, in one object (150,000 of them live until the sort). */
interface BuiltGroup extends CostKey {
  group: ReportGroup;
}

/** What the totals add up from the groups, in the same pass that builds them. */
class TotalsAccumulator {
  readonly allBuckets = new PriceBuckets();
  readonly cost: MoneyBag = new Map();
  readonly lines = new Map<string, CurrencyLine>();
  readonly logged: MoneyBag = new Map();
  readonly recomputed: MoneyBag = new Map();
  readonly tokens = emptyBuckets();
  loggedRequests = 0;
  requests = 0;
  groups = 0;
  firstAt = Infinity;
  lastAt = -Infinity;

  add(source: GroupTotals, cost: MoneyBag, lines: Map<string, CurrencyLine>): void {
    this.groups += 1;
    this.requests += source.requests;
    addBuckets(this.tokens, source.tokens);
    mergeBags(this.cost, cost);
    mergeLines(this.lines, lines);
    if (source.logged) {
      mergeBags(this.logged, source.logged.cost);
      mergeBags(this.recomputed, source.logged.recomputed.cost());
      this.loggedRequests += source.logged.requests;
    }
    this.allBuckets.merge(source.buckets);
    if (source.firstAt < this.firstAt) this.firstAt = source.firstAt;
    if (source.lastAt > this.lastAt) this.lastAt = source.lastAt;
  }
}

/**
 * Every group built and added to the totals in one pass, keeping only the report's group (the
 * ledger's group can be freed as soon as it is read); then ordered by time when grouped by day or
 * month, else most expensive first; ties by key.
 */
function buildGroups(groups: Iterable<GroupTotals>, dimensions: readonly GroupDimension[], converter: Converter | undefined, totals: TotalsAccumulator, whatIf?: WhatIfBuilder, timeOrder = true): BuiltGroup[] {
  const timeOrdered = timeOrder && dimensions.some(isTimeDimension);
  const prices: PriceCache = new Map();
  const built: BuiltGroup[] = [];
  for (const source of groups) {
    const lines = source.buckets.byCurrency();
    const cost: MoneyBag = new Map();
    for (const [currency, line] of lines) cost.set(currency, totalOf(line.costs));
    const group = toGroup(source, cost, lines, converter, prices);
    if (whatIf) shareWithGroup(group, Object.assign(group, whatIf.group(source, cost)).whatIf);
    totals.add(source, cost, lines);
    // Converted costs order groups across currencies; otherwise order within each currency.
    const key = converter ? costKeyOf('', parseDecimal(group.converted?.amount ?? '0')) : costKey(cost);
    built.push({ group, currency: key.currency, amount: key.amount, approx: key.approx });
  }
  const byCost = byCostKeyDescending;
  return built.sort((x, y) => (timeOrdered ? 0 : byCost(x, y)) || compareKeys(dimensions, x.group, y.group));
}

/**
 * A group's what-if entries point at the group's own tokens and cost objects where they hold the
 * same numbers (a target of the same tokenizer; every request repriced): 150,000 groups × targets
 * of copies would add up to a hundred megabytes. JSON output is the same.
 */
function shareWithGroup(group: ReportGroup, whatIf: ReportWhatIf[] | undefined): void {
  for (const w of whatIf ?? []) {
    if (w.targetTokens && sameFields(w.targetTokens, group.tokens)) w.targetTokens = group.tokens;
    if (sameFields(w.actualCost, group.cost)) w.actualCost = group.cost;
  }
}

function sameFields<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

/** Each group's models (the fine groups, keyed by the group's key plus model), most expensive first. */
function attachBreakdown(groups: BuiltGroup[], fine: Iterable<GroupTotals>, dimensions: readonly GroupDimension[], converter: Converter | undefined): void {
  const byKey = new Map<string, ReportGroup>();
  const id = (key: Record<string, string>): string => JSON.stringify(dimensions.map((d) => key[d] ?? ''));
  for (const { group } of groups) {
    group.breakdown = [];
    byKey.set(id(group.key), group);
  }
  for (const { group } of buildGroups(fine, [...dimensions, 'model'], converter, new TotalsAccumulator(), undefined, false)) {
    byKey.get(id(group.key))?.breakdown?.push(group);
  }
}

function toGroup(g: GroupTotals, cost: MoneyBag, lines: Map<string, CurrencyLine>, converter: Converter | undefined, prices: PriceCache): ReportGroup {
  const tokens = reportTokens(g.tokens);
  const from = new Date(g.firstAt).toISOString();
  const costs = bagToRecord(cost);
  return {
    key: g.key,
    period: { from, to: g.lastAt === g.firstAt ? from : new Date(g.lastAt).toISOString() },
    requests: g.requests,
    tokens,
    cost: costs,
    // One currency (nearly always): its line has the group's very tokens, so it shares the object;
    // each line shares its cost text with the group's cost.
    byCurrency: currencyLines(lines, converter && ((currency) => converter.converted(g.buckets, currency)), lines.size === 1 ? tokens : undefined, costs),
    logged: g.logged && g.logged.requests > 0 ? loggedCost(g.logged.requests, g.logged.cost, g.logged.recomputed.cost()) : null,
    converted: converter ? converter.converted(g.buckets) : null,
    prices: uniquePrices(g.buckets, prices),
  };
}

function bucketCosts(line: CurrencyLine): ReportBucketCosts {
  const costs = {} as Record<(typeof BILLED_BUCKETS)[number], string>;
  for (const bucket of BILLED_BUCKETS) costs[bucket] = toPlainString(line.costs[bucket]);
  return costs;
}

function currencyLines(lines: Map<string, CurrencyLine>, convert: ((currency: string) => ReportConverted) | undefined, sharedTokens?: ReportTokens, costs?: CostByCurrency): ReportCurrencyLine[] {
  return [...lines.keys()].sort().map((currency) => {
    const line = lines.get(currency) as CurrencyLine;
    // The same text: the group's cost per currency is its line's total (buildGroups).
    const cost = costs?.[currency] ?? toPlainString(totalOf(line.costs));
    return { currency, requests: line.requests, tokens: sharedTokens ?? reportTokens(line.tokens), cost, costByBucket: bucketCosts(line), converted: convert ? convert(currency) : null };
  });
}

/** Adds each group's currency lines into the totals' lines. */
function mergeLines(target: Map<string, CurrencyLine>, source: Map<string, CurrencyLine>): void {
  for (const [currency, line] of source) {
    const into = target.get(currency) ?? { requests: 0, tokens: emptyBuckets(), costs: zeroBucketCosts() };
    into.requests += line.requests;
    addBuckets(into.tokens, line.tokens);
    addBucketCosts(into.costs, line.costs);
    target.set(currency, into);
  }
}

function loggedCost(requests: number, logged: MoneyBag, recomputed: MoneyBag): ReportLoggedCost {
  const difference: CostByCurrency = {};
  for (const [currency, amount] of logged) {
    const ours = recomputed.get(currency);
    if (ours) difference[currency] = toPlainString(sub(ours, amount));
  }
  return { requests, cost: bagToRecord(logged), recomputed: bagToRecord(recomputed), difference };
}

/** A target's what-if, for the whole traffic or one group (build-whatif.ts). */
function groupWhatIf(entry: WhatIfTotals, converter: Converter | undefined): ReportWhatIf {
  // Per group: no limits (the totals name them once) and no doesNotFit (a group's cell counts a
  // request too large for the target among those it did not price, with the reason).
  const { bag: _bag, sortKey: _sortKey, limits: _limits, doesNotFit: _doesNotFit, ...rest } = buildWhatIf(entry, converter);
  // One shared object for the usual case: 150,000 groups × targets of them add up.
  if (rest.notPriced.requests === 0 && rest.notPriced.reasons.length === 0) rest.notPriced = ALL_PRICED;
  return rest;
}

const ALL_PRICED: ReportWhatIf['notPriced'] = Object.freeze({ requests: 0, reasons: Object.freeze([]) as unknown as string[] });

function buildWhatIf(entry: WhatIfTotals, converter: Converter | undefined): ReportWhatIf & { doesNotFit: ReportDoesNotFit; bag: MoneyBag; sortKey: ReturnType<Converter['whatIf']> | null } {
  const bag = entry.target.cost();
  const actual = entry.actual.cost();
  const converted = converter && entry.requests > 0 ? converter.whatIf(entry.target, entry.actual) : null;
  let delta: Record<string, string> | null = null;
  let deltaPercent: string | null = null;
  const [currency] = bag.keys();
  const [actualCurrency] = actual.keys();
  if (bag.size === 1 && actual.size === 1 && currency !== undefined && currency === actualCurrency) {
    const target = bag.get(currency) ?? ZERO;
    const base = actual.get(currency) ?? ZERO;
    const difference = sub(target, base);
    delta = bagToRecord(new Map([[currency, difference]]));
    deltaPercent = percentOf(difference, base);
  }
  return {
    model: entry.model,
    requests: entry.requests,
    cost: bagToRecord(bag),
    actualCost: bagToRecord(actual),
    delta,
    deltaPercent,
    notPriced: { requests: entry.notPriced.requests, reasons: [...entry.notPriced.reasons].sort() },
    converted: converted ? { currency: converted.currency, cost: converted.cost, actualCost: converted.actualCost, delta: converted.delta, deltaPercent: converted.deltaPercent, complete: converted.complete } : null,
    doesNotFit: entry.doesNotFit ? { rows: entry.doesNotFit.rows, requests: entry.doesNotFit.requests, reasons: entry.doesNotFit.reasons() } : { rows: 0, requests: 0, reasons: [] },
    limits: targetLimits(entry),
    bag,
    sortKey: converted,
    targetTokens: reportTokens(entry.target.tokens),
    ...(entry.tokens ? { tokenCounts: { logged: entry.tokens.logged, counted: entry.tokens.counted, proxy: entry.tokens.proxy, ratio: entry.tokens.ratio, notes: [...entry.tokens.notes].sort() } } : {}),
  };
}

export function buildReport(run: RunTotals): Report {
  const converter = run.conversion ? new Converter(run.conversion) : undefined;
  // The total is the sum of the groups' costs, so rows and total agree to the last digit.
  const totals = new TotalsAccumulator();
  const whatIfBuilder = run.whatIfGroups ? new WhatIfBuilder(run.whatIfGroups, converter, groupWhatIf) : undefined;
  const groups = buildGroups(run.groups, run.options.groupBy, converter, totals, whatIfBuilder);
  if (run.breakdown) attachBreakdown(groups, run.breakdown, run.options.groupBy, converter);
  const { allBuckets, lines: totalLines } = totals;
  const { whatIf, whatIfRanking } = rankWhatIf(run, converter, totals);
  const totalConverted = converter ? converter.converted(allBuckets) : null;
  const unpriced = buildUnpriced(run.unpricedGroups ?? [], run.options.groupBy);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: { name: 'llm-audit', version: run.version },
    options: run.options,
    rows: run.rows,
    usage: run.usage,
    timestamps: run.timestamps,
    period: totals.groups > 0 ? { from: new Date(totals.firstAt).toISOString(), to: new Date(totals.lastAt).toISOString() } : null,
    totals: {
      requests: totals.requests,
      tokens: reportTokens(totals.tokens),
      cost: bagToRecord(totals.cost),
      byCurrency: currencyLines(totalLines, converter && ((currency) => converter.converted(allBuckets, currency))),
      logged: totals.loggedRequests > 0 ? loggedCost(totals.loggedRequests, totals.logged, totals.recomputed) : null,
      converted: totalConverted,
      unpriced: unpriced.totals,
    },
    conversion: converter ? converter.summary() : null,
    groups: groups.map(({ group }) => group),
    whatIf: whatIf.map(({ bag: _bag, sortKey: _sortKey, rankKey: _rankKey, ...rest }) => rest),
    whatIfRanking,
    ...(whatIfBuilder && run.whatIfGroups && run.whatIfGroups.scenarios.length > 0 ? { scenarios: whatIfBuilder.scenarios(totals.cost, allBuckets) } : {}),
    ...(run.blocks ? { blocks: buildBlocks(run.blocks, groups.map(({ group }) => group)) } : {}),
    unpriced: run.unpriced.map((u) => ({
      model: u.model,
      reason: u.reason ?? `no price data for model "${u.model}"`,
      suggestions: u.suggestions,
      requests: u.requests,
      tokens: reportTokens(u.tokens),
      ...(u.more === undefined ? {} : { more: u.more }),
    })),
    unpricedModels: run.unpricedModels ?? run.unpriced.length,
    unpricedGroups: unpriced.groups,
    problems: run.problems,
    problemsTotal: run.problemsTotal,
    skipped: [...run.skipped].sort((a, b) => b.rows - a.rows || compareText(a.reason, b.reason)),
    copies: run.copies ?? 0,
    pricing: run.pricing,
    fees: webSearchFees(allBuckets, totalLines, run.unpriced),
    notes: [...run.notes, ...(totals.tokens.inputAudio + totals.tokens.inputImage + totals.tokens.outputAudio > 0 ? [AUDIO_IMAGE_NOTE] : []), ...(run.warnings ?? [])],
    inputs: run.inputs ?? [],
    warnings: run.warnings ?? [],
  };
}

/** The models a target priced requests with, and their limits (null: not in the pricing data, so not checked). */
function targetLimits(entry: WhatIfTotals): ReportWhatIf['limits'] {
  const models = new Map(entry.target.points().map((p) => [p.model.id, p.model]));
  return [...models.values()]
    .sort((a, b) => compareText(a.id, b.id))
    .map((m) => ({ model: m.id, contextWindow: m.contextWindow ?? null, maxOutputTokens: m.maxOutputTokens ?? null }));
}

/** The what-if built, with --compare all's selection applied, and ranked (ranking.ts). */
function rankWhatIf(run: RunTotals, converter: Converter | undefined, totals: TotalsAccumulator) {
  const request = run.ranking;
  const currency = rankingCurrency(request?.currency ?? run.conversion?.currency, bagToRecord(totals.cost));
  const ranker = request ? new Converter({ currency, table: request.table, overrides: request.overrides }) : undefined;
  const lastDay = totals.groups > 0 ? new Date(totals.lastAt).toISOString().slice(0, 10) : undefined;
  const omitted: { model: string; reason: string }[] = [];
  const built = [];
  for (const entry of run.whatIf) {
    const w = buildWhatIf(entry, converter);
    const reason = request?.currentOnly ? omissionReason(w, lastDay, request.retired) : undefined;
    if (reason !== undefined) {
      omitted.push({ model: w.model, reason });
      continue;
    }
    const ranked = ranker ? rankedCost(entry.target, w.bag, currency, ranker) : null;
    built.push({ ...w, coverage: coverageOf(w), ranked: ranked && { currency, cost: ranked.cost === null ? null : toPlainString(ranked.cost), complete: ranked.complete }, cheapest: false, rankKey: ranked?.cost ?? null });
  }
  const whatIf = rank(built, (a, b) => compareConverted(a.sortKey, b.sortKey) || byCostAscending(a.bag, b.bag));
  const cheapest = whatIf.find((w) => w.cheapest)?.model ?? null;
  const whatIfRanking: ReportWhatIfRanking | null = ranker && run.whatIf.length > 0 ? rankingSummary(currency, ranker.summary(), omitted, cheapest, request?.currentOnly ?? false) : null;
  return { whatIf, whatIfRanking };
}

/** The web search line: calls and their cost, and the calls no price charges for (never hidden as 0). */
function webSearchFees(buckets: PriceBuckets, lines: Map<string, CurrencyLine>, unpriced: RunTotals['unpriced']): ReportFee[] {
  let calls = 0;
  let uncharged = 0;
  for (const bucket of buckets.all()) {
    calls += bucket.tokens.webSearch;
    if (bucket.point.fees.web_search === undefined) uncharged += bucket.tokens.webSearch;
  }
  const onUnpriced = unpriced.reduce((n, u) => n + u.tokens.webSearch, 0);
  if (calls + onUnpriced === 0) return [];
  const cost: CostByCurrency = {};
  for (const currency of [...lines.keys()].sort()) {
    const amount = lines.get(currency)?.costs.webSearch;
    if (amount && !isZero(amount)) cost[currency] = toPlainString(amount);
  }
  return [{ kind: 'web_search', calls, cost, uncharged, onUnpriced }];
}

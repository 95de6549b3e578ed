// The total what-if of merged reports, ranked as one run ranks it (report/ranking.ts, with its own
// functions): each --compare target's entries merged (whatif.ts), `--compare all`'s current-models
// rule applied to the merged traffic, every target's cost in the ranking currency, and the order.
//
// The ranking currency is the merged totals' one currency (else USD). A target priced in another
// currency is converted month by month (each month's amount at its rate), and a report does not
// carry a target's cost by month: its converted amount is taken instead, and the amounts of several
// reports are added. That is exact when each report ranked in the merged currency and no month of a
// target was converted by a division (rounded to 8 places per month) in two reports; otherwise the
// merge is refused with the reason (a sum of rounded parts is not the run's rounded whole).
import { UsageError } from '../errors.ts';
import { add, parseDecimal, toPlainString, ZERO, type Decimal, type MoneyBag } from '../core/money.ts';
import { compareText } from '../core/text.ts';
import { byCostAscending } from '../report/build.ts';
import type { CostByCurrency, ReportConversion, ReportPeriod, ReportWhatIf, ReportWhatIfRanking } from '../report/contract.ts';
import { omissionReason, rank, rankingCurrency, rankingSummary, unconvertedRankedCost, type Rankable } from '../report/ranking.ts';
import type { Shard } from './check.ts';
import { bagOf } from './sum.ts';
import { mergeWhatIfParts, noneRepriced } from './whatif.ts';

export interface MergedTotals {
  period: ReportPeriod | null;
  cost: CostByCurrency;
}

export interface RankedWhatIf {
  whatIf: ReportWhatIf[];
  whatIfRanking: ReportWhatIfRanking | null;
}

/** "retired 2025-07-21, before the traffic's last request (2025-09-30)" (ranking.ts omissionReason). */
const RETIRED = /^retired (\d{4}-\d{2}-\d{2}), before the traffic's last request/;

export function mergeTotalWhatIf(shards: readonly Shard[], totals: MergedTotals, caveats: string[]): RankedWhatIf {
  const first = (shards[0] as Shard).report;
  const ranking = first.whatIfRanking ?? null;
  const currentOnly = ranking?.currentOnly ?? false;
  const currency = rankingCurrency(undefined, totals.cost);
  const lastDay = totals.period?.to.slice(0, 10);
  const retired = retiredDates(shards);
  const omitted: { model: string; reason: string }[] = [];
  const built: (ReportWhatIf & Rankable & { bag: MoneyBag })[] = [];
  for (const model of first.options.compare) {
    const { parts, unknownReasons } = partsOf(shards, model);
    const entry = parts.length > 0 ? mergeWhatIfParts(parts) : undefined;
    const counts = { model, requests: entry?.requests ?? 0, notPriced: entry?.notPriced ?? { requests: 0 }, doesNotFit: entry?.doesNotFit ?? { requests: 0 } };
    const reason = currentOnly ? omissionReason(counts, lastDay, retired) : undefined;
    if (reason !== undefined) {
      omitted.push({ model, reason });
      const converting = convertedIn(shards, model, currency);
      if (converting.length > 0) caveats.push(`${model} is left out of the merged what-if (${reason}), but ${converting.join(', ')} ranked it by converting its cost: whatIfRanking.rates and missing may name rates only it needed`);
      continue;
    }
    if (!entry) throw new UsageError(`merge: no report has a what-if entry for ${model}`);
    const [firstUnknown] = unknownReasons;
    // A run over all the inputs keeps the five smallest reasons of all: theirs could be among them.
    if (firstUnknown) {
      caveats.push(`${unknownReasons.map((u) => u.file).join(', ')} left ${model} out of their what-if (no price at their dates), so the reasons their requests were not priced on it are not in them: whatIf ${model} notPriced.reasons lists the other reports' only`);
    }
    const bag = bagOf([entry.cost]);
    const ranked = ranking ? mergedRankedCost(shards, model, bag, currency) : null;
    entry.ranked = ranked && { currency, cost: ranked.cost === null ? null : toPlainString(ranked.cost), complete: ranked.complete };
    built.push({ ...(entry as ReportWhatIf & Rankable), bag, rankKey: ranked?.cost ?? null });
  }
  // The run's order: by coverage, then the ranking amount, then the native costs (build.ts; no --currency here, so no converted key).
  const whatIf = rank(built, (a, b) => byCostAscending(a.bag, b.bag)).map(({ bag: _bag, rankKey: _rankKey, ...rest }) => rest as ReportWhatIf);
  if (!ranking) return { whatIf, whatIfRanking: null };
  assertAddableConversions(shards, whatIf, currency);
  const cheapest = whatIf.find((w) => w.cheapest)?.model ?? null;
  return { whatIf, whatIfRanking: rankingSummary(currency, mergedRates(shards, currency), omitted, cheapest, currentOnly) };
}

/** Retirement dates named by the reports' left-out targets: every target retired by the merged traffic's last day is named so by the report that holds that day. */
function retiredDates(shards: readonly Shard[]): Map<string, string> {
  const dates = new Map<string, string>();
  for (const { report } of shards) {
    for (const o of report.whatIfRanking?.omitted ?? []) {
      const date = RETIRED.exec(o.reason)?.[1];
      if (date !== undefined) dates.set(o.model, date);
    }
  }
  return dates;
}

/**
 * A target's entries in report order. A report that left the target out because it had no price at
 * any of its dates gives an entry with none of its priced requests repriced (in `unknownReasons`,
 * with its position among the parts, when it had some: their reasons are not in the report); one
 * that left it out as retired gives none (the merged traffic's last day is no earlier, so the merged
 * report leaves it out too).
 */
function partsOf(shards: readonly Shard[], model: string): { parts: ReportWhatIf[]; unknownReasons: { part: number; file: string }[] } {
  const template = shards.map((s) => s.report.whatIf.find((w) => w.model === model)).find((w) => w !== undefined);
  const parts: ReportWhatIf[] = [];
  const unknownReasons: { part: number; file: string }[] = [];
  for (const { file, report } of shards) {
    const listed = report.whatIf.find((w) => w.model === model);
    if (listed) {
      parts.push(listed);
      continue;
    }
    const left = report.whatIfRanking?.omitted.find((o) => o.model === model);
    if (!left) throw new UsageError(`${file}: its what-if has no entry for ${model}, which its options compare (an edited report?)`);
    if (RETIRED.test(left.reason) || !template) continue;
    if (report.totals.requests > 0) unknownReasons.push({ part: parts.length, file });
    parts.push(noneRepriced(template, report.totals.requests));
  }
  return { parts, unknownReasons };
}

/**
 * The target's cost in the ranking currency (ranking.ts rankedCost): unconverted when the merged
 * cost needs no converting; else the sum of each report's part: its own cost where that needs no
 * converting, else the amount it converted into the same currency.
 */
function mergedRankedCost(shards: readonly Shard[], model: string, bag: MoneyBag, currency: string): { cost: Decimal | null; complete: boolean } {
  const unconverted = unconvertedRankedCost(bag, currency);
  if (unconverted) return unconverted;
  let amount = ZERO;
  let converted = 0;
  let complete = true;
  for (const { file, report } of shards) {
    const part = report.whatIf.find((w) => w.model === model);
    if (!part) continue;
    const own = bagOf([part.cost]);
    if (own.size === 0) continue;
    const plain = unconvertedRankedCost(own, currency);
    if (plain) {
      amount = add(amount, plain.cost ?? ZERO);
      converted += 1;
      continue;
    }
    if (part.ranked?.currency !== currency) {
      throw new UsageError(
        `${file} ranked its what-if in ${part.ranked?.currency ?? 'no currency'} (the one currency of its costs), and the merged report ranks it in ${currency}: ${model}'s ${Object.keys(part.cost).join(' and ')} cost there would have to be converted month by month, and a report does not carry a target's cost by month; make shards whose costs are in the same currencies`,
      );
    }
    if (part.ranked.cost === null) {
      // No month of it had a rate: nothing converted there.
      complete = false;
      continue;
    }
    amount = add(amount, parseDecimal(part.ranked.cost));
    converted += 1;
    complete &&= part.ranked.complete;
  }
  return converted === 0 ? { cost: null, complete: false } : { cost: amount, complete };
}

/** The reports whose ranking (in `currency`, with rates or missing months) converted `model`'s cost. */
function convertedIn(shards: readonly Shard[], model: string, currency: string): string[] {
  const converting = ({ report }: Shard): boolean => {
    const part = report.whatIf.find((w) => w.model === model);
    const ranking = report.whatIfRanking;
    if (!part || !ranking || ranking.currency !== currency) return false;
    return unconvertedRankedCost(bagOf([part.cost]), currency) === undefined && ranking.rates.length + ranking.missing.length > 0;
  };
  return shards.filter(converting).map((s) => s.file);
}

/**
 * A division rounds each month's converted amount: two reports that both divided a target's amount
 * of the same currency and month give two rounded halves, whose sum may differ from the run's
 * rounded whole in the last place. Refused. (A multiplication is exact, and adds up.)
 */
function assertAddableConversions(shards: readonly Shard[], whatIf: readonly ReportWhatIf[], currency: string): void {
  for (const w of whatIf) {
    const divided = new Map<string, string>();
    for (const { file, report } of shards) {
      const part = report.whatIf.find((p) => p.model === w.model);
      if (!part || report.whatIfRanking?.currency !== currency) continue;
      for (const from of Object.keys(part.cost).filter((c) => c !== currency)) {
        for (const rate of report.whatIfRanking.rates) {
          if (rate.operation !== 'divide' || rate.pair !== `${currency}${from}`) continue;
          const key = `${from} ${rate.month}`;
          const other = divided.get(key);
          if (other !== undefined && other !== file) {
            throw new UsageError(
              `${other} and ${file} both ranked ${w.model} by converting ${from} amounts of ${rate.month} into ${currency}, dividing by the ${rate.pair} rate (rounded to 8 places per month): added up they may differ from one run's amount in the last place; shard by time, so that each month is in one shard only`,
            );
          }
          divided.set(key, file);
        }
      }
    }
  }
}

/** The rates and missing months of the reports that ranked in the merged currency (Converter.summary's order). */
function mergedRates(shards: readonly Shard[], currency: string): Pick<ReportConversion, 'rates' | 'missing'> {
  const rates = new Map<string, { rate: ReportConversion['rates'][number]; file: string }>();
  const missing = new Set<string>();
  for (const { file, report } of shards) {
    const ranking = report.whatIfRanking;
    if (!ranking || ranking.currency !== currency) continue;
    for (const rate of ranking.rates) {
      // One run converts a pair's month at one rate: shards that did not were made with other rates (--fx, --fx-file).
      const key = `${rate.pair} ${rate.month}`;
      const other = rates.get(key);
      if (other && (other.rate.rate !== rate.rate || other.rate.source !== rate.source)) {
        throw new UsageError(`${file} ranked its what-if with ${rate.pair} ${rate.month} = ${rate.rate} (${rate.source}), ${other.file} with ${other.rate.rate} (${other.rate.source}): make every shard with the same --fx and --fx-file`);
      }
      if (!other) rates.set(key, { rate, file });
    }
    for (const m of ranking.missing) missing.add(m);
  }
  const list = [...rates.values()].map((r) => r.rate);
  return { rates: list.sort((a, b) => compareText(a.pair, b.pair) || compareText(a.month, b.month)), missing: [...missing].sort() };
}

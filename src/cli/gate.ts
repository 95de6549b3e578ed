// The CI gate's flags, shared by `llm-audit diff` and `llm-audit LOGS [--baseline A.json]`: policies
// in, verdict out, exit code 1 when a policy fails. Limits are parsed strictly (exit 2 otherwise),
// their currencies checked against what the pricing data and FX table know, and a limit in another
// currency than a cost line is converted with a dated rate that the verdict names.
import { relative } from 'node:path';
import type { Command } from 'commander';
import { checkReport, compareReports, type Comparison } from '../core/compare.ts';
import { toPlainString } from '../core/money.ts';
import { conversionsNeeded, parseLimit, parseUnpricedLimit, UNPRICED_FORMS, unknownCurrency, amountLimits, type AmountLimit, type Limit, type Policies, type UnpricedLimit } from '../core/policy.ts';
import { UsageError } from '../errors.ts';
import type { Catalogue } from '../pricing/catalog.ts';
import { convert, EMPTY_FX, rateFor, type FxOverride, type FxTable } from '../pricing/fx.ts';
import { assertComparable, parseReport } from '../report/baseline.ts';
import type { Report } from '../report/contract.ts';
import { comparisonRenderers, policyLine, renderCheck } from '../report/render/comparison.ts';
import type { OutputFormat } from '../report/render/index.ts';
import type { Io } from './io.ts';
import { withSafeRegenerateHint } from './outpath.ts';
import { splitList } from './parse.ts';

export interface GateFlags {
  maxIncrease?: Limit[];
  maxCost?: AmountLimit[];
  maxCostPerRequest?: AmountLimit[];
  maxUnpriced?: UnpricedLimit[];
  perGroup?: boolean;
  github?: boolean;
}

/** Repeatable, comma-separable values: --max-increase 10% --max-increase 5USD, or 10%,5USD. */
function repeatable<T>(option: string, parse: (item: string) => T | string) {
  return (value: string, previous: T[] | undefined): T[] => {
    const parsed = splitList(value).map((item) => {
      const result = parse(item);
      if (typeof result === 'string') throw new UsageError(`${option}: ${result}`);
      return result;
    });
    if (parsed.length === 0) throw new UsageError(`${option}: give a value`);
    return [...(previous ?? []), ...parsed];
  };
}

/** `withBaseline`: the command always has one (diff), or only with --baseline (a report run). */
export function addGateOptions(command: Command, withBaseline: 'always' | 'optional'): Command {
  const needs = withBaseline === 'optional' ? ' (needs --baseline)' : '';
  const either = withBaseline === 'optional' ? '; works without --baseline too' : '';
  const amounts = '5USD, 5 USD, $5, ¥5 (CNY) or 5CNY';
  return command
    .option('--max-increase <limit>', `fail (exit 1) when the cost grew more than this over the baseline${needs}: 10% or an amount such as ${amounts}; repeatable, each is checked`, repeatable('--max-increase', (v) => parseLimit(v, true)))
    .option('--max-cost <amount>', `fail (exit 1) when the current cost is over this budget, such as ${amounts}${either}; repeatable, one per currency`, repeatable('--max-cost', (v) => parseLimit(v, false) as AmountLimit | string))
    .option('--max-cost-per-request <amount>', `fail (exit 1) when the current cost per request is over this, such as 0.01USD${either}`, repeatable('--max-cost-per-request', (v) => parseLimit(v, false) as AmountLimit | string))
    .option(
      '--max-unpriced <limit>',
      `fail (exit 1) when too many rows are unpriced or rejected: ${UNPRICED_FORMS} (no more than the baseline had); default: baseline when there is one, else 0`,
      repeatable('--max-unpriced', parseUnpricedLimit),
    )
    .option('--per-group', 'check the cost policies for every group too, not only the total')
    .option('--github', 'also append the Markdown summary to $GITHUB_STEP_SUMMARY (GitHub Actions)');
}

export function policiesFrom(flags: GateFlags): Policies {
  return {
    maxIncrease: flags.maxIncrease ?? [],
    maxCost: flags.maxCost ?? [],
    maxCostPerRequest: flags.maxCostPerRequest ?? [],
    maxUnpriced: flags.maxUnpriced ?? [],
    perGroup: flags.perGroup ?? false,
  };
}

/** A run is a gate run when it compares with a baseline or checks a policy. */
export function hasPolicies(flags: GateFlags): boolean {
  return [flags.maxIncrease, flags.maxCost, flags.maxCostPerRequest, flags.maxUnpriced].some((l) => l !== undefined && l.length > 0);
}

/** What limits may be written in and converted with. */
export interface FxContext {
  /** Currencies of the pricing data (or of the two reports, for diff), of the FX table and of --fx. */
  known: Set<string>;
  table: FxTable;
  overrides: readonly FxOverride[];
}

export function fxCurrencies(table: FxTable, overrides: readonly FxOverride[]): string[] {
  return [...[...table.rates.values()].flatMap((r) => [r.base, r.quote]), ...overrides.flatMap((o) => [o.base, o.quote])];
}

/** Exit 2 for a limit in a currency nobody knows (`10pct` reads as the currency "PCT"). Checked before any log is read. */
export function assertKnownCurrencies(policies: Policies, known: ReadonlySet<string>): void {
  for (const { option, limit } of amountLimits(policies)) {
    const message = unknownCurrency(option, limit, known);
    if (message) throw new UsageError(message);
  }
}

/**
 * Converts each amount limit into the currencies of the lines it is checked on, with the rate of
 * the month of `at` (the last request of the current run) from --fx, else the FX table. A limit
 * that cannot be converted is exit 2: checking nothing would pass silently.
 */
export function convertLimits(policies: Policies, currencies: readonly string[], at: number | undefined, fx: FxContext): void {
  for (const { option, limit, currency } of conversionsNeeded(policies, currencies)) {
    if (limit.converted?.[currency]) continue;
    const use = at === undefined ? rateFor(EMPTY_FX, limit.currency, currency, 0, fx.overrides) : rateFor(fx.table, limit.currency, currency, at, fx.overrides);
    if (!use) {
      const when = at === undefined ? '' : ` for ${new Date(at).toISOString().slice(0, 7)}`;
      throw new UsageError(
        `${option} ${limit.given}: the costs are in ${currency}, and no exchange rate converts ${limit.currency} into ${currency}${when} (the FX table has none); pass one such as --fx ${currency}${limit.currency}=RATE, or write the limit in ${currency} (${option} 5${currency})`,
      );
    }
    const value = convert(limit.value, use);
    // A rate of the table is named by its month and file (its full source is in that file).
    const file = fx.table.files[0];
    const from = use.source.startsWith('--fx') ? use.source : `${use.month}${file ? `, ${relative(process.cwd(), file) || file}` : ''}`;
    const note = `${limit.text} = ${toPlainString(value)} ${currency} at ${use.pair} ${toPlainString(use.rate)} (${from})`;
    limit.converted = { ...limit.converted, [currency]: { value, note } };
  }
}

export function loadBaseline(io: Io, file: string): Report {
  const text = io.readFile(file);
  try {
    return parseReport(file, text);
  } catch (error) {
    // Its "regenerate with --out FILE" hint must not name a log given here by mistake.
    throw withSafeRegenerateHint(error, file, text);
  }
}

function lastRequest(...reports: Report[]): number | undefined {
  for (const r of reports) if (r.period) return Date.parse(r.period.to);
  return undefined;
}

type OutputFlags = GateFlags & { format: OutputFormat; out?: string; color: boolean };

/** Compares, renders, writes; returns the exit code (1 when a policy failed). */
export function runGate(io: Io, baselineFile: string, baseline: Report, current: Report, flags: OutputFlags, fx: FxContext): number {
  assertComparable(baselineFile, baseline, current);
  const policies = policiesFrom(flags);
  const currencies = [...new Set([...baseline.totals.byCurrency, ...current.totals.byCurrency].map((l) => l.currency))];
  convertLimits(policies, currencies, lastRequest(current, baseline), fx);
  const comparison: Comparison = compareReports(baseline, current, policies);
  const text = comparisonRenderers[flags.format](comparison, { color: flags.color && !flags.out && io.stdoutIsTTY && !io.noColorEnv && flags.format === 'table' });
  if (flags.out) io.writeFile(flags.out, text);
  else io.stdout(text);
  if (flags.github) appendStepSummary(io, comparisonRenderers.markdown(comparison));
  for (const failed of comparison.policies.filter((p) => !p.passed)) io.stderr(`llm-audit: policy failed: ${policyLine(failed).replace(/^FAIL /, '')}\n`);
  return comparison.passed ? 0 : 1;
}

/**
 * The policies of a run without a baseline (`--max-cost`, `--max-cost-per-request`, `--max-unpriced`),
 * checked on the report. Returns the exit code and the verdict to append to a table or Markdown.
 */
export function checkRun(io: Io, report: Report, flags: GateFlags, fx: FxContext): { code: number; verdict: (format: 'table' | 'markdown') => string } {
  const policies = policiesFrom(flags);
  convertLimits(
    policies,
    report.totals.byCurrency.map((l) => l.currency),
    lastRequest(report),
    fx,
  );
  const check = checkReport(report, policies);
  for (const failed of check.policies.filter((p) => !p.passed)) io.stderr(`llm-audit: policy failed: ${policyLine(failed).replace(/^FAIL /, '')}\n`);
  return { code: check.passed ? 0 : 1, verdict: (format) => renderCheck(check, format) };
}

export function appendStepSummary(io: Io, markdown: string): void {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!file) {
    io.stderr('llm-audit: --github: GITHUB_STEP_SUMMARY is not set (not in GitHub Actions?); no summary written\n');
    return;
  }
  io.appendFile(file, `${markdown}\n`);
}

/**
 * Gate flags that would do nothing are errors, not silence: a CI configuration is written once and
 * read rarely, so a flag that is ignored would stay ignored. The comparison shows neither what-if
 * (--compare) nor rounded CSV costs (--decimals), and --max-increase needs a baseline.
 */
export function assertGateFlags(flags: GateFlags & { baseline?: string; compare?: string; decimals?: number }): void {
  if (flags.baseline !== undefined) {
    const ignored = [flags.compare !== undefined && '--compare', flags.decimals !== undefined && '--decimals'].filter((x): x is string => typeof x === 'string');
    if (ignored.length > 0) {
      throw new UsageError(
        `${ignored.join(' and ')} ${ignored.length === 1 ? 'does' : 'do'} nothing with --baseline: the comparison shows neither what-if costs nor rounded CSV costs; drop ${ignored.length === 1 ? 'it' : 'them'}, or make that report in a separate run without --baseline`,
      );
    }
    return;
  }
  if (flags.maxIncrease && flags.maxIncrease.length > 0) throw new UsageError('--max-increase needs --baseline FILE (a saved JSON report to compare with); without one, use --max-cost or --max-cost-per-request');
  if (flags.maxUnpriced?.some((l) => l.kind === 'baseline')) throw new UsageError('--max-unpriced baseline needs --baseline FILE; without one, write 0, N (rows) or N%');
}

/** Currencies a limit may be written in, and the rates that convert it. */
export function limitFx(catalogue: Catalogue, table: FxTable | undefined, overrides: FxOverride[]): FxContext {
  const priced = catalogue.models.flatMap((m) => m.prices.map((v) => v.currency));
  const rates = table ?? { rates: new Map(), files: [] };
  return { known: new Set([...priced, ...fxCurrencies(rates, overrides)]), table: rates, overrides };
}

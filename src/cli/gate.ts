// The CI gate's flags, shared by `llm-audit diff` and `llm-audit LOGS --baseline`: policies in,
// comparison rendered out, exit code 1 when a policy fails.
import type { Command } from 'commander';
import { compareReports, type Comparison } from '../core/compare.ts';
import { parseLimit, type Limit, type Policies } from '../core/policy.ts';
import { UsageError } from '../errors.ts';
import { assertComparable, parseReport } from '../report/baseline.ts';
import type { Report } from '../report/contract.ts';
import { comparisonRenderers } from '../report/render/comparison.ts';
import type { OutputFormat } from '../report/render/index.ts';
import type { Io } from './io.ts';
import { withSafeRegenerateHint } from './outpath.ts';
import { splitList } from './parse.ts';

export interface GateFlags {
  maxIncrease?: Limit[];
  maxCost?: Extract<Limit, { kind: 'amount' }>[];
  maxCostPerRequest?: Extract<Limit, { kind: 'amount' }>[];
  perGroup?: boolean;
  github?: boolean;
}

/** Repeatable, comma-separable limits: --max-increase 10% --max-increase 5USD, or 10%,5USD. */
function limits<T extends Limit>(option: string, allowPercent: boolean) {
  return (value: string, previous: T[] | undefined): T[] => {
    const parsed = splitList(value).map((item) => {
      const limit = parseLimit(item, allowPercent);
      if (typeof limit === 'string') throw new UsageError(`${option}: ${limit}`);
      return limit as T;
    });
    return [...(previous ?? []), ...parsed];
  };
}

export function addGateOptions(command: Command): Command {
  return command
    .option('--max-increase <limit>', 'fail (exit 1) when cost grows more than this over the baseline: 10% or 5USD (repeatable; each is checked)', limits('--max-increase', true))
    .option('--max-cost <amount>', 'fail when the current cost exceeds this budget, e.g. 100USD (repeatable, one per currency)', limits('--max-cost', false))
    .option('--max-cost-per-request <amount>', 'fail when the current cost per request exceeds this, e.g. 0.01USD', limits('--max-cost-per-request', false))
    .option('--per-group', 'check the policies for every group too, not only the total')
    .option('--github', 'also append the Markdown summary to $GITHUB_STEP_SUMMARY (GitHub Actions)');
}

export function policiesFrom(flags: GateFlags): Policies {
  return {
    maxIncrease: flags.maxIncrease ?? [],
    maxCost: flags.maxCost ?? [],
    maxCostPerRequest: flags.maxCostPerRequest ?? [],
    perGroup: flags.perGroup ?? false,
  };
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

/** Compares, renders, writes; returns the exit code (1 when a policy failed). */
export function runGate(io: Io, baselineFile: string, baseline: Report, current: Report, flags: GateFlags & { format: OutputFormat; out?: string; color: boolean }): number {
  assertComparable(baselineFile, baseline, current);
  const comparison: Comparison = compareReports(baseline, current, policiesFrom(flags));
  const text = comparisonRenderers[flags.format](comparison, { color: flags.color && !flags.out && io.stdoutIsTTY && !io.noColorEnv && flags.format === 'table' });
  if (flags.out) io.writeFile(flags.out, text);
  else io.stdout(text);
  if (flags.github) appendStepSummary(io, comparisonRenderers.markdown(comparison));
  for (const failed of comparison.policies.filter((p) => !p.passed)) io.stderr(`llm-audit: policy failed: ${failed.policy} on ${failed.scope}: ${failed.actual} (limit ${failed.limit})\n`);
  return comparison.passed ? 0 : 1;
}

export function appendStepSummary(io: Io, markdown: string): void {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!file) {
    io.stderr('llm-audit: --github: GITHUB_STEP_SUMMARY is not set (not in GitHub Actions?); no summary written\n');
    return;
  }
  io.appendFile(file, `${markdown}\n`);
}

// The CI gate: baseline vs current, the usage/price split, policies and exit codes, Markdown.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FROZEN_PRICING, run } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];
const dir = mkdtempSync(join(tmpdir(), 'llm-audit-gate-'));
const reportOf = (name: string) => join(dir, `${name}.json`);

function save(name: string, args: string[]): void {
  const result = run([...args, ...frozen, '--format', 'json', '--out', reportOf(name)]);
  if (result.code !== 0) throw new Error(`${name}: exit ${result.code}: ${result.stderr}`);
}

function diff(base: string, current: string, args: string[] = []) {
  const result = run(['diff', reportOf(base), reportOf(current), '--format', 'json', ...args]);
  return { ...result, comparison: result.stdout ? JSON.parse(result.stdout) : undefined };
}

beforeAll(() => {
  for (const name of ['base', 'plus20', 'minus40', 'new-model', 'removed-model']) save(name, [`fixtures/gate/${name}.jsonl`]);
  save('before-cut', ['fixtures/cli/deepseek-cut.jsonl', '--as-of', '2025-09-28']);
  save('after-cut', ['fixtures/cli/deepseek-cut.jsonl', '--as-of', '2025-09-30']);
});

describe('llm-audit diff', () => {
  it('an increase of 20% fails --max-increase 10% (exit 1) and passes 25% (exit 0)', () => {
    const failing = diff('base', 'plus20', ['--max-increase', '10%']);
    expect(failing.code).toBe(1);
    expect(failing.comparison.totals).toMatchObject([{ currency: 'USD', baseline: { cost: '0.11483', requests: 10 }, current: { cost: '0.137796', requests: 12 }, delta: '0.022966', deltaPercent: '20.00' }]);
    expect(failing.comparison.policies).toEqual([{ policy: '--max-increase 10%', scope: 'total', currency: 'USD', actual: '20.00%', limit: '10%', passed: false }]);
    expect(failing.stderr).toMatch(/policy failed: --max-increase 10% on total: 20.00%/);
    expect(diff('base', 'plus20', ['--max-increase', '25%']).code).toBe(0);
  });

  it('more traffic at the same prices is all usage-driven', () => {
    const [total] = diff('base', 'plus20').comparison.totals;
    expect(total).toMatchObject({ usageDriven: '0.022966', priceDriven: '0' });
  });

  it('a decrease passes and is reported as negative', () => {
    const { code, comparison } = diff('base', 'minus40', ['--max-increase', '0%']);
    expect(code).toBe(0);
    expect(comparison.totals[0]).toMatchObject({ delta: '-0.045932', deltaPercent: '-40.00', usageDriven: '-0.045932', priceDriven: '0' });
  });

  it('the same log repriced across a price cut is all price-driven, with zero usage-driven change', () => {
    const { comparison } = diff('before-cut', 'after-cut');
    expect(comparison.totals[0]).toMatchObject({ delta: '-1.8368', priceDriven: '-1.8368', usageDriven: '0' });
    expect(comparison.groups[0]).toMatchObject({ key: { model: 'deepseek-chat' }, status: 'changed', priceDriven: '-1.8368', usageDriven: '0' });
  });

  it('a new model is a new group, all usage-driven; absolute limits apply to it with --per-group', () => {
    const { code, comparison } = diff('base', 'new-model', ['--per-group', '--max-increase', '0.02USD']);
    const added = comparison.groups.find((g: any) => g.key.model === 'o3-mini');
    expect(added).toMatchObject({ status: 'new', delta: '0.0286', deltaPercent: null, usageDriven: '0.0286', priceDriven: '0' });
    expect(code).toBe(1);
    expect(comparison.policies.filter((p: any) => !p.passed).map((p: any) => p.scope)).toEqual(['total', 'model=o3-mini']);
  });

  it('a removed model is a removed group', () => {
    const { comparison } = diff('base', 'removed-model');
    expect(comparison.groups.find((g: any) => g.key.model === 'deepseek-chat')).toMatchObject({ status: 'removed', delta: '-0.01358', current: { requests: 0, cost: '0' } });
  });

  it('budgets: --max-cost and --max-cost-per-request', () => {
    expect(diff('base', 'plus20', ['--max-cost', '0.1USD']).code).toBe(1);
    expect(diff('base', 'plus20', ['--max-cost', '1USD']).code).toBe(0);
    // 0.137796 / 12 = 0.011483 per request
    const perRequest = diff('base', 'plus20', ['--max-cost-per-request', '0.01USD']);
    expect(perRequest.code).toBe(1);
    expect(perRequest.comparison.policies[0]).toMatchObject({ actual: '0.011483 USD', passed: false });
  });

  it('refuses a baseline of an unsupported schema version with the command that regenerates it (exit 2)', () => {
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify({ ...JSON.parse(readFileSync(reportOf('base'), 'utf8')), schemaVersion: 0 }));
    const result = run(['diff', old, reportOf('base')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/schemaVersion 0 is not supported.*regenerate it with this version: llm-audit <logs…> --format json --out .*old\.json/);
  });

  it('exits 2 on a bad policy value or a missing report, without a stack trace', () => {
    const bad = run(['diff', reportOf('base'), reportOf('plus20'), '--max-increase', 'ten']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-increase: "ten" is not a limit; write a percentage such as 10% or an amount/);
    const missing = run(['diff', join(dir, 'nope.json'), reportOf('base')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.json: no such file/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('--baseline on a run, Markdown and GitHub summary', () => {
  it('gates a run against a saved baseline and names the regression in Markdown', async () => {
    const summary = join(dir, 'summary.md');
    const result = run(['fixtures/gate/plus20.jsonl', ...frozen, '--baseline', reportOf('base'), '--max-increase', '10%', '--format', 'markdown', '--github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(result.code).toBe(1);
    await expect(result.stdout).toMatchFileSnapshot('../snapshots/gate-regression.md');
    expect(readFileSync(summary, 'utf8')).toBe(`${result.stdout}\n`);
  });

  it('refuses a baseline grouped differently', () => {
    const result = run(['fixtures/gate/plus20.jsonl', ...frozen, '--baseline', reportOf('base'), '--group-by', 'day']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/grouped by model but this run by day; run with --group-by model/);
  });

  it('renders a plain report as Markdown for a PR comment', async () => {
    const result = run(['fixtures/gate/new-model.jsonl', 'fixtures/cli/mixed-problems.jsonl', ...frozen, '--format', 'markdown', '--compare', 'gpt-5']);
    // The pricing hash is asserted elsewhere; here it would tie the golden file to the fixture bytes.
    await expect(result.stdout.replace(/sha256:[0-9a-f]{64}/, 'sha256:<hash>')).toMatchFileSnapshot('../snapshots/report.md');
  });
});

// Issue 17, items 1 and 2: per-team what-if rows and swap scenarios, as a user runs them. The sums
// and the thread/wire behaviour are tested in-process (src/report/build-whatif.test.ts).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FROZEN_PRICING, runIn, runJsonIn } from './run.ts';

const LOG = 'fixtures/logs/three-models-teams.csv';
const frozen = ['--pricing-dir', FROZEN_PRICING];

describe('--group-by tag:team --compare a,b --swap, --scenario', () => {
  it('gives each team its what-if rows and scenario figures, in JSON and in the what-if CSV', async () => {
    const csv = join(mkdtempSync(join(tmpdir(), 'llm-audit-swap-')), 'w.csv');
    const args = [LOG, ...frozen, '--group-by', 'tag:team', '--compare', 'qwen3-max,gpt-5', '--swap', 'claude-sonnet-4-5*=gpt-5', '--scenario', 'ds=deepseek-*=qwen3-max,mistral*=gpt-5', '--what-if-csv', csv];
    const { code, report, stderr } = await runJsonIn(args);
    expect(code).toBe(0);
    expect(report.groups.map((g: any) => g.key['tag:team']).sort()).toEqual(['ads', 'infra', 'search']);
    for (const g of report.groups) {
      expect(g.whatIf.map((w: any) => w.model)).toEqual(['qwen3-max', 'gpt-5']);
      expect(g.scenarios.map((s: any) => s.name)).toEqual(['swap', 'ds']);
      expect(g.scenarios[0].requests.swapped).toBe(1);
    }
    expect(report.options.scenarios).toEqual([
      { name: 'swap', rules: [{ pattern: 'claude-sonnet-4-5*', target: 'gpt-5' }] },
      { name: 'ds', rules: [{ pattern: 'deepseek-*', target: 'qwen3-max' }, { pattern: 'mistral*', target: 'gpt-5' }] },
    ]);
    expect(report.scenarios.map((s: any) => s.rules.map((r: any) => r.rows))).toEqual([[3], [3, 0]]);
    expect(stderr).toContain('llm-audit: warning: scenario "ds": the pattern "mistral*" (→ gpt-5) matched no priced row');
    expect(stderr).toContain('what-if of 2 models and 2 scenarios written to');
    const rows = parse(readFileSync(csv, 'utf8'), { columns: true }) as Record<string, string>[];
    const groupRows = rows.filter((r) => r.scope === 'group');
    // One row per (team, target or scenario), all in USD here.
    expect(groupRows).toHaveLength(3 * 4);
    const search = groupRows.filter((r) => r['group.tag:team'] === 'search');
    expect(search.map((r) => [r.kind, r.model])).toEqual([['target', 'qwen3-max'], ['target', 'gpt-5'], ['scenario', 'swap'], ['scenario', 'ds']]);
    const g = report.groups.find((x: any) => x.key['tag:team'] === 'search');
    expect(search[2]?.delta).toBe(g.scenarios[0].delta.USD);
    expect(search[2]?.swapped_requests).toBe('1');
    expect(rows.filter((r) => r.scope === 'total' && r.kind === 'scenario').map((r) => r.rules)).toEqual(['claude-sonnet-4-5*=gpt-5', 'deepseek-*=qwen3-max,mistral*=gpt-5']);
  });

  it('the table shows the scenarios and a column per target for each team', async () => {
    const { code, stdout } = await runIn([LOG, ...frozen, '--group-by', 'tag:team', '--compare', 'qwen3-max', '--swap', 'claude-sonnet-4-5*=gpt-5']);
    expect(code).toBe(0);
    expect(stdout).toContain('Swap scenarios');
    expect(stdout).toMatch(/│ team +│ +Actual │ +qwen3-max │ +Delta │ scenario swap │ +Delta │/);
    expect(stdout).toMatch(/│ swap +│ claude-sonnet-4-5\* → gpt-5 \(3\) │ +3 of 9 │/);
  });

  it.each([
    [['--swap', 'claude-sonnet-4-5*'], /--swap: "claude-sonnet-4-5\*" is not PATTERN=TARGET/],
    [['--swap', 'claude*=gpt-6'], /--swap: no price data for target "gpt-6"/],
  ])('refuses %j with exit 2 and a clear message', async (extra, message) => {
    const result = await runIn([LOG, ...frozen, ...extra]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

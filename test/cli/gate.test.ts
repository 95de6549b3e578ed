// The CI gate: baseline vs current, the volume/mix/price split, policies and exit codes, the rows
// each side could not price or read, Markdown. Issue 13, cases 1, 2, 3, 4, 6, 8 and the exit codes.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { FROZEN_PRICING, runIn } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];
const mini = ['--pricing', 'fixtures/pricing/gate-mix/gpt-4o-mini.json'];
const dir = mkdtempSync(join(tmpdir(), 'llm-audit-gate-'));
const reportOf = (name: string) => join(dir, `${name}.json`);
const at = (name: string) => join(dir, name);

async function save(name: string, args: string[]): Promise<void> {
  const result = await runIn([...args, ...frozen, '--format', 'json', '--out', reportOf(name)]);
  if (result.code !== 0) throw new Error(`${name}: exit ${result.code}: ${result.stderr}`);
}

async function diff(base: string, current: string, args: string[] = []) {
  const result = await runIn(['diff', reportOf(base), reportOf(current), '--format', 'json', ...args]);
  return { ...result, comparison: result.stdout ? JSON.parse(result.stdout) : undefined };
}

const failed = (comparison: any) => comparison.policies.filter((p: any) => !p.passed).map((p: any) => p.policy);
const base = readFileSync('fixtures/gate/base.jsonl', 'utf8');

beforeAll(async () => {
  for (const name of ['base', 'plus20', 'minus40', 'new-model', 'removed-model']) await save(name, [`fixtures/gate/${name}.jsonl`]);
  await save('before-cut', ['fixtures/cli/deepseek-cut.jsonl', '--as-of', '2025-09-28']);
  await save('after-cut', ['fixtures/cli/deepseek-cut.jsonl', '--as-of', '2025-09-30']);
  await save('all-mini', ['fixtures/gate/mix/all-mini.jsonl', ...mini]);
  await save('half-moved', ['fixtures/gate/mix/half-moved.jsonl', ...mini]);
  await save('example-base', ['fixtures/gate/mix/example-base.jsonl', ...mini]);
  await save('example-current', ['fixtures/gate/mix/example-current.jsonl', ...mini, '--pricing', 'fixtures/pricing/gate-mix/gpt-4o-cut.json']);
  // Case 1: gpt-5 renamed to an id no pricing data knows; 3 lines that are not JSON.
  writeFileSync(at('renamed.jsonl'), base.replaceAll('"gpt-5"', '"gpt-5-internal-preview"'));
  writeFileSync(at('with-garbage.jsonl'), `${base}not json\n{"half": \n\u0000\u0001binary\n`);
  // Case 8: a truncated gzip and a binary file named .jsonl.
  writeFileSync(at('truncated.jsonl.gz'), gzipSync(Buffer.from(base)).subarray(0, 200));
  writeFileSync(at('binary.jsonl'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 10, 0, 0x40, 0, 0x1f, 0, 10]));
  writeFileSync(at('empty.jsonl'), '');
  await save('empty', [at('empty.jsonl')]);
});

describe('llm-audit diff', () => {
  it('an increase of 20% fails --max-increase 10% (exit 1) and passes 25% (exit 0)', async () => {
    const failing = await diff('base', 'plus20', ['--max-increase', '10%']);
    expect(failing.code).toBe(1);
    expect(failing.comparison).toMatchObject({ kind: 'llm-audit.comparison', schemaVersion: 2 });
    expect(failing.comparison.totals).toMatchObject([{ currency: 'USD', baseline: { cost: '0.11483', requests: 10 }, current: { cost: '0.137796', requests: 12 }, delta: '0.022966', deltaPercent: '20.00' }]);
    expect(failing.comparison.policies).toEqual([
      { policy: '--max-unpriced baseline (default)', scope: 'total', currency: null, actual: '0 of 12 rows (0.00%) unpriced or rejected', limit: "the baseline's 0 of 10 rows (0.00%)", passed: true, fx: null },
      { policy: '--max-increase 10%', scope: 'total', currency: 'USD', actual: '20.00%', limit: '10%', passed: false, fx: null },
    ]);
    expect(failing.stderr).toMatch(/policy failed: --max-increase 10% on total: 20.00%/);
    expect((await diff('base', 'plus20', ['--max-increase', '25%'])).code).toBe(0);
  });

  it('more traffic at the same prices is all volume', async () => {
    const [total] = (await diff('base', 'plus20')).comparison.totals;
    expect(total).toMatchObject({ volume: '0.022966', mix: '0', price: '0' });
  });

  it('a decrease passes and is reported as negative', async () => {
    const { code, comparison } = await diff('base', 'minus40', ['--max-increase', '0%']);
    expect(code).toBe(0);
    expect(comparison.totals[0]).toMatchObject({ delta: '-0.045932', deltaPercent: '-40.00', volume: '-0.045932', mix: '0', price: '0' });
  });

  it('the same log repriced across a price cut is all price', async () => {
    const { comparison } = await diff('before-cut', 'after-cut');
    expect(comparison.totals[0]).toMatchObject({ delta: '-1.8368', price: '-1.8368', volume: '0', mix: '0' });
    expect(comparison.groups[0]).toMatchObject({ key: { model: 'deepseek-chat' }, status: 'changed', price: '-1.8368', volume: '0', mix: '0' });
  });

  it('a new model is a new group, all mix; absolute limits apply to it with --per-group', async () => {
    const { code, comparison } = await diff('base', 'new-model', ['--per-group', '--max-increase', '0.02USD']);
    const added = comparison.groups.find((g: any) => g.key.model === 'o3-mini');
    expect(added).toMatchObject({ status: 'new', delta: '0.0286', deltaPercent: null, volume: '0', mix: '0.0286', price: '0' });
    expect(code).toBe(1);
    expect(comparison.policies.filter((p: any) => !p.passed).map((p: any) => p.scope)).toEqual(['total', 'model=o3-mini']);
  });

  it('a removed model is a removed group', async () => {
    const { comparison } = await diff('base', 'removed-model');
    expect(comparison.groups.find((g: any) => g.key.model === 'deepseek-chat')).toMatchObject({ status: 'removed', delta: '-0.01358', current: { requests: 0, cost: '0' } });
  });

  it('budgets: --max-cost and --max-cost-per-request', async () => {
    expect((await diff('base', 'plus20', ['--max-cost', '0.1USD'])).code).toBe(1);
    expect((await diff('base', 'plus20', ['--max-cost', '1USD'])).code).toBe(0);
    // 0.137796 / 12 = 0.011483 per request
    const perRequest = await diff('base', 'plus20', ['--max-cost-per-request', '0.01USD']);
    expect(perRequest.code).toBe(1);
    expect(perRequest.comparison.policies.find((p: any) => p.policy.startsWith('--max-cost-per-request'))).toMatchObject({ actual: '0.011483 USD', passed: false });
  });

  it('refuses a baseline of an unsupported schema version with the command that regenerates it (exit 2)', async () => {
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify({ ...JSON.parse(readFileSync(reportOf('base'), 'utf8')), schemaVersion: 0 }));
    const result = await runIn(['diff', old, reportOf('base')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/schemaVersion 0 is not supported.*regenerate it with this version: llm-audit <logs…> --format json --out .*old\.json/);
  });

  it('exits 2 on a bad policy value or a missing report, without a stack trace', async () => {
    const bad = await runIn(['diff', reportOf('base'), reportOf('plus20'), '--max-increase', 'ten']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-increase: "ten" is not a limit; write 10% \(of the baseline\), or an amount: 5USD, 5 USD, \$5, ¥5 \(CNY\), 5CNY/);
    const missing = await runIn(['diff', join(dir, 'nope.json'), reportOf('base')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.json: no such file/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});

// Case 4: with prices unchanged, moving 50 of 100 requests from gpt-4o-mini to gpt-4o showed
// "Price-driven USD +0.1645" in the total while every group showed 0.
describe('volume, mix and price (case 4)', () => {
  it('moving traffic between models at unchanged prices is mix, in the total and in the groups', async () => {
    const { comparison } = await diff('all-mini', 'half-moved');
    expect(comparison.totals).toMatchObject([{ delta: '0.1645', volume: '0', mix: '0.1645', price: '0' }]);
    expect(comparison.groups).toMatchObject([
      { key: { model: 'gpt-4o' }, status: 'new', delta: '0.175', volume: '0', mix: '0.175', price: '0' },
      { key: { model: 'gpt-4o-mini' }, delta: '-0.0105', volume: '0', mix: '-0.0105', price: '0' },
    ]);
  });

  it("the README's worked example: the three parts, and the groups adding up to the total exactly", async () => {
    const { comparison } = await diff('example-base', 'example-current');
    expect(comparison.totals).toMatchObject([{ baseline: { cost: '0.0868', requests: 100 }, current: { cost: '0.22575', requests: 150 }, delta: '0.13895', volume: '0.0434', mix: '0.14805', price: '-0.0525' }]);
    expect(comparison.groups).toMatchObject([
      { key: { model: 'gpt-4o' }, delta: '0.14', volume: '0.035', mix: '0.1575', price: '-0.0525' },
      { key: { model: 'gpt-4o-mini' }, delta: '-0.00105', volume: '0.0084', mix: '-0.00945', price: '0' },
    ]);
    const markdown = (await runIn(['diff', reportOf('example-base'), reportOf('example-current'), '--format', 'markdown'])).stdout;
    expect(markdown).toContain('| Model | Baseline | Current | Delta | Delta % | Volume | Mix | Price | Requests | Cost / request |');
    expect(markdown).toContain('| **Total** | **USD 0.086800** | **USD 0.225750** | **USD +0.138950** | **+160.08%** | **USD +0.043400** | **USD +0.148050** | **USD -0.052500** | **100 → 150** |');
    const csv = (await runIn(['diff', reportOf('example-base'), reportOf('example-current'), '--format', 'csv'])).stdout.split('\r\n');
    expect(csv[0]).toMatch(/^scope,model,currency,status,baseline_requests,baseline_cost,current_requests,current_cost,delta,delta_percent,volume,mix,price,/);
    expect(csv[1]).toMatch(/^total,,USD,changed,100,0.0868,150,0.22575,0.13895,160.08,0.0434,0.14805,-0.0525,/);
  });
});

// Case 1: unpriced and rejected rows passed the gate, and the verdict never said so.
describe('unpriced and rejected rows (case 1)', () => {
  it('a model renamed to an unknown id fails the gate by default, and every format says how many rows are unpriced', async () => {
    const gate = [at('renamed.jsonl'), ...frozen, '--baseline', reportOf('base'), '--max-increase', '10%'];
    const json = await runIn([...gate, '--format', 'json']);
    expect(json.code).toBe(1);
    const comparison = JSON.parse(json.stdout);
    expect(comparison.current).toMatchObject({ rows: { read: 10, priced: 5, unpriced: 5, rejected: 0 }, problemShare: '50.00', unpriced: [{ model: 'gpt-5-internal-preview', requests: 5 }] });
    expect(comparison.baseline).toMatchObject({ rows: { read: 10, priced: 10, unpriced: 0, rejected: 0 }, problemShare: '0.00' });
    expect(failed(comparison)).toEqual(['--max-unpriced baseline (default)']);
    expect(json.stderr).toMatch(/policy failed: --max-unpriced baseline \(default\) on total: 5 of 10 rows \(50.00%\) unpriced or rejected/);

    const markdown = (await runIn([...gate, '--format', 'markdown'])).stdout;
    expect(markdown).toMatch(/^### ❌ LLM cost regression: USD -0.101250 \(-88.17%\) against the baseline, not counting 5 of 10 rows unpriced; 1 policy failed/);
    expect(markdown).toContain('**Current:** 10 rows read: 5 priced, 5 unpriced, 0 rejected.<br>**Baseline:** 10 rows read: 10 priced, 0 unpriced, 0 rejected.');
    expect(markdown).toMatch(/<summary>5 rows unpriced in the current run \(not in any cost above\)<\/summary>\n\n- gpt-5-internal-preview: 5 requests/);
    const table = (await runIn(gate)).stdout;
    expect(table).toMatch(/Current: {2}10 rows read: 5 priced, 5 unpriced, 0 rejected\nBaseline: 10 rows read: 10 priced, 0 unpriced, 0 rejected/);
    const csv = (await runIn([...gate, '--format', 'csv'])).stdout.split('\r\n');
    expect(csv[0]).toMatch(/,current_rows_read,current_unpriced_rows,current_rejected_rows,current_unpriced_models,current_rejected_files$/);
    expect(csv[1]).toMatch(/^total,.*,10,0,0,,,10,5,0,gpt-5-internal-preview \(5\),$/);
  });

  it('rejected rows fail the gate by default too, listed with file:line', async () => {
    const result = await runIn([at('with-garbage.jsonl'), ...frozen, '--baseline', reportOf('base')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/not counting 3 of 13 rows rejected; 1 policy failed/);
    expect(result.stdout).toMatch(/Rejected in the current run \(3 rows, malformed or unreadable\):\n {2}\S*with-garbage\.jsonl:11: not valid JSON/);
  });

  it('--max-unpriced sets the limit: N rows, N%, 0', async () => {
    const gate = async (limit: string) => (await runIn([at('renamed.jsonl'), ...frozen, '--baseline', reportOf('base'), '--max-unpriced', limit])).code;
    expect(await gate('5 requests')).toBe(0);
    expect(await gate('4')).toBe(1);
    expect(await gate('50%')).toBe(0);
    expect(await gate('49.9%')).toBe(1);
    expect(await gate('0')).toBe(1);
    const bad = await runIn([at('renamed.jsonl'), ...frozen, '--baseline', reportOf('base'), '--max-unpriced', '5pct']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-unpriced: "5pct" is not a limit on unpriced and rejected rows; write 0, N \(rows\), N requests, N%, or baseline/);
  });

  it('unpriced rows already in the baseline are shown, and do not fail the default', async () => {
    await save('renamed', [at('renamed.jsonl')]);
    const result = await diff('renamed', 'renamed');
    expect(result.code).toBe(0);
    expect(result.comparison.baseline.rows.unpriced).toBe(5);
  });
});

// Case 2: an empty or missing log passed, even with --strict.
describe('empty input (case 2)', () => {
  it('no rows read is exit 1 in a gate run, 3 with --strict; a missing log is 2', async () => {
    const gate = await runIn([at('empty.jsonl'), ...frozen, '--baseline', reportOf('base')]);
    expect(gate.code).toBe(1);
    expect(gate.stderr).toMatch(/policy failed: non-empty input \(default\) on current: no rows read/);
    expect(gate.stdout).toMatch(/Current: {2}0 rows read: 0 priced, 0 unpriced, 0 rejected/);
    expect((await runIn([at('empty.jsonl'), ...frozen, '--baseline', reportOf('base'), '--strict'])).code).toBe(3);
    expect((await runIn([at('empty.jsonl'), ...frozen, '--strict'])).code).toBe(3);
    expect((await runIn([at('empty.jsonl'), ...frozen, '--max-cost', '5USD'])).code).toBe(1);
    expect((await diff('base', 'empty')).code).toBe(1);
    expect((await diff('empty', 'base')).comparison.policies.filter((p: any) => !p.passed)).toMatchObject([{ policy: 'non-empty input (default)', scope: 'baseline' }]);
    expect((await runIn([at('no-such-log.jsonl'), ...frozen, '--baseline', reportOf('base')])).code).toBe(2);
  });
});

// Case 3: limits that check nothing were accepted.
describe('limits are parsed strictly (case 3)', () => {
  it('10pct is exit 2 with the accepted forms, not a currency "PCT"', async () => {
    const result = await runIn(['fixtures/gate/plus20.jsonl', ...frozen, '--baseline', reportOf('base'), '--max-increase', '10pct']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--max-increase: "10pct" is not a limit: PCT is not a currency the pricing data or the FX table knows \(CNY, USD\); write 10% \(of the baseline\), or an amount: 5USD, 5 USD, \$5, ¥5 \(CNY\), 5CNY/);
    expect((await runIn(['diff', reportOf('base'), reportOf('plus20'), '--max-increase', '10pct'])).code).toBe(2);
  });

  it('accepts 5USD, 5 USD, $5, ¥5 and 5CNY', async () => {
    for (const limit of ['0.1USD', '0.1 USD', '$0.1']) expect((await diff('base', 'plus20', ['--max-cost', limit])).code).toBe(1);
    for (const limit of ['¥5', '5CNY', '5 cny']) expect((await diff('base', 'plus20', ['--max-cost', limit])).code).toBe(0);
  });

  it('a limit in another currency is converted with the rate of the FX table, which the verdict names', async () => {
    // The frozen FX table has USDCNY 7.2 for 2025-10: ¥0.72 = USD 0.1, under the current USD 0.137796.
    const over = await runIn(['fixtures/gate/plus20.jsonl', ...frozen, '--max-cost', '0.72CNY', '--format', 'json']);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/policy failed: --max-cost 0.72 CNY on total: 0.137796 USD \(limit 0.1 USD; 0.72 CNY = 0.1 USD at USDCNY 7.2 \(2025-10, fixtures\/pricing\/frozen\/fx.json\)\)/);
    const converted = await diff('base', 'plus20', ['--max-cost', '5CNY', '--fx', 'USDCNY=10']);
    expect(converted.comparison.policies.find((p: any) => p.policy === '--max-cost 5 CNY')).toMatchObject({ currency: 'USD', limit: '0.5 USD', fx: '5 CNY = 0.5 USD at USDCNY 10 (--fx USDCNY=10)', passed: true });
  });

  it('a limit in a currency that nothing converts is exit 2, and says how to give a rate', async () => {
    // The frozen FX table has USDCNY for 2025-09 and 2025-10 only; these requests are of 2025-11.
    writeFileSync(at('november.jsonl'), base.replaceAll('"created": 17593128', '"created": 17620000'));
    const result = await runIn([at('november.jsonl'), ...frozen, '--max-cost', '5CNY']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--max-cost 5CNY: the costs are in USD, and no exchange rate converts CNY into USD for 2025-11 \(the FX table has none\); pass one such as --fx USDCNY=RATE, or write the limit in USD \(--max-cost 5USD\)/);
    expect((await runIn([at('november.jsonl'), ...frozen, '--max-cost', '5CNY', '--fx', 'USDCNY=7'])).code).toBe(0);
    // A currency neither the pricing data nor the FX table knows: exit 2 before any log is read.
    expect((await runIn([at('november.jsonl'), ...frozen, '--max-cost', '5EUR'])).stderr).toMatch(/EUR is not a currency the pricing data or the FX table knows \(CNY, USD\)/);
  });

  it('--max-cost and --max-cost-per-request work without --baseline; --max-increase needs one', async () => {
    const over = await runIn(['fixtures/gate/base.jsonl', ...frozen, '--max-cost', '0.1USD']);
    expect(over.code).toBe(1);
    expect(over.stdout).toMatch(/Gate policies: 1 of 2 failed\n {2}pass --max-unpriced 0 rows \(default\) on total: 0 of 10 rows \(0.00%\) unpriced or rejected \(limit 0 rows\)\n {2}FAIL --max-cost 0.1 USD on total: 0.11483 USD \(limit 0.1 USD\)/);
    expect(over.stderr).toMatch(/policy failed: --max-cost 0.1 USD on total: 0.11483 USD/);
    expect((await runIn(['fixtures/gate/base.jsonl', ...frozen, '--max-cost', '$1'])).code).toBe(0);
    expect((await runIn(['fixtures/gate/base.jsonl', ...frozen, '--max-cost-per-request', '0.01USD', '--format', 'json'])).code).toBe(1);
    expect((await runIn(['fixtures/gate/base.jsonl', ...frozen, '--max-cost-per-request', '0.02USD', '--format', 'csv'])).code).toBe(0);
    // Unpriced rows fail a budget run by default: the budget would not see their cost.
    expect((await runIn([at('renamed.jsonl'), ...frozen, '--max-cost', '$1'])).code).toBe(1);
    const increase = await runIn(['fixtures/gate/base.jsonl', ...frozen, '--max-increase', '10%']);
    expect(increase.code).toBe(2);
    expect(increase.stderr).toMatch(/--max-increase needs --baseline FILE/);
    const help = (await runIn(['report', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/--max-cost <amount> fail \(exit 1\) when the current cost is over this budget, such as 5USD, 5 USD, \$5, ¥5 \(CNY\) or 5CNY; works without --baseline too/);
    expect(help).toMatch(/--max-cost-per-request <amount> fail \(exit 1\) when the current cost per request is over this, such as 0.01USD; works without --baseline too/);
  });
});

// Case 8 and the exit codes: 0 ok, 1 a policy failed, 2 could not run, 3 --strict found problems.
describe('exit codes and broken input files (case 8)', () => {
  it('--strict is exit 3, not 2 (the code of a bad option)', async () => {
    const strict = await runIn([at('truncated.jsonl.gz'), at('binary.jsonl'), ...frozen, '--strict']);
    expect(strict.code).toBe(3);
    // The binary file has two lines (one newline byte), the gzip one cut line.
    expect(strict.stderr).toMatch(/--strict: 3 rejected and 0 unpriced rows/);
    expect((await runIn([at('truncated.jsonl.gz'), at('binary.jsonl'), ...frozen])).code).toBe(0);
    expect((await runIn(['fixtures/gate/base.jsonl', ...frozen, '--strict', '--max-increase', '1%'])).code).toBe(2);
  });

  it('a truncated gzip and a binary .jsonl are listed in every format of the verdict, and fail the gate', async () => {
    const gate = [at('truncated.jsonl.gz'), at('binary.jsonl'), ...frozen, '--baseline', reportOf('base')];
    const outputs: Record<string, Awaited<ReturnType<typeof runIn>>> = {};
    for (const f of ['table', 'json', 'csv', 'markdown']) outputs[f] = await runIn([...gate, '--format', f]);
    for (const [format, result] of Object.entries(outputs)) {
      expect(result.code, format).toBe(1);
      expect(result.stdout, format).toContain('truncated.jsonl.gz');
      expect(result.stdout, format).toContain('binary.jsonl');
    }
    expect(outputs.markdown?.stdout).toMatch(/truncated\.jsonl\.gz:\d+: gzip stream ends early/);
    expect(outputs.table?.stdout).toMatch(/binary\.jsonl:1: not valid JSON/);
    // Control characters of the binary are not written into the verdict.
    expect(outputs.markdown?.stdout).not.toMatch(/[\u0000-\u0008]/);
  });
});

describe('options that do nothing with --baseline', () => {
  it('--compare and --decimals are errors (exit 2) that say why', async () => {
    const compare = await runIn(['fixtures/gate/plus20.jsonl', ...frozen, '--baseline', reportOf('base'), '--compare', 'gpt-5']);
    expect(compare.code).toBe(2);
    expect(compare.stderr).toMatch(/--compare does nothing with --baseline: the comparison shows neither what-if costs nor rounded CSV costs/);
    const both = await runIn(['fixtures/gate/plus20.jsonl', ...frozen, '--baseline', reportOf('base'), '--decimals', '2', '--compare', 'gpt-5']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--compare and --decimals do nothing with --baseline/);
  });
});

// Case 6: `diff` given a log must not suggest a command that writes over that log.
describe('diff given a log (case 6)', () => {
  it.each([
    ['as the baseline', (log: string) => ['diff', log, reportOf('base')]],
    ['as the current report', (log: string) => ['diff', reportOf('base'), log]],
  ])('%s: suggests a report path that is not the log', async (_, args) => {
    const log = at('requests.jsonl');
    copyFileSync('fixtures/gate/base.jsonl', log);
    const result = await runIn(args(log));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/it looks like a request log: make a JSON report of it with: llm-audit \S*requests\.jsonl --format json --out llm-cost-baseline\.json/);
    expect(result.stderr).not.toMatch(/--out \S*requests\.jsonl/);
    expect(readFileSync(log, 'utf8')).toBe(base);
  });
});

describe('--baseline on a run, Markdown and GitHub summary', () => {
  it('gates a run against a saved baseline and names the regression in Markdown', async () => {
    const summary = join(dir, 'summary.md');
    const result = await runIn(['fixtures/gate/plus20.jsonl', ...frozen, '--baseline', reportOf('base'), '--max-increase', '10%', '--format', 'markdown', '--github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(result.code).toBe(1);
    await expect(result.stdout).toMatchFileSnapshot('../snapshots/gate-regression.md');
    expect(readFileSync(summary, 'utf8')).toBe(`${result.stdout}\n`);
  });

  it('refuses a baseline grouped differently', async () => {
    const result = await runIn(['fixtures/gate/plus20.jsonl', ...frozen, '--baseline', reportOf('base'), '--group-by', 'day']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/grouped by model but this run by day; run with --group-by model/);
  });

  it('renders a plain report as Markdown for a PR comment', async () => {
    const result = await runIn(['fixtures/gate/new-model.jsonl', 'fixtures/cli/mixed-problems.jsonl', ...frozen, '--format', 'markdown', '--compare', 'gpt-5']);
    // The pricing hash is asserted elsewhere; here it would tie the golden file to the fixture bytes.
    await expect(result.stdout.replace(/sha256:[0-9a-f]{64}/, 'sha256:<hash>')).toMatchFileSnapshot('../snapshots/report.md');
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FROZEN_PRICING, run, runJson, SAMPLES, runIn, runJsonIn } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];

describe('dated prices (the seed: DeepSeek price cut of 2025-09-29)', () => {
  it('prices each request with the table in force at its timestamp', async () => {
    const { code, report } = await runJsonIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--group-by', 'day']);
    expect(code).toBe(0);
    // 1M miss × 0.56 + 200k hit × 0.07 + 500k out × 1.68, then 1M × 0.28 + 200k × 0.028 + 500k × 0.42
    expect(report.groups.map((g: any) => [g.key.day, g.cost.USD])).toEqual([
      ['2025-09-28', '1.414'],
      ['2025-09-30', '0.4956'],
    ]);
    expect(report.totals.cost).toEqual({ USD: '1.9096' });
    expect(report.groups[0].prices[0]).toMatchObject({ model: 'deepseek-chat', effectiveFrom: '2025-09-05T16:00:00Z', currency: 'USD' });
  });

  it('--as-of reprices everything with the tables of one date', async () => {
    expect((await runJsonIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--as-of', '2025-09-28'])).report.totals.cost).toEqual({ USD: '2.828' });
    const after = (await runJsonIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--as-of', '2025-09-30'])).report;
    expect(after.totals.cost).toEqual({ USD: '0.9912' });
    expect(after.options.asOf).toBe('2025-09-30');
  });

  it('uses the CNY book with --region cn, in CNY, never converted', async () => {
    const { report } = await runJsonIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--region', 'cn', '--group-by', 'day']);
    // Before: 1.2M input at ¥4 (no cache-read rate in that book) + 500k × ¥12; after: 1M × ¥2 + 200k × ¥0.2 + 500k × ¥3
    expect(report.groups.map((g: any) => g.cost)).toEqual([{ CNY: '10.8' }, { CNY: '3.54' }]);
  });

  it('bills the off-peak window by the request time of day', async () => {
    const { report } = await runJsonIn(['fixtures/cli/deepseek-offpeak.jsonl', ...frozen, '--group-by', 'model']);
    expect(report.totals.cost).toEqual({ USD: '2.055' });
    expect(report.groups[0].prices.map((p: any) => p.window ?? 'standard').sort()).toEqual(['off-peak', 'standard']);
  });
});

describe('accounting and bad input', () => {
  it('counts every row as priced, unpriced, skipped or rejected, with file:line', async () => {
    const { code, report } = await runJsonIn(['fixtures/cli/mixed-problems.jsonl', ...frozen]);
    expect(code).toBe(0);
    expect(report.rows).toEqual({ read: 5, priced: 2, unpriced: 1, skipped: 0, rejected: 2 });
    const { read, ...parts } = report.rows;
    expect(Object.values(parts).reduce((a: number, b: any) => a + b, 0)).toBe(read);
    expect(report.problems.map((p: any) => `${p.file}:${p.line}`)).toEqual(['fixtures/cli/mixed-problems.jsonl:3', 'fixtures/cli/mixed-problems.jsonl:4']);
    expect(report.problemsTotal).toBe(2);
    expect(report.unpriced).toMatchObject([{ model: 'mystery-model-9000', requests: 1, tokens: { input: 10, output: 5 } }]);
  });

  it('keeps free (a price of 0) apart from unpriced, and excludes unpriced from totals', async () => {
    const { report } = await runJsonIn(['fixtures/cli/mixed-problems.jsonl', ...frozen]);
    expect(report.groups.find((g: any) => g.key.model === 'free-model').cost).toEqual({ USD: '0' });
    // gpt-5: 800 × 1.25 + 200 × 0.125 + 500 × 10 per million; the unknown model adds nothing.
    expect(report.totals.cost).toEqual({ USD: '0.006025' });
    const table = (await runIn(['fixtures/cli/mixed-problems.jsonl', ...frozen])).stdout;
    expect(table).toMatch(/Total \(excl\. unpriced\)/);
    expect(table).toMatch(/Unpriced.*NOT in the totals/);
    expect(table).toMatch(/mystery-model-9000/);
    expect(table).toMatch(/Rejected 2 rows[^\n]*\n {2}fixtures\/cli\/mixed-problems\.jsonl:3: not valid JSON/);
  });

  it('--strict turns rejected or unpriced rows into exit 3 (2 is for a run that could not run)', async () => {
    const result = await runIn(['fixtures/cli/mixed-problems.jsonl', ...frozen, '--strict']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/--strict: 2 rejected and 1 unpriced/);
    expect((await runIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--strict'])).code).toBe(0);
  });

  it('says what is wrong, without a stack trace, for a missing path or a bad option', async () => {
    const missing = await runIn(['no/such/file.jsonl', ...frozen]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no\/such\/file\.jsonl/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const badDate = await runIn(['fixtures/cli/deepseek-cut.jsonl', '--as-of', 'yesterday']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/--as-of: "yesterday" is not a date/);
    const badGroup = await runIn(['fixtures/cli/deepseek-cut.jsonl', '--group-by', 'colour']);
    expect(badGroup.code).toBe(2);
    expect(badGroup.stderr).toMatch(/"colour" is not one of model, provider, day, week, month, session, project, block/);
    const badCompare = await runIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--compare', 'gpt-9']);
    expect(badCompare.code).toBe(2);
    expect(badCompare.stderr).toMatch(/--compare: no price data for "gpt-9"/);
  });

  it('refuses invalid pricing data with the file and JSON path', async () => {
    const result = await runIn(['fixtures/cli/deepseek-cut.jsonl', '--pricing-dir', 'fixtures/pricing/invalid/number-rate.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/number-rate\.json: \$\.models\[0\]\.prices\[0\]\.output: expected a decimal string/);
  });
});

describe('what-if', () => {
  it('prices the same traffic on each target at each request time, with deltas against the same requests', async () => {
    // The logged counts carried over (--target-tokens logged): the prices alone make the difference.
    const { report } = await runJsonIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--compare', 'gpt-5,qwen3-max,deepseek-chat', '--target-tokens', 'logged']);
    const byModel = Object.fromEntries(report.whatIf.map((w: any) => [w.model, w]));
    expect(byModel['deepseek-chat']).toMatchObject({ cost: { USD: '1.9096' }, delta: { USD: '0' }, deltaPercent: '0.00' });
    // gpt-5: 1M × 1.25 + 200k × 0.125 + 500k × 10 = 6.275 per request.
    expect(byModel['gpt-5']).toMatchObject({ requests: 2, cost: { USD: '12.55' }, actualCost: { USD: '1.9096' }, delta: { USD: '10.6404' }, deltaPercent: '557.21' });
    // 1.2M prompt tokens is beyond qwen3-max's last tier: not priced, and said so.
    expect(byModel['qwen3-max']).toMatchObject({ requests: 0, notPriced: { requests: 2 } });
    expect(report.whatIf.map((w: any) => w.model)).toEqual(['deepseek-chat', 'gpt-5', 'qwen3-max']);
  });

  it('by default gives each target the counts its tokenizer would give: a ratio between tokenizers when the log has no text, named as an estimate', async () => {
    const { report } = await runJsonIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--compare', 'gpt-5,deepseek-chat']);
    const byModel = Object.fromEntries(report.whatIf.map((w: any) => [w.model, w]));
    // Same tokenizer: the logged counts, and the actual cost.
    expect(byModel['deepseek-chat']).toMatchObject({ cost: { USD: '1.9096' }, tokenCounts: { logged: 2, counted: 0, proxy: 0, ratio: 0, notes: [] } });
    // deepseek → o200k: every bucket × the measured ratio, so gpt-5 costs 12.55 × that ratio (rounded per count).
    const gpt5 = byModel['gpt-5'];
    expect(gpt5.tokenCounts).toMatchObject({ logged: 0, counted: 0, proxy: 0, ratio: 2 });
    expect(gpt5.tokenCounts.notes).toEqual([expect.stringMatching(/^deepseek counts × 1\.\d{4}: deepseek→o200k 1\.\d{4} \(blended; en [\d.]+, zh [\d.]+, code [\d.]+; measured .* on fixtures\/corpus\)$/)]);
    const ratio = Number(/× (1\.\d{4})/.exec(gpt5.tokenCounts.notes[0])?.[1]);
    expect(Number(gpt5.cost.USD)).toBeCloseTo(12.55 * ratio, 4);
    const table = (await runIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--compare', 'gpt-5,deepseek-chat'])).stdout;
    expect(table).toMatch(/What-if gpt-5, token counts of 2 requests: 2 estimated \(deepseek counts × 1\.\d{4}: deepseek→o200k/);
  });
});

describe('outputs', () => {
  it('writes to --out and keeps stdout empty', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const out = join(mkdtempSync(join(tmpdir(), 'llm-audit-')), 'report.json');
    const result = await runIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--format', 'json', '--out', out]);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).schemaVersion).toBe(1);
  });

  it('is byte-stable: no wall-clock time in the report', async () => {
    const a = (await runIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--format', 'json'])).stdout;
    const b = (await runIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--format', 'json'])).stdout;
    expect(a).toBe(b);
  });

  it('prints no colour codes when piped or with NO_COLOR', async () => {
    expect((await runIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen])).stdout).not.toMatch(/\u001b\[/);
  });
});

describe('shared real samples', () => {
  it('accounts for every line of the OpenAI, Anthropic and DeepSeek samples with the shipped pricing', async () => {
    const files = ['openai-chat-completions.jsonl', 'anthropic-messages.jsonl', 'deepseek-chat-completion.jsonl'].map((f) => `${SAMPLES}${f}`);
    const { code, report } = await runJsonIn([...files, '--default-time', '2025-10-15']);
    expect(code).toBe(0);
    expect(report.rows).toEqual({ read: 5, priced: 5, unpriced: 0, skipped: 0, rejected: 0 });
    expect(report.timestamps).toEqual({ logged: 3, default: 2, mtime: 0 });
    // Anthropic line 2: 3 input, 1111 cache read, 403 cache write (5m), 33 output — disjoint buckets.
    const claude = report.groups.find((g: any) => g.key.model === 'claude-sonnet-4-5-20250929');
    expect(claude.tokens).toMatchObject({ input: 6, cacheRead: 1111, cacheWrite5m: 1514, output: 424 });
    // 6 × 3 + 1111 × 0.3 + 1514 × 3.75 + 424 × 15 = 18 + 333.3 + 5677.5 + 6360 per million
    expect(claude.cost).toEqual({ USD: '0.0123888' });
    const table = (await runIn(files)).stdout;
    expect(table).toMatch(/5 rows read: 5 priced, 0 unpriced, 0 skipped, 0 rejected/);
    expect(table).toMatch(/claude-sonnet-4-5-20250929/);
  });
});

describe('pricing options: overrides, service tier, currency', () => {
  it('an override with a 20% negotiated discount on gpt-5 changes exactly the gpt-5 rows', async () => {
    const args = ['fixtures/gate/new-model.jsonl', ...frozen];
    const list = (await runJsonIn(args)).report;
    const discounted = (await runJsonIn([...args, '--pricing', 'fixtures/pricing/overrides/gpt5-discount.json'])).report;
    const cost = (r: any, model: string) => r.groups.find((g: any) => g.key.model === model).cost.USD;
    expect(cost(list, 'gpt-5')).toBe('0.10125');
    expect(cost(discounted, 'gpt-5')).toBe('0.081');
    for (const model of ['deepseek-chat', 'o3-mini']) expect(cost(discounted, model)).toBe(cost(list, model));
    expect(discounted.pricing.overrides).toEqual(['fixtures/pricing/overrides/gpt5-discount.json']);
    expect(discounted.pricing.hash).not.toBe(list.pricing.hash);
  });

  it('--service-tier batch prices requests whose log names no tier at the batch rate', async () => {
    const { report } = await runJsonIn(['fixtures/gate/removed-model.jsonl', ...frozen, '--service-tier', 'batch']);
    expect(report.totals.cost).toEqual({ USD: '0.050625' });
    expect(report.groups[0].prices[0].serviceTier).toBe('batch');
    expect((await runIn(['fixtures/gate/base.jsonl', '--service-tier', 'turbo'])).stderr).toMatch(/--service-tier: "turbo" is not a service tier/);
  });

  it('bills a 100K-input qwen3-max request entirely at the 32K–128K tier, and converts to CNY at a named rate', async () => {
    const { report } = await runJsonIn(['fixtures/cli/qwen3-max.jsonl', ...frozen, '--currency', 'CNY', '--fx', 'USDCNY=7.2']);
    // 32,000 × 1.2 + 1,000 × 6 = 0.0444 USD (tier 0); 100,000 × 2.4 + 1,000 × 12 = 0.252 USD (tier 1)
    expect(report.totals.cost).toEqual({ USD: '0.2964' });
    expect(report.groups[0].prices.map((p: any) => p.tier)).toEqual([0, 1]);
    expect(report.totals.converted).toEqual({ currency: 'CNY', amount: '2.13408', complete: true, rates: ['USDCNY 7.2 (2025-10)'] });
    expect(report.conversion).toMatchObject({ currency: 'CNY', rates: [{ pair: 'USDCNY', rate: '7.2', month: '2025-10', operation: 'multiply', source: '--fx USDCNY=7.2' }], missing: [] });
  });

  it('uses the dated FX table of the pricing folder, and says which months it could not convert', async () => {
    const { report } = await runJsonIn(['fixtures/cli/deepseek-cut.jsonl', 'fixtures/gate/base.jsonl', ...frozen, '--currency', 'CNY']);
    expect(report.conversion.rates.map((r: any) => `${r.pair} ${r.rate} ${r.month}`)).toEqual(['USDCNY 7.1 2025-09', 'USDCNY 7.2 2025-10']);
    expect(report.conversion.missing).toEqual([]);
    const csv = (await runIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--currency', 'EUR', '--format', 'csv'])).stdout;
    expect(csv).toMatch(/no rate for USD 2025-09 \(pass --fx or --fx-file\)/);
  });

  it('suggests the nearest known ids for an unknown model', async () => {
    const { report } = await runJsonIn(['fixtures/cli/typo-model.jsonl', ...frozen]);
    expect(report.unpriced[0]).toMatchObject({ model: 'o3-mni', suggestions: ['o3-mini'] });
    expect(report.unpriced[0].reason).toMatch(/did you mean "o3-mini"/);
  });
});

/** Lines in bigLog: about 70 MB, over the size at which a JSONL file is read in ranges. */
const BIG_LINES = 66_000;

/** A JSONL log of BIG_LINES chat completions, line i replaced by `replace(i)` if it gives one; every 10,007th line is cut. */
function bigLog(name: string, replace: (i: number) => string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-big-'));
  const padding = 'p'.repeat(900);
  const lines = Array.from({ length: BIG_LINES }, (_, i) => {
    const line = `{"object":"chat.completion","created":${1759000000 + i * 60},"model":"${i % 2 ? 'gpt-4o' : 'gpt-5'}","id":"${padding}","usage":{"prompt_tokens":${100 + (i % 1000)},"completion_tokens":${i % 97}}}`;
    return replace(i) ?? (i % 10_007 === 10_006 ? line.slice(0, 40) : line);
  });
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('worker threads', () => {
  it('gives the very same report on two threads as on one (project folders split across lanes)', () => {
    const args = ['fixtures/cli/claude-tree', ...frozen, '--default-model', 'claude-sonnet-4-5-20250929', '--group-by', 'model,day', '--compare', 'gpt-5', '--currency', 'CNY', '--fx', 'USDCNY=7.2', '--swap', 'claude-sonnet-4-5*=deepseek-chat', '--scenario', 'q=claude*=qwen3-max'];
    const one = run([...args, '--threads', '1', '--format', 'json']);
    const two = run([...args, '--threads', '2', '--format', 'json']);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(two.stdout);
    expect(report.rows.read).toBeGreaterThan(20);
    expect(report.rows.rejected).toBe(2);
    expect(report.totals.cost.USD).toBeDefined();
    expect(report.scenarios.map((s: { rows: { swapped: number } }) => s.rows.swapped)).toEqual([report.rows.priced, report.rows.priced]);
  });

  it('reads a large JSONL file in byte ranges on two threads, with the same report (problems at whole-file lines)', () => {
    const file = bigLog('big.jsonl', () => undefined);
    const args = [file, ...frozen, '--group-by', 'model,day', '--max-problems', '5', '--format', 'json'];
    const one = run([...args, '--threads', '1']);
    const two = run([...args, '--threads', '2']);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(two.stdout);
    expect(report.rows.rejected).toBe(6);
    expect(report.problems.map((p: { line: number }) => p.line)).toEqual([10_007, 20_014, 30_021, 40_028, 50_035]);
  });

  it('reads the file whole again when a range meets a line that needs the whole file (Claude Code)', () => {
    const claude = JSON.stringify({ type: 'assistant', sessionId: 's', requestId: 'r', message: { id: 'msg_1', model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: 1, output_tokens: 1 } }, timestamp: '2025-10-01T00:00:00Z' });
    const file = bigLog('mixed.jsonl', (i) => (i === BIG_LINES - 100 ? claude : undefined));
    const args = [file, ...frozen, '--format', 'json'];
    const one = run([...args, '--threads', '1']);
    const two = run([...args, '--threads', '2']);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(two.stdout);
    expect(report.rows.read).toBe(BIG_LINES);
    expect(report.rows.rejected).toBe(6);
  });

  it('lists the same first problems on two threads as on one, when the list is capped', () => {
    const args = ['fixtures/cli/claude-tree', ...frozen, '--max-problems', '3', '--format', 'json'];
    const one = run([...args, '--threads', '1']);
    const two = run([...args, '--threads', '2']);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(two.stdout);
    expect(report.problems).toHaveLength(3);
    expect(report.problemsTotal).toBeGreaterThan(3);
  });
});

describe('views (week, session, project, blocks, --breakdown) on the command line', () => {
  it('blocks and breakdown give the very same report on two threads as on one', () => {
    const args = ['fixtures/cli/claude-tree', ...frozen, '--default-model', 'claude-sonnet-4-5-20250929', '--group-by', 'block,session', '--breakdown', '--compare', 'gpt-5', '--now', '2026-08-20T12:00Z', '--format', 'json'];
    const one = run([...args, '--threads', '1']);
    const two = run([...args, '--threads', '2']);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(two.stdout);
    expect(report.blocks.list.filter((b: { active: boolean }) => b.active)).toHaveLength(1);
    expect(report.groups.every((g: { breakdown?: unknown[] }) => (g.breakdown ?? []).length > 0)).toBe(true);
  });

  it('`blocks` at 80 columns: the compact table fits, the active block and the limit under it', () => {
    const out = run(['blocks', 'fixtures/cli/claude-tree', '--now', '2026-08-20T12:00Z', '--token-limit', 'max', '--last', '30'], { env: { COLUMNS: '80' } });
    expect(out.code).toBe(0);
    const table = out.stdout.split('\n').filter((l) => /[│┌└]/.test(l));
    expect(Math.max(...table.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(out.stdout).toContain('│ 2026-08-20 10:00 * │');
    expect(out.stdout).toMatch(/Active block \(\*\) 2026-08-20T10:00Z: 2h 0m elapsed, 3h 0m left/);
    expect(out.stdout).toContain('Compact: tokens as one total');
    // --last 30 from 2026-08-20 keeps the two August blocks.
    expect(table.filter((l) => /│ 2026-/.test(l))).toHaveLength(2);
    const clash = run(['fixtures/cli/claude-tree', '--last', '3', '--since', '2026-01-01']);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('--last and --since both say where the report starts');
  });
});

// The formats issue end to end: the whole samples folder in one run, custom shapes, tags.
import { beforeAll, describe, expect, it } from 'vitest';
import { FROZEN_PRICING, runIn, runJsonIn, type Run } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];

describe('the real samples folder in one run (shipped pricing)', () => {
  let code: number;
  let report: any;
  beforeAll(async () => {
    ({ code, report } = await runJsonIn(['fixtures/samples', '--max-problems', '1000']));
  });

  it('accounts for every row, rejecting only the two broken lines', async () => {
    expect(code).toBe(0);
    const { read, priced, unpriced, skipped, rejected } = report.rows;
    expect(priced + unpriced + skipped + rejected).toBe(read);
    expect(rejected).toBe(2);
    expect(report.problems.filter((p: any) => p.kind === 'rejected').map((p: any) => `${p.file.split('/').pop()}:${p.line}`)).toEqual([
      'claude-code-session-edge-cases.fabricated.jsonl:2',
      'claude-code-session-edge-cases.fabricated.jsonl:5',
    ]);
    // Skipped rows are summed up by reason, and the reasons account for every one of them.
    expect(report.skipped.reduce((n: number, s: any) => n + s.rows, 0)).toBe(skipped);
    // Header-only CSVs are no rows and no problem.
    expect(report.problems.some((p: any) => /header\.csv/.test(p.file))).toBe(false);
  });

  it('bills Gemini thinking tokens as output', async () => {
    const gemini = report.groups.find((g: any) => g.key.model === 'gemini-2.5-pro');
    expect(gemini.tokens).toMatchObject({ input: 15, output: 293, reasoning: 285 });
    // 15 × 1.25 + 293 × 10 per million
    expect(gemini.cost).toEqual({ USD: '0.00294875' });
  });

  it('lists models it cannot price with their tokens, never as 0', async () => {
    for (const u of report.unpriced) expect(u.tokens.input + u.tokens.output + u.tokens.cacheRead).toBeGreaterThan(0);
    expect(report.groups.every((g: any) => Object.keys(g.cost).length > 0)).toBe(true);
  });
});

describe('Claude Code and Codex semantics through the CLI', () => {
  it('keeps the final count of a streamed Claude Code message, not the partial', async () => {
    const { report } = await runJsonIn(['fixtures/samples/claude-code-streaming-partials.jsonl', '--default-model', 'claude-sonnet-4-5-20250929', ...frozen]);
    expect(report.rows).toMatchObject({ read: 8, priced: 2, skipped: 6 });
    expect(report.totals.tokens.output).toBe(1628);
  });

  it('counts a forked Codex session once', async () => {
    const parent = (await runJsonIn(['fixtures/samples/codex-cli-branch-parent.fabricated.jsonl', ...frozen])).report;
    const both = (await runJsonIn(['fixtures/samples/codex-cli-branch-parent.fabricated.jsonl', 'fixtures/samples/codex-cli-branch-child.fabricated.jsonl', ...frozen])).report;
    const tokens = (r: any) => [...r.groups.map((g: any) => g.tokens), ...r.unpriced.map((u: any) => u.tokens)].reduce((n: number, t: any) => n + t.input + t.cacheRead + t.output, 0);
    // The child replays the parent's 1,200 tokens and adds 850 of its own.
    expect(tokens(parent)).toBe(1200);
    expect(tokens(both)).toBe(2050);
  });
});

describe('custom shapes and tags', () => {
  const map = 'model=engine,timestamp=ts,input=stats.in,output=stats.out,cacheRead=stats.hit,cost=price,tag.team=meta.team';

  it('--map reads a custom shape; tags group it; the logged cost stands beside ours', async () => {
    const { report } = await runJsonIn(['fixtures/logs/custom-shape.jsonl', '--map', map, '--default-model', 'gpt-4o', '--group-by', 'tag:team', ...frozen]);
    expect(report.rows).toMatchObject({ read: 2, priced: 2 });
    expect(report.groups.map((g: any) => [g.key['tag:team'], g.cost.USD])).toEqual([
      ['a', '0.0004'],
      ['b', '0.000045'],
    ]);
    expect(report.groups[0].logged).toEqual({ requests: 1, cost: { USD: '0.0004' }, recomputed: { USD: '0.0004' }, difference: { USD: '0' } });
    expect(report.groups[1].logged).toBeNull();
  });

  it('rejects a bad --map spec, and --map with --input-format, with exit 2', async () => {
    const bad = await runIn(['fixtures/logs/custom-shape.jsonl', '--map', 'modle=engine', ...frozen]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/modle/);
    const both = await runIn(['fixtures/logs/custom-shape.jsonl', '--map', map, '--input-format', 'generic', ...frozen]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--map and --input-format/);
  });

  it('lists the formats with their detection signatures', async () => {
    const result = await runIn(['formats']);
    expect(result.code).toBe(0);
    for (const name of ['claude-code', 'codex', 'openai-batch-output', 'gemini', 'litellm-spendlogs', 'cursor', 'generic']) expect(result.stdout).toContain(name);
  });
});

// Stated limits (docs/report-contract.md, Limits): each holds without losing a row, on inputs that
// used to crash the run or drop the rest of a file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FROZEN_PRICING, runIn, runJsonIn } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];
const dir = mkdtempSync(join(tmpdir(), 'llm-audit-limits-'));

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** An OpenAI chat.completion line; `raw` replaces fields with JSON text as is. */
function chat(i: number, raw: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    id: JSON.stringify(`c${i}`),
    object: '"chat.completion"',
    created: '1756380852',
    model: '"gpt-4o-2024-08-06"',
    usage: '{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}',
    ...raw,
  };
  return `{${Object.entries(fields)
    .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
    .join(',')}}`;
}

const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);

describe('nesting depth of a shown or keyed value (64 levels)', () => {
  it('rejects the one deep line with the reason and reads every later line', async () => {
    const path = file('deep.jsonl', [
      chat(1),
      chat(2, { model: deep(10_000) }),
      chat(3, { usage: `{"prompt_tokens":${deep(10_000)},"completion_tokens":5}` }),
      chat(4, { created: `{"a":${deep(5_000)}}` }),
      chat(5),
      chat(6),
    ]);
    const { code, report } = await runJsonIn([path, ...frozen]);
    expect(code).toBe(0);
    expect(report.rows).toEqual({ read: 6, priced: 3, unpriced: 0, skipped: 0, rejected: 3 });
    expect(report.problems.map((p: any) => [p.line, p.reason])).toEqual([
      [2, 'model is an array nested more than 64 levels deep: expected the model name as a string'],
      [3, 'usage.prompt_tokens is an array nested more than 64 levels deep: token counts must be whole numbers ≥ 0'],
      [4, expect.stringMatching(/^created is an object nested more than 64 levels deep: not a timestamp/)],
    ]);
  });

  it('shows a huge flat value abbreviated, and a value of 64 levels as JSON', async () => {
    const huge = `[${Array.from({ length: 200_000 }, (_, i) => i).join(',')}]`;
    const path = file('huge.jsonl', [chat(1, { model: huge }), chat(2, { model: deep(64) }), chat(3)]);
    const { report } = await runJsonIn([path, ...frozen]);
    expect(report.rows).toMatchObject({ read: 3, priced: 1, rejected: 2 });
    expect(report.problems[0].reason).toBe(`model is [${Array.from({ length: 40 }, (_, i) => i).join(',').slice(0, 56)}…: expected the model name as a string`);
    expect(report.problems[1].reason).toMatch(/^model is \[{57}…: expected/);
  });

  it('rejects a Codex line whose cumulative totals are too deep to key, and reads on', async () => {
    const at = (s: number) => JSON.stringify(new Date(Date.UTC(2026, 7, 20, 11, 16, s)).toISOString());
    const tokenCount = (s: number, total: string) =>
      `{"timestamp":${at(s)},"type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":${total},"last_token_usage":null}}}`;
    const path = file('rollout-deep.jsonl', [
      `{"timestamp":${at(1)},"type":"session_meta","payload":{"id":"s1","cwd":"/w"}}`,
      `{"timestamp":${at(2)},"type":"turn_context","payload":{"model":"gpt-5"}}`,
      tokenCount(3, '{"input_tokens":100,"cached_input_tokens":0,"output_tokens":10,"reasoning_output_tokens":0,"total_tokens":110}'),
      tokenCount(4, `{"input_tokens":200,"extra":${deep(10_000)}}`),
      tokenCount(5, '{"input_tokens":300,"cached_input_tokens":0,"output_tokens":30,"reasoning_output_tokens":0,"total_tokens":330}'),
    ]);
    const { report } = await runJsonIn([path, ...frozen, '--input-format', 'codex']);
    expect(report.rows.rejected).toBe(1);
    expect(report.problems.find((p: any) => p.kind === 'rejected')).toMatchObject({ line: 4, reason: expect.stringContaining('nested more than 64 levels deep') });
    expect(report.rows.priced).toBe(2);
  });
});

describe('Codex copied-turn keys (fuzz seed 41, run 223)', () => {
  it('a token_count whose timestamp is a 10,000-deep array is rejected, not a crash, and the lines after it are read', async () => {
    const at = (s: number) => JSON.stringify(new Date(Date.UTC(2026, 7, 20, 11, 16, s)).toISOString());
    const usage = (n: number) => `{"input_tokens":${n},"cached_input_tokens":0,"output_tokens":10,"reasoning_output_tokens":0,"total_tokens":${n + 10}}`;
    const tokenCount = (time: string, n: number) => `{"timestamp":${time},"type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":${usage(n)},"last_token_usage":${usage(n)}}}}`;
    const path = file('rollout-deep-time.jsonl', [
      `{"timestamp":${at(1)},"type":"session_meta","payload":{"id":"s2","cwd":"/w"}}`,
      `{"timestamp":${at(2)},"type":"turn_context","payload":{"model":"gpt-5"}}`,
      tokenCount(at(3), 100),
      tokenCount(deep(10_000), 200),
      tokenCount(at(5), 300),
    ]);
    const result = await runJsonIn([path, ...frozen, '--input-format', 'codex']);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.report.rows.read).toBe(5);
    expect(result.report.rows.rejected).toBe(1);
    expect(result.report.rows.priced).toBe(2);
  });
});

describe('problemsTotal', () => {
  it('counts the rows outside --since/--until, which are skipped rows', async () => {
    const path = file('range.jsonl', [chat(1), chat(2, { created: '1700000000' }), chat(3, { model: '42' })]);
    const { report } = await runJsonIn([path, ...frozen, '--since', '2025-01-01']);
    expect(report.rows).toMatchObject({ read: 3, priced: 1, skipped: 1, rejected: 1 });
    expect(report.problemsTotal).toBe(report.rows.skipped + report.rows.rejected);
  });
});

describe('many groups', () => {
  it('lists the first 1,000 groups in the table, all of them in JSON, and totals every one', async () => {
    const lines = Array.from({ length: 1_203 }, (_, i) => JSON.stringify({ model: 'gpt-4o-2024-08-06', timestamp: '2025-09-28T00:00:00Z', input: 10, output: 5, user: `u${i}` }));
    const path = file('users.jsonl', lines);
    const out = join(dir, 'users.json');
    expect((await runIn([path, ...frozen, '--group-by', 'model,tag:user', '--format', 'json', '--out', out])).code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.groups).toHaveLength(1_203);
    expect(report.totals.requests).toBe(1_203);
    const table = (await runIn([path, ...frozen, '--group-by', 'model,tag:user'])).stdout;
    expect(table).toContain('… and 203 more groups (in the Total; every group is in --format csv or json)');
    expect(table.match(/^│ gpt-4o/gm)?.length ?? 0).toBeLessThanOrEqual(1_001);
  });
});

describe('unpriced models listed (100)', () => {
  it('lists the 100 with most requests, with suggestions, then one entry summing the rest', async () => {
    const lines: string[] = [];
    for (let m = 0; m < 250; m++) {
      const times = m < 3 ? 5 - m : 1;
      for (let k = 0; k < times; k++) lines.push(chat(m * 10 + k, { model: JSON.stringify(m === 0 ? 'gpt-4p' : `mystery-${m}`) }));
    }
    const path = file('unknown.jsonl', lines);
    const { report } = await runJsonIn([path, ...frozen]);
    expect(report.rows.unpriced).toBe(lines.length);
    expect(report.unpricedModels).toBe(250);
    expect(report.unpriced).toHaveLength(101);
    expect(report.unpriced[0]).toMatchObject({ model: 'gpt-4p', requests: 5, suggestions: expect.arrayContaining(['gpt-4o']) });
    expect(report.unpriced[0].reason).toContain('did you mean');
    const rest = report.unpriced[100];
    expect(rest).toMatchObject({ model: '(150 more models)', more: 150, requests: 150, suggestions: [] });
    const sum = (key: string) => report.unpriced.reduce((n: number, u: any) => n + u.tokens[key], 0);
    expect(report.unpriced.reduce((n: number, u: any) => n + u.requests, 0)).toBe(lines.length);
    expect(sum('input')).toBe(lines.length * 10);
  });
});

describe('exact token sums (the run’s sum of counts stays ≤ 2^53 − 1)', () => {
  it('rejects the row that would pass it, and the groups still sum to the total exactly', async () => {
    const big = 4_000_000_000_000_000;
    const usage = (n: number) => `{"prompt_tokens":${n},"completion_tokens":1,"total_tokens":${n + 1}}`;
    const path = file('huge-counts.jsonl', [
      chat(1, { usage: usage(big) }),
      chat(2, { usage: usage(big), model: '"gpt-4o"' }),
      chat(3, { usage: usage(big) }),
      chat(4, { usage: usage(Number.MAX_SAFE_INTEGER) }),
      chat(5),
    ]);
    const { code, report } = await runJsonIn([path, ...frozen, '--group-by', 'model']);
    expect(code).toBe(0);
    expect(report.rows).toMatchObject({ read: 5, priced: 3, rejected: 2 });
    expect(report.problems.map((p: any) => p.line)).toEqual([3, 4]);
    expect(report.problems[0].reason).toContain('(2^53 − 1)');
    const sum = report.groups.reduce((n: bigint, g: any) => n + BigInt(g.tokens.input), 0n);
    expect(sum).toBe(BigInt(report.totals.tokens.input));
    expect(report.totals.tokens.input).toBe(2 * big + 10);
  });
});

describe('logged costs', () => {
  it('reads a JSON number as the decimal it stands for; rejects negative and implausible ones with the reason', async () => {
    const row = (cost: string) => `{"model":"gpt-4o-2024-08-06","timestamp":"2025-09-28T00:00:00Z","input":10,"output":5,"cost":${cost}}`;
    const path = file('logged.jsonl', [row('5.4999999999999995e-05'), row('0.00022500000000000002'), row('-0.5'), row('1.23e29'), row('5e-324'), row('"0.1000000000000000000000001"')]);
    const { report } = await runJsonIn([path, ...frozen]);
    expect(report.rows).toMatchObject({ read: 6, priced: 3, rejected: 3 });
    expect(report.problems.map((p: any) => [p.line, p.reason])).toEqual([
      [3, 'cost is -0.5: a logged cost must be 0 or more (a refund or correction line is not a request); the row is rejected'],
      [4, expect.stringMatching(/^cost is 1\.23e\+29: not a plausible cost of one row/)],
      [5, expect.stringMatching(/^cost is 5e-324: not a plausible cost of one row/)],
    ]);
    // 0.000055 + 0.000225 + the text as written.
    expect(report.totals.logged.cost).toEqual({ USD: '0.1002800000000000000000001' });
  });
});

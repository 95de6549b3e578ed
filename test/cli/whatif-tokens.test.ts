// Issue 17, done-when 1: on a text-only log with a `team` tag, `--group-by tag:team --compare
// qwen3-max,gpt-5` gives per-team what-if rows whose qwen3-max counts are the Qwen tokenizer's
// (checked here against the tokenizer library called directly) and differ from o200k's.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { add, parseDecimal, toPlainString, ZERO } from '../../src/core/money.ts';
import { createTokenCounter } from '../../src/tokens/count.ts';
import { HfTokenizers } from '../../src/tokens/hf.ts';
import { OVERHEAD } from '../../src/tokens/overhead.ts';
import { ROOT, runJson } from './run.ts';

interface Row {
  model: string;
  team: string;
  messages: { role: string; content: string }[];
  response: string;
}

const LOG = 'fixtures/logs/text-teams.jsonl';
const rows = readFileSync(`${ROOT}${LOG}`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
const hf = new HfTokenizers();
const o200k = createTokenCounter();
afterAll(() => o200k.dispose());

/** A row's prompt and completion tokens on Qwen3, from the library itself plus the Qwen chat template's overhead. */
function qwenCounts(row: Row): { input: number; output: number } {
  const library = hf.library('qwen');
  const direct = (t: string) => library.encode(t, { add_special_tokens: false }).ids.length;
  const o = OVERHEAD.qwen;
  const input = o.replyPriming + row.messages.reduce((sum, m) => sum + o.perMessage + direct(m.role) + direct(m.content), 0);
  return { input, output: direct(row.response) };
}

describe('what-if per team with the targets’ own token counts (text-only log)', () => {
  const { code, report } = runJson([LOG, '--group-by', 'tag:team', '--compare', 'qwen3-max,gpt-5']);

  it('every row is read and priced, in three teams, each with a what-if row per target', () => {
    expect(code).toBe(0);
    expect(report.rows).toMatchObject({ read: 24, priced: 24, unpriced: 0, rejected: 0 });
    expect(report.groups.map((g: any) => g.key['tag:team']).sort()).toEqual(['platform', 'search', 'support']);
    for (const g of report.groups) expect(g.whatIf.map((w: any) => w.model)).toEqual(['qwen3-max', 'gpt-5']);
  });

  it("qwen3-max gets the Qwen tokenizer's counts team by team, gpt-5 o200k's, and the two differ", () => {
    for (const g of report.groups) {
      const team = rows.filter((r) => r.team === g.key['tag:team']);
      const qwen = team.map(qwenCounts).reduce((s, c) => ({ input: s.input + c.input, output: s.output + c.output }), { input: 0, output: 0 });
      const openai = team.map((r) => o200k.count('gpt-5', { messages: r.messages, completion: r.response }).tokens).reduce((s, t) => ({ input: s.input + t.input, output: s.output + t.output }), { input: 0, output: 0 });
      const [onQwen, onGpt5] = g.whatIf;
      expect({ team: g.key['tag:team'], input: onQwen.targetTokens.input, output: onQwen.targetTokens.output }).toEqual({ team: g.key['tag:team'], ...qwen });
      expect({ team: g.key['tag:team'], input: onGpt5.targetTokens.input, output: onGpt5.targetTokens.output }).toEqual({ team: g.key['tag:team'], ...openai });
      expect(qwen.input).not.toBe(openai.input);
    }
    const total = report.whatIf.find((w: any) => w.model === 'qwen3-max');
    expect(total.tokenCounts).toMatchObject({ counted: 24, proxy: 0, ratio: 0, logged: 0 });
  });

  it('the teams’ what-if costs add up to the total what-if, exactly', () => {
    for (const model of ['qwen3-max', 'gpt-5']) {
      const total = report.whatIf.find((w: any) => w.model === model);
      const sum = report.groups.reduce((s: ReturnType<typeof parseDecimal>, g: any) => add(s, parseDecimal(g.whatIf.find((w: any) => w.model === model).cost.USD)), ZERO);
      expect(toPlainString(sum)).toBe(total.cost.USD);
    }
  });
});

// The fake home of every coding agent (fixtures/agents-home) priced with the SHIPPED catalogue: which
// requests stay unpriced, and why. The other agent tests price with the frozen fixture catalogue and
// count priced and unpriced together; this one pins what the shipped data prices of the ids agents log.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_SOURCES } from '../../src/ingest/agents/discover.ts';
import { ROOT, runIn, runJsonIn } from './run.ts';

const HOME = join(ROOT, 'fixtures/agents-home');
const env = Object.fromEntries([['HOME', HOME], ['XDG_CONFIG_HOME', ''], ...AGENT_SOURCES.flatMap((s) => (s.env ? [[s.env, '']] : []))]);

describe('agents home priced with the shipped catalogue', () => {
  it('leaves unpriced only the requests whose model is missing, local, or not identified', async () => {
    const { code, report } = await runJsonIn(['agents', '--max-problems', '100'], { env });
    expect(code).toBe(0);
    const unpriced = Object.fromEntries((report.unpriced as { model: string; requests: number }[]).map((u) => [u.model, u.requests]));
    expect(unpriced).toEqual({
      // The log names no model (Codex rollouts without turn_context, Kimi wire logs, a Goose session without model_name).
      '(no model: Codex rollout without turn_context)': 3,
      '(no model: Kimi wire log; give --default-model)': 2,
      '(no model: Goose session without model_config_json.model_name)': 1,
      // A local model (Hermes Agent): no list price.
      'hermes-local-7b': 1,
      // Kimi Code's id of Kimi K2.6 (OpenCode, provider kimi-for-coding): it resolves to kimi-k2.6, but the
      // fixture's request is dated 2026-01-02, before K2.6 launched (2026-04-20), so it has no price yet.
      k2p6: 1,
    });
    const reasons = Object.fromEntries((report.unpriced as { model: string; reason: string }[]).map((u) => [u.model, u.reason]));
    expect(reasons.k2p6).toBe('"kimi-k2.6" has no price before 2026-04-20 (region intl)');
    // Copilot's dotted claude-sonnet-4.5 and claude-haiku-4.5 are priced as Anthropic's claude-sonnet-4-5 / claude-haiku-4-5.
    const priced = (report.groups as { key: { model: string }; requests: number }[]).map((g) => g.key.model);
    expect(priced).toEqual(expect.arrayContaining(['claude-sonnet-4.5', 'claude-haiku-4.5']));
    expect(report.rows).toMatchObject({ read: 114, priced: 39, unpriced: 8, skipped: 64, rejected: 3 });
  });
});

describe('ids agents log that are unpriced on purpose', () => {
  it('says in the report why, and what to do, instead of suggesting near ids', async () => {
    const line = (model: string, i: number) => JSON.stringify({ id: `chatcmpl-${i}`, object: 'chat.completion', created: 1_780_000_000 + i, model, choices: [], usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 } });
    const input = ['kimi-for-coding', 'coder-model', 'custom:GLM-4.6-[Z.AI]-0'].map(line).join('\n');
    const { code, report } = await runJsonIn(['-'], { input });
    expect(code).toBe(0);
    const reasons = Object.fromEntries((report.unpriced as { model: string; reason: string; suggestions: string[] }[]).map((u) => [u.model, [u.reason, u.suggestions]]));
    expect(reasons['kimi-for-coding']).toEqual([expect.stringMatching(/^no price data for model "kimi-for-coding": Kimi Code's plan id .* moving pointer.*--default-model kimi-k2\.6.*\(source: https:/), []]);
    expect(reasons['coder-model']).toEqual([expect.stringMatching(/Qwen OAuth alias.*the log does not say which.*--pricing/), []]);
    expect(reasons['custom:GLM-4.6-[Z.AI]-0']).toEqual([expect.stringMatching(/Droid custom \(BYOK\) model.*--pricing.*docs\.factory\.ai/), []]);
    const shown = await runIn(['pricing', 'show', 'coder-model']);
    expect(shown.code).toBe(2);
    expect(shown.stderr).toMatch(/no model, alias or platform id "coder-model" in the pricing data, on purpose: Qwen Code's Qwen OAuth alias/);
  });
});

import { describe, expect, it } from 'vitest';
import { loadPricing } from './load.ts';
import { hintText, UNPRICED_HINTS, unpricedHint } from './hints.ts';

const { catalogue } = loadPricing(['pricing']);

describe('unpriced hints: ids agents log that are unpriced on purpose', () => {
  it.each([
    ['kimi-for-coding', /Kimi Code's plan id/],
    ['kimi-code/kimi-for-coding', /Kimi Code's plan id/],
    ['kimi-k2', /not a Moonshot API id/],
    ['coder-model', /Qwen OAuth alias/],
    ['vision-model', /Qwen OAuth alias/],
    ['custom:Claude-Opus-4.5-Thinking-[Anthropic]-0', /Droid custom \(BYOK\) model/],
    ['custom:GLM-4.6-[Z.AI]-0', /Droid custom \(BYOK\) model/],
  ])('%s has a hint, and the shipped catalogue does not price it', (id, why) => {
    expect(unpricedHint(id)?.why).toMatch(why);
    expect(catalogue?.knows(id)).toBe(false);
  });

  it('matches whole ids only: the priced ids around them keep their prices', () => {
    for (const id of ['kimi-k2-0905-preview', 'kimi-k2-thinking', 'kimi-k2.6', 'k2p6', 'qwen3-coder-plus', 'kimi-for-coding-highspeed', 'my-coder-model', 'claude-sonnet-4-5']) {
      expect(unpricedHint(id), id).toBeUndefined();
    }
  });

  it('gives every hint a reason, what to do and a source', () => {
    for (const hint of UNPRICED_HINTS) {
      expect(hint.pattern.source.startsWith('^')).toBe(true);
      expect(hint.source).toMatch(/https:\/\/|@[0-9a-f]{40}/);
      expect(hint.fix).toMatch(/--pricing/);
    }
  });

  it('puts the hint in the unpriced reason instead of "did you mean" suggestions', () => {
    const described = catalogue?.describeUnknown('kimi-for-coding');
    expect(described?.suggestions).toEqual([]);
    expect(described?.reason).toBe(`no price data for model "kimi-for-coding"${hintText(unpricedHint('kimi-for-coding')!)}`);
    expect(described?.reason).toMatch(/K2\.6 from 2026-04-20.*--default-model kimi-k2\.6.*source: https:\/\/github\.com\/ccusage\/ccusage\/issues\/1106/);
    // An id without a hint keeps the suggestions.
    expect(catalogue?.describeUnknown('claude-sonet-4-5').suggestions).toContain('claude-sonnet-4-5');
  });
});

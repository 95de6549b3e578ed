import { describe, expect, it } from 'vitest';
import type { RateSet } from '../pricing/types.ts';
import { costOfTokens } from './cost.ts';
import { parseDecimal, toPlainString } from './money.ts';
import { emptyBuckets } from './types.ts';

const d = parseDecimal;

describe('costOfTokens', () => {
  const anthropic: RateSet = { input: d('3'), cacheRead: d('0.3'), cacheWrite5m: d('3.75'), cacheWrite1h: d('6'), output: d('15') };

  it('bills each disjoint bucket at its own rate', () => {
    const tokens = { ...emptyBuckets(), input: 3, cacheRead: 1111, cacheWrite5m: 403, output: 33 };
    // 3×3 + 1111×0.3 + 403×3.75 + 33×15 = 9 + 333.3 + 1511.25 + 495 = 2348.55 per million
    expect(toPlainString(costOfTokens(tokens, anthropic))).toBe('0.00234855');
  });

  it('bills 1-hour cache writes at their own rate, and falls back to 5m then input', () => {
    const tokens = { ...emptyBuckets(), cacheWrite1h: 1_000_000 };
    expect(toPlainString(costOfTokens(tokens, anthropic))).toBe('6');
    expect(toPlainString(costOfTokens(tokens, { input: d('3'), cacheWrite5m: d('3.75'), output: d('15') }))).toBe('3.75');
    expect(toPlainString(costOfTokens(tokens, { input: d('3'), output: d('15') }))).toBe('3');
  });

  it('bills cached tokens at the input rate when the price has no cache-read rate', () => {
    const tokens = { ...emptyBuckets(), cacheRead: 1_000_000 };
    expect(toPlainString(costOfTokens(tokens, { input: d('5'), output: d('15') }))).toBe('5');
  });

  it('never bills reasoning twice; a separate reasoning rate replaces the output rate for those tokens', () => {
    const tokens = { ...emptyBuckets(), output: 1_000_000, reasoning: 400_000 };
    expect(toPlainString(costOfTokens(tokens, { input: d('1'), output: d('2') }))).toBe('2');
    // 600k × 2 + 400k × 8 = 1.2 + 3.2
    expect(toPlainString(costOfTokens(tokens, { input: d('1'), output: d('2'), reasoning: d('8') }))).toBe('4.4');
  });
});

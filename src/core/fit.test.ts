import { describe, expect, it } from 'vitest';
import { misfit, misfitReason, MisfitLedger, parseMisfitReason, type MisfitTally } from './fit.ts';
import { emptyBuckets, type TokenBuckets } from './types.ts';

const tokens = (t: Partial<TokenBuckets>): TokenBuckets => ({ ...emptyBuckets(), ...t });
const LIMITS = { contextWindow: 128_000, maxOutputTokens: 16_384 };

describe('misfit: the fit rule', () => {
  it('a 300k-token prompt does not fit a 128k context window', () => {
    const m = misfit(tokens({ input: 300_000, output: 500 }), 1, LIMITS);
    expect(m).toMatchObject({ limit: 'context', tokens: 300_500, max: 128_000 });
    expect(misfitReason(m!)).toBe('prompt 300,000 + output 500 = 300,500 tokens > context window 128,000');
    expect(misfitReason(misfit(tokens({ input: 300_000 }), 1, LIMITS)!)).toBe('prompt 300,000 tokens > context window 128,000');
  });

  it('counts every prompt-side token (cache read and writes too) and output (reasoning included) against the window', () => {
    // 100k + 20k + 5k + 3k = 128k prompt, plus 1 output: one over.
    expect(misfit(tokens({ input: 100_000, cacheRead: 20_000, cacheWrite5m: 5_000, cacheWrite1h: 3_000, output: 1, reasoning: 1 }), 1, LIMITS)?.limit).toBe('context');
    // Exactly at the limit fits (limits are inclusive).
    expect(misfit(tokens({ input: 100_000, cacheRead: 20_000, cacheWrite5m: 5_000, cacheWrite1h: 3_000 }), 1, LIMITS)).toBeNull();
    expect(misfit(tokens({ input: 1000, output: 16_384 }), 1, LIMITS)).toBeNull();
  });

  it('checks max output, and the context window first when both are exceeded', () => {
    const m = misfit(tokens({ input: 2000, output: 20_000, reasoning: 15_000 }), 1, LIMITS);
    expect(m).toMatchObject({ limit: 'output', tokens: 20_000, max: 16_384 });
    expect(misfitReason(m!)).toBe('output 20,000 tokens > max output 16,384');
    expect(misfit(tokens({ input: 200_000, output: 20_000 }), 1, LIMITS)?.limit).toBe('context');
  });

  it('does not check a limit the data does not give', () => {
    expect(misfit(tokens({ input: 10_000_000, output: 10_000_000 }), 1, {})).toBeNull();
    expect(misfit(tokens({ input: 10_000_000 }), 1, { maxOutputTokens: 100 })).toBeNull();
    expect(misfit(tokens({ output: 200 }), 1, { maxOutputTokens: 100 })?.limit).toBe('output');
    expect(misfit(tokens({ input: 200 }), 1, { contextWindow: 100 })?.limit).toBe('context');
  });

  it('checks a row of several requests by its average request, rounded up', () => {
    expect(misfit(tokens({ input: 1_000_000 }), 10, LIMITS)).toBeNull(); // 100k each
    expect(misfit(tokens({ input: 1_280_001 }), 10, LIMITS)?.tokens).toBe(128_001);
  });
});

describe('MisfitLedger', () => {
  const big = misfit(tokens({ input: 300_000, output: 500 }), 1, LIMITS)!;
  const bigger = misfit(tokens({ input: 310_000 }), 1, LIMITS)!;
  const long = misfit(tokens({ input: 10, output: 20_000 }), 1, LIMITS)!;

  it('counts rows and requests, and gives one reason per limit with its largest request', () => {
    const ledger = new MisfitLedger();
    ledger.add(big, 1);
    ledger.add(long, 2);
    ledger.add(bigger, 1);
    expect(ledger.rows).toBe(3);
    expect(ledger.requests).toBe(4);
    expect(ledger.reasons()).toEqual(['prompt 310,000 tokens > context window 128,000 (2 requests, the largest shown)', 'output 20,000 tokens > max output 16,384 (2 requests, the largest shown)']);
  });

  it('gives the same tallies however the rows were shared between ledgers (threads), through plain data', () => {
    const whole = new MisfitLedger();
    const [a, b] = [new MisfitLedger(), new MisfitLedger()];
    [big, long, bigger, long].forEach((m, i) => {
      whole.add(m, 1);
      (i % 2 ? a : b).add(m, 1);
    });
    const merged = new MisfitLedger();
    for (const part of [a, b]) merged.absorb(JSON.parse(JSON.stringify([...part.tallies.values()])) as MisfitTally[]);
    expect(merged.rows).toBe(whole.rows);
    expect(merged.requests).toBe(whole.requests);
    expect(merged.reasons()).toEqual(whole.reasons());
    const reversed = new MisfitLedger();
    for (const part of [b, a]) reversed.absorb(part.tallies.values());
    expect(reversed.reasons()).toEqual(whole.reasons());
  });

  it('reads its reasons back into tallies that merge as the rows would (reports merged by llm-audit merge)', () => {
    // Same window, same total: the larger prompt is the one shown, whichever ledger saw it.
    const smallerPrompt = misfit(tokens({ input: 299_000, output: 1_500 }), 1, LIMITS)!;
    const rows = [smallerPrompt, big, long, misfit(tokens({ input: 1_000_000 }), 1, { contextWindow: 1_000 })!, misfit(tokens({ output: 30_000 }), 1, { maxOutputTokens: 20_000 })!];
    const whole = new MisfitLedger();
    const parts = [new MisfitLedger(), new MisfitLedger(), new MisfitLedger()];
    rows.forEach((m, i) => {
      whole.add(m, i + 1);
      parts[i % 3]!.add(m, i + 1);
    });
    const merged = new MisfitLedger();
    for (const part of parts) merged.absorb(part.reasons().map((r) => parseMisfitReason(r)!));
    expect(merged.requests).toBe(whole.requests);
    expect(merged.reasons()).toEqual(whole.reasons());
    expect(whole.reasons()).toContain('prompt 300,000 + output 500 = 300,500 tokens > context window 128,000 (3 requests, the largest shown)');
    expect(parseMisfitReason('prompt 300,000 tokens > context window 128,000 (1 request)')).toEqual({ limit: 'context', max: 128_000, rows: 0, requests: 1, largest: { limit: 'context', tokens: 300_000, max: 128_000, prompt: 300_000, output: 0 } });
    expect(parseMisfitReason('"gpt-5" has no price before 2025-08-07')).toBeUndefined();
  });
});

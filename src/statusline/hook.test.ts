import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { parseHook } from './hook.ts';

describe('parseHook', () => {
  it('reads what Claude Code sends, current usage summed', () => {
    const hook = parseHook(
      JSON.stringify({
        session_id: 's',
        transcript_path: '/t.jsonl',
        model: { id: 'claude-opus-4-5', display_name: 'Opus 4.5' },
        context_window: { context_window_size: 200_000, used_percentage: 12.5, current_usage: { input_tokens: 5, cache_creation_input_tokens: 100, cache_read_input_tokens: 24_000, output_tokens: 7 } },
        cost: { total_cost_usd: 0.25 },
      }),
    );
    expect(hook).toEqual({ sessionId: 's', transcriptPath: '/t.jsonl', modelId: 'claude-opus-4-5', modelName: 'Opus 4.5', context: { size: 200_000, tokens: 24_105, percent: 12.5 }, claudeCostUsd: 0.25 });
    expect(parseHook('')).toEqual({});
    expect(parseHook('{}')).toEqual({});
  });

  it('any input either reads or is a usage error naming what is wrong, never a crash', () => {
    const shaped = fc.record(
      {
        session_id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        model: fc.oneof(fc.record({ id: fc.oneof(fc.string(), fc.boolean()), display_name: fc.string() }, { requiredKeys: [] }), fc.string(), fc.array(fc.integer())),
        context_window: fc.oneof(
          fc.record({ context_window_size: fc.oneof(fc.integer(), fc.double(), fc.string()), current_usage: fc.dictionary(fc.constantFrom('input_tokens', 'cache_read_input_tokens', 'output_tokens'), fc.oneof(fc.integer({ min: -5, max: 1e6 }), fc.double(), fc.string())), used_percentage: fc.oneof(fc.double(), fc.string()) }, { requiredKeys: [] }),
          fc.constant(null),
        ),
        cost: fc.oneof(fc.record({ total_cost_usd: fc.oneof(fc.double(), fc.string()) }), fc.integer()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(shaped.map((v) => JSON.stringify(v)), fc.json(), fc.string()), (text) => {
        try {
          parseHook(text);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as Error).message).toMatch(/^statusline: /);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

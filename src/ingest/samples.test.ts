// The public samples (a copy of shared/samples in fixtures/samples), with every expected number worked out by hand from the file.
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../core/types.ts';
import { readLogs, type IngestEvent } from './index.ts';

const SAMPLES = new URL('../../fixtures/samples/', import.meta.url).pathname;
const DEFAULT_TIME = Date.UTC(2025, 0, 1);

async function records(file: string): Promise<RawRecord[]> {
  const events: IngestEvent[] = [];
  for await (const e of readLogs([SAMPLES + file], { defaultTime: DEFAULT_TIME })) events.push(e);
  return events.map((e) => {
    if (e.kind !== 'record') throw new Error(`expected a record, got ${JSON.stringify(e)}`);
    return e.record;
  });
}

/** The parts of a record a sample pins down. */
function summary(r: RawRecord): unknown {
  return { line: r.where.line, format: r.format, model: r.model, timestamp: new Date(r.timestamp).toISOString(), timeSource: r.timeSource, tokens: r.tokens, serviceTier: r.serviceTier, requests: r.requests, text: r.text };
}

const t = (input: number, cacheRead: number, cacheWrite5m: number, cacheWrite1h: number, output: number, reasoning: number) => ({ input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning });

describe('shared samples', () => {
  it('openai-chat-completions.jsonl: prompt 14 / completion 30; o3-mini completion 87 of which reasoning 64', async () => {
    expect((await records('openai-chat-completions.jsonl')).map(summary)).toEqual([
      // service_tier "default" is the standard tier: left undefined.
      { line: 1, format: 'openai-chat', model: 'gpt-4o-2024-08-06', timestamp: '2025-08-28T11:34:12.000Z', timeSource: 'logged', tokens: t(14, 0, 0, 0, 30, 0), serviceTier: undefined, requests: 1, text: undefined },
      { line: 2, format: 'openai-chat', model: 'o3-mini-2025-01-31', timestamp: '2026-06-15T15:15:47.000Z', timeSource: 'logged', tokens: t(7, 0, 0, 0, 87, 64), serviceTier: undefined, requests: 1, text: undefined },
    ]);
  });

  it('openai-responses.jsonl: gpt-5 input 314, output 2737 of which reasoning 2112', async () => {
    expect((await records('openai-responses.jsonl')).map(summary)).toEqual([
      { line: 1, format: 'openai-responses', model: 'gpt-4o-2024-08-06', timestamp: '2025-03-27T10:50:55.000Z', timeSource: 'logged', tokens: t(32, 0, 0, 0, 8, 0), serviceTier: undefined, requests: 1, text: undefined },
      { line: 2, format: 'openai-responses', model: 'gpt-5-2025-08-07', timestamp: '2025-09-12T14:22:08.000Z', timeSource: 'logged', tokens: t(314, 0, 0, 0, 2737, 2112), serviceTier: undefined, requests: 1, text: undefined },
    ]);
  });

  it('anthropic-messages.jsonl: disjoint buckets, 5m writes from cache_creation, no timestamp (→ --default-time)', async () => {
    expect((await records('anthropic-messages.jsonl')).map(summary)).toEqual([
      { line: 1, format: 'anthropic-messages', model: 'claude-sonnet-4-5-20250929', timestamp: '2025-01-01T00:00:00.000Z', timeSource: 'default', tokens: t(3, 0, 1111, 0, 391, 0), serviceTier: undefined, requests: 1, text: undefined },
      { line: 2, format: 'anthropic-messages', model: 'claude-sonnet-4-5-20250929', timestamp: '2025-01-01T00:00:00.000Z', timeSource: 'default', tokens: t(3, 1111, 403, 0, 33, 0), serviceTier: undefined, requests: 1, text: undefined },
    ]);
  });

  it('deepseek-chat-completion.jsonl: detected before openai-chat; prompt 12 = hit 0 + miss 12, completion 45 of which reasoning 35', async () => {
    expect((await records('deepseek-chat-completion.jsonl')).map(summary)).toEqual([
      { line: 1, format: 'deepseek', model: 'deepseek-v4-pro', timestamp: '2026-04-29T14:20:03.000Z', timeSource: 'logged', tokens: t(12, 0, 0, 0, 45, 35), serviceTier: undefined, requests: 1, text: undefined },
    ]);
  });

  it('litellm-spendlogs.jsonl: no dedicated format yet, read by the generic fallback (startTime naive = UTC)', async () => {
    expect((await records('litellm-spendlogs.jsonl')).map(summary)).toEqual([
      { line: 1, format: 'generic', model: 'gpt-4o', timestamp: '2025-01-24T09:20:46.847Z', timeSource: 'logged', tokens: t(10, 0, 0, 0, 20, 0), serviceTier: undefined, requests: 1, text: undefined },
    ]);
  });

  it('cursor-usage-export.csv is not misread as generic: its input columns have other names', async () => {
    const events: IngestEvent[] = [];
    for await (const e of readLogs([SAMPLES + 'cursor-usage-export.csv'], {})) events.push(e);
    expect(events).toHaveLength(3);
    for (const e of events) {
      expect(e.kind === 'rejected' && e.problem.reason).toMatch(/^unknown CSV header; columns seen: Date, Cloud Agent ID, .*; use --input-format to force one$/);
    }
  });
});

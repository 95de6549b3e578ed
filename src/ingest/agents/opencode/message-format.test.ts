// OpenCode's legacy message files: one pretty-printed JSON document per message (ccusage's sample:
// 100 in, 50 out, 10 read, 20 written, cost 0.02, at 1767312000000 = 2026-01-02T00:00:00Z).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest, type IngestEvent } from '../../index.ts';

const STORAGE = join(import.meta.dirname, '../../../../fixtures/logs/opencode-storage/message');

describe('opencode-message', () => {
  it('reads the assistant message documents; a total alone is rejected, a user message skipped', async () => {
    const events: IngestEvent[] = [];
    await ingest([STORAGE], {}, (e) => events.push(e));
    const records = events.flatMap((e) => (e.kind === 'record' ? [e.record] : []));
    expect(records.map((r) => [r.format, r.model, new Date(r.timestamp).toISOString(), r.tokens?.input, r.tokens?.output, r.tokens?.cacheRead, r.tokens?.cacheWrite5m, r.loggedCost?.amount, r.tags?.session])).toEqual([
      ['opencode-message', 'claude-sonnet-4-20250514', '2026-01-02T00:00:00.000Z', 100, 50, 10, 20, '0.02', 'ses_abc'],
    ]);
    expect(events.flatMap((e) => (e.kind === 'record' ? [] : [`${e.kind} ${e.problem.reason.slice(0, 40)}`]))).toEqual([
      'rejected only a total token count (tokens.total =',
      'skipped an OpenCode user message: no usage',
    ]);
  });
});

// The Claude Code fast paths must give exactly what full parsing gives: lines without usage skipped
// unparsed, and a usage line superseded by the next line of the same message skipped unparsed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogs, type IngestEvent } from './index.ts';

function line(id: string, request: string, output: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    sessionId: 's1',
    type: 'assistant',
    message: { id, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'text', text: 'a "quoted" word: "usage":{' }], usage: { input_tokens: 3, output_tokens: output } },
    requestId: request,
    timestamp: '2025-10-01T10:00:00.000Z',
    ...extra,
  });
}

async function read(lines: string[]): Promise<IngestEvent[]> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-prefilter-'));
  const file = join(dir, 'session.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const events: IngestEvent[] = [];
  for await (const e of readLogs([file], {})) events.push(e);
  return events.sort((a, b) => (a.kind === 'record' ? a.record.where.line : a.problem.line) - (b.kind === 'record' ? b.record.where.line : b.problem.line));
}

const summary = (events: IngestEvent[]) => events.map((e) => (e.kind === 'record' ? `${e.record.where.line} record ${e.record.tokens?.output}` : `${e.problem.line} ${e.kind}: ${e.problem.reason}`));

describe('Claude Code fast paths', () => {
  it('keeps the last of adjacent lines of one message, and reads a message that comes back later once', async () => {
    const events = await read([
      line('msg_A', 'req_1', 1),
      line('msg_A', 'req_1', 5),
      JSON.stringify({ type: 'user', sessionId: 's1', message: { role: 'user', content: 'next' } }),
      line('msg_A', 'req_1', 40),
      line('msg_B', 'req_2', 7),
      line('msg_A', 'req_1', 41),
    ]);
    expect(summary(events)).toEqual([
      '1 skipped: superseded by a later line of the same message (streaming partial)',
      '2 skipped: superseded by a later line of the same message (streaming partial)',
      '3 skipped: a Claude Code line without usage (skipped before parsing): nothing to price',
      '4 skipped: superseded by a later line of the same message (streaming partial)',
      '5 record 7',
      '6 record 41',
    ]);
  });

  it('still parses, and so rejects, a cut line even without "usage" in it', async () => {
    const events = await read([line('msg_A', 'req_1', 2), '{"type":"user","sessionId":"s1","message":{"role":"us']);
    expect(summary(events)).toEqual(['1 record 2', expect.stringMatching(/^2 rejected: not valid JSON/)]);
  });

  it('a different requestId for the same message is not superseded by adjacency', async () => {
    const events = await read([line('msg_A', 'req_1', 2), line('msg_A', 'req_2', 3)]);
    expect(events.filter((e) => e.kind === 'record')).toHaveLength(2);
  });
});

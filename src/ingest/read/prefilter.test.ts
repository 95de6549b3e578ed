// The Claude Code fast paths must give exactly what full parsing gives: lines without usage skipped
// unparsed, and a usage line superseded by the next line of the same message skipped unparsed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest, type IngestEvent } from '../index.ts';
import { LinePrefilter } from './prefilter.ts';

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
  await ingest([file], {}, (e) => events.push(e));
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

/** The lines of a buffer as [start, end) ranges, in order, as LineSplitter hands them on. */
function ranges(buf: Buffer): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
    out.push([start, nl]);
    start = nl + 1;
  }
  if (start < buf.length) out.push([start, buf.length]);
  return out;
}

describe('LinePrefilter (bytes)', () => {
  const filter = () => new LinePrefilter(['"usage"'], [{ before: '"id":"msg_' }, { before: '"requestId":"', last: true }]);

  it('skips whole-object lines without a marker, in one buffer of many lines (a marker in a value counts: it is parsed)', () => {
    const buf = Buffer.from(['{"type":"user"}', '{"message":{"usage":{}}}', '{"type":"user"}  ', '{"type":"user"', '{"a":"usage"}', '{"b":1}'].join('\n'));
    const f = filter();
    expect(ranges(buf).map(([s, e]) => f.skips(buf, s, e))).toEqual([true, false, true, false, false, true]);
  });

  it('finds a marker only inside its own line (an occurrence in a later line does not count)', () => {
    const buf = Buffer.from('{"x":1}\n{"usage":1}\n');
    const f = filter();
    expect(ranges(buf).map(([s, e]) => f.skips(buf, s, e))).toEqual([true, false]);
  });

  it('reads the key parts, the requestId from the end (a nested one in the content loses)', () => {
    const line = '{"message":{"id":"msg_01","content":[{"input":{"requestId":"inner"}}]},"requestId":"req_9","id":"msg_zz"}';
    const buf = Buffer.from(`${line}\n${line.replace('req_9', 'req_8')}`);
    const f = filter();
    expect(ranges(buf).map(([s, e]) => f.key(buf, s, e))).toEqual(['01\nreq_9\n', '01\nreq_8\n']);
  });

  it('matches a needle that starts with a quote only where the quote is there (it is checked, not searched)', () => {
    const f = filter();
    const buf = Buffer.from(['{"my_usage":1}', '{"xid":"msg_1","requestId":"r"}', '{"id":"msg_2","requestId":"r1","x_requestId":"r2"}', '{"usage":{}}'].join('\n'));
    const lines = ranges(buf);
    expect(lines.map(([s, e]) => f.skips(buf, s, e))).toEqual([true, true, true, false]);
    expect(lines.map(([s, e]) => f.key(buf, s, e))).toEqual([undefined, undefined, '2\nr1\n', undefined]);
  });

  it('gives no key when a part is missing, unterminated or escaped', () => {
    const f = filter();
    for (const text of ['{"requestId":"r"}', '{"id":"msg_1","requestId":"r', '{"id":"msg_1\\"x","requestId":"r"}']) {
      const buf = Buffer.from(text);
      expect(f.key(buf, 0, buf.length)).toBeUndefined();
    }
  });
});

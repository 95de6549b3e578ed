import { describe, expect, it } from 'vitest';
import { newRunState } from '../replay/dedupe.ts';
import { elementLines, looksLikeDocument, readDocument } from './document.ts';
import { openSource } from './sources.ts';
import type { FileContext } from './jsonl.ts';
import type { IngestEvent } from '../types.ts';
import { Readable } from 'node:stream';

const ctx = (file = 'chat.json'): FileContext => ({ file, fallback: { ms: 0, source: 'mtime' }, forced: undefined, custom: undefined, defaultModel: undefined, run: newRunState() });

async function read(text: string, limit?: number): Promise<IngestEvent[]> {
  const events: IngestEvent[] = [];
  await readDocument([Buffer.from(text)], ctx(), (e) => events.push(e), limit);
  return events;
}

const CHAT = {
  sessionId: 's-1',
  projectHash: 'p',
  startTime: '2026-05-17T11:07:00.000Z',
  messages: [
    { id: 'u', type: 'user', content: 'hi' },
    { id: 'g', type: 'gemini', model: 'gemini-2.5-pro', timestamp: '2026-05-17T11:07:02.000Z', tokens: { input: 10, output: 2, cached: 0, total: 12 } },
    { id: 'x', type: 'gemini', model: 'gemini-2.5-pro', timestamp: 'yesterday', tokens: { input: 1, output: 1 } },
  ],
};

describe('JSON documents', () => {
  it('are told from JSONL by their first line, whatever the extension', () => {
    expect(looksLikeDocument(Buffer.from('{\n  "a": 1\n}\n'))).toBe(true);
    expect(looksLikeDocument(Buffer.from('\uFEFF\n[\n]'))).toBe(true);
    expect(looksLikeDocument(Buffer.from('[{"a":1}]'))).toBe(true);
    expect(looksLikeDocument(Buffer.from('{"a":1}\n{"a":2}\n'))).toBe(false);
    // A JSONL line cut short is still JSONL (its line is rejected, the others read).
    expect(looksLikeDocument(Buffer.from('{"a":\n{"a":2}\n'))).toBe(false);
  });

  it('a .json file of JSON lines stays JSONL; a pretty-printed one is a document', async () => {
    const lines = await openSource({ label: '<stdin>' }, Readable.from([Buffer.from('{"a":1}\n{"a":2}\n')]));
    expect(lines.syntax).toBe('jsonl');
    const doc = await openSource({ label: '<stdin>' }, Readable.from([Buffer.from(JSON.stringify(CHAT, null, 2))]));
    expect(doc.syntax).toBe('document');
  });

  it('reads each item as one row located by the line it starts on and its JSON path', async () => {
    const text = JSON.stringify(CHAT, null, 2);
    const at = (e: IngestEvent): number => (e.kind === 'record' ? e.record.where.line : e.problem.line);
    // A record kept for the dedupe comes at the end of the document: in line order here.
    const events = (await read(text)).sort((a, b) => at(a) - at(b));
    expect(events.map((e) => e.kind)).toEqual(['skipped', 'record', 'rejected']);
    const lines = text.split('\n');
    // Each row's line is the line of its item's opening brace.
    for (const e of events) expect(lines[at(e) - 1]?.trim()).toBe('{');
    expect(at(events[1] as IngestEvent)).toBeLessThan(at(events[2] as IngestEvent));
    expect(events[2]?.kind === 'rejected' && events[2].problem.reason).toMatch(/^\$\.messages\[2\]: item\.timestamp is "yesterday": not a timestamp/);
  });

  it('rejects a document that does not parse as one row with where parsing stopped', async () => {
    const broken = await read('{\n  "sessionId": "s",\n  "messages": [}\n}\n');
    expect(broken.map((e) => e.kind === 'rejected' && e.problem.reason)).toEqual([expect.stringMatching(/^not a valid JSON document \(.*\(line 3, column \d+\)\); nothing in it is read$/)]);
    const text = JSON.stringify(CHAT, null, 2);
    const cut = await read(text.slice(0, text.indexOf('"tokens"')));
    expect(cut.map((e) => e.kind === 'rejected' && e.problem.reason)).toEqual([expect.stringMatching(/(line \d+: the document is cut short|\(line \d+, column \d+\))\); nothing in it is read$/)]);
    const events = await read(text.slice(0, text.length - 40));
    expect(events).toHaveLength(1);
    expect(events[0]?.kind).toBe('rejected');
    expect(events[0]?.kind === 'rejected' && events[0].problem.reason).toMatch(/^not a valid JSON document \(.*line \d+.*\); nothing in it is read$/);
  });

  it('rejects a document over the size limit without reading it, saying what to do', async () => {
    const events = await read(JSON.stringify(CHAT, null, 2), 100);
    expect(events).toHaveLength(1);
    expect(events[0]?.kind === 'rejected' && events[0].problem.reason).toMatch(/larger than .* MB: not read; write its items one per line \(JSONL/);
  });

  it('a document that is not an object or an array, or of no known shape, is one rejected row', async () => {
    expect((await read('"just text"\n')).map((e) => e.kind === 'rejected' && e.problem.reason)).toEqual(['the document is a string, not a JSON object or array: nothing to read']);
    const unknown = await read('{\n  "hello": "world"\n}\n');
    expect(unknown.map((e) => e.kind)).toEqual(['rejected']);
  });

  it('finds the start lines of the items at a path, ignoring brackets inside strings and other arrays', () => {
    const text = '{\n "other": [1,\n 2],\n "s": "[{,\\"]",\n "messages": [\n  {"a": [3]},\n  "x",\n\n  4\n ]\n}';
    expect(elementLines(text, ['messages'])).toEqual([6, 7, 9]);
    expect(elementLines('[\n{},\n{}]', [])).toEqual([2, 3]);
  });
});

// Reading on past what can be recovered: a broken gzip tail, a runaway CSV quote, a garbage first
// line, CR-only line ends, a folder entry that cannot be read. Every case keeps "one event per row":
// events = rows read = priced + unpriced + skipped + rejected downstream.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { ingest, type IngestEvent, type IngestOptions } from './index.ts';

const RECOVER = new URL('../../fixtures/logs/recover/', import.meta.url).pathname;
const QUICKSTART = new URL('../../fixtures/logs/quickstart.jsonl', import.meta.url).pathname;
let tmp = '';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'llm-audit-recover-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

async function collect(paths: string[], options: IngestOptions = {}): Promise<IngestEvent[]> {
  const events: IngestEvent[] = [];
  await ingest(paths, options, (e) => events.push(e));
  return events;
}

/** A stream that hands on `data` in pieces of `size` bytes (chunk boundaries everywhere). */
function stdinOf(data: Buffer, size = data.length): PassThrough {
  const s = new PassThrough();
  for (let at = 0; at < data.length; at += size) s.write(data.subarray(at, at + size));
  s.end();
  return s;
}

const kinds = (events: IngestEvent[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const e of events) out[e.kind] = (out[e.kind] ?? 0) + 1;
  return out;
};
const problems = (events: IngestEvent[]) => events.flatMap((e) => (e.kind === 'record' ? [] : [{ kind: e.kind, line: e.problem.line, reason: e.problem.reason }]));
const recordLines = (events: IngestEvent[]) => events.flatMap((e) => (e.kind === 'record' ? [e.record.where.line] : []));

const QUICK = readFileSync(QUICKSTART);
const QUICK_LINES = 57;
const CHAT = (n: number): string => `{"object":"chat.completion","created":1735689600,"model":"gpt-4o","usage":{"prompt_tokens":${n},"completion_tokens":1}}`;

describe('gzip read as far as it decodes', () => {
  it('trailing garbage: every line is read, the tail is one rejected row after them', async () => {
    const gz = gzipSync(QUICK);
    const file = join(tmp, 'trailing.jsonl.gz');
    writeFileSync(file, Buffer.concat([gz, Buffer.from('garbage after the gzip member\n')]));
    const events = await collect([file]);
    expect(events).toHaveLength(QUICK_LINES + 1);
    expect(recordLines(events)).toEqual(Array.from({ length: QUICK_LINES }, (_, i) => i + 1));
    expect(problems(events)).toEqual([{ kind: 'rejected', line: 58, reason: expect.stringMatching(new RegExp(`^gzip data after byte ${gz.length} is not a gzip stream: `)) }]);
  });

  it('trailing garbage in a stream that comes in small pieces, and in a gzipped CSV', async () => {
    const gz = gzipSync(QUICK);
    const events = await collect(['-'], { stdin: stdinOf(Buffer.concat([gz, Buffer.from('xyz')]), 7) });
    expect(kinds(events)).toEqual({ record: QUICK_LINES, rejected: 1 });

    const csv = join(tmp, 'trailing.csv.gz');
    // The last row has no line end: it is read whole before the tail is reported.
    writeFileSync(csv, Buffer.concat([gzipSync('model,input_tokens,output_tokens,date\ngpt-4o,1,1,2025-01-01\ngpt-4o,2,2,2025-01-01'), Buffer.from('junk')]));
    const rows = await collect([csv]);
    expect(recordLines(rows)).toEqual([2, 3]);
    expect(problems(rows)).toEqual([{ kind: 'rejected', line: 4, reason: expect.stringMatching(/^gzip data after byte \d+ is not a gzip stream: .*the rows before it are read/) }]);
  });

  it('reads multi-member streams (cat a.gz b.gz) whole, and zero padding after them', async () => {
    const a = gzipSync(`${CHAT(1)}\n${CHAT(2)}\n`);
    const b = gzipSync(`${CHAT(3)}\n`);
    const events = await collect(['-'], { stdin: stdinOf(Buffer.concat([a, b, a, Buffer.alloc(512)]), 5) });
    expect(events.map((e) => (e.kind === 'record' ? e.record.tokens?.input : e.kind))).toEqual([1, 2, 3, 1, 2]);
  });

  it('a truncated gzip (no trailer): each decoded line counts once, the last one is the rejected row', async () => {
    const gz = gzipSync(QUICK);
    const file = join(tmp, 'no-trailer.jsonl.gz');
    writeFileSync(file, gz.subarray(0, gz.length - 8));
    const events = await collect([file]);
    expect(events).toHaveLength(QUICK_LINES);
    expect(kinds(events)).toEqual({ record: QUICK_LINES - 1, rejected: 1 });
    expect(problems(events)).toEqual([{ kind: 'rejected', line: QUICK_LINES, reason: expect.stringMatching(/^gzip stream ends early: no trailer .*this line, the last one decoded, may be cut/) }]);
  });

  it('a gzip cut anywhere: events = the lines decoded (a cut line included), never one more', async () => {
    const text = Array.from({ length: 400 }, (_, i) => CHAT(i + 1)).join('\n') + '\n';
    const gz = gzipSync(text, { level: 1 });
    for (const keep of [11, 40, Math.floor(gz.length / 3), Math.floor(gz.length / 2), gz.length - 20, gz.length - 4]) {
      const events = await collect(['-'], { stdin: stdinOf(gz.subarray(0, keep), 64) });
      const problem = problems(events);
      expect(problem).toHaveLength(1);
      expect(problem[0]?.reason).toMatch(/^gzip stream ends early/);
      // The rejected row is the last line reached; every line before it is a record, in order.
      expect(recordLines(events)).toEqual(Array.from({ length: events.length - 1 }, (_, i) => i + 1));
      expect(problem[0]?.line).toBe(events.length);
      expect(events.length).toBeLessThanOrEqual(400);
    }
  });

  it('a gzip whose CRC does not match: reported, the last line is its row', async () => {
    const gz = gzipSync(`${CHAT(1)}\n${CHAT(2)}\n`);
    gz.writeUInt8((gz.readUInt8(gz.length - 8) ^ 0xff), gz.length - 8);
    const events = await collect(['-'], { stdin: stdinOf(gz) });
    expect(kinds(events)).toEqual({ record: 1, rejected: 1 });
    expect(problems(events)[0]).toMatchObject({ line: 2, reason: expect.stringMatching(/fails its CRC and length check/) });
  });

  it('a large gzip with garbage: every line, in order, across many decoded chunks', async () => {
    const n = 60_000;
    const text = Array.from({ length: n }, (_, i) => CHAT(i + 1)).join('\n');
    const file = join(tmp, 'large.jsonl.gz');
    writeFileSync(file, Buffer.concat([gzipSync(text), gzipSync(`\n${CHAT(n + 1)}\n`), Buffer.from([0x1f, 0x8b, 9])]));
    const events = await collect([file]);
    expect(events.map((e) => (e.kind === 'record' ? e.record.tokens?.input : e.kind))).toEqual([...Array.from({ length: n + 1 }, (_, i) => i + 1), 'rejected']);
    expect(problems(events)[0]?.reason).toMatch(/compression method 9, not deflate/);
  });
});

describe('a runaway CSV quote', () => {
  it('rejects the row where the quote opened and reads the 1,000 rows after it', async () => {
    const events = await collect([RECOVER + 'runaway-quote.csv']);
    expect(kinds(events)).toEqual({ record: 1000, rejected: 1 });
    expect(problems(events)).toEqual([{ kind: 'rejected', line: 2, reason: expect.stringMatching(/a quote opened on line 2 is never closed: this row \(line 2\) is not read, and reading goes on from line 3/) }]);
    expect(recordLines(events)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 3));
  });
});

describe('sniffing a stream from more than its first line', () => {
  it('one garbage first line does not turn a JSONL stream into CSV', async () => {
    const data = readFileSync(RECOVER + 'garbage-first-line');
    for (const events of [await collect(['-'], { stdin: stdinOf(data, 100) }), await collect([RECOVER + 'garbage-first-line'])]) {
      expect(kinds(events)).toEqual({ record: QUICK_LINES, rejected: 1 });
      expect(problems(events)[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/^not valid JSON/) });
    }
  });

  it('a CSV stream stays CSV; a JSONL stream of mostly bad lines with one object stays JSONL', async () => {
    const csv = await collect(['-'], { stdin: stdinOf(Buffer.from('timestamp,model,input_tokens,output_tokens\n2025-01-01,gpt-4o,1,2\n{"not":"json"\n')) });
    expect(kinds(csv)).toEqual({ record: 1, rejected: 1 });
    const two = await collect(['-'], { stdin: stdinOf(Buffer.from(`garbage\n${CHAT(1)}`)) });
    expect(kinds(two)).toEqual({ record: 1, rejected: 1 });
  });

  it('a stream that opens with a JSON object is JSONL, however many bad lines follow', async () => {
    const tiny = await collect(['-'], { stdin: stdinOf(Buffer.from(`${CHAT(1)}\ngarbage\nmore garbage\n`)) });
    expect(kinds(tiny)).toEqual({ record: 1, rejected: 2 });
    expect(problems(tiny).map((p) => p.reason)).toEqual([expect.stringMatching(/^not valid JSON/), expect.stringMatching(/^not valid JSON/)]);
  });
});

describe('CR-only line ends in JSONL', () => {
  it('reads each CR-ended line as a line (plain, gzipped, from stdin), CRLF as before', async () => {
    const crOnly = readFileSync(RECOVER + 'cr-only.jsonl');
    const gz = join(tmp, 'cr-only.jsonl.gz');
    writeFileSync(gz, gzipSync(crOnly));
    for (const events of [await collect([RECOVER + 'cr-only.jsonl']), await collect([gz]), await collect(['-'], { stdin: stdinOf(crOnly, 50) })]) {
      expect(kinds(events)).toEqual({ record: 5 });
      expect(recordLines(events)).toEqual([1, 2, 3, 4, 5]);
    }
    const crlf = await collect(['-'], { stdin: stdinOf(Buffer.from(`${CHAT(1)}\r\n\r\n${CHAT(2)}\r\n`), 3) });
    expect(recordLines(crlf)).toEqual([1, 3]);
  });

  it('keeps LF line ends in a file that has them, even where a CR is whitespace inside an object', async () => {
    const file = join(tmp, 'cr-inside.jsonl');
    writeFileSync(file, `${CHAT(1).replace(',"model"', ',\r"model"')}\n${CHAT(2)}\n`);
    expect(kinds(await collect([file]))).toEqual({ record: 2 });
  });
});

describe('folders with entries that cannot be read', () => {
  it('a dangling symlink is one rejected row with its path and reason; the rest is read', async () => {
    const dir = join(tmp, 'dangling');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a.jsonl'), `${CHAT(1)}\n`);
    writeFileSync(join(dir, 'sub', 'c.jsonl'), `${CHAT(3)}\n`);
    symlinkSync(join(dir, 'missing.jsonl'), join(dir, 'b.jsonl'));
    symlinkSync(join(dir, 'loop2.jsonl'), join(dir, 'loop1.jsonl'));
    symlinkSync(join(dir, 'loop1.jsonl'), join(dir, 'loop2.jsonl'));
    const events = await collect([dir]);
    expect(events.map((e) => (e.kind === 'record' ? `record ${e.record.where.file}` : `${e.kind} ${e.problem.file}:${e.problem.line}`))).toEqual([
      `record ${join(dir, 'a.jsonl')}`,
      `rejected ${join(dir, 'b.jsonl')}:1`,
      `rejected ${join(dir, 'loop1.jsonl')}:1`,
      `rejected ${join(dir, 'loop2.jsonl')}:1`,
      `record ${join(dir, 'sub', 'c.jsonl')}`,
    ]);
    expect(problems(events)[0]?.reason).toBe(`not read: a symbolic link to ${join(dir, 'missing.jsonl')}, which does not exist (a dangling link); fix or remove the link; counted as one rejected row, the rest of the folder is read`);
    expect(problems(events)[1]?.reason).toMatch(/that loops/);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file or subfolder is one rejected row each; the rest is read', async () => {
    const dir = join(tmp, 'perms');
    mkdirSync(join(dir, 'locked'), { recursive: true });
    writeFileSync(join(dir, 'a.jsonl'), `${CHAT(1)}\n`);
    writeFileSync(join(dir, 'b.jsonl'), `${CHAT(2)}\n`);
    chmodSync(join(dir, 'b.jsonl'), 0o000);
    chmodSync(join(dir, 'locked'), 0o000);
    try {
      const events = await collect([dir]);
      expect(kinds(events)).toEqual({ record: 1, rejected: 2 });
      expect(problems(events).map((p) => p.reason)).toEqual([expect.stringMatching(/permission denied/), expect.stringMatching(/permission denied/)]);
    } finally {
      chmodSync(join(dir, 'b.jsonl'), 0o644);
      chmodSync(join(dir, 'locked'), 0o755);
    }
  });

  it('a path named on the command line that does not exist, or a dangling link named so, still stops the run', async () => {
    const link = join(tmp, 'named-dangling.jsonl');
    symlinkSync(join(tmp, 'nowhere.jsonl'), link);
    await expect(collect([QUICKSTART, link])).rejects.toThrow(InputError);
    await expect(collect([join(tmp, 'no-such-folder')])).rejects.toThrow(InputError);
  });
});

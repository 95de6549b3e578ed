// ingest end to end: stdin, gzip, folders, time fallbacks, forced formats, errors.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { emptyBuckets } from '../core/types.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../errors.ts';
import { FORMAT_NAMES, FORMATS, ingest, type FormatName, type IngestEvent, type IngestOptions } from './index.ts';
import { CHUNK_BYTES } from './read/chunks.ts';

const LOGS = new URL('../../fixtures/logs/', import.meta.url).pathname;
let tmp = '';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'llm-audit-ingest-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

async function collect(paths: string[], options: IngestOptions = {}): Promise<IngestEvent[]> {
  const events: IngestEvent[] = [];
  await ingest(paths, options, (e) => events.push(e));
  return events;
}

function stdinOf(...chunks: (string | Buffer)[]): PassThrough {
  const s = new PassThrough();
  for (const c of chunks) s.write(c);
  s.end();
  return s;
}

const where = (e: IngestEvent): string => (e.kind === 'record' ? `${e.kind} ${e.record.where.file}:${e.record.where.line}` : `${e.kind} ${e.problem.file}:${e.problem.line}`);
const reasonOf = (e: IngestEvent | undefined): string => (e && e.kind !== 'record' ? e.problem.reason : `not a problem: ${JSON.stringify(e)}`);

const CHAT = '{"object":"chat.completion","created":1735689600,"model":"gpt-4o","usage":{"prompt_tokens":3,"completion_tokens":1}}';
const ANTHROPIC = '{"type":"message","model":"claude-sonnet-4-5","usage":{"input_tokens":3,"output_tokens":1}}';

describe('stdin', () => {
  it('reads JSONL from the stream given for "-", labelled <stdin>', async () => {
    const events = await collect(['-'], { stdin: stdinOf(`${CHAT.slice(0, 20)}`, `${CHAT.slice(20)}\n\n${CHAT}`) });
    expect(events.map(where)).toEqual(['record <stdin>:1', 'record <stdin>:3']);
  });

  it('sniffs CSV when the first non-blank character is not { or [', async () => {
    const events = await collect(['-'], { stdin: stdinOf('\n\ntimestamp,model,input_tokens,output_tokens\n2025-01-01,gpt-4o,1,2\n') });
    expect(events.map(where)).toEqual(['record <stdin>:4']);
  });

  it('gunzips by magic bytes', async () => {
    const events = await collect(['-'], { stdin: stdinOf(gzipSync(`${CHAT}\n${CHAT}\n`)) });
    expect(events.map(where)).toEqual(['record <stdin>:1', 'record <stdin>:2']);
  });

  it('an empty stdin yields nothing', async () => {
    expect(await collect(['-'], { stdin: stdinOf() })).toEqual([]);
  });

  it('a record without timestamp is rejected unless --default-time is given (stdin has no mtime)', async () => {
    const [rejected] = await collect(['-'], { stdin: stdinOf(ANTHROPIC) });
    expect(reasonOf(rejected)).toBe('no timestamp in this record and no file time to fall back on (reading stdin): pass --default-time DATE');
    const [record] = await collect(['-'], { stdin: stdinOf(ANTHROPIC), defaultTime: 1_700_000_000_000 });
    expect(record?.kind === 'record' && [record.record.timestamp, record.record.timeSource]).toEqual([1_700_000_000_000, 'default']);
  });
});

describe('time fallbacks', () => {
  it("uses the file's mtime, then --default-time over it; a logged time wins over both", async () => {
    const file = join(tmp, 'no-time.jsonl');
    writeFileSync(file, `${ANTHROPIC}\n${CHAT}\n`);
    const mtime = new Date('2025-02-03T04:05:06.789Z');
    utimesSync(file, mtime, mtime);
    const pick = (events: IngestEvent[]) => events.map((e) => (e.kind === 'record' ? [new Date(e.record.timestamp).toISOString(), e.record.timeSource] : e.kind));
    expect(pick(await collect([file]))).toEqual([
      ['2025-02-03T04:05:06.789Z', 'mtime'],
      ['2025-01-01T00:00:00.000Z', 'logged'],
    ]);
    expect(pick(await collect([file], { defaultTime: Date.UTC(2024, 0, 1) }))).toEqual([
      ['2024-01-01T00:00:00.000Z', 'default'],
      ['2025-01-01T00:00:00.000Z', 'logged'],
    ]);
  });
});

describe('files and folders', () => {
  it('reads a gzipped JSONL file and a gzipped CSV file, as found in a folder', async () => {
    const dir = join(tmp, 'gz');
    mkdirSync(join(dir, 'inner'), { recursive: true });
    writeFileSync(join(dir, 'malformed.jsonl.gz'), gzipSync(readFileSync(LOGS + 'malformed.jsonl')));
    writeFileSync(join(dir, 'inner', 'generic.csv.gz'), gzipSync(readFileSync(LOGS + 'generic.csv')));
    writeFileSync(join(dir, 'inner', 'skip.txt.gz'), gzipSync('not a log'));
    const events = await collect([dir], { defaultTime: 0 });
    const plain = [...(await collect([LOGS + 'generic.csv'], { defaultTime: 0 })), ...(await collect([LOGS + 'malformed.jsonl'], { defaultTime: 0 }))];
    // Same events as the plain files ('inner/…' sorts before 'malformed…'), other than the file label.
    const strip = (e: IngestEvent) => JSON.stringify(e).replaceAll(/"file":"[^"]*"/g, '');
    expect(events.map(strip)).toEqual(plain.map(strip));
    expect(events.map(where).slice(0, 1)).toEqual([`record ${join(dir, 'inner', 'generic.csv.gz')}:2`]);
  });

  it('reads files larger than a read buffer, one after another, without mixing their bytes (buffers are reused)', async () => {
    // Read buffers are 4 MB and reused in turn; lines cross chunk ends, files follow each other
    // (plain, gzipped, CSV), so a view kept too long would show up as a wrong count or a bad line.
    const dir = join(tmp, 'reuse');
    mkdirSync(dir, { recursive: true });
    const padding = 'x'.repeat(1500);
    const chatLine = (i: number) => `{"object":"chat.completion","created":1735689600,"model":"gpt-4o","id":"${padding}","usage":{"prompt_tokens":${i},"completion_tokens":${i % 97}}}`;
    const lines = (from: number, n: number) => Array.from({ length: n }, (_, k) => chatLine(from + k)).join('\n');
    writeFileSync(join(dir, 'a.jsonl'), `${lines(1, 7000)}\n`);
    writeFileSync(join(dir, 'b.jsonl.gz'), gzipSync(`${lines(7001, 6000)}\n`));
    // CRLF rows of 29 bytes, the header padded so that a '\r' is the last byte of the first chunk:
    // csv-parse keeps it as a view until the next write, to see whether '\n' follows.
    // The CSV is over two chunks long, so the next read fills the whole buffer.
    const header = 'timestamp,model,input_tokens,output_tokens';
    const pad = ' '.repeat((((CHUNK_BYTES + 1 - (header.length + 2)) % 29) + 29) % 29);
    const rows = Array.from({ length: 320_000 }, (_, k) => `2025-01-01,gpt-4o,${String(13001 + k).padStart(7, '0')},1`);
    writeFileSync(join(dir, 'c.csv'), `${header}${pad}\r\n${rows.join('\r\n')}\r\n`);
    writeFileSync(join(dir, 'd.jsonl'), lines(333001, 3000));
    const events = await collect([dir]);
    expect(events.filter((e) => e.kind !== 'record')).toEqual([]);
    // The k-th event carries input k+1; the first event that does not is the one to show
    // (a toEqual over 336,000 numbers took seconds).
    expect(events).toHaveLength(336_000);
    const firstWrong = events.findIndex((e, k) => e.kind !== 'record' || e.record.tokens?.input !== k + 1);
    expect(firstWrong === -1 ? 'all in order' : { at: firstWrong, event: events[firstWrong] }).toBe('all in order');
  });

  it('reports a cut gzip as one rejected event and goes on with the next file', async () => {
    const bad = join(tmp, 'cut.jsonl.gz');
    const gz = gzipSync(`${CHAT}\n`.repeat(50));
    writeFileSync(bad, gz.subarray(0, gz.length - 30));
    const events = await collect([bad, LOGS + 'generic.jsonl']);
    const problems = events.filter((e) => e.kind === 'rejected');
    expect(problems).toHaveLength(1);
    expect(reasonOf(problems[0])).toMatch(/^gzip stream ends early, inside compressed data, after byte \d+ \(the file is truncated\); this line, the last one decoded, may be cut/);
    expect(events.filter((e) => e.kind === 'record' && e.record.where.file === LOGS + 'generic.jsonl')).toHaveLength(5);
  });

  it('reports a corrupt gzipped CSV the same way', async () => {
    const bad = join(tmp, 'cut.csv.gz');
    const gz = gzipSync(`model,input_tokens,output_tokens,date\n${'gpt-4o,1,1,2025-01-01\n'.repeat(50)}`);
    writeFileSync(bad, gz.subarray(0, gz.length - 30));
    const problems = (await collect([bad])).filter((e) => e.kind !== 'record');
    expect(problems.map(reasonOf)).toEqual([expect.stringMatching(/^gzip stream ends early, .*; this record, the last one decoded, may be cut and is not read/)]);
  });

  it('keeps the path as given (relative) in file labels', async () => {
    const events = await collect(['fixtures/logs/generic.jsonl']);
    expect(where(events[0] as IngestEvent)).toBe('record fixtures/logs/generic.jsonl:1');
  });

  it('reads a file named twice (directly and through its folder) once', async () => {
    const events = await collect([LOGS + 'nested-folder/a.jsonl', LOGS + 'nested-folder']);
    expect(events).toHaveLength(5);
  });

  it('a folder with no log files yields nothing', async () => {
    const dir = join(tmp, 'empty');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'readme.md'), '# nothing here');
    expect(await collect([dir])).toEqual([]);
  });

  it('a missing path is an InputError naming it, thrown before anything is read', async () => {
    const seen: IngestEvent[] = [];
    const run = async () => {
      await ingest([LOGS + 'generic.jsonl', 'no/such/file.jsonl'], {}, (e) => seen.push(e));
    };
    await expect(run()).rejects.toThrow(InputError);
    await expect(run()).rejects.toThrow('cannot read no/such/file.jsonl: no such file or folder');
    expect(seen).toEqual([]);
  });

  it('sniffs a file whose extension names no format', async () => {
    const file = join(tmp, 'app.log');
    writeFileSync(file, 'model,input_tokens,output_tokens,date\ngpt-4o,1,2,2025-01-01\n');
    expect((await collect([file])).map((e) => e.kind)).toEqual(['record']);
  });

  it('reads a pretty-printed .json as one document (a .json of JSON lines stays JSONL)', async () => {
    const file = join(tmp, 'pretty.json');
    writeFileSync(file, JSON.stringify(JSON.parse(CHAT), null, 2));
    const events = await collect([file]);
    expect(events.map((e) => e.kind)).toEqual(['record']);
    const lines = join(tmp, 'lines.json');
    writeFileSync(lines, `${CHAT}\n${CHAT}\n`);
    expect((await collect([lines])).map((e) => e.kind)).toEqual(['record', 'record']);
  });

  it('tells onRead every piece of input read, compressed bytes for a .gz', async () => {
    const plain = join(tmp, 'counted.jsonl');
    writeFileSync(plain, `${CHAT}\n`.repeat(100));
    const gz = join(tmp, 'counted.jsonl.gz');
    writeFileSync(gz, gzipSync(`${CHAT}\n`.repeat(100)));
    let bytes = 0;
    const events = await collect([plain, gz], { onRead: (n) => (bytes += n) });
    expect(events).toHaveLength(200);
    expect(bytes).toBe(readFileSync(plain).length + readFileSync(gz).length);
  });
});

describe('CSV details', () => {
  it('numbers rows right with CR-only line endings and multi-line cells', async () => {
    const file = join(tmp, 'cr.csv');
    writeFileSync(file, 'model,input_tokens,output_tokens,note,date\rgpt-4o,1,1,"a\rb",2025-01-01\r\rgpt-4o,2,2,,2025-01-01\r');
    expect((await collect([file])).map(where)).toEqual([`record ${file}:2`, `record ${file}:5`]);
  });

  it('an unclosed quote is one rejected event at its row; the rows after its line are read', async () => {
    const file = join(tmp, 'quote.csv');
    writeFileSync(file, 'model,input_tokens,output_tokens,date\ngpt-4o,1,1,2025-01-01\ngpt-4o,"2,2,2025-01-01\ngpt-4o,3,3,2025-01-01\n');
    const events = await collect([file]);
    expect(events.map((e) => e.kind)).toEqual(['record', 'rejected', 'record']);
    expect(reasonOf(events[1])).toMatch(/^CSV row cannot be read: a quote opened on line 3 is never closed: this row \(line 3\) is not read, and reading goes on from line 4/);
    expect(events[1]?.kind !== 'record' && events[1]?.problem.line).toBe(3);
    expect(where(events[2] as IngestEvent)).toBe(`record ${file}:4`);
  });

  it('ambiguous columns: a numeric "prompt" is a count, text is the prompt', async () => {
    const file = join(tmp, 'ambiguous.csv');
    writeFileSync(file, 'model,date,prompt,response\ngpt-4o,2025-01-01,12,\ngpt-4o,2025-01-01,Hello there,Hi\n');
    const events = await collect([file]);
    expect(events.map((e) => (e.kind === 'record' ? (e.record.tokens ?? e.record.text) : e.kind))).toEqual([
      { ...emptyBuckets(), input: 12 },
      { prompt: 'Hello there', completion: 'Hi' },
    ]);
  });

  it('a messages column holds a JSON array', async () => {
    const file = join(tmp, 'messages.csv');
    writeFileSync(file, 'model,date,messages\ngpt-4o,2025-01-01,"[{""role"":""user"",""content"":""Hi""}]"\n');
    const [event] = await collect([file]);
    expect(event?.kind === 'record' && event.record.text).toEqual({ messages: [{ role: 'user', content: 'Hi' }] });
  });
});

describe('--input-format', () => {
  it('reads lines without the detection signature as the forced format', async () => {
    // An OpenAI-compatible provider that omits "object": not detected, but readable when forced.
    const line = '{"created":1735689600,"model":"my-model","usage":{"prompt_tokens":9,"completion_tokens":4,"prompt_tokens_details":{"cached_tokens":5}}}';
    const [detected] = await collect(['-'], { stdin: stdinOf(line) });
    expect(detected?.kind).toBe('rejected');
    const [forced] = await collect(['-'], { stdin: stdinOf(line), inputFormat: 'openai-chat' });
    expect(forced?.kind === 'record' && [forced.record.format, forced.record.tokens]).toEqual(['openai-chat', { ...emptyBuckets(), input: 4, cacheRead: 5, output: 4 }]);
  });

  it('a line that does not fit the forced format is rejected, saying so', async () => {
    const events = await collect(['-'], { stdin: stdinOf(`${ANTHROPIC}\n${CHAT}\n`), inputFormat: 'openai-chat', defaultTime: 0 });
    expect(reasonOf(events[0])).toBe('usage.prompt_tokens is missing: this format always reports it (read as --input-format openai-chat)');
    expect(events[1]?.kind).toBe('record');
  });

  it('a JSON format forced on a CSV file reads rows as {header: cell}: rows of another shape are rejected, saying so', async () => {
    const events = await collect([LOGS + 'generic.csv'], { inputFormat: 'anthropic-messages' });
    expect(events).toHaveLength(5);
    expect(events.every((e) => e.kind === 'rejected')).toBe(true);
    expect(reasonOf(events[0])).toBe('no model: looked for model (read as --input-format anthropic-messages)');
  });

  it('a --default-time that is not a number is a UsageError', async () => {
    const run = async () => {
      await ingest([], { defaultTime: Number.NaN }, () => undefined);
    };
    await expect(run()).rejects.toThrow(UsageError);
  });

  it('an unknown format name is a UsageError', async () => {
    const run = async () => {
      await ingest([], { inputFormat: 'nope' as FormatName }, () => undefined);
    };
    await expect(run()).rejects.toThrow(UsageError);
  });
});

describe('FORMATS', () => {
  it('lists every format with a description and a detection signature', () => {
    expect(FORMATS.map((f) => f.name)).toEqual([...FORMAT_NAMES]);
    for (const f of FORMATS) {
      expect(f.description.length).toBeGreaterThan(20);
      expect(f.signature.length).toBeGreaterThan(5);
    }
    expect(FORMATS.find((f) => f.name === 'anthropic-messages')?.signature).toBe('type == "message" + no object');
    expect(FORMATS.find((f) => f.name === 'generic')?.description).toMatch(/INCLUDING cached tokens/);
  });
});

// One fixture per scenario under fixtures/logs; every event checked, and every file accounted for:
// events == non-blank lines (JSONL) or non-blank data rows (CSV).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyBuckets, type RawRecord, type TokenBuckets } from '../core/types.ts';
import { ingest, type IngestEvent } from './index.ts';

const LOGS = new URL('../../fixtures/logs/', import.meta.url).pathname;
const DEFAULT_TIME = Date.UTC(2025, 5, 1);

async function collect(file: string): Promise<IngestEvent[]> {
  const events: IngestEvent[] = [];
  await ingest([LOGS + file], { defaultTime: DEFAULT_TIME }, (e) => events.push(e));
  return events;
}

function nonBlankLines(file: string): number {
  return readFileSync(LOGS + file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '').length;
}

const t = (input: number, cacheRead: number, cacheWrite5m: number, cacheWrite1h: number, output: number, reasoning: number, extra: Partial<TokenBuckets> = {}) => ({ ...emptyBuckets(), input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning, ...extra });

/** Compact view: records as [line, format, model, ISO time, tokens, extras], problems as [kind, line, reason]. */
function view(e: IngestEvent): unknown[] {
  if (e.kind !== 'record') return [e.kind, e.problem.line, e.problem.reason];
  const r: RawRecord = e.record;
  const extras: Record<string, unknown> = {};
  if (r.serviceTier) extras.serviceTier = r.serviceTier;
  if (r.requests !== 1) extras.requests = r.requests;
  if (r.timeSource !== 'logged') extras.timeSource = r.timeSource;
  return [r.where.line, r.format, r.model, new Date(r.timestamp).toISOString(), r.tokens ?? r.text, extras];
}

describe('fixtures/logs', () => {
  it('generic.csv: BOM, CRLF, header case/spacing, quoted thousands, a multi-line cell, a blank line', async () => {
    const events = await collect('generic.csv');
    expect(events.map(view)).toEqual([
      // "1,000" input includes 100 cached (generic = OpenAI convention).
      [2, 'generic', 'gpt-4o', '2025-03-01T00:00:00.000Z', t(900, 100, 0, 0, 200, 0), {}],
      [3, 'generic', 'claude-sonnet-4-5', '2025-03-01T12:30:00.000Z', t(500, 0, 0, 0, 50, 0), { serviceTier: 'priority', requests: 3 }],
      // line 4 is blank; this row's Note cell spans lines 5–6.
      [5, 'generic', 'gpt-4o-mini', '2025-03-01T12:00:00.000Z', t(10, 0, 0, 0, 5, 0), { serviceTier: 'flex' }],
      [7, 'generic', 'o3-mini', '2025-03-02T06:00:00.000Z', t(100, 0, 0, 0, 300, 250), {}],
      [8, 'generic', 'gpt-4o', '2025-03-02T09:15:30.250Z', t(10_000_000, 2_345_678, 0, 0, 0, 0), {}],
    ]);
    expect(events.every((e) => e.kind === 'record' && e.record.where.file === LOGS + 'generic.csv')).toBe(true);
  });

  it('generic-bad-rows.csv: each bad cell is rejected with its column; an all-empty row is blank', async () => {
    const events = await collect('generic-bad-rows.csv');
    expect(events.map(view)).toEqual([
      ['rejected', 2, 'column "input_tokens" is "12.5": token counts must be whole numbers ≥ 0'],
      ['rejected', 3, 'column "output_tokens" is "-3": token counts must be whole numbers ≥ 0'],
      ['rejected', 4, 'column "input_tokens" is "abc": token counts must be whole numbers ≥ 0'],
      ['rejected', 5, 'column "cached_tokens" (20) is larger than column "input_tokens" (10), which includes it in this format: the counts are inconsistent'],
      ['rejected', 6, 'no model: looked for model, model_name, model_id'],
      ['rejected', 7, expect.stringMatching(/^column "timestamp" is "next tuesday": not a timestamp; expected ISO 8601/)],
      ['rejected', 8, expect.stringMatching(/^no token counts and no text to count: expected one of input_tokens/)],
      // line 9 is ",,,,": no event.
      ['rejected', 10, 'column "input_tokens" is "$5": token counts must be whole numbers ≥ 0'],
      [11, 'generic', 'gpt-4o', '2025-04-01T00:00:00.000Z', t(10, 0, 0, 0, 1, 0), {}],
    ]);
  });

  it('header-only.csv yields nothing and no error', async () => {
    expect(await collect('header-only.csv')).toEqual([]);
  });

  it('unknown-header.csv: every row rejected, naming the columns', async () => {
    expect((await collect('unknown-header.csv')).map(view)).toEqual([
      ['rejected', 2, 'unknown CSV header; columns seen: a, b, c; use --input-format to force one, or --map to name the columns'],
      ['rejected', 3, 'unknown CSV header; columns seen: a, b, c; use --input-format to force one, or --map to name the columns'],
    ]);
  });

  it('generic.jsonl: key spelling variants, numbers as text, ambiguous prompt/completion counts', async () => {
    expect((await collect('generic.jsonl')).map(view)).toEqual([
      [1, 'generic', 'gpt-4o', '2025-01-24T09:20:46.847Z', t(10, 0, 0, 0, 20, 0), {}],
      [2, 'generic', 'gpt-4o-mini', '2025-01-24T09:20:46.500Z', t(1000, 200, 0, 0, 30, 0), {}],
      [3, 'generic', 'claude-3-5-haiku', '2025-02-01T00:00:00.000Z', t(50, 0, 40, 0, 7, 0), {}],
      [4, 'generic', 'gpt-4o', '2025-02-02T00:00:00.000Z', t(12, 0, 0, 0, 3, 0), { serviceTier: 'batch', requests: 2 }],
      [5, 'generic', 'gpt-4.1', '2025-02-02T00:00:00.000Z', t(100, 0, 0, 0, 9, 0), {}],
    ]);
  });

  it('mixed-formats.jsonl: detection per line; usage null and error lines are skipped', async () => {
    expect((await collect('mixed-formats.jsonl')).map(view)).toEqual([
      [1, 'openai-chat', 'gpt-4o-2024-08-06', '2025-01-01T00:00:00.000Z', t(176, 1024, 0, 0, 80, 0), { serviceTier: 'flex' }],
      ['skipped', 2, expect.stringMatching(/^chat completion has no usage/)],
      [3, 'openai-responses', 'gpt-5', '2025-01-01T00:00:02.000Z', t(400, 100, 0, 0, 300, 200), { serviceTier: 'priority' }],
      // Flat cache_creation_input_tokens only → 5m writes.
      [4, 'anthropic-messages', 'claude-3-5-haiku-20241022', '2025-06-01T00:00:00.000Z', t(20, 300, 50, 0, 10, 0), { timeSource: 'default' }],
      // Nested split wins over the flat total.
      [5, 'anthropic-messages', 'claude-opus-4-1', '2025-06-01T00:00:00.000Z', t(5, 0, 100, 500, 7, 0), { serviceTier: 'batch', timeSource: 'default' }],
      // prompt_cache_hit_tokens (64) wins over prompt_tokens_details.cached_tokens (0).
      [6, 'deepseek', 'deepseek-chat', '2025-01-01T00:00:03.000Z', t(36, 64, 0, 0, 5, 0), {}],
      [7, 'generic', 'gpt-4o-mini', '2025-01-01T00:00:04.000Z', t(10, 0, 0, 0, 2, 0), {}],
      ['skipped', 8, expect.stringMatching(/^an error response/)],
      ['skipped', 9, expect.stringMatching(/^an error response/)],
    ]);
  });

  it('malformed.jsonl: one rejection per bad line, with what is wrong; blank lines yield nothing', async () => {
    expect((await collect('malformed.jsonl')).map(view)).toEqual([
      ['rejected', 1, expect.stringMatching(/^not valid JSON \(.+\); the line is skipped$/)],
      ['rejected', 3, expect.stringMatching(/^not valid JSON \(Unexpected token/)],
      ['rejected', 4, 'the line is an array, not a JSON object: a log line must be one object (one request or response)'],
      ['rejected', 6, 'the line is a string, not a JSON object: a log line must be one object (one request or response)'],
      ['rejected', 7, 'usage.prompt_tokens is "12", a string: this format has JSON numbers there'],
      ['rejected', 8, 'usage.prompt_tokens is -5: token counts must be whole numbers ≥ 0'],
      ['rejected', 9, 'usage.completion_tokens is 12.5: token counts must be whole numbers ≥ 0'],
      ['rejected', 10, 'unknown log shape; keys seen: foo, bar, qux; use --input-format to force one, or --map to name the fields'],
      ['rejected', 11, 'model is 42: expected the model name as a string'],
      ['rejected', 12, 'no model: looked for model'],
      ['rejected', 13, 'usage.prompt_tokens_details.cached_tokens (20) is larger than usage.prompt_tokens (10), which includes it in this format: the counts are inconsistent'],
      ['rejected', 14, 'usage.completion_tokens is missing: this format always reports it'],
      ['rejected', 15, expect.stringMatching(/^created is "yesterday": not a timestamp; expected ISO 8601/)],
      // A model alone is not evidence of a request.
      ['rejected', 16, 'unknown log shape; keys seen: model, note; use --input-format to force one, or --map to name the fields'],
      ['rejected', 17, 'no model: looked for model, model_name, model_id'],
      [19, 'openai-chat', 'gpt-4o', '2025-01-01T00:00:00.000Z', t(10, 0, 0, 0, 2, 0), {}],
      ['rejected', 20, 'usage.completion_tokens_details.reasoning_tokens (5) is larger than usage.completion_tokens (2), which includes it: the counts are inconsistent'],
      // The truncated last line, without a newline, is simply not valid JSON.
      ['rejected', 21, expect.stringMatching(/^not valid JSON/)],
    ]);
  });

  it('text-only.jsonl: messages (string or text parts) and completion text, no tokens', async () => {
    const events = await collect('text-only.jsonl');
    expect(events.map((e) => (e.kind === 'record' ? [e.record.where.line, e.record.tokens, e.record.timeSource] : [e.kind, e.problem.line]))).toEqual([
      [1, undefined, 'logged'],
      [2, undefined, 'logged'],
      [3, undefined, 'default'],
      [4, undefined, 'logged'],
      ['rejected', 5],
    ]);
    const texts = events.flatMap((e) => (e.kind === 'record' ? [e.record.text] : []));
    const system = texts[0]?.messages?.[0]?.content ?? '';
    expect(system.length).toBeGreaterThan(1000);
    // The same long system prompt on every chat line: the tokens stage counts it once.
    expect(texts.slice(0, 3).map((x) => x?.messages?.[0])).toEqual([0, 1, 2].map(() => ({ role: 'system', content: system })));
    expect(texts[0]).toEqual({ messages: [{ role: 'system', content: system }, { role: 'user', content: 'What is VAT?' }], completion: 'VAT is a consumption tax.' });
    // Text parts joined by newlines, the image part left out.
    expect(texts[1]?.messages?.[3]).toEqual({ role: 'user', content: 'And in France?\nBriefly.' });
    // Content null (a tool-calling assistant turn) is empty text.
    expect(texts[2]).toEqual({ messages: [{ role: 'system', content: system }, { role: 'user', content: 'Summarise IFRS 16.' }, { role: 'assistant', content: '' }], completion: 'Leases on balance sheet.' });
    expect(texts[3]).toEqual({ prompt: "Translate 'invoice' to German.", completion: 'Rechnung' });
  });

  it('nested-folder: walked recursively, log files only, sorted by path; labels keep the given folder', async () => {
    const files: string[] = [];
    await ingest([LOGS + 'nested-folder/'], { defaultTime: DEFAULT_TIME }, (e) => {
      files.push(`${e.kind === 'record' ? e.record.where.file : e.problem.file}:${e.kind === 'record' ? e.record.where.line : e.problem.line}`);
    });
    const base = LOGS + 'nested-folder/';
    expect(files).toEqual([`${base}a.jsonl:1`, `${base}b.jsonl:1`, `${base}b.jsonl:2`, `${base}sub/c.csv:2`, `${base}sub/deeper/d.json:2`]);
  });

  it.each(['generic.jsonl', 'mixed-formats.jsonl', 'malformed.jsonl', 'text-only.jsonl'])('accounting: %s has one event per non-blank line', async (file) => {
    expect((await collect(file)).length).toBe(nonBlankLines(file));
  });

  it.each([
    // Data rows that are not blank, counted by hand (a quoted cell spanning two lines is one row).
    ['generic.csv', 5],
    ['generic-bad-rows.csv', 9],
    ['header-only.csv', 0],
    ['unknown-header.csv', 2],
  ])('accounting: %s has one event per non-blank data row (%i)', async (file, rows) => {
    expect((await collect(file)).length).toBe(rows);
  });
});

// A large JSONL file read as byte ranges (parallel.ts) gives what reading it whole gives: the same
// rows and totals, and the same problems with whole-file line numbers once the ranges are settled.
import { mkdirSync, mkdtempSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestSources, NotSplittable, type Source } from '../ingest/index.ts';
import { loadCatalogue } from '../pricing/load.ts';
import { createTokenCounter } from '../tokens/index.ts';
import { ingestOptions, type WorkerOptions } from './options.ts';
import { mayMakeUnits, rangeUnits, readClaimed } from './parallel.ts';
import { AuditRun } from './run.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const catalogue = loadCatalogue([join(ROOT, 'fixtures/pricing/frozen')]);
const options: WorkerOptions = { groupBy: ['model', 'day'], compare: ['gpt-5'], problemLimit: 7, trackMonths: false };
const dir = mkdtempSync(join(tmpdir(), 'llm-audit-ranges-'));

const chat = (i: number) =>
  JSON.stringify({ object: 'chat.completion', created: 1759000000 + i * 3600, model: i % 3 ? 'gpt-4o' : 'gpt-5', usage: { prompt_tokens: 100 + i, completion_tokens: i % 17 } });

function fileOf(lines: string[]): Source {
  const path = join(dir, `log-${lines.length}-${lines[0]?.length}.jsonl`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { label: path, path, size: statSync(path).size, mtimeMs: 0 };
}

function newRun(): AuditRun {
  return new AuditRun(options, catalogue, createTokenCounter());
}

async function whole(src: Source): Promise<AuditRun> {
  const run = newRun();
  await ingestSources([src], ingestOptions(options, () => undefined), (e) => run.consume(e));
  return run;
}

async function inRanges(src: Source, bytes: number): Promise<AuditRun> {
  const run = newRun();
  const units = rangeUnits(src, bytes);
  expect(units.length).toBeGreaterThan(5);
  await readClaimed(units, new Int32Array(new SharedArrayBuffer(4)), ingestOptions(options, () => undefined), run, options.problemLimit);
  run.settleRanges();
  return run;
}

const summary = (run: AuditRun) => ({ rows: run.rows, problems: run.problems.sorted(), total: run.problemsTotal, groups: run.groups.all(), whatIf: run.whatIf.all() });

describe('byte ranges of one file', () => {
  it('give the rows, totals and problems (with whole-file line numbers) of reading it whole', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => (i % 37 === 5 ? '{"cut": ' : i % 53 === 9 ? '' : i % 41 === 7 ? '{"object":"chat.completion","usage":null}' : chat(i)));
    const src = fileOf(lines);
    const a = summary(await whole(src));
    expect(a.problems.length).toBe(7);
    expect(a.total).toBeGreaterThan(10);
    for (const bytes of [1000, 2500, 4096]) expect(summary(await inRanges(src, bytes))).toEqual(a);
  });

  it('stop at a line of a format that needs its whole file, and leave nothing to claim', async () => {
    const claude = JSON.stringify({ type: 'assistant', sessionId: 's', requestId: 'r', message: { id: 'msg_1', model: 'claude-sonnet-4-5', usage: { input_tokens: 1, output_tokens: 1 } }, timestamp: '2025-10-01T00:00:00Z' });
    const lines = Array.from({ length: 200 }, (_, i) => (i === 150 ? claude : chat(i)));
    const src = fileOf(lines);
    const units = rangeUnits(src, 1000);
    const claims = new Int32Array(new SharedArrayBuffer(4));
    await expect(readClaimed(units, claims, ingestOptions(options, () => undefined), newRun(), 7)).rejects.toBeInstanceOf(NotSplittable);
    expect(Atomics.load(claims, 0)).toBeGreaterThanOrEqual(units.length);
  });
});

describe('rangeUnits', () => {
  const src = (size: number): Source => ({ label: 'x.jsonl', path: 'x.jsonl', size, mtimeMs: 0 });
  const MB = 1024 * 1024;

  it('covers the file end to end, in order, ranges of about the size asked, then a tail that halves', () => {
    for (const size of [64 * MB, 115 * MB + 12345, 2000 * MB + 7, 17 * MB, 3 * MB, 1, 0]) {
      const units = rangeUnits(src(size), 16 * MB);
      let at = 0;
      for (const [part, u] of units.entries()) {
        if (u.kind !== 'range') throw new Error('not a range');
        expect(u.part).toBe(part);
        expect(u.range.start).toBe(at);
        expect(u.bytes).toBe(u.range.end - u.range.start);
        at = u.range.end;
      }
      expect(at).toBe(size);
      // Sizes never grow along the file: the claim order (largest first) ends on the tail.
      const sizes = units.map((u) => u.bytes);
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    }
    const sizes = rangeUnits(src(115 * MB), 16 * MB).map((u) => u.bytes / MB);
    expect(sizes.slice(-4)).toEqual([8, 4, 2, 1]);
    expect(Math.max(...sizes)).toBeLessThan(20);
  });
});

describe('mayMakeUnits (whether to start workers before the walk)', () => {
  const MB = 1024 * 1024;
  const sized = (name: string, bytes: number): string => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
    truncateSync(path, bytes);
    return path;
  };

  it('says yes for a folder, a file large enough to cut into ranges, or files of two Claude Code projects', () => {
    expect(mayMakeUnits([dir])).toBe(true);
    expect(mayMakeUnits([sized('big.jsonl', 70 * MB)])).toBe(true);
    expect(mayMakeUnits([sized('projects/a/s1.jsonl', 20 * MB), sized('projects/b/s2.jsonl', 20 * MB)])).toBe(true);
  });

  it('says no for input read whole on one thread: small, or one 40 MB log, or files of one family', () => {
    expect(mayMakeUnits([sized('small.jsonl', 1 * MB)])).toBe(false);
    expect(mayMakeUnits([sized('mid.jsonl', 40 * MB)])).toBe(false);
    expect(mayMakeUnits([sized('one.jsonl', 20 * MB), sized('two.jsonl', 20 * MB)])).toBe(false);
    expect(mayMakeUnits([sized('projects/c/s1.jsonl', 20 * MB), sized('projects/c/s2.jsonl', 20 * MB)])).toBe(false);
    expect(mayMakeUnits([join(dir, 'missing.jsonl')])).toBe(false);
  });
});

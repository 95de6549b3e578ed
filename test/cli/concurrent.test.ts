// Two audits at once in one process (an embedding; tests that run in process) read their own
// bytes: the read buffers are per file being read (src/ingest/read/chunks.ts), not shared.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FROZEN_PRICING, runJsonIn } from './run.ts';

let dir: string;
const files: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-audit-concurrent-'));
  // Two logs of several read chunks each, with different models and counts, so mixed bytes would show.
  for (const [name, model, input] of [['a.jsonl', 'gpt-4o', 1000], ['b.jsonl', 'deepseek-chat', 7], ['c.jsonl', 'gpt-4o-mini', 90], ['d.jsonl', 'deepseek-reasoner', 33]] as const) {
    const line = (i: number): string =>
      JSON.stringify({ id: `chatcmpl-${name}-${i}`, object: 'chat.completion', created: 1_760_000_000 + i, model, choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(200 + (i % 50)) } }], usage: { prompt_tokens: input + (i % 13), completion_tokens: i % 7, total_tokens: input + (i % 13) + (i % 7) } });
    const path = join(dir, name);
    writeFileSync(path, Array.from({ length: 3_000 }, (_, i) => line(i)).join('\n') + '\n');
    files.push(path);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('gives each of four concurrent runs the report it gives alone', async () => {
  const args = (file: string) => [file, '--pricing-dir', FROZEN_PRICING, '--threads', '1'];
  const alone: { rows: { read: number }; totals: unknown }[] = [];
  for (const file of files) alone.push((await runJsonIn(args(file))).report);
  const together = await Promise.all(files.map((file) => runJsonIn(args(file))));
  together.forEach((r, i) => {
    expect(r.report.rows).toEqual(alone[i]?.rows);
    expect(r.report.totals).toEqual(alone[i]?.totals);
    expect(r.report.problems).toEqual([]);
  });
  expect(alone[0]?.rows.read).toBe(3_000);
});

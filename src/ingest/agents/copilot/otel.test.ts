// Copilot CLI's OpenTelemetry export, the cases the fixture (fixtures/agents-home/.copilot/otel, read
// in test/cli/agents-files.test.ts) leaves out: order does not matter (a chat span after the records it
// supersedes), two chat spans of one trace are two calls, a bad count is rejected with its key, and
// every line ends as exactly one event.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest, type IngestEvent } from '../../index.ts';

const dir = mkdtempSync(join(tmpdir(), 'llm-audit-copilot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(lines: object[]): Promise<IngestEvent[]> {
  const file = join(dir, `t${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const events: IngestEvent[] = [];
  await ingest([file], {}, (e) => events.push(e));
  return events;
}

const chat = (trace: string, span: string, usage: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  type: 'span',
  traceId: trace,
  spanId: span,
  name: 'chat gpt-5-mini',
  endTime: [1775934264, 0],
  attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.response.model': 'gpt-5-mini', ...usage, ...more },
});
const inference = (trace: string, usage: Record<string, unknown>) => ({
  traceId: trace,
  hrTime: [1775934263, 0],
  attributes: { 'event.name': 'gen_ai.client.inference.operation.details', 'gen_ai.response.model': 'gpt-5-mini', ...usage },
  _body: 'GenAI inference: gpt-5-mini',
});
const turn = (trace: string, usage: Record<string, unknown>) => ({
  traceId: trace,
  hrTime: [1775934265, 0],
  attributes: { 'event.name': 'copilot_chat.agent.turn', 'gen_ai.response.model': 'gpt-5-mini', ...usage },
  _body: 'copilot_chat.agent.turn',
});
const usage = (input: number, output: number) => ({ 'gen_ai.usage.input_tokens': input, 'gen_ai.usage.output_tokens': output });

function summary(events: IngestEvent[]): string[] {
  return events.map((e) => (e.kind === 'record' ? `record ${e.record.where.line} ${e.record.tokens?.input}/${e.record.tokens?.output} ${e.record.tags?.session}` : `${e.kind} ${e.problem.line} ${e.problem.reason}`)).sort();
}

describe('copilot-otel', () => {
  it('a chat span supersedes the inference and agent-turn logs of its trace written before it', async () => {
    const events = await read([turn('t1', usage(90, 9)), inference('t1', usage(80, 8)), chat('t1', 's1', usage(70, 7)), turn('t2', usage(50, 5)), inference('t2', usage(40, 4))]);
    expect(summary(events)).toEqual([
      'record 3 70/7 t1',
      'record 5 40/4 t2',
      'skipped 1 superseded by the chat span of its trace (t1): the same model call, counted from that record',
      'skipped 2 superseded by the chat span of its trace (t1): the same model call, counted from that record',
      'skipped 4 superseded by the inference log (gen_ai.client.inference.operation.details) of its trace (t2): the same model call, counted from that record',
    ]);
  });

  it('two chat spans of one trace are two model calls; a bad count is rejected with its key', async () => {
    const events = await read([chat('t1', 's1', usage(10, 1)), chat('t1', 's2', usage(20, 2)), chat('t2', 's3', { 'gen_ai.usage.input_tokens': 'many' })]);
    expect(events).toHaveLength(3);
    expect(summary(events).slice(0, 2)).toEqual(['record 1 10/1 t1', 'record 2 20/2 t1']);
    const rejected = events.find((e) => e.kind === 'rejected');
    expect(rejected?.kind === 'rejected' && rejected.problem.reason).toMatch(/^attributes\."gen_ai\.usage\.input_tokens" is "many"/);
  });

  it('cache reads above input are inconsistent (input includes them): rejected, not priced', async () => {
    const events = await read([chat('t1', 's1', { ...usage(10, 1), 'gen_ai.usage.cache_read.input_tokens': 50 })]);
    expect(events.map((e) => e.kind)).toEqual(['rejected']);
  });
});

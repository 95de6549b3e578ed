import { describe, expect, it } from 'vitest';
import { newRunState } from '../replay/dedupe.ts';
import { readJsonl, type FileContext } from './jsonl.ts';
import type { IngestEvent } from '../types.ts';

const ctx = (): FileContext => ({ file: 'log.jsonl', fallback: undefined, forced: undefined, custom: undefined, defaultModel: undefined, run: newRunState() });
const line = (n: number): string => `${JSON.stringify({ model: 'gpt-4o', timestamp: '2025-06-01T00:00:00Z', prompt_tokens: n, completion_tokens: 1 })}\n`;

describe('readJsonl', () => {
  it('reads the lines before a failing source and rejects the rest as one row', async () => {
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from(line(1) + line(2));
      throw new Error('EIO: i/o error, read');
    }
    const events: IngestEvent[] = [];
    const lines = await readJsonl(broken(), ctx(), (event) => events.push(event));
    expect(lines).toBe(2);
    expect(events.map((e) => e.kind)).toEqual(['record', 'record', 'rejected']);
    expect(JSON.stringify(events[2])).toContain('EIO: i/o error');
  });

  it('does not take an error raised while a line is handled for a broken stream', async () => {
    // Such an error is a bug (or a signal for the caller): turning it into "could not read further"
    // would hide it and drop every later line of the file with exit 0.
    const failure = new Error('sink failed');
    const seen: IngestEvent[] = [];
    const sink = (event: IngestEvent): void => {
      seen.push(event);
      if (seen.length === 1) throw failure;
    };
    await expect(readJsonl([Buffer.from(line(1) + line(2))], ctx(), sink)).rejects.toBe(failure);
    expect(seen.map((e) => e.kind)).toEqual(['record']);
  });
});

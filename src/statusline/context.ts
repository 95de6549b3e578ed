// What the context window holds, for a Claude Code that does not say (context_window.current_usage
// is recent): the last main-chain response's prompt in the session file, that is its input, cache
// writes and cache reads. Read from the file's tail only.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const TAIL_BYTES = 256 * 1024;

export function lastPromptTokens(transcript: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(transcript, 'r');
  } catch {
    return undefined;
  }
  let text: string;
  let whole: boolean;
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    const n = readSync(fd, buffer, 0, buffer.length, start);
    text = buffer.toString('utf8', 0, n);
    whole = start === 0;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
  const lines = text.split('\n');
  // The first piece of a tail may be the end of a cut line.
  if (!whole) lines.shift();
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (!line.includes('"assistant"') || !line.includes('"usage"')) continue;
    let value: { type?: unknown; isSidechain?: unknown; message?: { usage?: Record<string, unknown> } };
    try {
      value = JSON.parse(line) as typeof value;
    } catch {
      continue;
    }
    const usage = value.message?.usage;
    if (value.type !== 'assistant' || value.isSidechain === true || typeof usage !== 'object' || usage === null) continue;
    const count = (key: string): number => {
      const v = usage[key];
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
    };
    if (typeof usage.input_tokens !== 'number') continue;
    return count('input_tokens') + count('cache_creation_input_tokens') + count('cache_read_input_tokens');
  }
  return undefined;
}

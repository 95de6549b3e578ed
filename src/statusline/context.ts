// What the context window holds, for a Claude Code that does not say (context_window.current_usage
// is recent): the last main-chain response's prompt in the session file, that is its input, cache
// writes and cache reads. Read from the file's tail only.

import { filePart } from './file-part.ts';

const TAIL_BYTES = 256 * 1024;

export function lastPromptTokens(transcript: string): number | undefined {
  const tail = filePart(transcript, 'tail', TAIL_BYTES);
  if (!tail) return undefined;
  const lines = tail.text.split('\n');
  // The first piece of a tail may be the end of a cut line.
  if (!tail.whole) lines.shift();
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

// JSONL: one JSON object per line → one event per non-blank line.

import type { TimeFallback } from './extract.ts';
import { reject } from './extract.ts';
import { interpretObject } from './detect.ts';
import type { JsonObject } from './fields.ts';
import type { FormatName } from './formats.ts';
import { LineSplitter, MAX_LINE_BYTES } from './lines.ts';
import type { IngestEvent } from './types.ts';

export interface FileContext {
  /** The path as the user gave it, or '<stdin>'. */
  readonly file: string;
  readonly fallback: TimeFallback | undefined;
  readonly forced: FormatName | undefined;
}

/** One line's text → its event. */
export function readJsonLine(text: string, line: number, ctx: FileContext): IngestEvent {
  const where = { file: ctx.file, line };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return reject(where, `not valid JSON (${detail.length > 120 ? `${detail.slice(0, 117)}…` : detail}); the line is skipped`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return reject(where, `the line is ${kind}, not a JSON object: a log line must be one object (one request or response)`);
  }
  return interpretObject(value as JsonObject, { where, fallback: ctx.fallback, forced: ctx.forced });
}

/**
 * Events of a JSONL byte stream, in batches (one per chunk): yielding per batch rather than per
 * line keeps the async-iteration cost off the per-line path. A stream error (corrupt gzip, an I/O
 * error) ends the file with one rejected event at the line where reading stopped.
 */
export async function* readJsonl(chunks: AsyncIterable<Buffer>, ctx: FileContext): AsyncGenerator<IngestEvent[]> {
  let batch: IngestEvent[] = [];
  const splitter = new LineSplitter((text, line) => {
    batch.push(
      text === undefined
        ? reject({ file: ctx.file, line }, `line longer than ${MAX_LINE_BYTES / 1024 / 1024} MB: not read; split the file into one JSON object per line`)
        : readJsonLine(text, line, ctx),
    );
  });
  try {
    for await (const chunk of chunks) {
      splitter.push(chunk);
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
  } catch (err) {
    // The partial line before the error is not worth parsing: it is cut, so one event covers both.
    const detail = err instanceof Error ? err.message : String(err);
    yield [...batch, reject({ file: ctx.file, line: splitter.lines + 1 }, `could not read further (${detail}); the rest of the file is not read`)];
    return;
  }
  splitter.end();
  if (batch.length > 0) yield batch;
}

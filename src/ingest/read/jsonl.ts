// JSONL: one JSON object per line → one event per non-blank line (or one per item of a line that
// holds an items array; see spec.ts JsonFormat.items).

import { reject } from '../extract/extract.ts';
import { BrokenGzip } from './gunzip.ts';
import type { JsonObject } from '../extract/fields.ts';
import { FileInterpreter, type FileContext, type ReadState } from '../replay/interpret.ts';
import { LineSplitter, lineText, MAX_LINE_BYTES } from './lines.ts';
import type { EventSink, IngestEvent } from '../types.ts';

export type { FileContext } from '../replay/interpret.ts';

/** Where a read of a grown file goes on from (the persistent cache, src/cache/; see FileObserver.reached). */
export interface JsonlResume {
  /** The byte the chunks start at. */
  readonly offset: number;
  /** Lines before it (blank ones included). */
  readonly lines: number;
  /** The bytes of the line begun before it, not yet ended. */
  readonly partial: Buffer;
  /** The reader, rebuilt as it stood there (FileInterpreter.resume). */
  readonly reader: FileInterpreter;
}

/** An error raised by the byte source (a read or a gzip stream), as opposed to one raised while a line is read. */
class SourceFailure {
  readonly cause: unknown;
  constructor(cause: unknown) {
    this.cause = cause;
  }
}

/**
 * The chunks, with the source's own errors wrapped: only those mean "the rest of the file cannot
 * be read". An error raised while a line is interpreted is a bug or a deliberate signal
 * (NotSplittable) and must not be mistaken for a broken stream that loses the file's later lines.
 */
async function* sourceChunks(chunks: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* chunks;
  } catch (err) {
    throw new SourceFailure(err);
  }
}

/** One line's text → its events. */
export function readJsonLine(text: string, line: number, file: string, reader: FileInterpreter): IngestEvent[] {
  const where = { file, line };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return [reject(where, `not valid JSON (${detail.length > 120 ? `${detail.slice(0, 117)}…` : detail}); the line is skipped`)];
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return [reject(where, `the line is ${kind}, not a JSON object: a log line must be one object (one request or response)`)];
  }
  return reader.line(value as JsonObject, line);
}

/**
 * Events of a JSONL byte stream, handed to `onEvent` as each line is read. A stream error ends the
 * file with one rejected event: after the last line when the data before it is whole (bytes after
 * a gzip stream that are not gzip), else at the line where reading stopped, which is cut or (a
 * truncated or corrupt gzip stream, see gunzip.ts) held back unread, so that the problem is that
 * line's row and not one more: priced + unpriced + skipped + rejected = rows read still holds, and
 * rows read is the file's line count. Records held for keep-last come at the end of the file (or
 * of what could be read). Returns the number of lines (blank ones included). `lineEnd` 'cr' reads
 * a file of CR-only line ends (sources.ts lineEndOf).
 */
export async function readJsonl(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  ctx: FileContext,
  onEvent: EventSink,
  lineEnd: 'lf' | 'cr' = 'lf',
  from?: JsonlResume,
): Promise<number> {
  const reader = from?.reader ?? new FileInterpreter(ctx);
  const emit = (events: IngestEvent[]): void => {
    for (const event of events) onEvent(event);
  };
  // A line held back until the next one shows whether it was superseded (see prefilter.adjacentKey).
  // Its bytes are kept (a view, not a copy) and decoded only if it is not superseded. It is read
  // at the end of its chunk at the latest: the read buffers are reused (see sources.ts).
  let held: { bytes: Buffer; line: number; key: string } | undefined;
  const flush = (): void => {
    if (held) emit(readJsonLine(lineText(held.bytes, 0, held.bytes.length), held.line, ctx.file, reader));
    held = undefined;
  };
  const splitter = new LineSplitter((buf, start, end, line) => {
    if (buf === undefined) {
      flush();
      onEvent(reject({ file: ctx.file, line }, `line longer than ${MAX_LINE_BYTES / 1024 / 1024} MB: not read; split the file into one JSON object per line`));
      return;
    }
    const quick = reader.prefilter(buf, start, end, line);
    if (quick) {
      onEvent(quick);
      return;
    }
    const key = reader.adjacentKey(buf, start, end);
    if (key !== undefined) {
      if (held && held.key === key) onEvent(reader.superseded(held.line));
      else flush();
      held = { bytes: buf.subarray(start, end), line, key };
      return;
    }
    flush();
    emit(readJsonLine(lineText(buf, start, end), line, ctx.file, reader));
  }, MAX_LINE_BYTES, lineEnd);
  if (from) splitter.resume(from.lines, from.partial);
  // The persistent cache is told where the read stands between chunks (nothing is held then).
  const observer = ctx.observer;
  let offset = from?.offset ?? 0;
  const take = (): ReadState | undefined => {
    const partial = splitter.partialBytes;
    const state = partial === undefined ? undefined : reader.snapshot();
    return state && partial !== undefined ? { lines: splitter.lines, partial, reader: state } : undefined;
  };
  observer?.reached?.(offset, take);
  try {
    for await (const chunk of sourceChunks(chunks)) {
      splitter.push(chunk);
      flush();
      offset += chunk.length;
      observer?.reached?.(offset, take);
    }
  } catch (failure) {
    if (!(failure instanceof SourceFailure)) throw failure;
    const err = failure.cause;
    if (err instanceof BrokenGzip && !err.cut) {
      // Everything before the tail is whole: its lines are read as usual, the tail is one row more.
      splitter.end();
      flush();
      onEvent(reject({ file: ctx.file, line: splitter.lines + 1 }, `${err.message}; the lines before it are read, the rest of the file is not`));
    } else {
      // The partial (or held back) line before the error is not worth parsing: it is cut, so one event covers both.
      flush();
      const reason =
        err instanceof BrokenGzip
          ? `${err.message}; this line, the last one decoded, may be cut and is not read; the lines before it are read`
          : `could not read further (${err instanceof Error ? err.message : String(err)}); the rest of the file is not read`;
      onEvent(reject({ file: ctx.file, line: splitter.lines + 1 }, reason));
    }
    emit(reader.end());
    return splitter.lines;
  }
  splitter.end();
  flush();
  emit(reader.end());
  return splitter.lines;
}

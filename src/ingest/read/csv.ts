// CSV: the header picks the format (once per file), each data row → one event. Records come from
// csvrecords.ts: a row without a quote is one split on ",", a row with a quote is read by csv-parse.

import { StringDecoder } from 'node:string_decoder';
import { CsvRecords, CsvSyntaxError, MAX_RECORD_CHARS } from './csvrecords.ts';
import { pickCsvPlan } from '../detect/detect.ts';
import { BrokenGzip } from './gunzip.ts';
import { reject } from '../extract/extract.ts';
import type { JsonObject } from '../extract/fields.ts';
import { flatFields } from '../extract/flat.ts';
import { FileInterpreter, type FileContext } from '../replay/interpret.ts';
import type { EventSink, IngestEvent } from '../types.ts';

/** Bytes decoded to text at a time (see readCsv). */
const DECODE_BYTES = 64 * 1024;

type RowReader = (cells: readonly string[], line: number) => IngestEvent[];

/**
 * The reader for a header (see detect.ts pickCsvPlan). A JSON format reads each row as the object
 * {trimmed header: cell}, the first of duplicate names winning; a flat format reads cells through
 * columns mapped once.
 */
function rowReaderFor(header: readonly string[], ctx: FileContext, reader: FileInterpreter): RowReader {
  const plan = pickCsvPlan(header, ctx);
  const where = (line: number) => ({ file: ctx.file, line });
  switch (plan.kind) {
    case 'unknown':
      return (_cells, line) => [reject(where(line), plan.reason)];
    case 'flat':
      return (cells, line) => [reader.flatRow(plan.chosen, flatFields(plan.chosen.spec, plan.columns, (i) => cells[i]), where(line))];
    case 'json': {
      const names = header.map((h) => h.trim());
      return (cells, line) => {
        // No prototype: a column named "constructor" or "__proto__" is just a column.
        const row: JsonObject = Object.create(null) as JsonObject;
        names.forEach((name, i) => {
          if (!Object.hasOwn(row, name)) row[name] = cells[i];
        });
        return reader.json(plan.chosen, row, where(line), true);
      };
    }
    default:
      return plan satisfies never;
  }
}

/**
 * Why a CSV stream stops being read. Bytes after a whole gzip stream that are not gzip end it
 * cleanly first: its last record is read (it may be in the decoder or held), and the tail is the
 * one rejected row after it. A cut (truncated or corrupt gzip, see gunzip.ts) leaves the record
 * being read (its last line held back unread) as the rejected row, so no row is added.
 */
function stopReason(err: unknown, records: CsvRecords, decoder: StringDecoder): string {
  if (err instanceof CsvSyntaxError) return `CSV cannot be read from here (${err.message}); the rest of the file is not read: fix the quoting and run again`;
  if (err instanceof BrokenGzip && !err.cut) {
    try {
      records.push(decoder.end());
      records.end();
    } catch (inner) {
      if (inner instanceof CsvSyntaxError) return `${err.message}, and a CSV record before it is cut (${inner.message})`;
      throw inner;
    }
    return `${err.message}; the rows before it are read, the rest of the file is not`;
  }
  if (err instanceof BrokenGzip) return `${err.message}; this record, the last one decoded, may be cut and is not read; the rows before it are read`;
  return `could not read further (${err instanceof Error ? err.message : String(err)}); the rest of the file is not read`;
}

/**
 * Events of a CSV byte stream, handed to `onEvent` as records are read (csvrecords.ts), in file
 * order, a chunk at a time (the file is never held whole). Rows whose cells are all blank count as
 * blank lines (no event). A quote never closed makes its record one rejected event, and the rows
 * after the quote's line are read (csvrecords.ts).
 */
export async function readCsv(chunks: AsyncIterable<Buffer>, ctx: FileContext, onEvent: EventSink): Promise<void> {
  const interpreter = new FileInterpreter(ctx);
  let reader: RowReader | undefined;
  const records = new CsvRecords(
    (cells, line) => {
      if (cells.every((c) => c.trim() === '')) return;
      if (!reader) reader = rowReaderFor(cells, ctx, interpreter);
      else for (const event of reader(cells, line)) onEvent(event);
    },
    MAX_RECORD_CHARS,
    // A runaway quote: its record is one rejected row; the rows after it are read.
    (line, reason) => onEvent(reject({ file: ctx.file, line }, `CSV row cannot be read: ${reason}`)),
  );
  // A UTF-8 character cut by a chunk end is completed by the next chunk.
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of chunks) {
      // Decoded in pieces small enough for V8's young generation: a string over 128 KB goes to the
      // large-object space, freed only by a full GC, and a run's heap then grows with the file.
      for (let at = 0; at < chunk.length; at += DECODE_BYTES) records.push(decoder.write(chunk.subarray(at, at + DECODE_BYTES)));
    }
    records.push(decoder.end());
    records.end();
  } catch (err) {
    // The reason first: it may read the last record, which moves records.line past it.
    const reason = stopReason(err, records, decoder);
    onEvent(reject({ file: ctx.file, line: err instanceof CsvSyntaxError ? err.line : records.line }, reason));
  }
  for (const event of interpreter.end()) onEvent(event);
}

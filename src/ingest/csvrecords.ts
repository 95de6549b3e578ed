// CSV records from text chunks: RFC 4180 with the relaxations real exports need. Written here rather
// than taken from csv-parse, which was 80% of a CSV run: a record without a quote (most rows of
// most exports) is one native split on ",", and only records with quotes are read char by char.
//
// The rules (csv-parse with bom, relax_quotes, relax_column_count gives the same records for
// well-formed files; csvrecords.test.ts checks that on generated files cut at every place):
// - a record ends at \r\n, \n or \r outside quotes; records may have any number of cells;
// - a cell that starts with a quote runs to the quote followed by ",", a line end or the end of
//   the file; "" inside it is one quote, and line breaks inside it are kept as they are;
// - a quote anywhere else is an ordinary character (`5" screen`), and so is a cell's closing quote
//   followed by other text (`"a"b` is the cell `"a"b`);
// - a UTF-8 BOM at the start of the file is dropped;
// - a quote never closed (none follows it in the rest of the file, or none within MAX_RECORD_CHARS)
//   makes its record broken: it is reported (onBroken) and reading goes on from the line after the
//   one where the quote opened, so one stray quote does not hide the rest of the file. Without an
//   onBroken handler, and for a record longer than MAX_RECORD_CHARS with no line end after the
//   quote (or no quote at all), it is a CsvSyntaxError: the rest cannot be read (memory stays flat
//   whatever the file).

import { MAX_LINE_BYTES } from './lines.ts';

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10;
const CR = 13;

/** A record may be as long as a JSONL line may be (in characters); a longer one is taken for a quote never closed. */
export const MAX_RECORD_CHARS = MAX_LINE_BYTES;

/** A CSV file that cannot be read past a point (a quote never closed). */
export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
  /** The line where the record that cannot be read starts. */
  readonly line: number;

  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

/** Called with each record's cells and the line it starts on (1-based). */
export type RecordHandler = (cells: string[], line: number) => void;

/** Called for a record that cannot be read (a quote never closed), with the line it starts on and why. */
export type BrokenHandler = (line: number, reason: string) => void;

export class CsvRecords {
  readonly #onRecord: RecordHandler;
  /** Text not yet read: the start of a record whose end has not arrived, in the pieces it came in. */
  #rest: string[] = [];
  #restLength = 0;
  /**
   * Read the held record again once this much text is held: twice what the last try had. A long
   * quoted cell (or a quote never closed) is then scanned a bounded number of times, not once per
   * chunk, which would be quadratic.
   */
  #retryAt = 0;
  readonly #maxRecordChars: number;
  readonly #onBroken: BrokenHandler | undefined;
  /** The line the next record starts on. */
  #line = 1;
  #started = false;
  /**
   * Set when the held record waits for the close of the quote that opens a cell at `at` (from the
   * record's start), after `breaks` line breaks: where to go on from if it never comes.
   */
  #openQuote: { at: number; breaks: number } | undefined;

  constructor(onRecord: RecordHandler, maxRecordChars = MAX_RECORD_CHARS, onBroken?: BrokenHandler) {
    this.#onRecord = onRecord;
    this.#maxRecordChars = maxRecordChars;
    this.#onBroken = onBroken;
  }

  /** The line the next record starts on (after end(): one past the last line). */
  get line(): number {
    return this.#line;
  }

  /** Reads the complete records of `text` (the next piece of the file); keeps the rest for later. */
  push(text: string): void {
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.#restLength === 0) {
      this.#hold(this.#read(text, false));
      return;
    }
    this.#rest.push(text);
    this.#restLength += text.length;
    if (this.#restLength > this.#maxRecordChars) {
      this.#tooLong();
      return;
    }
    if (this.#restLength < this.#retryAt) return;
    this.#hold(this.#read(this.#takeRest(), false));
  }

  /**
   * The held text outgrew the limit: read what it completes; if one record is still too long and
   * waits for a quote to close, it is broken (#runaway) and reading goes on after the quote's line.
   */
  #tooLong(): void {
    const left = this.#read(this.#takeRest(), false);
    const open = this.#openQuote;
    if (left.length > this.#maxRecordChars) {
      const resume = open && this.#onBroken ? this.#runaway(left, open.at, open.breaks, false) : -1;
      if (resume === -1) {
        throw new CsvSyntaxError(`a record longer than ${this.#maxRecordChars / 1024 / 1024} M characters: a quote never closed, or not a CSV file`, this.#line);
      }
      this.#hold(this.#read(left.slice(resume), false));
      return;
    }
    this.#hold(left);
  }

  /**
   * The record being read, whose quote (at `quote` in text, after `breaks` line breaks from the record's start) is
   * never closed: reported as broken, and the line after the quote's is where reading goes on.
   * Returns where that line starts in text (text's end when the quote is on the last line), or -1
   * when that is not known yet (not `last`, and no line end after the quote has arrived).
   */
  #runaway(text: string, quote: number, breaks: number, last: boolean): number {
    const line = this.#line;
    const quoteLine = line + breaks;
    const onBroken = this.#onBroken;
    if (!onBroken) throw new CsvSyntaxError(`Quote Not Closed: the quote opened on line ${quoteLine} is never closed`, line);
    const lf = text.indexOf('\n', quote);
    const cr = text.indexOf('\r', quote);
    const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
    if (end === -1 && !last) return -1;
    const resume = end === -1 ? text.length : text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
    this.#line = quoteLine + 1;
    const span = quoteLine > line ? `lines ${line}-${quoteLine}` : `line ${line}`;
    onBroken(
      line,
      `a quote opened on line ${quoteLine} is never closed: this row (${span}) is not read, and reading goes on from line ${quoteLine + 1}; fix the quoting (a quote inside a quoted cell is written "")`,
    );
    return resume;
  }

  #hold(rest: string): void {
    if (rest.length === 0) return;
    this.#rest = [rest];
    this.#restLength = rest.length;
    this.#retryAt = 2 * rest.length;
  }

  #takeRest(): string {
    const text = this.#rest.join('');
    this.#rest = [];
    this.#restLength = 0;
    return text;
  }

  /** Reads the last record (one without a line end). Without onBroken, throws CsvSyntaxError for a quote never closed. */
  end(): void {
    if (this.#restLength > 0) this.#read(this.#takeRest(), true);
  }

  /** Reads records from `text`; returns what is left (the start of an incomplete record). */
  #read(text: string, last: boolean): string {
    const n = text.length;
    let pos = 0;
    this.#openQuote = undefined;
    // Next quote and line break positions at or after pos, found once and reused until passed:
    // searching from every record start for a character the file lacks would rescan the chunk.
    let quote = -2;
    let lf = -2;
    let cr = -2;
    while (pos < n) {
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (quote === -1 || (end !== -1 && quote > end)) {
        // No quote in this record: one split.
        if (end === -1) {
          if (!last) return text.slice(pos);
          this.#emit(text.slice(pos).split(','), 1);
          return '';
        }
        // A \r at the end of what has arrived may be the first half of \r\n.
        if (end === n - 1 && text.charCodeAt(end) === CR && !last) return text.slice(pos);
        this.#emit(text.slice(pos, end).split(','), 1);
        pos = text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
        continue;
      }
      const next = this.#quoted(text, pos, last);
      if (next === -1) return text.slice(pos);
      pos = next;
    }
    return '';
  }

  /**
   * Reads one record that holds a quote, char by char, from `start`. Returns where the next record
   * starts, or -1 when the record's end has not arrived yet (not `last`).
   */
  #quoted(text: string, start: number, last: boolean): number {
    const n = text.length;
    const cells: string[] = [];
    let breaks = 0;
    let pos = start;
    for (;;) {
      // One cell, from pos.
      let cell: string;
      if (text.charCodeAt(pos) === QUOTE) {
        let value = '';
        let from = pos + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) {
            if (!last) {
              this.#openQuote = { at: pos - start, breaks };
              return -1;
            }
            return this.#runaway(text, pos, breaks, true);
          }
          const after = close + 1 < n ? text.charCodeAt(close + 1) : -1;
          if (after === QUOTE) {
            value += text.slice(from, close + 1);
            from = close + 2;
            continue;
          }
          value += text.slice(from, close);
          if (after === -1 && !last) return -1;
          if (after === -1 || after === COMMA || after === LF || after === CR) {
            breaks += linesIn(text, pos, close);
            cell = value;
            pos = close + 1;
            break;
          }
          // Text after the closing quote: the cell is read as written, up to the next "," or line end.
          const stop = cellEnd(text, close + 1);
          if (stop === n && !last) return -1;
          breaks += linesIn(text, pos, close);
          cell = `"${value}"${text.slice(close + 1, stop)}`;
          pos = stop;
          break;
        }
      } else {
        const stop = cellEnd(text, pos);
        if (stop === n && !last) return -1;
        cell = text.slice(pos, stop);
        pos = stop;
      }
      cells.push(cell);
      if (pos >= n) {
        this.#emit(cells, breaks + 1);
        return n;
      }
      const c = text.charCodeAt(pos);
      if (c === COMMA) {
        pos += 1;
        continue;
      }
      // A line end.
      if (c === CR) {
        if (pos + 1 === n && !last) return -1;
        pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
      } else {
        pos += 1;
      }
      this.#emit(cells, breaks + 1);
      return pos;
    }
  }

  #emit(cells: string[], lines: number): void {
    for (let i = 0; i < cells.length; i++) cells[i] = detached(cells[i] as string);
    const line = this.#line;
    this.#line = line + lines;
    this.#onRecord(cells, line);
  }
}

/**
 * A cell that does not keep the chunk's text alive. V8 makes a substring of 13 characters or more
 * a view into its parent string, so a cell kept as a group key or tag (one per user, say) would keep
 * its whole 256 KB chunk in memory: as many chunks as distinct values. Joining forces a copy (the
 * joined string is flattened into a new one), and the slice is then a view of that small copy.
 */
function detached(cell: string): string {
  return cell.length < 13 ? cell : (cell + ' ').slice(0, -1);
}

/** Where an unquoted cell starting at `from` ends: the next ",", line end, or the end of the text. */
function cellEnd(text: string, from: number): number {
  const n = text.length;
  for (let i = from; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === LF || c === CR) return i;
  }
  return n;
}

/** Line breaks in text[from, to): \r\n, \n and \r count one each. */
function linesIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) count += 1;
    else if (c === CR) {
      count += 1;
      if (text.charCodeAt(i + 1) === LF && i + 1 < to) i += 1;
    }
  }
  return count;
}

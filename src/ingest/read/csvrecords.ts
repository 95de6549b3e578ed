// CSV records from text chunks. A record without a quote (most rows of most exports) is one native
// split on ","; a record that holds a quote is read by csv-parse, the library the design card names
// (no quoted-cell state machine of our own). The options it runs with (PARSE_OPTIONS) are the rules:
// - a record ends at \r\n, \n or \r outside quotes; records may have any number of cells;
// - a cell that starts with a quote runs to the quote followed by ",", a line end or the end of
//   the file; "" inside it is one quote, and line breaks inside it are kept as they are;
// - a quote anywhere else is an ordinary character (`5" screen`), and so is a cell's closing quote
//   followed by other text (`"a"b` is the cell `"a"b`) (relax_quotes);
// - a UTF-8 BOM at the start of the file is dropped (here, before any text reaches csv-parse);
// - a quote never closed (it is still open at the end of the file, or within MAX_RECORD_CHARS)
//   makes its record broken: it is reported (onBroken) and reading goes on from the line after the
//   one where the quote opened, so one stray quote does not hide the rest of the file. Without an
//   onBroken handler, and for a record longer than MAX_RECORD_CHARS with no line end after the
//   quote (or no quote at all), it is a CsvSyntaxError: the rest cannot be read (memory stays flat
//   whatever the file).
//
// How a quoted record is handed to csv-parse: from the record's start to the end of the run of lines
// that hold a quote (the record's own line, and the lines right after it that hold one too, so a
// file whose rows are all quoted makes one call per chunk, not one per row). csv-parse reads that
// text as a whole file; if it ends outside quotes, its last line end is a record boundary whatever
// follows, and the records are final. If a quote is still open there, the text is extended
// (doubled) to a later line end and read again, until the quote closes, the text runs out (the
// rest is held for the next chunk), or nothing after it can close the quote (no quote follows, or
// only doubled ones: see hasOddQuoteRun).
// Line numbers are counted here: a record's line breaks are those inside its cells.

import { parse, type Options } from 'csv-parse/sync';
import { MAX_LINE_BYTES } from './lines.ts';

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

/**
 * A run of lines with quotes handed to csv-parse at once stops growing past this many characters
 * (a chunk's worth): the records of one call are held in an array.
 */
const MAX_RUN_CHARS = 64 * 1024;

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

/**
 * csv-parse options for records that hold a quote (delimiter ",", quote and escape '"' are its
 * defaults). The three line ends are given (not discovered from the first one), as the plain split
 * reads them; cells stay arrays (1.8× faster than objects, shared/deps.md); empty lines come
 * through as records so that every line is counted; the BOM is dropped before (see push).
 * With relax_column_count, csv-parse still builds an error object (with its stack) for each record
 * whose width differs from the first one of a call: cheap on real exports (one width per file),
 * about 30 µs a row on a ragged file.
 */
const PARSE_OPTIONS: Options = {
  bom: false,
  record_delimiter: [Buffer.from('\r\n'), Buffer.from('\n'), Buffer.from('\r')],
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: false,
};

function isQuoteNotClosed(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'CSV_QUOTE_NOT_CLOSED';
}

/** csv-parse's records of `text` read as a whole file, or undefined when a quote is still open at its end. */
function parseRecords(text: string): string[][] | undefined {
  try {
    return parse(text, PARSE_OPTIONS);
  } catch (err) {
    if (isQuoteNotClosed(err)) return undefined;
    throw err;
  }
}

/** Where a quote never closed is, in text csv-parse could not read to its end. */
interface OpenQuote {
  /** The records that end before it. */
  records: string[][];
  /** Where the record that holds it starts, and where the quote is (indexes in the text). */
  recordStart: number;
  quote: number;
}

/**
 * Reads `text` as a whole file with csv-parse, noting where each record ends and each cell's
 * delimiter is (context objects per cell: only for a text known to hold a quote never closed).
 * The quote that stays open starts a cell (relax_quotes reads any other quote as text), so it is
 * just after the last delimiter of the unfinished record, or at the record's start.
 * Returns undefined when the text reads to its end outside quotes.
 */
function findOpenQuote(text: string): OpenQuote | undefined {
  const bytes = Buffer.from(text);
  const records: string[][] = [];
  let recordStart = 0;
  let lastDelimiter = -1;
  try {
    parse(bytes, {
      ...PARSE_OPTIONS,
      cast: (value, context) => {
        lastDelimiter = context.bytes;
        return value;
      },
      on_record: (record: string[], context) => {
        records.push(record);
        recordStart = context.bytes;
        return null;
      },
    });
    return undefined;
  } catch (err) {
    if (!isQuoteNotClosed(err)) throw err;
  }
  const quoteByte = lastDelimiter >= recordStart ? lastDelimiter + 1 : recordStart;
  const quote = bytes.toString('utf8', 0, quoteByte).length;
  if (text.charCodeAt(quote) !== QUOTE) throw new Error(`csv-parse reported a quote never closed, but byte ${quoteByte} is not a quote`);
  return { records, recordStart: bytes.toString('utf8', 0, recordStart).length, quote };
}

/**
 * Line ends and quotes at or after a position, for positions that only move forward: each next
 * position is found once and reused until passed (searching from every record start for a
 * character the file lacks, \r in an LF file, would rescan the rest of the chunk each time).
 */
class Scanner {
  readonly text: string;
  /** Cached positions: -2 not searched yet, -1 none left. Public so that #read's loop can keep them in locals. */
  lf = -2;
  cr = -2;
  q = -2;

  constructor(text: string) {
    this.text = text;
  }

  /** The first \n or \r at or after `from`, or -1. */
  lineEnd(from: number): number {
    if (this.lf !== -1 && this.lf < from) this.lf = this.text.indexOf('\n', from);
    if (this.cr !== -1 && this.cr < from) this.cr = this.text.indexOf('\r', from);
    const lf = this.lf;
    const cr = this.cr;
    return lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
  }

  /** The first quote at or after `from`, or -1. */
  quote(from: number): number {
    if (this.q !== -1 && this.q < from) this.q = this.text.indexOf('"', from);
    return this.q;
  }
}

/**
 * Where the line that ends at `end` (a \n or \r) is over: after its \r\n, \n or \r; -1 for a \r
 * that ends the text when more may come (a \n may follow in the next piece).
 */
function afterLineEnd(text: string, end: number, last: boolean): number {
  if (text.charCodeAt(end) !== CR) return end + 1;
  if (end + 1 === text.length) return last ? end + 1 : -1;
  return text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
}

/** The first record boundary candidate at or after `from`: just after a line end; the text's end when `last`; or -1. */
function boundaryAfter(scan: Scanner, from: number, last: boolean): number {
  const n = scan.text.length;
  const end = from < n ? scan.lineEnd(from) : -1;
  const after = end === -1 ? -1 : afterLineEnd(scan.text, end, last);
  if (after !== -1) return after;
  return last ? n : -1;
}

/** Whether a run of quotes of odd length starts at or after `first` (the first quote there, or -1). */
function hasOddQuoteRun(text: string, first: number): boolean {
  let at = first;
  while (at !== -1) {
    let end = at + 1;
    while (text.charCodeAt(end) === QUOTE) end += 1;
    if ((end - at) % 2 === 1) return true;
    at = text.indexOf('"', end);
  }
  return false;
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

/** Line breaks inside a record's cells: the record's own, since a line break outside quotes ends it. */
function breaksIn(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) {
    if (cell.includes('\n') || cell.includes('\r')) count += linesIn(cell, 0, cell.length);
  }
  return count;
}

export class CsvRecords {
  readonly #onRecord: RecordHandler;
  /** Text not yet read: the start of a record whose end has not arrived, in the pieces it came in. */
  #rest: string[] = [];
  #restLength = 0;
  /**
   * Read the held record again once this much text is held: twice what the last try had. A long
   * quoted cell (or a quote never closed) is then read a bounded number of times, not once per
   * chunk, which would be quadratic.
   */
  #retryAt = 0;
  readonly #maxRecordChars: number;
  readonly #onBroken: BrokenHandler | undefined;
  /** The line the next record starts on. */
  #line = 1;
  #started = false;
  /**
   * Set by #read when the text it holds back has a quote still open at this index (from its start)
   * that nothing after can close (no quote follows, or only doubled ones): where to look for that
   * quote, and where the next try starts looking for a quote that can close it.
   */
  #stuck: number | undefined;

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
    this.#hold(this.#read(this.#takeRest(), false, this.#stuck));
  }

  /** Reads the last record (one without a line end). Without onBroken, throws CsvSyntaxError for a quote never closed. */
  end(): void {
    if (this.#restLength > 0) this.#read(this.#takeRest(), true, this.#stuck);
  }

  /**
   * The held text outgrew the limit: read what it completes; if one record is still too long and
   * holds a quote never closed, it is broken and reading goes on after the quote's line.
   */
  #tooLong(): void {
    const left = this.#read(this.#takeRest(), false, this.#stuck);
    if (left.length <= this.#maxRecordChars) {
      this.#hold(left);
      return;
    }
    const resume = this.#onBroken ? this.#recover(left, 0, this.#stuck ?? left.length, false) : -1;
    if (resume === -1) {
      throw new CsvSyntaxError(`a record longer than ${this.#maxRecordChars / 1024 / 1024} M characters: a quote never closed, or not a CSV file`, this.#line);
    }
    this.#hold(this.#read(left.slice(resume), false));
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

  /**
   * Reads records from `text`; returns what is left (the start of an incomplete record). `stuck`:
   * text is held text that the last try left stuck there (see #stuck); unless a quote that can
   * close it has come since, it is not read again.
   */
  #read(text: string, last: boolean, stuck?: number): string {
    const n = text.length;
    let pos = 0;
    this.#stuck = undefined;
    if (stuck !== undefined && !hasOddQuoteRun(text, text.indexOf('"', stuck))) {
      if (!last) {
        this.#stuck = stuck;
        return text;
      }
      pos = this.#recover(text, 0, stuck, true);
      if (pos === -1) throw new Error('csv-parse read a text with a quote never closed to its end');
    }
    // The scanner's positions, kept in locals on the way through quote-free records (the hot loop).
    let lf = -2;
    let cr = -2;
    let quote = -2;
    while (pos < n) {
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (quote === -1 || (end !== -1 && quote > end)) {
        // No quote in this record: one split.
        if (end === -1) {
          if (!last) return text.slice(pos);
          this.#emit(text.slice(pos).split(','));
          return '';
        }
        // A \r at the end of what has arrived may be the first half of \r\n.
        if (end === n - 1 && text.charCodeAt(end) === CR && !last) return text.slice(pos);
        this.#emit(text.slice(pos, end).split(','));
        pos = text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
        continue;
      }
      const scan = new Scanner(text);
      scan.lf = lf;
      scan.cr = cr;
      scan.q = quote;
      const next = this.#quoted(scan, pos, last);
      if (next === -1) return text.slice(pos);
      ({ lf, cr, q: quote } = scan);
      pos = next;
    }
    return '';
  }

  /**
   * Reads, with csv-parse, the records from `start` (a record that holds a quote) to a record
   * boundary. Returns where the next record starts, or -1 when that boundary has not arrived yet
   * (not `last`).
   */
  #quoted(scan: Scanner, start: number, last: boolean): number {
    const text = scan.text;
    const n = text.length;
    // The run of lines that hold a quote: the record's own first line, then each next line whose
    // quote comes before its end (a next line not arrived whole ends the run).
    let end = boundaryAfter(scan, start, last);
    if (end === -1) return -1;
    while (end < n && end - start < MAX_RUN_CHARS) {
      const quote = scan.quote(end);
      const lineEnd = scan.lineEnd(end);
      if (quote === -1 || lineEnd === -1 || quote > lineEnd) break;
      const next = afterLineEnd(text, lineEnd, last);
      if (next === -1) break;
      end = next;
    }
    for (;;) {
      const records = parseRecords(text.slice(start, end));
      if (records) {
        for (const cells of records) this.#emitParsed(cells);
        return end;
      }
      // A quote is still open at `end`. Only a quote after it can close it: inside a quoted cell
      // "" is a quote and a lone " closes the cell, so it stays open while every run of quotes
      // after `end` is of even length (a stray quote in a file that writes empty cells as "").
      if (end === n || !hasOddQuoteRun(text, scan.quote(end))) {
        if (!last) {
          this.#stuck = end - start;
          return -1;
        }
        const resume = this.#recover(text, start, end, true);
        if (resume === -1) throw new Error('csv-parse read a text with a quote never closed to its end');
        // Reading goes on before the positions the scanner has reached: it searches again.
        scan.lf = scan.cr = scan.q = -2;
        return resume;
      }
      // Read again from `start` to a line end at least twice as far (or to the last one there is).
      let next = boundaryAfter(scan, start + 2 * (end - start), last);
      if (next === -1) {
        // No line end that far (not last): the last one there is, if it is past `end`. After it
        // there is no line end, so the scanner (moved past it) stays right for #read.
        const lastEnd = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
        next = lastEnd < end ? -1 : afterLineEnd(text, lastEnd, last);
        if (next === -1) return -1;
      }
      end = next;
    }
  }

  /**
   * text[from, to) holds a quote never closed: the records before it are read, its record is
   * reported as broken (onBroken), and the line after the quote's is where reading goes on.
   * Returns where that line starts in text (text's end when the quote is on the last line and
   * `last`), or -1 when that is not known yet (no line end after the quote has arrived) or the text
   * reads to its end after all. Without onBroken, throws CsvSyntaxError.
   */
  #recover(text: string, from: number, to: number, last: boolean): number {
    const open = findOpenQuote(text.slice(from, to));
    if (!open) return -1;
    for (const cells of open.records) this.#emitParsed(cells);
    const line = this.#line;
    const quoteLine = line + linesIn(text, from + open.recordStart, from + open.quote);
    const onBroken = this.#onBroken;
    if (!onBroken) throw new CsvSyntaxError(`Quote Not Closed: the quote opened on line ${quoteLine} is never closed`, line);
    const resume = boundaryAfter(new Scanner(text), from + open.quote, last);
    if (resume === -1) return -1;
    this.#line = quoteLine + 1;
    const span = quoteLine > line ? `lines ${line}-${quoteLine}` : `line ${line}`;
    onBroken(
      line,
      `a quote opened on line ${quoteLine} is never closed: this row (${span}) is not read, and reading goes on from line ${quoteLine + 1}; fix the quoting (a quote inside a quoted cell is written "")`,
    );
    return resume;
  }

  /** A record split here: one line. */
  #emit(cells: string[]): void {
    for (let i = 0; i < cells.length; i++) cells[i] = detached(cells[i] as string);
    const line = this.#line;
    this.#line = line + 1;
    this.#onRecord(cells, line);
  }

  /** A record read by csv-parse (its cells are new strings, not views of the chunk): its line breaks are its cells'. */
  #emitParsed(cells: string[]): void {
    const line = this.#line;
    this.#line = line + breaksIn(cells) + 1;
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

// Writes ledger rows (row.ts) as NDJSON or CSV, row by row as the run reads them, in chunks of
// about 64 K characters handed to a sink: nothing is held beyond one chunk, so a ledger of any
// size takes the same memory. It also sums the priced rows' costs per currency, exactly, so the
// run can check that the ledger adds up to the report's totals (ledger/check.ts).
import { addToBag, type MoneyBag } from '../core/money.ts';
import type { RowOutcome } from '../audit/outcome.ts';
import type { Catalogue } from '../pricing/catalog.ts';
import { type Cell, LEDGER_COLUMNS, type LedgerColumn, ledgerRow, type LedgerRow } from './row.ts';

/** The ledger formats, as `--format` values: `ledger` is NDJSON (one JSON object per line), `ledger-csv` RFC 4180 CSV. */
export const LEDGER_FORMATS = ['ledger', 'ledger-csv'] as const;
export type LedgerFormat = (typeof LEDGER_FORMATS)[number];

export function isLedgerFormat(format: string): format is LedgerFormat {
  return (LEDGER_FORMATS as readonly string[]).includes(format);
}

/** Characters gathered before the sink is called: large enough to write fast, small enough to stay flat. */
const CHUNK_CHARS = 64 * 1024;

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: a cell is quoted when it holds a comma, a quote, CR or LF; quotes doubled; null is an empty cell; tags are their JSON text. */
function csvCell(value: Cell): string {
  if (value === null) return '';
  // Counts and flags never need quotes: only text is looked at (most cells of a row are counts).
  if (typeof value !== 'string' && typeof value !== 'object') return String(value);
  const text = typeof value === 'object' ? JSON.stringify(value) : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader(): string {
  return `${LEDGER_COLUMNS.join(',')}\r\n`;
}

export function csvLine(row: LedgerRow): string {
  let line = csvCell(row.status);
  for (let i = 1; i < LEDGER_COLUMNS.length; i++) line += `,${csvCell(row[LEDGER_COLUMNS[i] as LedgerColumn])}`;
  return `${line}\r\n`;
}

/** One JSON object per line, keys in column order; money is strings (a JSON number would be read as a double), counts are numbers. */
export function ndjsonLine(row: LedgerRow): string {
  return `${JSON.stringify(row)}\n`;
}

export class LedgerWriter {
  /** Rows written, per status. */
  readonly counts = { rows: 0, priced: 0, unpriced: 0, skipped: 0, rejected: 0, filtered: 0 };
  /** The priced rows' costs, per currency, exact. */
  readonly cost: MoneyBag = new Map();
  readonly #line: (row: LedgerRow) => string;
  readonly #sink: (chunk: string) => void;
  readonly #catalogue: Catalogue;
  #buffer = '';

  constructor(format: LedgerFormat, catalogue: Catalogue, sink: (chunk: string) => void) {
    this.#line = format === 'ledger-csv' ? csvLine : ndjsonLine;
    this.#sink = sink;
    this.#catalogue = catalogue;
    if (format === 'ledger-csv') this.#buffer = csvHeader();
  }

  add(outcome: RowOutcome): void {
    const { row, cost } = ledgerRow(outcome, this.#catalogue);
    this.counts.rows += 1;
    this.counts[outcome.status] += 1;
    if (cost) addToBag(this.cost, cost.currency, cost.total);
    this.#buffer += this.#line(row);
    if (this.#buffer.length >= CHUNK_CHARS) this.#flush();
  }

  /** Hands out what is left; call once, after the last row. */
  end(): void {
    this.#flush();
  }

  #flush(): void {
    if (this.#buffer === '') return;
    const chunk = this.#buffer;
    this.#buffer = '';
    this.#sink(chunk);
  }
}

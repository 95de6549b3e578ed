// Tables that fit a terminal: cli-table3 draws every column as wide as its widest cell, so a long
// project path or a reason in words makes a line wider than the terminal, which then wraps every
// line of the table. Given a width, the text columns are narrowed (widest first) until the table
// fits: words wrap inside their cell; a key too long for its column is cut with "…" (a path keeps
// its end). Number columns are never narrowed. Without a width, tables are drawn as they come.
import Table from 'cli-table3';

/** The layout a table is drawn for: colours, and the width to fit (undefined: as wide as it comes). */
export interface Layout {
  color: boolean;
  width: number | undefined;
  /** The compact layout: secondary columns dropped (below 100 columns, or --compact). */
  compact: boolean;
}

/** How a column may be narrowed: wrap its words, cut a key keeping its start or its end, or not at all. */
export type Narrowing = 'wrap' | 'head' | 'tail' | 'none';

/** The narrowest a narrowed column gets, padding included: first this, then, if the table still does not fit, LAST_MIN_COLUMN. */
const MIN_COLUMN = 12;
const LAST_MIN_COLUMN = 7;

// ANSI colour sequences (chalk's), to measure what a cell shows.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function displayWidth(text: string): number {
  let widest = 0;
  for (const line of text.replace(ANSI, '').split('\n')) widest = Math.max(widest, [...line].length);
  return widest;
}

/** The widest line of a drawn table (or of any text). */
export function widestLine(text: string): number {
  return displayWidth(text);
}

export class FitTable {
  readonly #head: string[];
  readonly #layout: Layout;
  readonly #alignRight: readonly number[];
  readonly #narrowing: readonly Narrowing[];
  readonly #rows: string[][] = [];
  /** Rows whose cells narrow their own way (a breakdown sub-row: a model id under a project path). */
  readonly #rowNarrowing = new Map<number, readonly Narrowing[]>();

  readonly #floors: readonly number[];

  /**
   * `narrowing[i]` for column i; by default text columns (not right-aligned) wrap and numbers do not
   * narrow. `floors[i]`: characters a narrowed column keeps whatever happens (a day, "2026-01-05").
   */
  constructor(head: string[], layout: Layout, alignRight: readonly number[], narrowing?: readonly Narrowing[], floors: readonly number[] = []) {
    this.#head = head;
    this.#floors = floors;
    this.#layout = layout;
    this.#alignRight = alignRight;
    this.#narrowing = head.map((_, i) => narrowing?.[i] ?? (alignRight.includes(i) ? 'none' : 'wrap'));
  }

  push(row: string[], narrowing?: readonly Narrowing[]): void {
    if (narrowing) this.#rowNarrowing.set(this.#rows.length, narrowing);
    this.#rows.push(row);
  }

  /** Whether the table is still wider than the layout's width once narrowed as far as it goes. */
  overflows(): boolean {
    const limit = this.#layout.width;
    return limit !== undefined && total(this.#widths().widths) > limit;
  }

  /** Column widths (padding included), narrowed to fit when the table is too wide. */
  #widths(): { widths: number[]; fit: boolean } {
    const widths = this.#head.map((h, i) => this.#rows.reduce((w, r) => Math.max(w, displayWidth(r[i] ?? '')), displayWidth(h)) + 2);
    const limit = this.#layout.width;
    const fit = limit !== undefined && total(widths) > limit;
    if (fit) {
      // Number columns first give up what only their title or a note in parentheses needs (both wrap), then text columns narrow.
      const floors = this.#head.map((h, i) => (this.#narrowing[i] === 'none' ? this.#rows.reduce((w, r) => Math.max(w, numberWidth(r[i] ?? '')), longestWord(h)) + 2 : 0));
      narrow(widths, this.#narrowing.map((n) => (n === 'none' ? 'wrap' : 'none')), limit, floors);
      const keep = (min: number): number[] => this.#head.map((_, i) => Math.max(min, (this.#floors[i] ?? 0) + 2));
      narrow(widths, this.#narrowing, limit, keep(MIN_COLUMN));
      narrow(widths, this.#narrowing, limit, keep(LAST_MIN_COLUMN));
    }
    return { widths, fit };
  }

  toString(): string {
    const { widths, fit } = this.#widths();
    const table = new Table({
      head: this.#head,
      // No rule between body rows: a long report stays readable and half as tall.
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
      style: this.#layout.color ? { head: ['cyan'] } : { head: [], border: [] },
      colAligns: this.#head.map((_, i) => (this.#alignRight.includes(i) ? 'right' : 'left')),
      ...(fit ? { colWidths: widths, wordWrap: true } : {}),
    });
    this.#rows.forEach((row, r) => {
      const narrowing = this.#rowNarrowing.get(r) ?? this.#narrowing;
      table.push(fit ? row.map((cell, i) => cut(cell, narrowing[i] ?? 'none', (widths[i] ?? MIN_COLUMN) - 2)) : row);
    });
    return table.toString();
  }
}

/** A table's width: its columns, and a border before each and after the last. */
function total(widths: readonly number[]): number {
  return widths.reduce((a, b) => a + b, 0) + widths.length + 1;
}

/** Narrows the narrowable columns, widest first, until the table fits `limit` or none can narrow more. */
function narrow(widths: number[], narrowing: readonly Narrowing[], limit: number, min: number | readonly number[]): void {
  let excess = total(widths) - limit;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (narrowing[i] === 'none' || (widths[i] ?? 0) <= (typeof min === 'number' ? min : (min[i] ?? 0))) continue;
      if (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0)) widest = i;
    }
    if (widest < 0) return;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess -= 1;
  }
}

/** The longest word of a text (what wrapping cannot make narrower). */
function longestWord(text: string): number {
  return text
    .replace(ANSI, '')
    .split(/\s+/)
    .reduce((w, word) => Math.max(w, [...word].length), 0);
}

/** How narrow a number cell can be: its figures whole; a note in parentheses may wrap ("(1 req. not repriced)"). */
function numberWidth(cell: string): number {
  return cell
    .replace(ANSI, '')
    .split('\n')
    .reduce((w, line) => Math.max(w, line.startsWith('(') ? longestWord(line) : [...line].length), 0);
}

/** A key cell cut to `width` characters with "…" (keeping its end for 'tail'); other cells as they are (cli-table3 wraps them). */
function cut(cell: string, narrowing: Narrowing, width: number): string {
  if ((narrowing !== 'head' && narrowing !== 'tail') || width < 2) return cell;
  // A coloured cell: cut its text, then colour it again with its first code (cells are coloured whole).
  const code = /^(\u001b\[[0-9;]*m)/.exec(cell)?.[1];
  if (code !== undefined) return `${code}${cut(cell.replace(ANSI, ''), narrowing, width)}\u001b[0m`;
  return cell
    .split('\n')
    .map((line) => {
      const chars = [...line];
      if (chars.length <= width) return line;
      return narrowing === 'tail' ? `…${chars.slice(chars.length - width + 1).join('')}` : `${chars.slice(0, width - 1).join('')}…`;
    })
    .join('\n');
}

// The what-if of each group (--compare targets and --swap/--scenario scenarios, "columns"), keyed
// by the GroupLedger's own group index: no second keying of groups. A run grouped by user has
// hundreds of thousands of groups, so a (group, column) cell is a row of a Float64Array block, as
// in GroupLedger: the rows and requests it repriced, those it could not, one (target point, actual
// point, month) and the tokens. A cell that meets a second such triple keeps PriceBuckets instead.
// Made only when a run has columns (AuditRun).
import type { NoPrice, PointRef, PricePoint } from '../pricing/catalog.ts';
import { integer, PriceBuckets, TOKEN_FIELDS } from './aggregate.ts';
import { Interner } from './interner.ts';
import { keepSmallest } from './text.ts';
import { emptyBuckets, type TokenBuckets, type UsageRecord } from './types.ts';

/** Distinct reasons kept per cell (as WhatIfLedger per target). */
const MAX_REASONS = 5;

/** One (group, column): what WhatIfTotals is for a whole target, for one group. */
export interface WhatIfCell {
  /** Rows and requests repriced on the target. */
  rows: number;
  requests: number;
  /** Their cost on the target, and their actual cost. */
  target: PriceBuckets;
  actual: PriceBuckets;
  /** Rows and requests the target has no price for (at their dates). */
  notPriced: { rows: number; requests: number; reasons: Set<string> };
}

// A cell's numbers. Points and months are stored as id + 1, so a fresh (zeroed) block is empty cells.
const ROWS = 0;
const REQUESTS = 1;
const NP_ROWS = 2;
const NP_REQUESTS = 3;
const TARGET = 4;
const ACTUAL = 5;
const MONTH = 6;
const TOKENS = 7;
const FIELDS = TOKENS + TOKEN_FIELDS.length;
/** TARGET of a cell whose buckets are in `multi`. */
const MULTI = -1;
const BLOCK_SHIFT = 12;
const BLOCK_MASK = (1 << BLOCK_SHIFT) - 1;

interface MultiCell {
  target: PriceBuckets;
  actual: PriceBuckets;
}

/** A ledger's cells as plain data, for the wire between threads: the blocks, and what their ids name. */
export interface GroupWhatIfWire {
  columns: number;
  /** FIELDS × columns numbers per group, groups in index order. */
  cells: Float64Array;
  points: PointRef[];
  months: string[];
  /** Cells with several buckets: [group, column, target buckets, actual buckets]. */
  multi: [number, number, WireBucket[], WireBucket[]][];
  reasons: [number, number, string[]][];
}

export interface WireBucket {
  point: PointRef;
  month: string;
  tokens: TokenBuckets;
  requests: number;
}

export class GroupWhatIfLedger {
  readonly columns: number;
  private readonly blocks: Float64Array[] = [];
  private readonly multi = new Map<number, MultiCell>();
  private readonly reasons = new Map<number, Set<string>>();
  private readonly points = new Interner<PricePoint>();
  private readonly months = new Interner<string>();
  /** One past the highest group index seen. */
  private count = 0;

  constructor(columns: number) {
    this.columns = columns;
  }

  /** A record of group `group` on column `column`: repriced at `repriced`, or not priced by it. */
  add(group: number, column: number, record: UsageRecord, actual: PricePoint, repriced: PricePoint | NoPrice, month = '', targetTokens: TokenBuckets = record.tokens): void {
    const cell = this.cellIndex(group, column);
    const block = this.blocks[cell >> BLOCK_SHIFT] as Float64Array;
    const at = (cell & BLOCK_MASK) * FIELDS;
    if (!('rates' in repriced)) {
      block[at + NP_ROWS] = (block[at + NP_ROWS] as number) + 1;
      block[at + NP_REQUESTS] = (block[at + NP_REQUESTS] as number) + record.requests;
      this.addReason(cell, repriced.detail);
      return;
    }
    block[at + ROWS] = (block[at + ROWS] as number) + 1;
    this.addBuckets(cell, repriced, actual, month, record.tokens, targetTokens, record.requests);
  }

  /** The cell of (group, column), made as it is read; undefined when nothing was added to it. */
  cell(group: number, column: number): WhatIfCell | undefined {
    if (group < 0 || group >= this.count) return undefined;
    const cell = group * this.columns + column;
    const block = this.blocks[cell >> BLOCK_SHIFT];
    if (block === undefined || block.length === 0) return undefined;
    const at = (cell & BLOCK_MASK) * FIELDS;
    const rows = integer(block[at + ROWS] as number);
    const npRows = integer(block[at + NP_ROWS] as number);
    if (rows === 0 && npRows === 0) return undefined;
    const requests = integer(block[at + REQUESTS] as number);
    const kind = block[at + TARGET] as number;
    let target: PriceBuckets;
    let actual: PriceBuckets;
    const multi = this.multi.get(cell);
    if (kind === MULTI && multi) {
      ({ target, actual } = multi);
    } else {
      target = new PriceBuckets();
      actual = new PriceBuckets();
      if (kind > 0) {
        const month = this.months.at((block[at + MONTH] as number) - 1);
        // Two objects: a PriceBuckets' single bucket is its very tokens object.
        target.add(this.points.at(kind - 1), this.tokensOf(block, at), requests, month);
        actual.add(this.points.at((block[at + ACTUAL] as number) - 1), this.tokensOf(block, at), requests, month);
      }
    }
    return {
      rows,
      requests,
      target,
      actual,
      notPriced: { rows: npRows, requests: integer(block[at + NP_REQUESTS] as number), reasons: this.reasons.get(cell) ?? new Set() },
    };
  }

  /** The cells of one group, by column (undefined where empty). */
  cellsOf(group: number): (WhatIfCell | undefined)[] {
    return Array.from({ length: this.columns }, (_, c) => this.cell(group, c));
  }

  /** Lets go of a group's cells once read (the report keeps its own figures), and of a block once all its cells are. */
  forget(group: number): void {
    if (group < 0) return;
    for (let c = 0; c < this.columns; c++) {
      const cell = group * this.columns + c;
      this.multi.delete(cell);
      this.reasons.delete(cell);
      if ((cell & BLOCK_MASK) === BLOCK_MASK) this.blocks[cell >> BLOCK_SHIFT] = EMPTY;
    }
  }

  /** The cells of groups 0 … groups − 1 as plain data. */
  toWire(groups: number): GroupWhatIfWire {
    const n = groups * this.columns;
    const cells = new Float64Array(n * FIELDS);
    for (let b = 0; b < this.blocks.length; b++) {
      const block = this.blocks[b] as Float64Array;
      const start = (b << BLOCK_SHIFT) * FIELDS;
      if (start >= cells.length) break;
      cells.set(block.subarray(0, Math.min(block.length, cells.length - start)), start);
    }
    const out = (buckets: PriceBuckets): WireBucket[] => [...buckets.all()].map((x) => ({ point: x.point.ref, month: x.month, tokens: x.tokens, requests: x.requests }));
    const split = (cell: number): [number, number] => [Math.floor(cell / this.columns), cell % this.columns];
    return {
      columns: this.columns,
      cells,
      points: this.points.values.map((p) => p.ref),
      months: this.months.values,
      multi: [...this.multi].filter(([cell]) => cell < n).map(([cell, m]) => [...split(cell), out(m.target), out(m.actual)]),
      reasons: [...this.reasons].filter(([cell]) => cell < n).map(([cell, r]) => [...split(cell), [...r]]),
    };
  }

  /** Adds another thread's cells: its group i is this ledger's group `into[i]`; `point` looks its references up here. */
  absorbWire(wire: GroupWhatIfWire, into: ArrayLike<number>, point: (ref: PointRef) => PricePoint): void {
    if (wire.columns !== this.columns) throw new Error(`worker sent ${wire.columns} what-if columns, expected ${this.columns}`);
    const points = wire.points.map(point);
    const multi = new Map(wire.multi.map(([g, c, t, a]) => [g * this.columns + c, { t, a }]));
    const reasons = new Map(wire.reasons.map(([g, c, r]) => [g * this.columns + c, r]));
    const bucketsIn = (list: WireBucket[]): PriceBuckets => {
      const buckets = new PriceBuckets();
      for (const b of list) buckets.add(point(b.point), b.tokens, b.requests, b.month);
      return buckets;
    };
    for (let g = 0; g < into.length; g++) {
      const group = into[g] as number;
      for (let c = 0; c < this.columns; c++) {
        const from = g * this.columns + c;
        const at = from * FIELDS;
        const cells = wire.cells;
        const rows = cells[at + ROWS] as number;
        const npRows = cells[at + NP_ROWS] as number;
        if (rows === 0 && npRows === 0) continue;
        const cell = this.cellIndex(group, c);
        const block = this.blocks[cell >> BLOCK_SHIFT] as Float64Array;
        const to = (cell & BLOCK_MASK) * FIELDS;
        block[to + ROWS] = (block[to + ROWS] as number) + rows;
        block[to + NP_ROWS] = (block[to + NP_ROWS] as number) + npRows;
        block[to + NP_REQUESTS] = (block[to + NP_REQUESTS] as number) + (cells[at + NP_REQUESTS] as number);
        for (const reason of reasons.get(from) ?? []) this.addReason(cell, reason);
        const kind = cells[at + TARGET] as number;
        const m = multi.get(from);
        if (kind === MULTI && m) {
          const target = [...bucketsIn(m.t).all()];
          const actual = [...bucketsIn(m.a).all()];
          // Target and actual buckets pair up only as totals: add them one side at a time.
          this.absorbSides(cell, target, actual);
        } else if (kind > 0) {
          const tokens = emptyBuckets();
          for (let f = 0; f < TOKEN_FIELDS.length; f++) tokens[TOKEN_FIELDS[f] as keyof TokenBuckets] = integer(cells[at + TOKENS + f] as number);
          const month = wire.months[(cells[at + MONTH] as number) - 1] as string;
          this.addBuckets(cell, points[kind - 1] as PricePoint, points[(cells[at + ACTUAL] as number) - 1] as PricePoint, month, tokens, tokens, integer(cells[at + REQUESTS] as number));
        }
      }
    }
  }

  /** The index of (group, column)'s cell, its block made when new. */
  private cellIndex(group: number, column: number): number {
    if (group >= this.count) this.count = group + 1;
    const cell = group * this.columns + column;
    while (this.blocks.length <= cell >> BLOCK_SHIFT) this.blocks.push(new Float64Array(FIELDS << BLOCK_SHIFT));
    return cell;
  }

  private addReason(cell: number, reason: string): void {
    let set = this.reasons.get(cell);
    if (!set) {
      set = new Set();
      this.reasons.set(cell, set);
    }
    keepSmallest(set, reason, MAX_REASONS);
  }

  private addBuckets(cell: number, target: PricePoint, actual: PricePoint, month: string, tokens: TokenBuckets, targetTokens: TokenBuckets, requests: number): void {
    const block = this.blocks[cell >> BLOCK_SHIFT] as Float64Array;
    const at = (cell & BLOCK_MASK) * FIELDS;
    const t = this.points.id(target) + 1;
    const a = this.points.id(actual) + 1;
    const m = this.months.id(month) + 1;
    const kind = block[at + TARGET] as number;
    if (kind === 0 && targetTokens === tokens) {
      block[at + TARGET] = t;
      block[at + ACTUAL] = a;
      block[at + MONTH] = m;
    } else if (kind === MULTI || kind !== t || block[at + ACTUAL] !== a || block[at + MONTH] !== m || targetTokens !== tokens) {
      this.toMulti(cell, block, at).target.add(target, targetTokens, requests, month);
      (this.multi.get(cell) as MultiCell).actual.add(actual, tokens, requests, month);
    }
    block[at + REQUESTS] = (block[at + REQUESTS] as number) + requests;
    for (let f = 0; f < TOKEN_FIELDS.length; f++) block[at + TOKENS + f] = (block[at + TOKENS + f] as number) + tokens[TOKEN_FIELDS[f] as keyof TokenBuckets];
  }

  /** Buckets absorbed from a multi cell: each side on its own, the cell's requests and tokens from the actual side. */
  private absorbSides(cell: number, target: { point: PricePoint; month: string; tokens: TokenBuckets; requests: number }[], actual: typeof target): void {
    const block = this.blocks[cell >> BLOCK_SHIFT] as Float64Array;
    const at = (cell & BLOCK_MASK) * FIELDS;
    const multi = this.toMulti(cell, block, at);
    for (const b of target) multi.target.add(b.point, b.tokens, b.requests, b.month);
    for (const b of actual) {
      multi.actual.add(b.point, b.tokens, b.requests, b.month);
      block[at + REQUESTS] = (block[at + REQUESTS] as number) + b.requests;
      for (let f = 0; f < TOKEN_FIELDS.length; f++) block[at + TOKENS + f] = (block[at + TOKENS + f] as number) + b.tokens[TOKEN_FIELDS[f] as keyof TokenBuckets];
    }
  }

  /** The cell's buckets, its single triple so far moved into them when it had one. */
  private toMulti(cell: number, block: Float64Array, at: number): MultiCell {
    const kind = block[at + TARGET] as number;
    if (kind === MULTI) return this.multi.get(cell) as MultiCell;
    const multi: MultiCell = { target: new PriceBuckets(), actual: new PriceBuckets() };
    if (kind > 0) {
      const month = this.months.at((block[at + MONTH] as number) - 1);
      const requests = integer(block[at + REQUESTS] as number);
      multi.target.add(this.points.at(kind - 1), this.tokensOf(block, at), requests, month);
      multi.actual.add(this.points.at((block[at + ACTUAL] as number) - 1), this.tokensOf(block, at), requests, month);
    }
    this.multi.set(cell, multi);
    block[at + TARGET] = MULTI;
    return multi;
  }

  private tokensOf(block: Float64Array, at: number): TokenBuckets {
    const tokens = emptyBuckets();
    for (let f = 0; f < TOKEN_FIELDS.length; f++) tokens[TOKEN_FIELDS[f] as keyof TokenBuckets] = integer(block[at + TOKENS + f] as number);
    return tokens;
  }


}

const EMPTY = new Float64Array(0);

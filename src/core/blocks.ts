// Claude's 5-hour billing blocks, by ccusage's rule (rust/crates/ccusage/src/blocks.rs): requests in
// time order; a block starts at its first request's UTC hour (floored) and lasts 5 hours; a request
// more than 5 hours after the block's start, or more than 5 hours after the request before it,
// starts a new block. A block is active when the last request is less than 5 hours ago and the
// block has not ended.
//
// Records reach the ledgers in no fixed order (files, threads), so blocks are made from hour slots
// (aggregate.ts blockSlot) once every record is in: within one UTC hour no request can open a block
// except the first, and a block ends on the hour, so slots give the same blocks as the requests.
// The one exception, a request exactly on the hour a block ends, has a slot of its own ("=").
import { hourFloor } from './calendar.ts';

export const BLOCK_HOURS = 5;
export const BLOCK_MS = BLOCK_HOURS * 3_600_000;

/** The requests of one hour slot (of any group): when the first and last were made. */
export interface SlotSpan {
  slot: string;
  firstAt: number;
  lastAt: number;
}

export interface BlockSpan {
  /** Start (the first request's hour) and end (start + 5 h), epoch ms. */
  start: number;
  end: number;
  /** First and last request. */
  firstAt: number;
  lastAt: number;
  slots: string[];
}

/** The blocks the slots make, in time order; the same spans in any order (and split any way across groups) give the same blocks. */
export function assignBlocks(spans: Iterable<SlotSpan>, durationMs = BLOCK_MS): BlockSpan[] {
  const bySlot = new Map<string, SlotSpan>();
  for (const s of spans) {
    const known = bySlot.get(s.slot);
    if (!known) bySlot.set(s.slot, { ...s });
    else {
      known.firstAt = Math.min(known.firstAt, s.firstAt);
      known.lastAt = Math.max(known.lastAt, s.lastAt);
    }
  }
  const sorted = [...bySlot.values()].sort((a, b) => a.firstAt - b.firstAt || a.lastAt - b.lastAt);
  const blocks: BlockSpan[] = [];
  let current: BlockSpan | undefined;
  for (const s of sorted) {
    if (current && (s.firstAt - current.start > durationMs || s.firstAt - current.lastAt > durationMs)) current = undefined;
    if (!current) {
      const start = hourFloor(s.firstAt);
      current = { start, end: start + durationMs, firstAt: s.firstAt, lastAt: s.lastAt, slots: [] };
      blocks.push(current);
    }
    current.lastAt = Math.max(current.lastAt, s.lastAt);
    current.slots.push(s.slot);
  }
  return blocks;
}

/** Whether a block is still running at `now`: its last request less than 5 hours ago, and its end not reached. */
export function isActiveBlock(block: Pick<BlockSpan, 'end' | 'lastAt'>, now: number, durationMs = BLOCK_MS): boolean {
  return now - block.lastAt < durationMs && now < block.end;
}

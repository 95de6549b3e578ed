import { describe, expect, it } from 'vitest';
import { blockSlot } from './aggregate.ts';
import { assignBlocks, BLOCK_MS, isActiveBlock, type SlotSpan } from './blocks.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

/** ccusage's rule, request by request (blocks.rs identify_session_blocks): the reference. */
function reference(times: number[]): { start: number; times: number[] }[] {
  const sorted = [...times].sort((a, b) => a - b);
  const out: { start: number; times: number[] }[] = [];
  let cur: { start: number; times: number[] } | undefined;
  for (const t of sorted) {
    if (cur) {
      const last = cur.times[cur.times.length - 1] as number;
      if (t - cur.start > BLOCK_MS || t - last > BLOCK_MS) cur = undefined;
    }
    if (!cur) {
      cur = { start: t - (t % H), times: [] };
      out.push(cur);
    }
    cur.times.push(t);
  }
  return out;
}

/** Requests as the ledgers see them: spans per (slot, some other key), in any order. */
function spans(times: number[], split: (t: number) => string): SlotSpan[] {
  const map = new Map<string, SlotSpan>();
  for (const t of times) {
    const slot = blockSlot(t);
    const id = `${slot}|${split(t)}`;
    const s = map.get(id);
    if (!s) map.set(id, { slot, firstAt: t, lastAt: t });
    else {
      s.firstAt = Math.min(s.firstAt, t);
      s.lastAt = Math.max(s.lastAt, t);
    }
  }
  return [...map.values()].reverse();
}

describe('5-hour blocks', () => {
  it('start at the first request\'s hour and last 5 hours', () => {
    const blocks = assignBlocks(spans([T0 + 25 * 60_000, T0 + 4 * H, T0 + 5 * H + 1], () => ''));
    expect(blocks.map((b) => [b.start, b.end, b.firstAt, b.lastAt])).toEqual([
      [T0, T0 + 5 * H, T0 + 25 * 60_000, T0 + 4 * H],
      [T0 + 5 * H, T0 + 10 * H, T0 + 5 * H + 1, T0 + 5 * H + 1],
    ]);
  });

  it('a request exactly at the block end stays in it (more than 5 hours starts a new one)', () => {
    const blocks = assignBlocks(spans([T0, T0 + 5 * H, T0 + 5 * H + 30_000], () => ''));
    expect(blocks.map((b) => [b.start, b.lastAt])).toEqual([
      [T0, T0 + 5 * H],
      [T0 + 5 * H, T0 + 5 * H + 30_000],
    ]);
  });

  it('a gap of more than 5 hours after the last request starts a new block at that hour', () => {
    const blocks = assignBlocks(spans([T0 + 10 * 60_000, T0 + 11 * H + 20 * 60_000], () => ''));
    expect(blocks.map((b) => b.start)).toEqual([T0, T0 + 11 * H]);
  });

  it('gives ccusage\'s blocks for random traffic, however it is split into groups', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 200; run++) {
      const times: number[] = [];
      let t = T0 + Math.floor(rand() * H);
      for (let i = 0; i < 40; i++) {
        const r = rand();
        // Mostly close together, sometimes on the hour, sometimes after a long gap.
        t += r < 0.1 ? 6 * H : r < 0.2 ? H - (t % H) : Math.floor(rand() * 50 * 60_000);
        times.push(t);
      }
      const expected = reference(times).map((b) => [b.start, b.times[0], b.times[b.times.length - 1]]);
      for (const split of [() => '', (x: number) => String(x % 3)]) {
        expect(assignBlocks(spans(times, split)).map((b) => [b.start, b.firstAt, b.lastAt])).toEqual(expected);
      }
    }
  });

  it('is active while the last request is less than 5 hours old and the block has not ended', () => {
    const block = { end: T0 + 5 * H, lastAt: T0 + H };
    expect(isActiveBlock(block, T0 + 2 * H)).toBe(true);
    expect(isActiveBlock(block, T0 + 5 * H)).toBe(false);
    expect(isActiveBlock({ end: T0 + 5 * H, lastAt: T0 }, T0 + 5 * H - 1)).toBe(true);
  });
});

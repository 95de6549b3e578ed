import { describe, expect, it } from 'vitest';
import type { FileEvent, Held } from '../ingest/replay/dedupe.ts';
import type { ReaderState } from '../ingest/replay/interpret.ts';
import { Decoder, Encoder } from './encode.ts';
import { decodeState, encodeState } from './resume.ts';

const record = (line: number, timeSource: 'logged' | 'mtime' = 'logged'): Held['event'] => ({
  kind: 'record',
  record: { model: 'claude-sonnet-4-5', timestamp: 1_760_000_000_000 + line, timeSource, requests: 1, where: { file: 's.jsonl', line }, tokens: { input: line, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 1, reasoning: 0, webSearch: 0 } },
} as unknown as Held['event']);

/** Through the cache's encoding and back, as a cache file keeps it. */
const roundTrip = (value: unknown): unknown => {
  const e = new Encoder();
  e.write(value);
  return new Decoder(Buffer.from(e.codes), Buffer.from(e.floats), e.table).read();
};

describe('a reader state at a grow point', () => {
  const released = record(3);
  const superseded = record(4);
  const held: Held[] = [
    { event: released, hashed: 2 ** 52 + 7, ids: [11, 12], sidechain: false },
    { event: superseded, hashed: 2 ** 40 + 5, ids: undefined, sidechain: true },
  ];
  const state: ReaderState = { prefilter: 'claude-code', keepLast: [{ format: 'claude-code', held }], hooks: [] };
  // The payload: two events before the point, then the candidate `released` became at the end of the file.
  const events: FileEvent[] = [
    record(1),
    record(2),
    { kind: 'candidate', event: released, hashed: 2 ** 52 + 7, ids: [11, 12], sidechain: false, across: 'a copy: x' },
  ];

  it('keeps a held record released after the point as its candidate index alone, one never released whole, and gives both back', () => {
    const { state: value, usedFallback } = encodeState(state, new Map([[released, 2]]));
    expect(usedFallback).toBe(false);
    expect(value.keepLast[0]?.held[0]).toBe(2);
    const back = decodeState(roundTrip(value), events, 2);
    expect(back?.prefilter).toBe('claude-code');
    const [a, b] = back?.keepLast[0]?.held ?? [];
    expect(a?.event).toBe(released);
    expect([a?.hashed, a?.ids, a?.sidechain]).toEqual([2 ** 52 + 7, [11, 12], false]);
    expect(b?.event).toEqual(superseded);
    expect([b?.hashed, b?.ids, b?.sidechain]).toEqual([2 ** 40 + 5, undefined, true]);
  });

  it('is refused when an index points before the point, past the events or at a non-candidate, or a whole one is malformed', () => {
    const { state: value } = encodeState(state, new Map([[released, 2]]));
    const withHeld = (h: unknown): unknown => ({ ...value, keepLast: [{ format: 'claude-code', held: [h] }] });
    expect(decodeState(withHeld(1), events, 1)).toBeUndefined(); // a record, not a candidate
    expect(decodeState(withHeld(2), events, 3)).toBeUndefined(); // before the point
    expect(decodeState(withHeld(9), events, 2)).toBeUndefined();
    expect(decodeState(withHeld(2.5), events, 2)).toBeUndefined();
    expect(decodeState(withHeld([superseded, 'x', null, true]), events, 2)).toBeUndefined();
    expect(decodeState(withHeld([superseded, 5, [1], true]), events, 2)).toBeUndefined();
    expect(decodeState(withHeld([{ kind: 'skipped' }, 5, null, true]), events, 2)).toBeUndefined();
  });

  it('says when a record kept whole took the file mtime as its time (such a file gets no grow point)', () => {
    const mtime: Held = { event: record(5, 'mtime'), hashed: 9, ids: undefined, sidechain: false };
    expect(encodeState({ ...state, keepLast: [{ format: 'claude-code', held: [mtime] }] }, new Map()).usedFallback).toBe(true);
    // Released after the point, its candidate stands for it: the time it took is in the payload.
    expect(encodeState({ ...state, keepLast: [{ format: 'claude-code', held: [mtime] }] }, new Map([[mtime.event, 2]])).usedFallback).toBe(false);
  });
});

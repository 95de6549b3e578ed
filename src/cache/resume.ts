// The reader's state at a grow point (docs/cache.md, "A file that grew"), as plain values for the
// cache file and back. A held record released after the point is stored as the index of its
// candidate among the file's events (it is there already, encoded as it was emitted); one that
// never left the window (a later line of its response, before the end of the file, took its
// place) is stored whole. Held records carry hashes, not key text (dedupe.ts FileKeepLast), so a
// released one is made again from its candidate alone.

import type { FileEvent, Held } from '../ingest/replay/dedupe.ts';
import type { Prefix } from './file.ts';
import type { ReaderState } from '../ingest/replay/interpret.ts';
import type { HookName } from '../ingest/formats/spec.ts';
import type { CarryState } from '../ingest/replay/carry.ts';

/** A grown file's read, from the cache: the events before the grow point, and where to go on from. */
export interface GrownRead {
  readonly events: FileEvent[];
  /**
   * The held records' candidates in the old entry (by record), with their encoding: a candidate
   * released the same way again (sameCandidate) is copied into the new entry as it was encoded.
   */
  readonly encoded: ReadonlyMap<object, { readonly candidate: FileEvent; readonly codes: Uint8Array; readonly floats: Uint8Array }>;
  /** The same events as encoded, for the new entry to start with. */
  readonly prefix: Prefix;
  readonly reader: ReaderState;
  /** The byte the read goes on from, the lines before it, the bytes of the line begun before it. */
  readonly at: number;
  readonly lines: number;
  readonly partial: Buffer;
  readonly lineEnd: 'lf' | 'cr';
}

type Record_ = Held['event'];

/**
 * A held record: the index of its candidate (released after the grow point: the candidate holds
 * the rest), or [the record, hashed key, hashed ids or null, sidechain] for one never released.
 */
type HeldValue = number | [Record_, number, readonly [number, number] | null, boolean];

interface StateValue {
  prefilter: string | null;
  keepLast: { format: string; held: HeldValue[] }[];
  hooks: { name: HookName; format: string; carry: CarryState }[];
}

/**
 * Whether a candidate is the old one again: the same record object (a held record rebuilt from it,
 * untouched until released) and the same other fields, in the same order. Its encoding is then
 * the old one's, byte for byte.
 */
export function sameCandidate(now: FileEvent, old: FileEvent): boolean {
  if (now.kind !== 'candidate' || old.kind !== 'candidate' || now.event !== old.event) return false;
  const a = Object.keys(now);
  const b = Object.keys(old);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const k = a[i] as string;
    if (k !== b[i]) return false;
    if (k === 'event') continue;
    const x = (now as unknown as Record<string, unknown>)[k];
    const y = (old as unknown as Record<string, unknown>)[k];
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length || x.some((v, j) => typeof v === 'object' || !Object.is(v, y[j]))) return false;
    } else if (typeof x === 'object' || !Object.is(x, y)) return false;
  }
  return true;
}

/**
 * The state as plain values; `emitted` maps a record emitted after the grow point to its
 * candidate's index. usedFallback: a held record stored whole took the file's mtime as its time.
 */
export function encodeState(state: ReaderState, emitted: ReadonlyMap<unknown, number>): { state: StateValue; usedFallback: boolean } {
  let usedFallback = false;
  const keepLast = state.keepLast.map(({ format, held }) => ({
    format,
    held: held.map((h): HeldValue => {
      const ref = emitted.get(h.event);
      if (ref !== undefined) return ref;
      if (h.event.record.timeSource === 'mtime') usedFallback = true;
      return [h.event, h.hashed, h.ids ?? null, h.sidechain];
    }),
  }));
  const hooks = state.hooks.map(({ name, format, carry }) => ({ name, format, carry }));
  return { state: { prefilter: state.prefilter ?? null, keepLast, hooks }, usedFallback };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The state back, its held records taken from `events` (those at or after `after`); undefined when it does not fit. */
export function decodeState(value: unknown, events: readonly FileEvent[], after: number): ReaderState | undefined {
  if (!isObject(value) || !Array.isArray(value.keepLast) || !Array.isArray(value.hooks)) return undefined;
  const prefilter = value.prefilter;
  if (prefilter !== null && !isString(prefilter)) return undefined;
  const keepLast: { format: string; held: Held[] }[] = [];
  for (const k of value.keepLast as unknown[]) {
    if (!isObject(k) || !isString(k.format) || !Array.isArray(k.held)) return undefined;
    const held: Held[] = [];
    for (const h of k.held as unknown[]) {
      if (typeof h === 'number') {
        // Released after the point: the candidate it became holds all of it.
        const c = Number.isInteger(h) && h >= after ? events[h] : undefined;
        if (c?.kind !== 'candidate') return undefined;
        held.push({ event: c.event, hashed: c.hashed, ids: c.ids, sidechain: c.sidechain });
        continue;
      }
      if (!Array.isArray(h) || h.length !== 4) return undefined;
      const [event, hashed, ids, sidechain] = h as unknown[];
      if (!isObject(event) || event.kind !== 'record' || typeof hashed !== 'number' || typeof sidechain !== 'boolean') return undefined;
      if (ids !== null && !(Array.isArray(ids) && ids.length === 2 && ids.every((n) => typeof n === 'number'))) return undefined;
      held.push({ event: event as unknown as Record_, hashed, ids: (ids ?? undefined) as Held['ids'], sidechain });
    }
    keepLast.push({ format: k.format, held });
  }
  const hooks: { name: HookName; format: string; carry: CarryState }[] = [];
  for (const h of value.hooks as unknown[]) {
    if (!isObject(h) || h.name !== 'carry' || !isString(h.format) || !isObject(h.carry)) return undefined;
    hooks.push({ name: 'carry', format: h.format, carry: h.carry as unknown as CarryState });
  }
  return { prefilter: prefilter ?? undefined, keepLast, hooks };
}

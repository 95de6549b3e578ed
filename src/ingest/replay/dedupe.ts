// Dedupe of responses written more than once. Two scopes:
// - within a file, keep-last (spec.dedupe): a response written as several lines (Claude Code's one
//   line per content block, Gemini's streaming chunks) is counted once, from its LAST line, which
//   has the final usage. Earlier lines become skipped events, so every line still yields one event.
// - across the files of one replay family (a Claude Code project folder, or every other file), the
//   copies an agent writes when it resumes, continues, forks or replays a session: the first copy
//   released is counted, later copies are skipped as copies (COPY_REASON_PREFIX). Only hashed keys
//   are kept (FamilyState), never records, so memory stays flat however many records are read.

import { skip } from '../extract/extract.ts';
import { valueAt, type JsonObject } from '../extract/fields.ts';
import type { DedupeSpec } from '../formats/spec.ts';
import type { IngestEvent } from '../types.ts';
import { HashMap53, HashSet53 } from './hash-table.ts';

type RecordEvent = Extract<IngestEvent, { kind: 'record' }>;

export { COPY_REASON_PREFIX, isCopyReason } from './copy-reason.ts';

/**
 * What one replay family remembers while its files are read (one thread reads a whole family, so
 * the result does not depend on how the run was shared). Hashed keys only: 53-bit hashes, whose
 * chance of one false match among a million keys of one family is about 1 in 10,000.
 */
export interface RunState {
  /** Keep-last keys (message.id + requestId) of the responses counted so far. */
  readonly counted: HashSet53;
  /** Claude Code: message id → the requestId it was first counted under (both hashed). */
  readonly messageRequests: HashMap53;
  /** Codex: cumulative totals already read → the ordinal of the file they were read in. */
  readonly codexTotals: HashMap53;
  /** Codex: per-turn usage already counted (timestamp, model, counts), for copies of whole lines. */
  readonly codexTurns: HashSet53;
  /** Ordinal of the file being read (files of one family are numbered in read order). */
  file: number;
}

export function newRunState(): RunState {
  return { counted: new HashSet53(), messageRequests: new HashMap53(), codexTotals: new HashMap53(), codexTurns: new HashSet53(), file: 0 };
}

/** `…/projects/<project>/` of a Claude Code tree: its sessions, subagents and sidechains share replays. */
const PROJECT_FOLDER = /(?:^|\/)(projects\/[^/]+)\//;

/**
 * The family of a file: files whose lines may replay each other's (a Claude Code project folder,
 * named by `projects/<project>` alone, so that the same project under two config folders is one
 * family), or "(rest)" for every other file (Codex forks may span day folders). Replay state need
 * not outlive a family, and files of different families may be read on different threads.
 */
export function replayFamily(label: string): string {
  return PROJECT_FOLDER.exec(label.replaceAll('\\', '/'))?.[1] ?? '(rest)';
}

/**
 * cyrb53 (a public-domain 53-bit string hash): two 32-bit multiply-xorshift lanes. Fast on short
 * keys and good enough for a set of ids (see RunState on collisions).
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * How many responses may wait for a later line. Lines of one response are adjacent in practice;
 * the bound keeps memory flat on a huge file. A response released early whose key comes back is
 * counted once (the later line is skipped), so nothing is double-counted either way.
 */
export const KEEP_LAST_WINDOW = 4096;

/**
 * The keep-last key of a line: its key parts, each length-prefixed so that no two lists of parts
 * give the same key; undefined when the line has none of them. Values only, not paths: two
 * formats whose keys name the same ids (a Claude Code line and the agent progress event that
 * nests the same message) give the same key.
 */
function keyOf(view: JsonObject, paths: readonly string[], tags: Readonly<Record<string, string>> | undefined): string | undefined {
  let key = '';
  let any = false;
  for (const path of paths) {
    const part = text(path.startsWith(TAG_PART) ? tags?.[path.slice(TAG_PART.length)] : valueAt(view, path));
    if (part === undefined) key += '-|';
    else {
      key += `${part.length}:${part}|`;
      any = true;
    }
  }
  return any ? key : undefined;
}

/** A key part naming one of the record's tags (DedupeSpec.key). */
const TAG_PART = 'tag:';

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A record waiting for a later line of its response, with what the family checks need. */
export interface Held {
  readonly event: RecordEvent;
  /** hash53 of its keep-last key: what the window is keyed by. */
  readonly hashed: number;
  /** Replay checks: hash53 of the message id and of the request id, when the line has both. */
  readonly ids: readonly [number, number] | undefined;
  readonly sidechain: boolean;
}

/**
 * A record released by keep-last, before the family check (checkFamily) decides whether it is
 * counted or a copy. It is all the check needs, hashed, so that the part of a file's reading that
 * depends on the file alone can be kept (the persistent cache, src/cache/) and the check, which
 * depends on the files read before it, run again in its place.
 */
export interface Candidate {
  readonly kind: 'candidate';
  readonly event: RecordEvent;
  /** hash53 of the keep-last key. */
  readonly hashed: number;
  /** The format's copy reasons, when it checks across files (spec.across) or sidechain replays (spec.replay). */
  readonly across?: string;
  readonly replay?: string;
  /** Replay checks: hash53 of the message id and of the request id, when the line has both. */
  readonly ids?: readonly [number, number];
  readonly sidechain: boolean;
  /**
   * What the reader does to a skipped event on its way out, done to the skip a copy becomes: the
   * format named (FileInterpreter.json), the JSON path of a document's item before the reason.
   */
  format?: string;
  prefix?: string;
}

/** What a file's reader hands on: events, and records still to go through the family check. */
export type FileEvent = IngestEvent | Candidate;

/**
 * The family check of a released record: counted (its event), unless the family has already
 * counted a copy of it (a skip as a copy). Updates the family's state; run in read order.
 */
export function checkFamily(c: Candidate, run: RunState): IngestEvent {
  if (c.across !== undefined && run.counted.has(c.hashed)) return copyOf(c, c.across);
  if (c.replay !== undefined && c.ids !== undefined) {
    const [id, request] = c.ids;
    const first = run.messageRequests.get(id);
    if (first === undefined) run.messageRequests.set(id, request);
    else if (first !== request && c.sidechain) return copyOf(c, c.replay);
  }
  if (c.across !== undefined) run.counted.add(c.hashed);
  return c.event;
}

function copyOf(c: Candidate, reason: string): IngestEvent {
  const event = skip(c.event.record.where, `${c.prefix ?? ''}${reason}`);
  if (c.format !== undefined && event.kind === 'skipped') event.format = c.format;
  return event;
}

/**
 * Keep-last within one file. What it emits depends on the file alone: records leave it as
 * candidates, which the reader puts through checkFamily (FileInterpreter).
 */
export class FileKeepLast {
  readonly #spec: DedupeSpec;
  readonly #window: number;
  /**
   * Hashed key → the held record; Map order = least recently updated first. Keyed by the hash, as
   * the family's checks are (RunState), so that a cached reader's state holds no key text: two
   * responses of one file whose keys share a 53-bit hash (about 1 in 10^9 for a window of 4,096)
   * would be taken for one.
   */
  readonly #pending = new Map<number, Held>();
  /** Hashed keys released before the end of the file (only past the window). */
  readonly #released = new HashSet53();

  constructor(spec: DedupeSpec, window = KEEP_LAST_WINDOW) {
    this.#spec = spec;
    this.#window = window;
  }

  /** A record read from `view` → the events to emit now (the record itself is usually held). */
  offer(view: JsonObject, event: RecordEvent): FileEvent[] {
    const key = keyOf(view, this.#spec.key, event.record.tags);
    if (key === undefined) return [event];
    const where = event.record.where;
    const hashed = hash53(key);
    if (this.#released.size > 0 && this.#released.has(hashed)) {
      return [skip(where, 'repeats a response already counted earlier in this file (too far apart to keep the later line)')];
    }
    const out: FileEvent[] = [];
    const earlier = this.#pending.get(hashed);
    if (earlier) {
      this.#pending.delete(hashed);
      out.push(skip(earlier.event.record.where, this.#spec.reason));
    }
    const replay = this.#spec.replay;
    const id = replay && text(valueAt(view, replay.id));
    const request = replay && text(valueAt(view, replay.request));
    this.#pending.set(hashed, {
      event,
      hashed,
      ids: id !== undefined && request !== undefined ? [hash53(id), hash53(request)] : undefined,
      sidechain: replay !== undefined && valueAt(view, replay.flag) === true,
    });
    if (this.#pending.size > this.#window) {
      const [oldKey, oldest] = this.#pending.entries().next().value as [number, Held];
      this.#pending.delete(oldKey);
      this.#released.add(oldest.hashed);
      out.push(this.#release(oldest));
    }
    return out;
  }

  /** The held records, oldest first (a copy of the list), or undefined once records have been released early (the window overflowed). */
  snapshot(): Held[] | undefined {
    return this.#released.size > 0 ? undefined : [...this.#pending.values()];
  }

  /** Takes back held records (see snapshot), into a window that has seen no line yet. */
  restore(held: readonly Held[]): void {
    for (const h of held) this.#pending.set(h.hashed, h);
  }

  /**
   * The held records, at the end of the file: the main-chain ones first, then the sidechain ones,
   * so that a sidechain replay is recognised whether it comes before or after its parent line.
   */
  end(): FileEvent[] {
    const held = [...this.#pending.values()];
    this.#pending.clear();
    if (this.#released.size > 0) this.#released.clear();
    const out: FileEvent[] = [];
    for (const h of held) if (!h.sidechain) out.push(this.#release(h));
    for (const h of held) if (h.sidechain) out.push(this.#release(h));
    return out;
  }

  /** A record leaving the window: a candidate for the family check. */
  #release(held: Held): Candidate {
    const { across, replay } = this.#spec;
    return {
      kind: 'candidate',
      event: held.event,
      hashed: held.hashed,
      sidechain: held.sidechain,
      ...(across && { across: across.reason }),
      ...(replay && { replay: replay.reason }),
      ...(replay && held.ids !== undefined && { ids: held.ids }),
    };
  }
}

/** Keep-last with the family check done at once: FileKeepLast's events as the run sees them. */
export class KeepLast {
  readonly #file: FileKeepLast;
  readonly #run: RunState;

  constructor(spec: DedupeSpec, run: RunState, window = KEEP_LAST_WINDOW) {
    this.#file = new FileKeepLast(spec, window);
    this.#run = run;
  }

  offer(view: JsonObject, event: RecordEvent): IngestEvent[] {
    return this.#file.offer(view, event).map((e) => (e.kind === 'candidate' ? checkFamily(e, this.#run) : e));
  }

  end(): IngestEvent[] {
    return this.#file.end().map((e) => (e.kind === 'candidate' ? checkFamily(e, this.#run) : e));
  }
}

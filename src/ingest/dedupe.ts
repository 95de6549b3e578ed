// Keep-last within a file (spec.dedupe): a response written as several lines (Claude Code's one
// line per content block, Gemini's streaming chunks) is counted once, from its LAST line, which has
// the final usage. Earlier lines become skipped events, so every line still yields one event.

import { skip } from './extract.ts';
import { fillReason, valueAt, type JsonObject } from './fields.ts';
import type { DedupeSpec } from './spec.ts';
import type { IngestEvent } from './types.ts';

type RecordEvent = Extract<IngestEvent, { kind: 'record' }>;

/** State shared by every file of one run (replays cross files: a sidechain, a forked session). */
export interface RunState {
  /** Claude Code: message id → the requestId it was first counted under. */
  readonly messageRequests: Map<string, string>;
  /** Codex: cumulative totals (JSON text) already read → "file:line" where. */
  readonly codexTotals: Map<string, string>;
}

/** `…/projects/<project>/` of a Claude Code tree: its sessions, subagents and sidechains share replays. */
const PROJECT_FOLDER = /^(.*?(?:^|\/)projects\/[^/]+)\//;

/**
 * The family of a file: files whose lines may replay each other's (a Claude Code project folder),
 * or "(rest)" for every other file (Codex forks may span day folders). Replay state need not
 * outlive a family, and files of different families may be read on different threads.
 */
export function replayFamily(label: string): string {
  return PROJECT_FOLDER.exec(label)?.[1] ?? '(rest)';
}

export function newRunState(): RunState {
  return { messageRequests: new Map(), codexTotals: new Map() };
}

/**
 * How many responses may wait for a later line. Lines of one response are adjacent in practice;
 * the bound keeps memory flat on a huge file. A response released early whose key comes back is
 * counted once (the later line is skipped), so nothing is double-counted either way.
 */
export const KEEP_LAST_WINDOW = 4096;

/**
 * The keep-last key of a line: its key parts, each length-prefixed so that no two lists of parts
 * give the same key; undefined when the line has none of them.
 */
function keyOf(view: JsonObject, paths: readonly string[]): string | undefined {
  let key = '';
  let any = false;
  for (const path of paths) {
    const part = text(valueAt(view, path));
    if (part === undefined) key += '-|';
    else {
      key += `${part.length}:${part}|`;
      any = true;
    }
  }
  return any ? key : undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

export class KeepLast {
  readonly #spec: DedupeSpec;
  readonly #run: RunState;
  readonly #window: number;
  /** Key → the held record; Map order = least recently updated first. */
  readonly #pending = new Map<string, RecordEvent>();
  /** Keys released before the end of the file (only past the window). */
  readonly #released = new Set<string>();

  constructor(spec: DedupeSpec, run: RunState, window = KEEP_LAST_WINDOW) {
    this.#spec = spec;
    this.#run = run;
    this.#window = window;
  }

  /** A record read from `view` → the events to emit now (the record itself is usually held). */
  offer(view: JsonObject, event: RecordEvent): IngestEvent[] {
    const where = event.record.where;
    const replay = this.#spec.replay;
    if (replay) {
      const id = text(valueAt(view, replay.id));
      const request = text(valueAt(view, replay.request));
      if (id !== undefined && request !== undefined) {
        const first = this.#run.messageRequests.get(id);
        if (first === undefined) this.#run.messageRequests.set(id, request);
        else if (first !== request && valueAt(view, replay.flag) === true) return [skip(where, fillReason(view, replay.reason))];
      }
    }
    const key = keyOf(view, this.#spec.key);
    if (key === undefined) return [event];
    if (this.#released.has(key)) {
      return [skip(where, 'repeats a response already counted earlier in this file (too far apart to keep the later line)')];
    }
    const out: IngestEvent[] = [];
    const earlier = this.#pending.get(key);
    if (earlier) {
      this.#pending.delete(key);
      out.push(skip(earlier.record.where, this.#spec.reason));
    }
    this.#pending.set(key, event);
    if (this.#pending.size > this.#window) {
      const [oldKey, oldest] = this.#pending.entries().next().value as [string, RecordEvent];
      this.#pending.delete(oldKey);
      this.#released.add(oldKey);
      out.push(oldest);
    }
    return out;
  }

  /** The held records, at the end of the file. */
  end(): IngestEvent[] {
    const out = [...this.#pending.values()];
    this.#pending.clear();
    this.#released.clear();
    return out;
  }
}

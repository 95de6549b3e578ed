// The persistent cache of per-file results (docs/cache.md). For each input file read whole, what
// its reader produced before the family check (src/ingest/replay/dedupe.ts checkFamily): final
// events and candidates. A warm run replays the list through the same family check, in the same
// order, so its event stream is the one an uncached run makes. Pricing comes after (audit/run.ts).

import { createHash } from 'node:crypto';
import { statSync, type BigIntStats } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkFamily, type Candidate, type FileEvent, type RunState } from '../ingest/replay/dedupe.ts';
import type { FileObserver } from '../ingest/replay/interpret.ts';
import type { EventSink, IngestEvent } from '../ingest/types.ts';
import { buildId } from './build.ts';
import { decodeCacheFile, PayloadWriter, readCacheFile, writeCacheFile, CACHE_FORMAT } from './file.ts';

export interface CacheOptions {
  /** The cache folder (--cache-dir, else $XDG_CACHE_HOME/llm-audit or ~/.cache/llm-audit). */
  readonly dir: string;
}

/** Files larger than this are read as today and not cached: their events would be held in memory until the file ends. */
export const MAX_CACHED_BYTES = 64 * 1024 * 1024;

/**
 * A file whose last change is this recent may still be changing within the same timestamp tick:
 * a later write of the same size could leave size, mtime and ctime as they are. Such a file is read
 * but not cached (git's "racy" entries). Whole-second timestamps (some file systems) get 2 s.
 */
const RACY_NS = 100_000_000n;
const RACY_COARSE_NS = 2_000_000_000n;

/** What an input file's per-file result depends on, besides its content. */
export interface KeyInputs {
  /** Options that change what a file's lines become (--input-format, --map, --default-model, --default-time). */
  readonly options: unknown;
  /** The time given to records without one (--default-time, else the file's mtime as listed). */
  readonly fallbackMs: number | undefined;
}

/** A cache slot for one input file: a hit (its events) or a miss to fill while the file is read. */
export type Slot = { readonly hit: FileEvent[] } | { readonly miss: Miss };

export function openSlot(cache: CacheOptions, label: string, path: string, inputs: KeyInputs): Slot | undefined {
  let stat: BigIntStats;
  try {
    stat = statSync(path, { bigint: true });
  } catch {
    return undefined; // the reader reports it
  }
  if (!stat.isFile() || stat.size > BigInt(MAX_CACHED_BYTES)) return undefined;
  const absolute = resolve(path);
  const options = JSON.stringify(inputs.options);
  const name = createHash('sha256').update(JSON.stringify([label, absolute, options])).digest('hex').slice(0, 40);
  const file = join(cache.dir, `files-v${CACHE_FORMAT}`, name.slice(0, 2), `${name}.bin`);
  const key = keyOf(label, absolute, options, inputs.fallbackMs, stat);
  const bytes = readCacheFile(file);
  const hit = bytes && decodeCacheFile(bytes, buildId(), key);
  if (hit) return { hit };
  return { miss: new Miss(file, path, key, stat, clockNs()) };
}

/** The key: the file by identity and state (device, inode, size, mtime, ctime in ns) and what its events depend on. */
function keyOf(label: string, absolute: string, options: string, fallbackMs: number | undefined, st: BigIntStats): string {
  return JSON.stringify({ label, path: absolute, options, fallbackMs, dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs) });
}

/** A hit's events, as the run sees them: candidates through the family check, in order. */
function clockNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

export function replay(events: readonly FileEvent[], run: RunState, onEvent: EventSink): void {
  for (const e of events) onEvent(e.kind === 'candidate' ? checkFamily(e, run) : e);
}

/**
 * A miss: records what the reader emits (the sink) and the family checks it made (the observer),
 * and writes the cache file once the file is read, unless the file cannot be cached (a hook with
 * family state), changed while it was read, or is too recent to trust (RACY_NS).
 */
export class Miss implements FileObserver {
  readonly #file: string;
  readonly #path: string;
  readonly #key: string;
  readonly #stat: BigIntStats;
  /** The clock just after #stat was taken. */
  readonly #statClock: bigint;
  readonly #payload = new PayloadWriter();
  /** Results of family checks not yet emitted → their candidate, which is what is kept. */
  readonly #checks = new Map<IngestEvent, Candidate>();
  #cacheable = true;

  constructor(file: string, path: string, key: string, stat: BigIntStats, statClock: bigint) {
    this.#file = file;
    this.#path = path;
    this.#key = key;
    this.#stat = stat;
    this.#statClock = statClock;
  }

  /** The sink to read the file into: each event is kept (serialized at once) and handed on. */
  sink(onEvent: EventSink): EventSink {
    return (event) => {
      if (this.#cacheable) {
        const candidate = this.#checks.get(event);
        if (candidate !== undefined) this.#checks.delete(event);
        this.#payload.add(candidate ?? event);
      }
      onEvent(event);
    };
  }

  checked(candidate: Candidate, result: IngestEvent): void {
    if (this.#cacheable) this.#checks.set(result, candidate);
  }

  familyState(): void {
    this.#cacheable = false;
  }

  /** Call once the whole file has been read into sink(). */
  store(): void {
    if (!this.#cacheable || this.#payload.failed || this.#checks.size > 0) return;
    let now: BigIntStats;
    try {
      now = statSync(this.#path, { bigint: true });
    } catch {
      return;
    }
    const before = this.#stat;
    if (now.size !== before.size || now.mtimeNs !== before.mtimeNs || now.ctimeNs !== before.ctimeNs || now.ino !== before.ino || now.dev !== before.dev) return;
    // Racy: changed so shortly before it was read that a change during the read could have kept
    // the same timestamps (same tick); the stat after the read would not see it.
    const coarse = before.mtimeNs % 1_000_000_000n === 0n && before.ctimeNs % 1_000_000_000n === 0n;
    const margin = coarse ? RACY_COARSE_NS : RACY_NS;
    if (this.#statClock - before.ctimeNs < margin || this.#statClock - before.mtimeNs < margin) return;
    writeCacheFile(this.#file, this.#payload.finish(buildId(), this.#key));
  }
}

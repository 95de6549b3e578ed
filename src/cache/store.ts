// The persistent cache of per-file results (docs/cache.md). For each input file read whole, what
// its reader produced before the family check (src/ingest/replay/dedupe.ts checkFamily): final
// events and candidates. A warm run replays the list through the same family check, in the same
// order, so its event stream is the one an uncached run makes. Pricing comes after (audit/run.ts).

import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync, type BigIntStats } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHUNK_BYTES } from '../ingest/read/chunks.ts';
import { checkFamily, type Candidate, type FileEvent, type RunState } from '../ingest/replay/dedupe.ts';
import type { FileObserver, ReadState } from '../ingest/replay/interpret.ts';
import type { EventSink, IngestEvent } from '../ingest/types.ts';
import { buildId } from './build.ts';
import { decodeAll, PayloadWriter, readCacheFile, readEntry, writeCacheFile, CACHE_FORMAT, type Entry, type Grow } from './file.ts';
import { decodeState, encodeState, sameCandidate, type GrownRead } from './resume.ts';
import { FamilyRecorder } from './family.ts';
import type { CodexFamily } from '../ingest/agents/codex/rollout.ts';

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

/**
 * A cache slot for one input file: a hit (its events), a grown file (the events before the point
 * its read goes on from, and the reader's state there) or a miss; the miss of the last two is
 * filled while the file is read.
 */
export type Slot = { readonly hit: Entry; readonly miss: () => Miss } | { readonly grown: GrownRead; readonly miss: Miss } | { readonly grown?: undefined; readonly miss: Miss };

export function openSlot(cache: CacheOptions, label: string, path: string, inputs: KeyInputs): Slot | undefined {
  let stat: BigIntStats;
  try {
    stat = statSync(path, { bigint: true });
  } catch {
    return undefined; // the reader reports it
  }
  if (!stat.isFile() || stat.size > BigInt(MAX_CACHED_BYTES)) return undefined;
  const absolute = resolve(path);
  const options = optionsText(inputs.options);
  const file = entryPath(cache, label, absolute, options);
  const key = keyOf(label, absolute, options, inputs.fallbackMs, stat);
  const base = growBase(label, absolute, options, stat);
  const miss = (): Miss => new Miss(file, path, key, base, stat, clockNs());
  const bytes = readCacheFile(file);
  const entry = bytes && readEntry(bytes, buildId(), (h) => h.key === key || (h.grow !== undefined && h.grow.base === base && stat.size > BigInt(h.grow.size)));
  if (!entry) return { miss: miss() };
  if (entry.key === key) return { hit: entry, miss };
  const grown = resumable(path, entry);
  return grown ? { grown, miss: miss() } : { miss: miss() };
}

/** What must stay the same for a cached read to go on when the file grows: label, path, options, device and inode. */
function growBase(label: string, absolute: string, options: string, st: BigIntStats): string {
  return JSON.stringify({ label, path: absolute, options, dev: String(st.dev), ino: String(st.ino) });
}

/**
 * The bytes checked again before a grown file is read on from `at`: its first SNIFF block (what
 * its syntax and line ends were told from) and the 64 KB before `at` with the line begun there.
 * An agent's log is only appended to; a file rewritten otherwise changes these, its size or its inode.
 */
const CHECKED_HEAD = 64 * 1024;
function checkedRanges(at: number, partial: number): [number, number][] {
  return [
    [0, Math.min(CHECKED_HEAD, at)],
    [Math.max(0, at - partial - CHECKED_HEAD), at],
  ];
}

/** The bytes of ranges of a file, or undefined when they cannot all be read. */
function readRanges(path: string, ranges: readonly [number, number][]): Buffer[] | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const out: Buffer[] = [];
    for (const [start, end] of ranges) {
      const buf = Buffer.allocUnsafe(end - start);
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, start + got);
        if (n === 0) return undefined;
        got += n;
      }
      out.push(buf);
    }
    return out;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function hashRanges(parts: readonly Buffer[]): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p);
  return hash.digest('hex');
}

/** A grown file's read, if its checked bytes are the cached ones and the state decodes. */
function resumable(path: string, entry: Entry): GrownRead | undefined {
  const { grow } = entry;
  if (!grow) return undefined;
  const { at, partial } = grow;
  if (!Number.isInteger(at) || !Number.isInteger(partial) || at <= 0 || at % CHUNK_BYTES !== 0 || partial < 0 || partial > at) return undefined;
  const parts = readRanges(path, checkedRanges(at, partial));
  if (!parts || hashRanges(parts) !== grow.sha256) return undefined;
  const last = parts[1] as Buffer;
  const decoded = decodeAll(entry);
  if (!decoded) return undefined;
  const { events, state, spans } = decoded;
  const reader = decodeState(state, events, grow.events);
  const prefix = entry.prefix(grow.events, grow.codes, grow.floats);
  if (!reader || !prefix || !Number.isInteger(grow.lines) || grow.events > events.length) return undefined;
  const encoded = new Map<object, { candidate: FileEvent; codes: Uint8Array; floats: Uint8Array }>();
  for (let i = grow.events; i < events.length; i++) {
    const e = events[i] as FileEvent;
    if (e.kind === 'candidate') encoded.set(e.event, { candidate: e, ...entry.slice(spans.codes[i] as number, spans.codes[i + 1] as number, spans.floats[i] as number, spans.floats[i + 1] as number) });
  }
  return { events: events.slice(0, grow.events), encoded, prefix, reader, at, lines: grow.lines, partial: last.subarray(last.length - partial), lineEnd: grow.lineEnd };
}

/**
 * The folder of this build's entries: DIR/files-v<format>/<hash of the build>. A new build starts
 * an empty folder (its entries would all be misses), and old builds' folders are pruned whole
 * (prune.ts).
 */
export function buildFolder(cache: CacheOptions): string {
  let folder = buildFolders.get(cache.dir);
  if (folder === undefined) {
    folder = join(cache.dir, `files-v${CACHE_FORMAT}`, createHash('sha256').update(buildId()).digest('hex').slice(0, 16));
    buildFolders.set(cache.dir, folder);
  }
  return folder;
}

/** buildFolder by cache folder: the build does not change while a process runs. */
const buildFolders = new Map<string, string>();

/** An input's entry: named by a hash of its label, absolute path and options, in buildFolder/xx/. */
function entryPath(cache: CacheOptions, label: string, absolute: string, options: string): string {
  const name = createHash('sha256').update(JSON.stringify([label, absolute, options])).digest('hex').slice(0, 40);
  return join(buildFolder(cache), name.slice(0, 2), `${name}.bin`);
}

/** The options of a key as JSON, made once per options object (ingest asks with the same one for every file). */
const optionTexts = new WeakMap<object, string>();
function optionsText(options: unknown): string {
  if (typeof options !== 'object' || options === null) return JSON.stringify(options);
  let text = optionTexts.get(options);
  if (text === undefined) {
    text = JSON.stringify(options);
    optionTexts.set(options, text);
  }
  return text;
}

/**
 * Whether an input will likely be read from the cache (to plan threads before reading): its entry
 * exists and was written after the file last changed, or the file is larger than a chunk (a grown
 * session, read on from its grow point). A guess, one stat: the entry is checked when it is read.
 */
export function likelyCached(cache: CacheOptions, label: string, path: string, inputs: KeyInputs, mtimeMs: number | undefined, size: number | undefined): boolean {
  try {
    const st = statSync(entryPath(cache, label, resolve(path), optionsText(inputs.options)));
    return (mtimeMs !== undefined && st.mtimeMs >= mtimeMs) || (size ?? 0) > CHUNK_BYTES;
  } catch {
    return false;
  }
}

/** The key: the file by identity and state (device, inode, size, mtime, ctime in ns) and what its events depend on. */
function keyOf(label: string, absolute: string, options: string, fallbackMs: number | undefined, st: BigIntStats): string {
  return JSON.stringify({ label, path: absolute, options, fallbackMs, dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs) });
}

function clockNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/**
 * A hit's events, as the run sees them: candidates through the family check, in order. Decoded
 * one at a time as they are handed on, so that they die young (decoding a whole file's first kept
 * them alive through a garbage collection or two: a third of a warm run went to the collector).
 * The entry's checksum has been checked, so a decoding error is a bug, not damage: it is thrown.
 */
export function replay(entry: Entry, run: RunState, onEvent: EventSink): void {
  const decoder = entry.decoder();
  for (let i = 0; i < entry.count; i++) {
    const e = decoder.read() as FileEvent;
    onEvent(e.kind === 'candidate' ? checkFamily(e, run) : e);
  }
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
  readonly #base: string;
  /** The chunk's end a grown file's read would go on from: the last one before the end of the file; 0 = none (a file of one chunk is read again whole). */
  readonly #target: number;
  /** The read can be gone on from (plain JSONL, not gzipped); told by the reader's caller. */
  #plain = false;
  #lineEnd: 'lf' | 'cr' = 'lf';
  #cut: (ReadState & { offset: number; events: number; codes: number; floats: number }) | undefined;
  /** Records released after the cut → their candidate's index in the payload (held records at the cut are kept as these). */
  readonly #emitted = new Map<unknown, number>();
  /** A grown file's held records' candidates as the old entry encoded them (GrownRead.encoded). */
  #encoded: GrownRead['encoded'] | undefined;
  /** What a Codex rollout asked of its family (family.ts), once it has asked. */
  #family: FamilyRecorder | undefined;
  /**
   * A record took the time given to records without one (the file's mtime, unless --default-time):
   * the mtime changes as the file grows, so such a file gets no grow point.
   */
  #usedFallback = false;
  readonly #stat: BigIntStats;
  /** The clock just after #stat was taken. */
  readonly #statClock: bigint;
  readonly #payload = new PayloadWriter();
  /** Results of family checks not yet emitted → their candidate, which is what is kept. */
  readonly #checks = new Map<IngestEvent, Candidate>();
  #cacheable = true;

  constructor(file: string, path: string, key: string, base: string, stat: BigIntStats, statClock: bigint) {
    this.#file = file;
    this.#path = path;
    this.#key = key;
    this.#base = base;
    this.#target = Number(stat.size - (stat.size % BigInt(CHUNK_BYTES)));
    this.#stat = stat;
    this.#statClock = statClock;
  }

  /** The sink to read the file into: each event is kept (serialized at once) and handed on. */
  sink(onEvent: EventSink): EventSink {
    return (event) => {
      if (this.#cacheable) {
        const candidate = this.#checks.get(event);
        if (candidate !== undefined) {
          this.#checks.delete(event);
          if (this.#cut) this.#emitted.set(candidate.event, this.#payload.count);
          const old = this.#encoded?.get(candidate.event);
          if (old && sameCandidate(candidate, old.candidate)) this.#payload.addEncoded(old.codes, old.floats);
          else this.#keep(candidate);
        } else this.#keep(event);
      }
      onEvent(event);
    };
  }

  #keep(event: FileEvent): void {
    const record = event.kind === 'record' ? event.record : event.kind === 'candidate' ? event.event.record : undefined;
    if (record?.timeSource === 'mtime') this.#usedFallback = true;
    this.#payload.add(event);
  }

  /**
   * A grown file's cached events before its grow point: taken as encoded into the new entry, and
   * handed on as a read would (none of them took the file's mtime: the entry had a grow point).
   */
  replayed(grown: GrownRead, run: RunState, onEvent: EventSink): void {
    this.#payload.adopt(grown.prefix);
    this.#encoded = grown.encoded;
    for (const event of grown.events) onEvent(event.kind === 'candidate' ? checkFamily(event, run) : event);
  }

  /** How the file is read: only a plain JSONL read can be gone on from. */
  reading(syntax: string, lineEnd: 'lf' | 'cr', compressed: boolean): void {
    this.#plain = syntax === 'jsonl' && !compressed;
    this.#lineEnd = lineEnd;
  }

  codexFamily(live: CodexFamily): CodexFamily {
    this.#family ??= new FamilyRecorder();
    return this.#family.wrap(live);
  }

  reached(offset: number, take: () => ReadState | undefined): void {
    if (offset !== this.#target || offset === 0 || !this.#plain || this.#cut || !this.#cacheable || this.#checks.size > 0) return;
    const state = take();
    if (state) this.#cut = { ...state, offset, events: this.#payload.count, ...this.#payload.mark() };
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
    // Before the last stat: the checked bytes are read from the file as it was read.
    const grow = this.#growPoint();
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
    writeCacheFile(this.#file, this.#payload.finish(buildId(), this.#key, grow, this.#family?.ops));
  }

  /** The grow point of the cut, if there is one and it can be kept: its state encodable, its checked bytes read. */
  #growPoint(): { grow: Grow; state: unknown } | undefined {
    const cut = this.#cut;
    if (!cut) return undefined;
    const encoded = encodeState(cut.reader, this.#emitted);
    if (!encoded || encoded.usedFallback || this.#usedFallback) return undefined;
    const parts = readRanges(this.#path, checkedRanges(cut.offset, cut.partial));
    if (!parts) return undefined;
    const grow: Grow = {
      base: this.#base,
      size: String(this.#stat.size),
      at: cut.offset,
      lines: cut.lines,
      partial: cut.partial,
      events: cut.events,
      codes: cut.codes,
      floats: cut.floats,
      lineEnd: this.#lineEnd,
      sha256: hashRanges(parts),
    };
    return { grow, state: encoded.state };
  }
}

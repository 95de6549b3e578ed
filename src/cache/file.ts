// One cache file: what reading one input file produced (its FileEvents, in order), behind a header
// that says what it is for. Layout: MAGIC, the header's length (uint32 LE), the header (JSON), the
// payload (see PayloadWriter). Nothing in it is trusted
// until all of it checks: the magic, the format, the version and build, the key, the payload's
// length and its checksum. Any failure is a miss (the file is read and the cache rebuilt).

import { createHash, randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { FileEvent } from '../ingest/replay/dedupe.ts';
import { Decoder, Encoder, Unencodable } from './encode.ts';

const MAGIC = Buffer.from('LLMAUDIT-CACHE\n', 'latin1');

/** Bump when the layout or the meaning of the payload changes: older files are then misses. */
export const CACHE_FORMAT = 3;

/**
 * For a file that may grow (an agent's session being appended to): the point its read can go on
 * from (a chunk's end, see FileObserver.reached), and what must hold for the file there.
 */
export interface Grow {
  /** What must be the same for a grown file (see store.ts growBase): the file's identity and the options. */
  readonly base: string;
  /** The size the events are for: a grown file is larger. */
  readonly size: string;
  /** The byte the read goes on from. */
  readonly at: number;
  /** Lines before it, and bytes of the line begun before it. */
  readonly lines: number;
  readonly partial: number;
  /** How many of the events came before it; the reader's state there is the value after the events. */
  readonly events: number;
  /** Bytes of the codes and of the numbers those events take: a grown file's entry starts with them as they are. */
  readonly codes: number;
  readonly floats: number;
  readonly lineEnd: 'lf' | 'cr';
  /** SHA-256 of the file's bytes that are checked again before going on (store.ts checkedRanges). */
  readonly sha256: string;
}

interface Header {
  readonly format: number;
  /** Which llm-audit wrote it (version and build, see build.ts): readers may change between them. */
  readonly build: string;
  /** The input file and everything its events depend on (key.ts), as one string. */
  readonly key: string;
  /** Events in the payload. */
  readonly count: number;
  /** Bytes of the payload's parts (encode.ts): the varint codes, the Float64 numbers, the table (JSON). */
  readonly codes: number;
  readonly floats: number;
  readonly table: number;
  /** The payload's checksum, "crc32:…" or "sha256:…" (see checksum). */
  readonly check: string;
  /** Present when the file can be read on from a point when it grows; the payload then holds one value more (the reader's state). */
  readonly grow?: Grow;
  /** A Codex rollout's questions to its family with their answers (family.ts), which must be the same for the events to hold. */
  readonly family?: number[];
}

/**
 * Collects the events of one file as they are emitted, each encoded at once (the run completes
 * records in place after they are emitted). `failed` once an event cannot be encoded: the file is
 * then not cached.
 */
export class PayloadWriter {
  readonly #encoder = new Encoder();
  count = 0;
  failed = false;

  /** Bytes of codes and numbers written so far. */
  mark(): { codes: number; floats: number } {
    return this.#encoder.mark();
  }

  /** Appends an event already encoded, as another payload whose table this one adopted holds it. */
  addEncoded(codes: Uint8Array, floats: Uint8Array): void {
    if (this.failed) return;
    this.#encoder.append(codes, floats);
    this.count += 1;
  }

  /** Starts with the first `count` events of another payload (a grown file's events before its grow point), as encoded there. */
  adopt(prefix: Prefix): void {
    this.#encoder.adopt(prefix.codes, prefix.floats, prefix.table);
    this.count = prefix.count;
  }

  add(event: FileEvent): void {
    if (this.failed) return;
    try {
      this.#encoder.write(event);
      this.count += 1;
    } catch (err) {
      if (!(err instanceof Unencodable)) throw err;
      this.failed = true;
    }
  }

  /** The cache file's bytes; with `grow`, `state` is written after the events (it must be encodable). */
  finish(build: string, key: string, withGrow?: { grow: Grow; state: unknown }, family?: number[]): Buffer {
    const e = this.#encoder;
    let grow = withGrow;
    if (grow) {
      const mark = e.mark();
      try {
        e.write(grow.state);
      } catch (err) {
        if (!(err instanceof Unencodable)) throw err;
        // Cached without its grow point: the codes written for the state are taken back.
        e.rollback(mark);
        grow = undefined;
      }
    }
    const codes = e.codes;
    const floats = e.floats;
    const table = Buffer.from(JSON.stringify(e.table), 'utf8');
    const parts = [codes, floats, table];
    const header: Header = { format: CACHE_FORMAT, build, key, count: this.count, codes: codes.length, floats: floats.length, table: table.length, check: checksum(parts, grow?.grow, family), ...(grow && { grow: grow.grow }), ...(family && { family }) };
    const head = Buffer.from(JSON.stringify(header), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(head.length);
    return Buffer.concat([MAGIC, length, head, ...parts]);
  }
}

const crc32 = (zlib as { crc32?: (data: Uint8Array | string, value?: number) => number }).crc32;

/**
 * The checksum of the payload and of the grow point (the header is not checked otherwise, and
 * grow is not compared with a key): CRC-32 (zlib's, Node 20.15+: a tenth of SHA-256's time, and
 * damage, not an adversary, is what it is for), else SHA-256. A file checked by the other is a miss.
 */
function checksum(data: readonly Uint8Array[], grow?: Grow, family?: number[]): string {
  const g = (grow || family) && JSON.stringify([grow ?? null, family ?? null]);
  if (crc32) {
    let c = 0;
    for (const part of data) c = crc32(part, c);
    return `crc32:${g ? crc32(g, c) : c}`;
  }
  const hash = createHash('sha256');
  for (const part of data) hash.update(part);
  if (g) hash.update(g);
  return `sha256:${hash.digest('hex')}`;
}

/** The events kept in `bytes` for `key`, or undefined when the file is not a whole, matching cache file. */
export function decodeCacheFile(bytes: Buffer, build: string, key: string): FileEvent[] | undefined {
  const entry = readEntry(bytes, build, (header) => header.key === key);
  return entry && decodeAll(entry)?.events;
}

/** The first events of a payload as encoded, with the table they index (PayloadWriter.adopt). */
export interface Prefix {
  readonly codes: Uint8Array;
  readonly floats: Uint8Array;
  readonly table: readonly string[];
  readonly count: number;
}

/** A whole cache file of this build (its checksum checked), not decoded yet. */
export interface Entry {
  readonly key: string;
  readonly grow: Grow | undefined;
  /** Events in it. */
  readonly count: number;
  /** See Header.family. */
  readonly family: unknown[] | undefined;
  /** A decoder at its first event: `count` events, then the reader's state when it has a grow point. */
  decoder(): Decoder;
  /** The first `count` events as encoded, given the bytes of codes and numbers they take (Grow.codes, Grow.floats). */
  prefix(count: number, codes: number, floats: number): Prefix | undefined;
  /** The codes and numbers between two decoder positions (one value as encoded). */
  slice(codesFrom: number, codesTo: number, floatsFrom: number, floatsTo: number): { codes: Uint8Array; floats: Uint8Array };
}

/**
 * The entry in `bytes` if it is whole (magic, format, build, sizes, checksum) and `wanted` says
 * its header is of use; else undefined (a miss).
 */
export function readEntry(bytes: Buffer, build: string, wanted: (header: { key: string; grow?: Grow }) => boolean): Entry | undefined {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const headLength = bytes.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4 + headLength;
  if (start > bytes.length) return undefined;
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, start)) as Header;
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null) return undefined;
  if (header.format !== CACHE_FORMAT || header.build !== build || typeof header.key !== 'string' || !wanted(header)) return undefined;
  const payload = bytes.subarray(start);
  const { floats, codes, table, count } = header;
  const sizes = [floats, codes, table, count];
  if (!sizes.every((n) => Number.isInteger(n) && n >= 0) || floats % 8 !== 0 || codes + floats + table !== payload.length) return undefined;
  if (header.family !== undefined && !Array.isArray(header.family)) return undefined;
  if (checksum([payload], header.grow, header.family) !== header.check) return undefined;
  let strings: unknown;
  try {
    strings = JSON.parse(payload.toString('utf8', codes + floats));
  } catch {
    return undefined;
  }
  if (!Array.isArray(strings)) return undefined;
  const codeBytes = payload.subarray(0, codes);
  const floatBytes = payload.subarray(codes, codes + floats);
  const texts = strings as string[];
  return {
    key: header.key,
    grow: header.grow,
    count,
    family: header.family,
    decoder: () => new Decoder(codeBytes, floatBytes, texts),
    slice: (c0, c1, f0, f1) => ({ codes: codeBytes.subarray(c0, c1), floats: floatBytes.subarray(f0, f1) }),
    prefix: (n, c, f) => (Number.isInteger(c) && Number.isInteger(f) && c >= 0 && f >= 0 && f % 8 === 0 && c <= codes && f <= floats ? { codes: codeBytes.subarray(0, c), floats: floatBytes.subarray(0, f), table: texts, count: n } : undefined),
  };
}

/** Every event of an entry and its state, or undefined when they do not decode (a damaged file). */
export function decodeAll(entry: Entry): { events: FileEvent[]; state: unknown; spans: { codes: Float64Array; floats: Float64Array } } | undefined {
  try {
    const decoder = entry.decoder();
    const events = new Array<FileEvent>(entry.count);
    // Where each event starts (and the last ends): a grown file's entry copies some as encoded.
    const spans = { codes: new Float64Array(entry.count + 1), floats: new Float64Array(entry.count + 1) };
    for (let i = 0; i < entry.count; i++) {
      spans.codes[i] = decoder.codesRead;
      spans.floats[i] = decoder.floatsRead;
      events[i] = decoder.read() as FileEvent;
    }
    spans.codes[entry.count] = decoder.codesRead;
    spans.floats[entry.count] = decoder.floatsRead;
    const state = entry.grow ? decoder.read() : undefined;
    return decoder.done ? { events, state, spans } : undefined;
  } catch {
    return undefined;
  }
}

/** The bytes of a cache file, or undefined when there is none (or it cannot be read). */
export function readCacheFile(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Folders made (or found) by this thread: mkdir once each, not once per file written. */
const made = new Set<string>();
/** Temp names: process, thread, random bytes drawn once, a counter. */
const tempTag = randomBytes(4).toString('hex');
let temps = 0;

/**
 * Writes a cache file atomically: to a temp file of this process and thread, then renamed over
 * the old one, so that a reader (another run at the same time) sees the old file or the new one,
 * never part of one. Failures are ignored: a cache that cannot be written is only a slower next run.
 */
export function writeCacheFile(path: string, bytes: Buffer): void {
  const temp = `${path}.${process.pid}-${threadId}-${tempTag}-${++temps}.tmp`;
  try {
    const dir = dirname(path);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  } catch {
    // Made again next time (another run may have pruned it meanwhile).
    made.delete(dirname(path));
    try {
      rmSync(temp, { force: true });
    } catch {
      // nothing more to do: a stray temp file is only litter
    }
  }
}

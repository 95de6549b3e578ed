// Reading files: into a few reused buffers (see below), whole or as byte ranges, and the errors a
// file system gives turned into InputErrors that say what to do.

import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../../errors.ts';

/**
 * 256 KB reads. Larger chunks mean fewer calls, but the buffers are touched fresh by every thread
 * (a page fault per 4 KB) and fall out of the CPU caches: measured here, 128–512 KB read the bench's
 * JSONL 10% faster than 1 MB and 15% faster than 4 MB; 64 KB starts to lose again.
 */
export const CHUNK_BYTES = 256 * 1024;

/** A file-system error as an InputError: what could not be read and why. */
export function describeError(path: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const what =
    code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : err instanceof Error ? err.message : String(err);
  return new InputError(`cannot read ${path}: ${what}`);
}

/** Opens a file to read; a failure (a race with the walk's access check) is an input error, not bad content. */
function openFile(label: string, path: string): number {
  try {
    return openSync(path, 'r');
  } catch (err) {
    throw describeError(label, err);
  }
}

/**
 * Files are read into a few buffers used in turn, over and over, not into fresh memory: a fresh
 * buffer costs a page fault per 4 KB on first touch, which measured here as most of the read time
 * (271 MB of small files: 373 ms with readFileSync, 85 ms into reused buffers) and, being kernel
 * time, does not scale across threads. So a chunk is a view that stays valid only until
 * READ_BUFFERS - 1 more chunks have been read, of this file or the next one read after it. Every consumer handles a
 * chunk before it asks for the next one, and copies what it keeps for longer: LineSplitter copies
 * a partial line, the JSONL reader reads the line it holds back at the end of the chunk, the CSV
 * reader decodes each chunk to text at once, and zlib (which reads ahead) is given copies.
 */
const READ_BUFFERS = 3;

/**
 * A ring of read buffers. A file being read holds one ring and gives it back when done; the next
 * file takes the same ring and goes on round it, so files read one after another (the CLI) reuse
 * three buffers exactly as one ring would. Two reads at the same time (two audits in one process,
 * an embedding) take different rings instead of writing over each other's chunks.
 */
class Ring {
  readonly #buffers: Buffer[] = [];
  #next = 0;

  take(): Buffer {
    const i = this.#next;
    this.#next = (i + 1) % READ_BUFFERS;
    // allocUnsafeSlow: outside Node's small-buffer pool, and untouched pages cost nothing.
    return (this.#buffers[i] ??= Buffer.allocUnsafeSlow(CHUNK_BYTES));
  }
}

/** Rings not in use, the most recently given back last (taken first: its pages are warm). */
const freeRings: Ring[] = [];

function takeRing(): Ring {
  return freeRings.pop() ?? new Ring();
}

/**
 * A file's bytes, read synchronously (a CLI has nothing else to wait for) into the shared read
 * buffers, from byte `from` on (the persistent cache reads a grown file from where its cached part
 * ends, always a multiple of CHUNK_BYTES: chunks then end where a read from the start ends them).
 */
export function* fileChunks(label: string, path: string, onRead: ((bytes: number) => void) | undefined, from = 0): Generator<Buffer> {
  const fd = openFile(label, path);
  const ring = takeRing();
  // null (the file's own position) from the start: a pipe (`<(cmd)`) cannot be read at a position.
  let position = from === 0 ? null : from;
  try {
    for (;;) {
      const buf = ring.take();
      const n = readSync(fd, buf, 0, buf.length, position);
      if (n === 0) return;
      if (position !== null) position += n;
      onRead?.(n);
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
    freeRings.push(ring);
  }
}

/** A byte range of a file: the lines that start in [start, end) (a line starts at 0 or after a newline). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

const NEWLINE = 0x0a;

/** The first newline in bytes [from, n) of buf, or -1 (bytes past n are stale: the buffer is reused). */
function newlineIn(buf: Buffer, from: number, n: number): number {
  const at = from < n ? buf.indexOf(NEWLINE, from) : -1;
  return at !== -1 && at < n ? at : -1;
}

/**
 * The bytes of the lines of a file that start in a range, read into the shared read buffers: the
 * readers of adjacent ranges read every line exactly once between them. Reading starts one byte
 * early (a newline there means a line starts at `start`) and goes past `end` to finish the last
 * line. onRead is told the bytes of [start, end) covered, so the ranges of a file add up to its size.
 */
export function* rangeChunks(label: string, path: string, range: ByteRange, onRead: ((bytes: number) => void) | undefined): Generator<Buffer> {
  const fd = openFile(label, path);
  const { start, end } = range;
  if (start >= end) return;
  let pos = start === 0 ? 0 : start - 1;
  let begun = start === 0;
  const ring = takeRing();
  try {
    for (;;) {
      const buf = ring.take();
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) return;
      const covered = Math.min(pos + n, end) - Math.max(pos, start);
      if (covered > 0) onRead?.(covered);
      let from = 0;
      if (!begun) {
        const nl = newlineIn(buf, 0, n);
        if (nl === -1) {
          pos += n;
          if (pos >= end) return;
          continue;
        }
        from = nl + 1;
        begun = true;
        // The first line that starts after `start - 1` starts at or past `end`: none is this range's.
        if (pos + from >= end) return;
      }
      if (pos + n > end - 1) {
        // The last line of the range is the one holding byte end - 1: it ends at the next newline.
        const nl = newlineIn(buf, Math.max(from, end - 1 - pos), n);
        if (nl !== -1) {
          yield buf.subarray(from, nl + 1);
          return;
        }
      }
      yield buf.subarray(from, n);
      pos += n;
    }
  } finally {
    closeSync(fd);
    freeRings.push(ring);
  }
}

/** Up to `bytes` first bytes of a file (a fresh buffer: it is kept). */
export function readHead(path: string, bytes: number): Buffer {
  const fd = openFile(path, path);
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, readSync(fd, buf, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}


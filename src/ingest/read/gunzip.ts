// gzip, read as far as it decodes. Members are read one after another (`cat a.gz b.gz` is one
// stream), each member's header and trailer here and its deflate data by zlib's raw inflater. Not
// zlib's Gunzip: it drops the output of the call in which it meets bytes after a member that are
// not another member (trailing garbage, which `gzip -dc` reads past with a warning), which lost a
// whole small file, and it cannot say where a member ends.
//
// A stream that cannot be read to its end throws BrokenGzip after the data before the break:
// - `cut` false: the data decoded is whole (members read to their trailers, CRC checked), and the
//   bytes after them are not gzip. The reader reads every line and counts the tail as one row.
// - `cut` true: the stream ends early (truncated) or its data is corrupt. The last line decoded
//   (complete or not: a cut may fall just after a newline, and without the trailer nothing checks
//   it) is held back and never handed on, so that the reader counts the break as that line's row
//   (rejected) instead of adding a row no file line stands for.

import * as zlib from 'node:zlib';

/** A gzip stream that cannot be read past a point (see the header comment for `cut`). */
export class BrokenGzip extends Error {
  override name = 'BrokenGzip';
  readonly cut: boolean;

  constructor(message: string, cut: boolean) {
    super(message);
    this.cut = cut;
  }
}

const EMPTY: Buffer = Buffer.alloc(0);
const MORE = -1;

// Flags of a member header (RFC 1952).
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const FRESERVED = 0xe0;

/** zlib.crc32 arrived in Node 20.15: on older releases the CRC is not checked (the length still is). */
const crc32: ((data: Buffer, value: number) => number) | undefined = (zlib as { crc32?: (data: Buffer, value: number) => number }).crc32;

/** The length of the member header at the start of buf, MORE when it is not all there, or why it is not a header. */
function headerLength(buf: Buffer): number | string {
  if (buf.length >= 1 && buf[0] !== 0x1f) return 'not a gzip member header';
  if (buf.length >= 2 && buf[1] !== 0x8b) return 'not a gzip member header';
  if (buf.length >= 3 && buf[2] !== 8) return `a gzip member with compression method ${buf[2]}, not deflate`;
  if (buf.length < 10) return MORE;
  const flags = buf[3] as number;
  if (flags & FRESERVED) return 'a gzip member header with reserved flags set';
  let at = 10;
  if (flags & FEXTRA) {
    if (buf.length < at + 2) return MORE;
    at += 2 + buf.readUInt16LE(at);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const nul = at <= buf.length ? buf.indexOf(0, at) : -1;
    if (nul === -1) return MORE;
    at = nul + 1;
  }
  if (flags & FHCRC) at += 2;
  return at <= buf.length ? at : MORE;
}

/** Up to 16 bytes at the start of buf as printable text, for a message. */
function shown(buf: Buffer): string {
  const text = buf.subarray(0, 16).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  return `"${text}${buf.length > 16 ? '…' : ''}"`;
}

/**
 * The decoded bytes of a gzip stream (its input chunks must not be reused by the producer: they
 * are held). Throws BrokenGzip where it cannot be read on, after handing on what came before.
 */
export function gunzip(input: AsyncIterable<Buffer>, chunkSize: number): AsyncGenerator<Buffer> {
  return holdLastLine(members(input, chunkSize));
}

async function* members(input: AsyncIterable<Buffer>, chunkSize: number): AsyncGenerator<Buffer> {
  const src = input[Symbol.asyncIterator]();
  let pending: Buffer = EMPTY;
  /** Offset in the stream of pending[0]. */
  let at = 0;
  let eof = false;
  const more = async (): Promise<boolean> => {
    if (eof) return false;
    const next = await src.next();
    if (next.done) {
      eof = true;
      return false;
    }
    pending = pending.length === 0 ? next.value : Buffer.concat([pending, next.value]);
    return true;
  };
  const consume = (n: number): void => {
    pending = pending.subarray(n);
    at += n;
  };
  try {
    for (let member = 0; ; member++) {
      // Zero bytes after a member are padding (tape blocks): gzip and zlib's Gunzip ignore them.
      for (;;) {
        let zeros = 0;
        while (zeros < pending.length && pending[zeros] === 0 && member > 0) zeros++;
        consume(zeros);
        if (pending.length > 0 || !(await more())) break;
      }
      if (pending.length === 0) return;
      let header = headerLength(pending);
      while (header === MORE && (await more())) header = headerLength(pending);
      if (typeof header === 'string') {
        throw new BrokenGzip(`gzip data after byte ${at} is not a gzip stream: ${shown(pending)} is ${header} (trailing garbage)`, false);
      }
      if (header === MORE) throw new BrokenGzip(`gzip stream ends early, inside the header of the member at byte ${at} (the file is truncated)`, true);
      consume(header);
      const dataAt = at;
      const inflate = zlib.createInflateRaw({ chunkSize });
      let fed = 0;
      let last: Buffer = EMPTY;
      // The writer feeds the member's data one piece at a time; a write completes once zlib has
      // taken the piece, which waits while the output is not read (back-pressure). zlib takes every
      // byte of a piece unless the deflate data ended inside it: then the rest is the trailer.
      /** An error reading the input (not zlib's): passed on as it is. */
      let inputError: { readonly error: unknown } | undefined;
      const writer = (async (): Promise<void> => {
        let piece = pending;
        pending = EMPTY;
        for (;;) {
          if (piece.length > 0) {
            fed += piece.length;
            last = piece;
            await new Promise<void>((done, fail) => inflate.write(piece, (err) => (err ? fail(err) : done())));
            if (inflate.bytesWritten < fed) return;
          }
          let next;
          try {
            next = eof ? undefined : await src.next();
          } catch (error) {
            inputError = { error };
            inflate.destroy(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          if (next === undefined || next.done) {
            eof = true;
            inflate.end();
            return;
          }
          piece = next.value;
        }
      })();
      // Its failures are zlib's, reported by the stream below.
      writer.catch(() => undefined);
      let crc = 0;
      let size = 0;
      try {
        for await (const out of inflate as AsyncIterable<Buffer>) {
          if (crc32) crc = crc32(out, crc);
          size += out.length;
          yield out;
        }
        await writer;
      } catch (err) {
        if (inputError) throw inputError.error;
        const code = (err as NodeJS.ErrnoException | undefined)?.code;
        if (code === 'Z_BUF_ERROR') throw new BrokenGzip(`gzip stream ends early, inside compressed data, after byte ${dataAt + fed} (the file is truncated)`, true);
        const detail = err instanceof Error ? err.message : String(err);
        throw new BrokenGzip(`gzip data is corrupt near byte ${dataAt + inflate.bytesWritten} (${detail})`, true);
      }
      const consumed = inflate.bytesWritten;
      pending = last.subarray(last.length - (fed - consumed));
      at = dataAt + consumed;
      while (pending.length < 8 && (await more()));
      if (pending.length < 8) throw new BrokenGzip(`gzip stream ends early: no trailer after byte ${at + pending.length} (the file is truncated)`, true);
      if ((crc32 && pending.readUInt32LE(0) !== crc >>> 0) || pending.readUInt32LE(4) !== size % 2 ** 32) {
        throw new BrokenGzip(`gzip member ending at byte ${at + 8} fails its ${crc32 ? 'CRC and ' : ''}length check: the data is corrupt`, true);
      }
      consume(8);
    }
  } finally {
    await src.return?.();
  }
}

const LF = 0x0a;
const CR = 0x0d;

/** Where the last line of buf starts (after the last line end before its last non-blank byte), or -1 if buf is all blank. */
function lastLineStart(buf: Buffer): number {
  let end = buf.length - 1;
  for (; end >= 0; end--) {
    const c = buf[end];
    if (c !== LF && c !== CR && c !== 0x20 && c !== 0x09) break;
  }
  if (end < 0) return -1;
  return Math.max(buf.lastIndexOf(LF, end), buf.lastIndexOf(CR, end)) + 1;
}

/** A held line longer than this is handed on unfinished (see holdLastLine): memory stays flat on a file with no line ends. */
const MAX_HELD_BYTES = 1024 * 1024;

const endsLine = (buf: Buffer | undefined): boolean => buf !== undefined && (buf[buf.length - 1] === LF || buf[buf.length - 1] === CR);

/**
 * Hands on decoded bytes one line behind: the bytes of the last line seen are held until more
 * data or the clean end. On a cut (BrokenGzip.cut) they are dropped, so the reader's row for the
 * break is that line. A line still without its end may be handed on early (a long one): the reader
 * then holds its start, and a cut makes that partial line the row just the same. Held pieces are
 * views of zlib's output buffers, which are never reused.
 */
async function* holdLastLine(decoded: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let heldBytes = 0;
  try {
    for await (const out of decoded) {
      const start = lastLineStart(out);
      if (start > 0 || (start === 0 && endsLine(held[held.length - 1]))) {
        // A new last line: the one held is complete and goes on.
        yield* held;
        held = [out.subarray(start)];
        heldBytes = out.length - start;
        if (start > 0) yield out.subarray(0, start);
      } else if (start === -1 && held.length === 0) {
        yield out;
      } else {
        // More of the held line (or blank bytes after it).
        held.push(out);
        heldBytes += out.length;
        if (heldBytes > MAX_HELD_BYTES && !endsLine(out)) {
          yield* held;
          held = [];
          heldBytes = 0;
        }
      }
    }
  } catch (err) {
    if (err instanceof BrokenGzip && !err.cut) yield* held;
    throw err;
  }
  yield* held;
}

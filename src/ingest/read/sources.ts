// Sources → decoded byte streams (the paths → sources part is walk.ts). With chunks.ts and walk.ts,
// the only modules here that touch the file system.

import { fileChunks } from './chunks.ts';
import { looksLikeDocument } from './document.ts';
import { gunzip } from './gunzip.ts';

export { isDatabaseName, resolveSources, syntaxOfName, type FileFilter, type Source, type Syntax } from './walk.ts';
import { syntaxOfName, type Source, type Syntax } from './walk.ts';

/** A stream's chunks, told to onRead as they arrive. */
async function* counted(stream: AsyncIterable<Buffer | string>, onRead: (bytes: number) => void): AsyncGenerator<Buffer | string> {
  for await (const chunk of stream) {
    onRead(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length);
    yield chunk;
  }
}

/** Chunks copied out of the read buffers, for a consumer that holds them (the gzip reader). */
async function* copies(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield Buffer.from(chunk);
}

type ChunkIterator = AsyncIterator<Buffer | string> | Iterator<Buffer>;

/**
 * A byte stream that replays `head` before the rest of `iter` (strings, from a stdin with an
 * encoding set, become bytes), or before `error` when reading the head met one: the reader then
 * meets it where it happened. Closing it closes `iter`, so a consumer that stops early releases
 * the file.
 */
async function* replay(head: Buffer[], iter: ChunkIterator, error?: { readonly error: unknown }): AsyncGenerator<Buffer> {
  try {
    yield* head;
    if (error) throw error.error;
    for (;;) {
      const next = await iter.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  } finally {
    await iter.return?.();
  }
}

interface Peeked {
  head: Buffer[];
  rest: ChunkIterator;
  /** What reading the head threw (a broken gzip stream), for replay to throw after the head. */
  error?: { readonly error: unknown };
}

/**
 * Reads chunks until `enough(bytesSoFar)` or the end; returns them and the iterator to go on with.
 * Chunks held past the first are copies (with the first), since read buffers are reused.
 */
async function peek(stream: AsyncIterable<Buffer | string> | Iterable<Buffer>, enough: (head: Buffer) => boolean): Promise<Peeked> {
  const rest: ChunkIterator = Symbol.asyncIterator in stream ? stream[Symbol.asyncIterator]() : stream[Symbol.iterator]();
  const head: Buffer[] = [];
  for (;;) {
    if (head.length > 0 && enough(prefix(head))) break;
    let next;
    try {
      next = await rest.next();
    } catch (error) {
      return { head, rest, error: { error } };
    }
    if (next.done) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    if (head.length === 1) head[0] = Buffer.from(head[0] as Buffer);
    head.push(head.length === 0 ? chunk : Buffer.from(chunk));
  }
  return { head, rest };
}

const isGzip = (head: Buffer): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** How much of a stream's start is looked at to sniff it (gzip magic, its lines, its line ends). */
export const SNIFF_BYTES = 64 * 1024;

/** Non-blank lines looked at to tell JSONL from CSV. */
export const SNIFF_LINES = 5;

/** The first bytes of the chunks read so far, without copying a whole (possibly multi-MB) chunk. */
function prefix(head: Buffer[]): Buffer {
  const first = head[0];
  if (first !== undefined && (first.length >= SNIFF_BYTES || head.length === 1)) return first.subarray(0, SNIFF_BYTES);
  return Buffer.concat(head).subarray(0, SNIFF_BYTES);
}

/** The complete non-blank lines of a stream's head (a last line without its end is left out), BOM dropped. */
function headLines(head: Buffer): string[] {
  const lines = head.toString('utf8').replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.pop();
  return lines.filter((l) => l.trim() !== '');
}

/** Whether a head holds enough to sniff: SNIFF_LINES complete lines, or SNIFF_BYTES. */
const sniffable = (head: Buffer): boolean => head.length >= SNIFF_BYTES || headLines(head).length >= SNIFF_LINES;

/** Whether a head tells its line ends (lineEndOf): an LF, or SNIFF_BYTES without one. */
const lineEndSeen = (head: Buffer): boolean => head.length >= SNIFF_BYTES || head.includes(LF);

function looksLikeJsonObject(line: string): boolean {
  const text = line.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

/**
 * JSONL or CSV, from the first SNIFF_LINES non-blank lines of a head (`complete`: the head is the
 * whole stream, so a last line without its end counts too): JSONL when the first is a JSON object,
 * or when at least half of them are
 * JSON objects (or arrays), so one garbage line does not make a JSONL stream a CSV one, nor
 * decide for the rest; CSV when none or fewer are (a CSV header never is). A line cut by the
 * sniff window counts as JSON when it starts with '{'. An empty stream is JSONL (nothing to read).
 */
export function sniffSyntax(head: Buffer, complete = false): Syntax {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r\n|\r|\n/);
  const last = lines.pop() ?? '';
  const sample = lines.filter((l) => l.trim() !== '').slice(0, SNIFF_LINES);
  // A CSV header is never a JSON object: a stream that opens with one is JSONL, whatever follows.
  if (sample[0] !== undefined && looksLikeJsonObject(sample[0])) return 'jsonl';
  let json = sample.filter(looksLikeJsonObject).length;
  if (sample.length < SNIFF_LINES && last.trim() !== '') {
    sample.push(last);
    // The last line: whole when the stream ends there, else cut by the window.
    if (complete ? looksLikeJsonObject(last) : /^\s*[{[]/.test(last)) json += 1;
  }
  if (sample.length === 0) return 'jsonl';
  return 2 * json >= sample.length && json > 0 ? 'jsonl' : 'csv';
}

const LF = 0x0a;
const CR = 0x0d;

/** How the lines of a JSONL stream end. */
export type LineEnd = 'lf' | 'cr';

/**
 * 'cr' when a head (SNIFF_BYTES, or the whole stream) has CRs and no LF at all: a file of CR-only
 * line ends (old Mac tools, some exports). A raw CR in JSONL is then a line end: a CR inside a JSON
 * string is written escaped. Else 'lf', which reads CRLF too; a file that has both keeps LF, so a
 * CR that is whitespace inside an object never splits it.
 */
export function lineEndOf(head: Buffer): LineEnd {
  return head.includes(CR) && !head.includes(LF) ? 'cr' : 'lf';
}

/**
 * A source's decoded bytes, syntax and (for JSONL) line end. gzip is recognised by its magic bytes
 * (whatever the name) and read as far as it decodes (gunzip.ts); the syntax comes from the
 * extension when it names one, else from the first lines (sniffSyntax).
 */
export async function openSource(
  src: Source,
  stdin: NodeJS.ReadableStream | undefined,
  onRead?: (bytes: number) => void,
): Promise<{ syntax: Syntax; chunks: AsyncIterable<Buffer>; lineEnd: LineEnd; compressed: boolean }> {
  let raw: AsyncIterable<Buffer | string> | Iterable<Buffer>;
  if (src.path !== undefined) raw = fileChunks(src.label, src.path, onRead);
  else {
    const stream = (stdin ?? process.stdin) as AsyncIterable<Buffer | string>;
    raw = onRead ? counted(stream, onRead) : stream;
  }
  const named = src.path === undefined ? undefined : syntaxOfName(src.path);
  // CSV reads every line end itself; JSONL needs to know which one; an unnamed stream, its lines.
  const enough = named === 'csv' ? () => true : named === 'jsonl' ? lineEndSeen : sniffable;
  let peeked = await peek(raw, (h) => h.length >= 2);
  const compressed = peeked.head.length > 0 && isGzip(prefix(peeked.head));
  if (compressed) {
    // zlib reads ahead, so the gzip reader is given copies of the (reused) read buffers.
    peeked = await peek(gunzip(copies(replay(peeked.head, peeked.rest, peeked.error)), 256 * 1024), enough);
  } else if (!enough(prefix(peeked.head)) && !peeked.error) {
    peeked = await peek(replay(peeked.head, peeked.rest), enough);
  }
  const { head, rest, error } = peeked;
  const start = head.length > 0 ? prefix(head) : Buffer.alloc(0);
  // A multi-line JSON document is told by its first line, whatever the name says (except .csv).
  const syntax = named !== 'csv' && looksLikeDocument(start) ? 'document' : (named ?? sniffSyntax(start, start.length < SNIFF_BYTES && !enough(start)));
  return { syntax, chunks: replay(head, rest, error), lineEnd: syntax === 'jsonl' ? lineEndOf(start) : 'lf', compressed };
}

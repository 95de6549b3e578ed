// Paths → sources → decoded byte streams. With chunks.ts, the only modules here that touch the file
// system.

import { accessSync, constants, lstatSync, readdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describeError, fileChunks } from './chunks.ts';
import { looksLikeDocument } from './document.ts';
import { gunzip } from './gunzip.ts';

/** `document`: one JSON value spanning several lines (document.ts), told from JSONL by its first line. */
export type Syntax = 'jsonl' | 'csv' | 'document';


export interface Source {
  /** The path as the user gave it (joined with the relative path for files found in a folder), or '<stdin>'. */
  readonly label: string;
  /** Absent for stdin. */
  readonly path?: string;
  readonly mtimeMs?: number;
  /** Bytes, for files: lanes of threads are balanced by it. */
  readonly size?: number;
  /**
   * Set for a file (or folder) found in a folder that cannot be read: a dangling or looping
   * symbolic link, no read permission. Nothing is read; the reader counts it as one rejected row at
   * line 1, with this reason (see walk).
   */
  readonly unreadable?: string;
  /** The command-line path this source came from (itself, or the folder it was found in); '-' for stdin. */
  readonly given?: string;
}

/**
 * Extensions read when walking a folder (logs also with .gz). `.json` is read as JSONL, one object
 * per line, unless its content is one multi-line JSON document (openSource, document.ts).
 * Databases are told by their first bytes whatever their name (ingest's readFamily); a name says
 * which files a folder walk reads.
 */
const LOG_EXTENSIONS: Readonly<Record<string, Exclude<Syntax, 'document'>>> = { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl', '.csv': 'csv' };
const DB_EXTENSIONS = new Set(['.db', '.sqlite', '.sqlite3']);

/** The syntax an extension promises, or undefined (then the content decides). */
export function syntaxOfName(name: string): Syntax | undefined {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  const dot = lower.lastIndexOf('.');
  return dot === -1 ? undefined : LOG_EXTENSIONS[lower.slice(dot)];
}

/** Whether a name is a database's (`.db`, `.sqlite`, `.sqlite3`). */
export function isDatabaseName(name: string): boolean {
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf('.');
  return dot !== -1 && DB_EXTENSIONS.has(lower.slice(dot));
}

/**
 * Which files of a folder are read, by their path inside it ("a/chats/x.json"): an agent's own
 * file names (agents/source.ts AgentSource.files), instead of the log extensions.
 */
export type FileFilter = (relativePath: string) => boolean;

/**
 * Every source the paths name, in order: files as given, folders walked recursively (log
 * extensions only, sorted by path so runs are repeatable), '-' = stdin. A path or a file named
 * twice is read once. Throws InputError for a path that does not exist or cannot be read, before
 * anything is read, so a typo never produces a partial report. A file or subfolder found inside a
 * folder that cannot be read (a dangling link, no permission) does not stop the run: it is a source
 * marked `unreadable`, read as one rejected row (see walk).
 */
export async function resolveSources(paths: readonly string[], accept?: ReadonlyMap<string, FileFilter>): Promise<Source[]> {
  const out: Source[] = [];
  const seen = new Set<string>();
  const add = (src: Source, key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push(src);
  };
  for (const p of paths) {
    if (p === '-') {
      add({ label: '<stdin>', given: '-' }, '-');
      continue;
    }
    const info = statOf(p);
    if (info.isDirectory()) {
      for (const file of walk(p, accept?.get(p))) add({ ...file, given: p }, resolve(file.path ?? file.label));
    } else {
      checkReadable(p);
      add({ label: p, path: p, mtimeMs: info.mtimeMs, size: info.size, given: p }, resolve(p));
    }
  }
  return out;
}

// The walk is synchronous on purpose: a Claude Code tree has thousands of small files, and two
// awaited thread-pool round trips per file (stat, access) cost 250 ms on 1,800 files where the
// synchronous calls take a few.

function statOf(path: string): Stats {
  try {
    return statSync(path);
  } catch (err) {
    throw describeError(path, err);
  }
}

function checkReadable(path: string): void {
  try {
    accessSync(path, constants.R_OK);
  } catch (err) {
    throw describeError(path, err);
  }
}

/**
 * Why a file or folder found while walking cannot be read, for its rejected row. Rejected, not
 * skipped: an unread file may hold spend, so it must show beside the totals and fail --strict,
 * but one bad entry must not stop the rest of the folder from being read. (A path named on the
 * command line that cannot be read still stops the run: that is a typo to fix first.)
 */
function unreadableReason(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  let link: string | undefined;
  try {
    if (lstatSync(path).isSymbolicLink()) link = readlinkSync(path);
  } catch {
    // Not a link, or gone: said by the error itself.
  }
  const what =
    link !== undefined && code === 'ENOENT'
      ? `a symbolic link to ${link}, which does not exist (a dangling link); fix or remove the link`
      : link !== undefined && code === 'ELOOP'
        ? `a symbolic link to ${link} that loops; fix or remove the link`
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied; give read permission (chmod +r) or move it out of the folder'
          : describeError(path, err).message.replace(`cannot read ${path}: `, '');
  return `not read: ${what}; counted as one rejected row, the rest of the folder is read`;
}

/**
 * Log files under a folder (those `accept` takes, when given), sorted by path (code-unit order, not locale: the same on every
 * machine). A file or subfolder that cannot be read is listed with its reason (Source.unreadable).
 */
function walk(dir: string, accept?: FileFilter): Source[] {
  const found: Source[] = [];
  const unreadable = (full: string, err: unknown): void => {
    found.push({ label: full, path: full, size: 0, unreadable: unreadableReason(full, err) });
  };
  const visit = (folder: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (err) {
      // The folder named on the command line must be readable; one found inside it is a problem row.
      if (folder === dir) throw describeError(folder, err);
      unreadable(folder, err);
      return;
    }
    for (const entry of entries) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        visit(full);
      } else if ((accept ? accept(relative(dir, full).replaceAll('\\', '/')) : syntaxOfName(entry.name) || isDatabaseName(entry.name)) && (entry.isFile() || entry.isSymbolicLink())) {
        // Symlinked files are followed; symlinked folders are not (no cycles).
        let info: Stats;
        try {
          info = statSync(full);
          if (!info.isFile()) continue;
          accessSync(full, constants.R_OK);
        } catch (err) {
          unreadable(full, err);
          continue;
        }
        found.push({ label: full, path: full, mtimeMs: info.mtimeMs, size: info.size });
      }
    }
  };
  visit(dir);
  return found.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

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

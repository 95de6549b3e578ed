// Paths → sources → decoded byte streams. With chunks.ts, the only modules here that touch the file
// system.

import { accessSync, constants, readdirSync, statSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { describeError, fileChunks } from './chunks.ts';

export type Syntax = 'jsonl' | 'csv';

export interface Source {
  /** The path as the user gave it (joined with the relative path for files found in a folder), or '<stdin>'. */
  readonly label: string;
  /** Absent for stdin. */
  readonly path?: string;
  readonly mtimeMs?: number;
  /** Bytes, for files: lanes of threads are balanced by it. */
  readonly size?: number;
}

/** Extensions read when walking a folder (also with .gz). `.json` is read as JSONL, one object per line. */
const LOG_EXTENSIONS: Readonly<Record<string, Syntax>> = { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl', '.csv': 'csv' };

/** The syntax an extension promises, or undefined (then the content decides). */
export function syntaxOfName(name: string): Syntax | undefined {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  const dot = lower.lastIndexOf('.');
  return dot === -1 ? undefined : LOG_EXTENSIONS[lower.slice(dot)];
}

/**
 * Every source the paths name, in order: files as given, folders walked recursively (log
 * extensions only, sorted by path so runs are repeatable), '-' = stdin. A path or a file named
 * twice is read once. Throws InputError for a path that does not exist or cannot be read, before
 * anything is read, so a typo never produces a partial report.
 */
export async function resolveSources(paths: readonly string[]): Promise<Source[]> {
  const out: Source[] = [];
  const seen = new Set<string>();
  const add = (src: Source, key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push(src);
  };
  for (const p of paths) {
    if (p === '-') {
      add({ label: '<stdin>' }, '-');
      continue;
    }
    const info = statOf(p);
    if (info.isDirectory()) {
      for (const file of walk(p)) add(file, resolve(file.path ?? file.label));
    } else {
      checkReadable(p);
      add({ label: p, path: p, mtimeMs: info.mtimeMs, size: info.size }, resolve(p));
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

/** Log files under a folder, sorted by path (code-unit order, not locale: the same on every machine). */
function walk(dir: string): Source[] {
  const found: Source[] = [];
  const visit = (folder: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (err) {
      throw describeError(folder, err);
    }
    for (const entry of entries) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        visit(full);
      } else if (syntaxOfName(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
        // Symlinked files are followed; symlinked folders are not (no cycles).
        const info = statOf(full);
        if (!info.isFile()) continue;
        checkReadable(full);
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

/** Chunks copied out of the read buffers, for a consumer that reads ahead. */
async function* copies(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield Buffer.from(chunk);
}

type ChunkIterator = AsyncIterator<Buffer | string> | Iterator<Buffer>;

/**
 * A byte stream that replays `head` before the rest of `iter` (strings, from a stdin with an
 * encoding set, become bytes). Closing it closes `iter`, so a consumer that stops early releases
 * the file.
 */
async function* replay(head: Buffer[], iter: ChunkIterator): AsyncGenerator<Buffer> {
  try {
    yield* head;
    for (;;) {
      const next = await iter.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  } finally {
    await iter.return?.();
  }
}

/**
 * Reads chunks until `enough(bytesSoFar)` or the end; returns them and the iterator to go on with.
 * Chunks held past the first are copies (with the first), since read buffers are reused.
 */
async function peek(stream: AsyncIterable<Buffer | string> | Iterable<Buffer>, enough: (head: Buffer) => boolean): Promise<{ head: Buffer[]; rest: ChunkIterator }> {
  const rest: ChunkIterator = Symbol.asyncIterator in stream ? stream[Symbol.asyncIterator]() : stream[Symbol.iterator]();
  const head: Buffer[] = [];
  for (;;) {
    if (head.length > 0 && enough(prefix(head))) break;
    const next = await rest.next();
    if (next.done) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    if (head.length === 1) head[0] = Buffer.from(head[0] as Buffer);
    head.push(head.length === 0 ? chunk : Buffer.from(chunk));
  }
  return { head, rest };
}

const isGzip = (head: Buffer): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** How much of a stream's start is looked at to sniff it (gzip magic, first non-blank character). */
export const SNIFF_BYTES = 64 * 1024;

/** The first bytes of the chunks read so far, without copying a whole (possibly multi-MB) chunk. */
function prefix(head: Buffer[]): Buffer {
  const first = head[0];
  if (first !== undefined && (first.length >= SNIFF_BYTES || head.length === 1)) return first.subarray(0, SNIFF_BYTES);
  return Buffer.concat(head).subarray(0, SNIFF_BYTES);
}

/** The first non-blank character after an optional BOM, once one has arrived. */
function firstChar(head: Buffer): string | undefined {
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return text === '' ? undefined : text[0];
}

/**
 * A source's decoded bytes and syntax. gzip is recognised by its magic bytes (whatever the name);
 * the syntax comes from the extension when it names one, else from the first non-blank
 * character: '{' or '[' → JSONL, anything else → CSV.
 */
export async function openSource(
  src: Source,
  stdin: NodeJS.ReadableStream | undefined,
  onRead?: (bytes: number) => void,
): Promise<{ syntax: Syntax; chunks: AsyncIterable<Buffer> }> {
  let raw: AsyncIterable<Buffer | string> | Iterable<Buffer>;
  if (src.path !== undefined) raw = fileChunks(src.label, src.path, onRead);
  else {
    const stream = (stdin ?? process.stdin) as AsyncIterable<Buffer | string>;
    raw = onRead ? counted(stream, onRead) : stream;
  }
  let { head, rest } = await peek(raw, (h) => h.length >= 2);
  let chunks: AsyncIterable<Buffer> = replay(head, rest);
  if (head.length > 0 && isGzip(prefix(head))) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    // pipeline, not pipe: a read error reaches the gunzip stream and so the reader.
    // zlib reads ahead, so it is given copies of the (reused) read buffers.
    pipeline(Readable.from(copies(chunks)), gunzip, () => {
      // Errors surface while iterating `gunzip`.
    });
    chunks = gunzip;
  }
  const named = src.path === undefined ? undefined : syntaxOfName(src.path);
  if (named) return { syntax: named, chunks };
  ({ head, rest } = await peek(chunks, (h) => firstChar(h) !== undefined));
  const c = firstChar(prefix(head));
  return { syntax: c === '{' || c === '[' || c === undefined ? 'jsonl' : 'csv', chunks: replay(head, rest) };
}

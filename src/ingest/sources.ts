// Paths → sources → decoded byte streams. The only module here that touches the file system.

import { constants, createReadStream, readFileSync } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.ts';

/** 1 MB reads: the splitter's speed comes from few, large chunks (shared/deps.md). */
export const CHUNK_BYTES = 1024 * 1024;

export type Syntax = 'jsonl' | 'csv';

export interface Source {
  /** The path as the user gave it (joined with the relative path for files found in a folder), or '<stdin>'. */
  readonly label: string;
  /** Absent for stdin. */
  readonly path?: string;
  readonly mtimeMs?: number;
  /** Bytes, for files: small files are read whole (see WHOLE_FILE_MAX_BYTES). */
  readonly size?: number;
}

/**
 * Files up to this size are read whole, synchronously: a tree of thousands of small session files
 * otherwise spends most of its time in stream and promise set-up (measured: 1,800 small files took
 * 1.1 s with streams or fs/promises, 0.8 s this way). Larger files stream in CHUNK_BYTES pieces.
 */
export const WHOLE_FILE_MAX_BYTES = 4 * 1024 * 1024;

/** Extensions read when walking a folder (also with .gz). `.json` is read as JSONL, one object per line. */
const LOG_EXTENSIONS: Readonly<Record<string, Syntax>> = { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl', '.csv': 'csv' };

/** The syntax an extension promises, or undefined (then the content decides). */
export function syntaxOfName(name: string): Syntax | undefined {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  const dot = lower.lastIndexOf('.');
  return dot === -1 ? undefined : LOG_EXTENSIONS[lower.slice(dot)];
}

function describeError(path: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const what =
    code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : err instanceof Error ? err.message : String(err);
  return new InputError(`cannot read ${path}: ${what}`);
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
    let info;
    try {
      info = await stat(p);
    } catch (err) {
      throw describeError(p, err);
    }
    if (info.isDirectory()) {
      for (const file of await walk(p)) add(file, resolve(file.path ?? file.label));
    } else {
      await checkReadable(p);
      add({ label: p, path: p, mtimeMs: info.mtimeMs, size: info.size }, resolve(p));
    }
  }
  return out;
}

async function checkReadable(path: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (err) {
    throw describeError(path, err);
  }
}

/** Log files under a folder, sorted by path (code-unit order, not locale: the same on every machine). */
async function walk(dir: string): Promise<Source[]> {
  const found: Source[] = [];
  const visit = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (err) {
      throw describeError(folder, err);
    }
    for (const entry of entries) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        await visit(full);
      } else if (syntaxOfName(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
        // Symlinked files are followed; symlinked folders are not (no cycles).
        let info;
        try {
          info = await stat(full);
        } catch (err) {
          throw describeError(full, err);
        }
        if (!info.isFile()) continue;
        await checkReadable(full);
        found.push({ label: full, path: full, mtimeMs: info.mtimeMs, size: info.size });
      }
    }
  };
  await visit(dir);
  return found.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/**
 * A byte stream that replays `head` before the rest of `iter` (strings, from a stdin with an
 * encoding set, become bytes). Closing it closes `iter`, so a consumer that stops early releases
 * the file.
 */
async function* replay(head: Buffer[], iter: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer> {
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

/** Reads chunks until `enough(bytesSoFar)` or the end; returns them and the iterator to go on with. */
async function peek(
  stream: AsyncIterable<Buffer | string>,
  enough: (head: Buffer) => boolean,
): Promise<{ head: Buffer[]; rest: AsyncIterator<Buffer | string> }> {
  const rest = stream[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  for (;;) {
    if (head.length > 0 && enough(prefix(head))) break;
    const next = await rest.next();
    if (next.done) break;
    head.push(typeof next.value === 'string' ? Buffer.from(next.value) : next.value);
  }
  return { head, rest };
}

const isGzip = (head: Buffer): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** The first non-blank character after an optional BOM, once one has arrived. */
function readWhole(label: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw describeError(label, err);
  }
}

/** How much of a stream's start is looked at to sniff it (gzip magic, first non-blank character). */
const SNIFF_BYTES = 64 * 1024;

/** The first bytes of the chunks read so far, without copying a whole (possibly multi-MB) chunk. */
function prefix(head: Buffer[]): Buffer {
  const first = head[0];
  if (first !== undefined && (first.length >= SNIFF_BYTES || head.length === 1)) return first.subarray(0, SNIFF_BYTES);
  return Buffer.concat(head).subarray(0, SNIFF_BYTES);
}

function firstChar(head: Buffer): string | undefined {
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return text === '' ? undefined : text[0];
}

/**
 * A source's decoded bytes and syntax. gzip is recognised by its magic bytes (whatever the name);
 * the syntax comes from the extension when it names one, else from the first non-blank
 * character: '{' or '[' → JSONL, anything else → CSV.
 */
export async function openSource(src: Source, stdin: NodeJS.ReadableStream | undefined): Promise<{ syntax: Syntax; chunks: AsyncIterable<Buffer> }> {
  let raw: AsyncIterable<Buffer | string>;
  if (src.path !== undefined && src.size !== undefined && src.size <= WHOLE_FILE_MAX_BYTES) {
    raw = Readable.from([readWhole(src.label, src.path)], { objectMode: true });
  } else if (src.path === undefined) {
    raw = stdin ?? process.stdin;
  } else {
    const stream = createReadStream(src.path, { highWaterMark: CHUNK_BYTES });
    // Open errors (a race with the access check) are input errors, not bad content.
    await new Promise<void>((ok, fail) => {
      stream.once('open', () => ok());
      stream.once('error', (err) => fail(describeError(src.label, err)));
    });
    raw = stream;
  }
  let { head, rest } = await peek(raw, (h) => h.length >= 2);
  let chunks: AsyncIterable<Buffer> = replay(head, rest);
  if (head.length > 0 && isGzip(prefix(head))) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    // pipeline, not pipe: a read error reaches the gunzip stream and so the reader.
    pipeline(Readable.from(chunks), gunzip, () => {
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

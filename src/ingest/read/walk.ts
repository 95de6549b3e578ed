// Paths → sources: the files the paths name, folders walked. Apart from the rest of reading
// (sources.ts: sources → decoded byte streams) so that what only lists files (the status line's
// quick path) loads no reader.

import { accessSync, constants, lstatSync, readdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describeError } from './chunks.ts';

/** `document`: one JSON value spanning several lines (document.ts), told from JSONL by its first line. */
export type Syntax = 'jsonl' | 'csv' | 'document';


export interface Source {
  /** The path as the user gave it (joined with the relative path for files found in a folder), or '<stdin>'. */
  readonly label: string;
  /** Absent for stdin. */
  readonly path?: string;
  readonly mtimeMs?: number;
  /** Status change time: moves on a chmod or rename, which leave mtime alone. */
  readonly ctimeMs?: number;
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
/**
 * 'readable': each file's read permission is checked (a file that cannot be read is a source marked
 * unreadable). 'listed': sizes and times only, for a caller that compares listings (the status
 * line's kept figures: a chmod changes a file's ctime, which it compares, so it then looks again).
 */
export type Check = 'readable' | 'listed';

export async function resolveSources(paths: readonly string[], accept?: ReadonlyMap<string, FileFilter>, check: Check = 'readable'): Promise<Source[]> {
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
      for (const file of walk(p, accept?.get(p), check)) add({ ...file, given: p }, resolve(file.path ?? file.label));
    } else {
      if (check === 'readable') checkReadable(p);
      add({ label: p, path: p, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, size: info.size, given: p }, resolve(p));
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

/** This process's effective user (undefined where there is none: Windows). */
const EUID = process.geteuid?.();

/**
 * A file this process owns with the owner's read bit set: readable (ACLs leave the owner's bits
 * alone), so the walk need not ask (access() per file was a quarter of the walk on 1,800 files).
 * Any other file is asked; a read that fails anyway (a security module, a squashed network mount)
 * is still that file's rejected row, from the reader.
 */
function ownerMayRead(info: Stats): boolean {
  return EUID !== undefined && info.uid === EUID && (info.mode & 0o400) !== 0;
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
function walk(dir: string, accept: FileFilter | undefined, check: Check): Source[] {
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
          if (check === 'readable' && !ownerMayRead(info)) accessSync(full, constants.R_OK);
        } catch (err) {
          unreadable(full, err);
          continue;
        }
        found.push({ label: full, path: full, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, size: info.size });
      }
    }
  };
  visit(dir);
  return found.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}


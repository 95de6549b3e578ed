// Where the CLI may write a file (--out, $GITHUB_STEP_SUMMARY), and how. Two rules, checked before
// any log is read so a mistake costs nothing:
// - never over a file the run reads: `--out logs.jsonl` would replace the log with its own report;
// - never where the next run would read the output as a log: a `.json` report inside a log folder
//   is a new "log" for the folder scan (src/ingest/read/sources.ts), so the next run prices garbage.
// Paths are compared by real path (and by inode for files that exist), so `./a/../b`, symlinks and
// hard links to an input are caught. Writes go to a temporary file renamed into place, so a failed
// write never leaves half a report or destroys the file that was there.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AuditError, UsageError } from '../errors.ts';
import { syntaxOfName } from '../ingest/read/sources.ts';
import type { OutputFormat } from '../report/render/index.ts';

/** A file could not be written (disk full, permission, …): exit 2, like any run that cannot finish. */
export class OutputError extends AuditError {
  override name = 'OutputError';
}

/** What a run reads, as the user named it. Paths that do not exist are ignored here (reading them fails with its own message). */
export interface Inputs {
  /** Log paths: files, folders (walked recursively for log extensions), '-' for stdin (no path). */
  logs?: readonly string[];
  /** Other files the run reads: baselines, --fx-file. */
  files?: readonly (string | undefined)[];
  /** Pricing files or folders (a folder's own *.json files are read, not its subfolders'). */
  pricing?: readonly (string | undefined)[];
}

/** A folder input and which of the names under it the run reads. */
interface FolderRule {
  given: string;
  real: string;
  recursive: boolean;
  reads: (name: string) => boolean;
  what: string;
}

interface Resolved {
  files: { given: string; real: string; stat: Stats }[];
  folders: FolderRule[];
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function real(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

function resolveInputs(inputs: Inputs): Resolved {
  const out: Resolved = { files: [], folders: [] };
  const add = (given: string, folder: Omit<FolderRule, 'given' | 'real'>): void => {
    const stat = statOrUndefined(given);
    if (!stat) return;
    if (stat.isDirectory()) out.folders.push({ given, real: real(given), ...folder });
    else out.files.push({ given, real: real(given), stat });
  };
  const logFolder = { recursive: true, reads: (name: string) => syntaxOfName(name) !== undefined, what: 'log' };
  for (const p of inputs.logs ?? []) if (p !== '-') add(p, logFolder);
  for (const p of inputs.files ?? []) if (p !== undefined) add(p, { recursive: false, reads: () => false, what: 'input' });
  for (const p of inputs.pricing ?? []) if (p !== undefined) add(p, { recursive: false, reads: (name) => name.endsWith('.json'), what: 'pricing' });
  return out;
}

/** The real path `path` would be written at: the file's own if it exists, else its real folder + name. */
function realTarget(path: string): string {
  return statOrUndefined(path) ? real(path) : join(real(dirname(path)), basename(path));
}

/** Why writing at `path` would harm an input, or undefined when it is safe. */
function conflict(path: string, inputs: Resolved): string | undefined {
  const target = realTarget(path);
  const stat = statOrUndefined(path);
  for (const file of inputs.files) {
    const sameInode = stat !== undefined && stat.dev === file.stat.dev && stat.ino === file.stat.ino;
    if (target === file.real || sameInode) return `it is ${file.given}, an input of this run: writing there would destroy it`;
  }
  for (const folder of inputs.folders) {
    const rel = relative(folder.real, target);
    const inside = rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
    if (!inside || (!folder.recursive && rel.includes(sep)) || !folder.reads(basename(target))) continue;
    return folder.what === 'log'
      ? `it is inside the input folder ${folder.given}, where the next run would read it as a log (.jsonl, .ndjson, .json and .csv files are read there, also gzipped)`
      : `it is inside the ${folder.what} folder ${folder.given}, whose *.json files are read as price lists`;
  }
  return undefined;
}

/** The extension a suggested path gets, by output format. */
const EXTENSIONS = { table: '.txt', json: '.json', csv: '.csv', markdown: '.md' } as const satisfies Record<OutputFormat, string>;

/** `name` without `.gz` and its last extension: logs.jsonl.gz → logs. */
function stemOf(path: string): string {
  const name = basename(path).replace(/\.gz$/i, '');
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** A path near `path` that is safe to suggest, or undefined. */
function alternative(path: string, format: OutputFormat, inputs: Resolved): string | undefined {
  const ext = EXTENSIONS[format];
  const stem = stemOf(path);
  const candidates = [
    join(dirname(path), `${stem}.report${ext}`),
    ...inputs.folders.map((folder) => join(dirname(folder.given), `${stem}${ext}`)),
    `llm-audit-report${ext}`,
  ];
  return candidates.find((c) => statOrUndefined(dirname(c))?.isDirectory() && !statOrUndefined(c) && conflict(c, inputs) === undefined);
}

/**
 * Refuses (UsageError, exit 2) a path the run may not write: an input, a file where the next run
 * would read it as input, a folder, or a path whose folder does not exist. `label` says which
 * option or variable named it (`--out`, `$GITHUB_STEP_SUMMARY`).
 */
export function assertWritable(label: string, path: string, format: OutputFormat, inputs: Inputs): void {
  const stat = statOrUndefined(path);
  if (stat?.isDirectory()) throw new UsageError(`${label} ${path} is a folder; name a file to write, such as ${join(path, `llm-audit-report${EXTENSIONS[format]}`)}`);
  const folder = dirname(path);
  if (!stat && !statOrUndefined(folder)?.isDirectory()) throw new UsageError(`${label} ${path}: the folder ${folder} does not exist; create it first, or choose another path`);
  const resolved = resolveInputs(inputs);
  const why = conflict(path, resolved);
  if (why === undefined) return;
  const other = alternative(path, format, resolved);
  throw new UsageError(`${label} ${path}: ${why}; ${other ? `write the output elsewhere, such as ${other}` : 'write the output outside the input folders'}`);
}

/** Write errors in words, and what to do about them. */
const WRITE_ERRORS: Record<string, [string, string?]> = {
  ENOSPC: ['no space left on device', 'free some space, or write elsewhere'],
  EDQUOT: ['disk quota exceeded', 'free some space, or write elsewhere'],
  EFBIG: ['file too large', 'write elsewhere'],
  EACCES: ['permission denied', 'choose a folder you can write to'],
  EPERM: ['operation not permitted', 'choose a folder you can write to'],
  EROFS: ['read-only file system', 'write elsewhere'],
  ENOENT: ['no such folder', 'create it first, or choose another path'],
  ENOTDIR: ['a part of the path is not a folder', 'choose another path'],
  EISDIR: ['it is a folder', 'name a file'],
  EIO: ['input/output error'],
  EPIPE: ['the reader closed the pipe'],
};

/** The reason of a write error, such as `ENOSPC (no space left on device); free some space, or write elsewhere`. */
export function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const known = code === undefined ? undefined : WRITE_ERRORS[code];
  if (code && known) return `${code} (${known[0]})${known[1] ? `; ${known[1]}` : ''}`;
  return code ? `${code} (${(error as Error).message})` : String((error as Error | undefined)?.message ?? error);
}

/**
 * Writes `text` (a string, or chunks written one by one as they are made, so that a large report
 * is never one string) at `path` all or nothing (openAtomically).
 */
export function writeFileAtomically(path: string, text: string | Iterable<string>, rename: (from: string, to: string) => void = renameSync): void {
  const file = openAtomically(path, rename);
  try {
    for (const chunk of typeof text === 'string' ? [text] : text) file.write(chunk);
  } catch (error) {
    file.abort();
    throw error;
  }
  file.commit();
}

/** A file being written all or nothing: chunks go out as they come; commit() puts it in place, abort() leaves what was there. */
export interface OutputFile {
  write(chunk: string): void;
  commit(): void;
  abort(): void;
}

/**
 * Opens `path` to be written all or nothing, chunk by chunk as a run makes them (a usage ledger
 * is written while the logs are read): into a temporary file in the same folder (so the rename
 * stays on one file system), renamed over the target by commit(), removed by abort() or on a
 * failed write. A symlink is written through (its target replaced, the link kept). A target that
 * is not a regular file (a pipe, /dev/stdout, /dev/null) is written directly: renaming over a
 * device would replace it. Errors are OutputError (exit 2).
 */
export function openAtomically(path: string, rename: (from: string, to: string) => void = renameSync): OutputFile {
  const existing = statOrUndefined(path);
  const direct = existing !== undefined && !existing.isFile();
  const target = existing ? real(path) : path;
  const temp = direct ? path : join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  const fail = (error: unknown): never => {
    close();
    if (!direct) removeQuietly(temp);
    throw new OutputError(`cannot write ${path}: ${describeWriteError(error)}`);
  };
  const close = (): void => {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    closeSync(open);
  };
  try {
    fd = openSync(temp, direct ? 'w' : 'wx', 0o666);
  } catch (error) {
    throw new OutputError(`cannot write ${path}: ${describeWriteError(error)}`);
  }
  return {
    write(chunk) {
      if (fd === undefined) return;
      try {
        writeWhole(fd, chunk);
      } catch (error) {
        fail(error);
      }
    },
    commit() {
      try {
        close();
        if (direct) return;
        if (existing) chmodSync(temp, existing.mode & 0o7777);
        rename(temp, target);
      } catch (error) {
        fail(error);
      }
    },
    abort() {
      try {
        close();
      } finally {
        if (!direct) removeQuietly(temp);
      }
    },
  };
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never created, or already renamed: nothing to clean.
  }
}

/** writeSync may take part of a buffer (a signal, a pipe): write the rest until all is out. */
function writeWhole(fd: number, chunk: string): void {
  const bytes = Buffer.from(chunk, 'utf8');
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/**
 * Where to save a baseline, for a hint given when `file` holds no report (a log given to `diff` by
 * mistake), so that the hint never names the log itself: llm-cost-baseline.json in the current
 * folder, as in the README's CI recipe (not next to the log: inside a log folder, a .json file is
 * read as a log), or `<name>.baseline.json` next to `file` when `file` is that very file.
 */
export function baselinePathFor(file: string): string {
  const usual = 'llm-cost-baseline.json';
  return resolve(usual) === resolve(file) ? join(dirname(file), `${stemOf(file)}.baseline.json`) : usual;
}

/** Whether `text` is a JSON object with a schemaVersion, i.e. some llm-audit report (of any version). */
function holdsReport(text: string): boolean {
  try {
    const data: unknown = JSON.parse(text);
    return typeof data === 'object' && data !== null && 'schemaVersion' in data;
  } catch {
    return false;
  }
}

/**
 * The baseline reader (src/report/baseline.ts) ends its errors with a hint to regenerate the report
 * with `--out FILE`, FILE being the file it could not read. That is right for an old report, but
 * when FILE holds no report at all (a log given to `diff` by mistake) following the hint would
 * overwrite the log. Then the hint names a new file next to it instead. Other errors pass through.
 */
export function withSafeRegenerateHint(error: unknown, file: string, text: string): unknown {
  const cut = error instanceof UsageError ? error.message.lastIndexOf('; regenerate it') : -1;
  if (!(error instanceof UsageError) || cut === -1 || !error.message.endsWith(`--out ${file}`) || holdsReport(text)) return error;
  const safe = baselinePathFor(file);
  const looksLikeLog = /\.(jsonl|ndjson|csv)(\.gz)?$|\.gz$/i.test(file) && syntaxOfName(file) !== undefined;
  const hint = looksLikeLog
    ? `it looks like a request log: make a JSON report of it with: llm-audit ${file} --format json --out ${safe}`
    : `make one with this version: llm-audit <logs…> --format json --out ${safe}`;
  return new UsageError(`${error.message.slice(0, cut)}; ${hint}`);
}

/** Checks every file a command will write (--out, and $GITHUB_STEP_SUMMARY with --github) against what it reads. */
export function assertOutputs(env: Record<string, string | undefined>, flags: { out?: string; github?: boolean; format: OutputFormat }, inputs: Inputs): void {
  if (flags.out !== undefined) assertWritable('--out', flags.out, flags.format, inputs);
  const summary = flags.github ? env.GITHUB_STEP_SUMMARY : undefined;
  if (summary) assertWritable('$GITHUB_STEP_SUMMARY', summary, 'markdown', inputs);
}

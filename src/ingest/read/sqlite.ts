// SQLite databases (OpenCode, Kilo, Goose, Hermes Agent keep their usage in one): a source whose
// records are the rows of a query, not lines. Each row becomes a JSON object of its columns (JSON
// text columns parsed) that the format data reads like any other record; a problem is located as
// `file table#rowid`. Which query: the first format (FORMAT_NAMES order) whose SqliteQuery table
// has the columns it needs (spec.ts SqliteQuery); none = one rejected row naming what was expected.
//
// The user's database is never opened: agents keep theirs open in WAL mode, and even a read-only
// connection writes beside it (it creates the -shm index; measured in docs/agents-sqlite.md, one
// binding in a worker thread even checkpointed the WAL into the database and deleted it). So the
// database and its -wal (or -journal) are copied to a private temporary folder and the copy is
// read: the newest rows, often only in the -wal file, are read, and nothing of the user's changes.
// The binding is node-sqlite3-wasm (WebAssembly, no native code; docs/agents-sqlite.md says why):
// its file system VFS has no shared memory, so WAL is read in exclusive locking mode, which SQLite
// allows without the -shm index.

import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Database as SqliteDatabase } from 'node-sqlite3-wasm';
import type { SourceLocation } from '../../core/types.ts';
import { reject } from '../extract/extract.ts';
import type { JsonObject } from '../extract/fields.ts';
import { FORMAT_NAMES, FORMAT_SPECS } from '../formats/index.ts';
import type { JsonFormat, SqliteQuery } from '../formats/spec.ts';
import { FileInterpreter, type FileContext } from '../replay/interpret.ts';
import type { EventSink, IngestEvent } from '../types.ts';

/** The first 16 bytes of every SQLite 3 database file. */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function isSqliteHead(head: Buffer): boolean {
  return head.length >= SQLITE_MAGIC.length && head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC);
}

type DbFormat = { readonly name: string; readonly spec: JsonFormat & { readonly sqlite: SqliteQuery } };

/** The formats read from databases, in detection order. */
const DB_FORMATS: readonly DbFormat[] = FORMAT_NAMES.flatMap((name) => {
  const spec = FORMAT_SPECS[name];
  return spec.shape === 'json' && spec.sqlite ? [{ name, spec: spec as DbFormat['spec'] }] : [];
});

/** What the known schemas are, for the reason of a database none fits. */
function expectedSchemas(): string {
  return DB_FORMATS.map(({ spec: { sqlite } }) => `${sqlite.name} (table ${sqlite.table} with ${sqlite.columns.join(', ')})`).join('; ');
}

type Binding = typeof import('node-sqlite3-wasm');
let binding: Binding | undefined;

/** node-sqlite3-wasm, loaded on the first database (its WebAssembly takes ~30 ms to compile). */
function loadBinding(): Binding {
  binding ??= createRequire(import.meta.url)('node-sqlite3-wasm') as Binding;
  return binding;
}

/** Files that make up a database's current state: the WAL (WAL mode) or a hot journal (rollback mode). */
const COMPANIONS = ['-wal', '-journal'];

/** Size and time of each file, to tell whether the agent wrote while it was copied. */
function stamp(paths: readonly string[]): string {
  return paths
    .map((p) => {
      try {
        const s = statSync(p);
        return `${s.size}/${s.mtimeMs}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}

/**
 * Copies the database and its companions into a new temporary folder; copies again (3 tries) when
 * one of them changed meanwhile, so the copy is one state of a database the agent is writing.
 */
function copyDatabase(path: string): { dir: string; copy: string } {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-db-'));
  const copy = join(dir, 'db');
  const files = [path, ...COMPANIONS.map((c) => path + c)];
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = stamp(files);
    copyFileSync(path, copy);
    for (const c of COMPANIONS) {
      rmSync(copy + c, { force: true });
      try {
        copyFileSync(path + c, copy + c);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    if (stamp(files) === before) break;
  }
  return { dir, copy };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The table names of a database, and the columns of each table a format asks about. */
function pickFormat(db: SqliteDatabase, file: string): DbFormat | string {
  const tables = (db.all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") as { name: string }[]).map((r) => r.name);
  for (const format of DB_FORMATS) {
    const q = format.spec.sqlite;
    if (!tables.includes(q.table) || (q.fileName && !q.fileName.test(basename(file)))) continue;
    const columns = new Set((db.all(`SELECT name FROM pragma_table_info('${q.table.replaceAll("'", "''")}')`) as { name: string }[]).map((r) => r.name));
    if (q.columns.every((c) => columns.has(c))) return format;
  }
  return (
    `a SQLite database of no schema llm-audit reads: tables ${tables.length > 0 ? tables.join(', ') : '(none)'}; ` +
    `expected one of: ${expectedSchemas()}; the database is not read`
  );
}

/** A column's value as JSON: numbers beyond 2^53 as text (kept exact; a count there is rejected), blobs described. */
function jsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return `(a blob of ${v.length} bytes)`;
  return v;
}

/** A row → the object the format reads, or the reason it cannot be one (a JSON column that is not JSON). */
function rowObject(row: Record<string, unknown>, jsonColumns: readonly string[]): JsonObject | string {
  const obj: JsonObject = {};
  for (const [key, raw] of Object.entries(row)) {
    if (key === 'rowid') continue;
    if (jsonColumns.includes(key) && (typeof raw === 'string' || raw instanceof Uint8Array)) {
      const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
      try {
        obj[key] = JSON.parse(text) as JsonObject[string];
      } catch (err) {
        const detail = message(err);
        return `column ${key} is not valid JSON (${detail.length > 120 ? `${detail.slice(0, 117)}…` : detail}); the row is not read`;
      }
    } else {
      obj[key] = jsonValue(raw) as JsonObject[string];
    }
  }
  return obj;
}

/**
 * The events of a SQLite database: one per row of its format's query (every row is a record,
 * skipped or rejected), or one rejected row at `table#1` (`file:1` when no table was chosen) when
 * the database cannot be opened, has no known schema, or the binding cannot be loaded.
 */
export async function readSqlite(path: string, ctx: FileContext, onEvent: EventSink, onRead?: (bytes: number) => void): Promise<void> {
  const at = (line: number, table?: string): SourceLocation => (table === undefined ? { file: ctx.file, line } : { file: ctx.file, line, table });
  let sqlite: Binding;
  try {
    sqlite = loadBinding();
  } catch (err) {
    onEvent(reject(at(1), `not read: the SQLite reader (node-sqlite3-wasm) could not be loaded (${message(err)}); reinstall llm-audit (npm ci)`));
    return;
  }
  let copied: { dir: string; copy: string };
  try {
    onRead?.(statSync(path).size);
    copied = copyDatabase(path);
  } catch (err) {
    onEvent(reject(at(1), `not read: the database could not be copied to read it (${message(err)})`));
    return;
  }
  let db: SqliteDatabase | undefined;
  try {
    db = new sqlite.Database(copied.copy, { fileMustExist: true });
    // Before the first read: WAL without the -shm index needs exclusive locking (see the top).
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    const format = pickFormat(db, path);
    if (typeof format === 'string') {
      onEvent(reject(at(1), format));
      return;
    }
    readRows(db, format, ctx, onEvent, at);
  } catch (err) {
    onEvent(reject(at(1), `not read: ${message(err)} (SQLite); the file is damaged or not a database`));
  } finally {
    try {
      db?.close();
    } catch {
      // The copy is removed either way.
    }
    rmSync(copied.dir, { recursive: true, force: true });
  }
}

function readRows(db: SqliteDatabase, format: DbFormat, ctx: FileContext, onEvent: EventSink, at: (line: number, table?: string) => SourceLocation): void {
  const q = format.spec.sqlite;
  const reader = new FileInterpreter(ctx);
  const emit = (events: IngestEvent[]): void => {
    for (const event of events) onEvent(event);
  };
  let last = 0;
  try {
    for (const row of db.prepare(q.sql).iterate() as IterableIterator<Record<string, unknown>>) {
      const rowid = Number(row.rowid);
      last = rowid;
      const where = at(rowid, q.table);
      const obj = rowObject(row, q.jsonColumns ?? []);
      if (typeof obj === 'string') onEvent(reject(where, obj));
      else emit(reader.json(format, obj, where, false));
    }
  } catch (err) {
    // A damaged page met mid-table: the rows before it are counted, the rest is one rejected row.
    onEvent(reject(at(last + 1, q.table), `could not read further (${message(err)}; SQLite); the rows before it are read, the rest of the table is not`));
  }
  emit(reader.end());
}

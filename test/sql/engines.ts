// Real engines for the `llm-audit sql` tests: DuckDB embedded (@duckdb/node-api) and a PostgreSQL
// cluster made for the test file (initdb into a temporary folder, a free port on 127.0.0.1, stopped
// at the end). PostgreSQL is reached with its own psql client (no npm client needed). If either
// cannot be started, the tests fail with the reason: they never skip silently.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { LEDGER_COLUMNS } from '../../src/ledger/row.ts';

export type Row = Record<string, string | null>;

/** The ledger's columns as SQL types: counts BIGINT, money DECIMAL(38, 18), the instant TIMESTAMP, the rest text. */
export function ledgerColumnType(column: string): string {
  if (column === 'timestamp') return 'TIMESTAMP';
  if (column === 'thinking') return 'BOOLEAN';
  if (column === 'line' || column === 'requests' || ['input', 'cache_read', 'cache_write_5m', 'cache_write_1h', 'output', 'reasoning', 'input_audio', 'input_image', 'output_audio', 'web_search_calls'].includes(column)) return 'BIGINT';
  if (column === 'cost' || column.startsWith('cost_')) return 'DECIMAL(38, 18)';
  return 'VARCHAR';
}

const createUsage = (table: string, tagsType: string): string =>
  `CREATE TABLE ${table} (\n${LEDGER_COLUMNS.map((c) => `  "${c}" ${c === 'tags' ? tagsType : ledgerColumnType(c)}`).join(',\n')}\n);\n`;

/** A cell as text, as the engines print it: numbers and decimals in plain notation. */
function cell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

export class Duck {
  private readonly connection: import('@duckdb/node-api').DuckDBConnection;

  private constructor(connection: import('@duckdb/node-api').DuckDBConnection) {
    this.connection = connection;
  }

  static async open(): Promise<Duck> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    return new Duck(await instance.connect());
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async query(sql: string): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql);
    const names = reader.columnNames();
    return reader.getRows().map((values) => Object.fromEntries(names.map((n, i) => [n, cell(values[i])])));
  }

  /** Loads an NDJSON ledger file into `table` with the ledger's types. */
  async loadLedger(table: string, file: string): Promise<void> {
    await this.run(`DROP TABLE IF EXISTS ${table}`);
    await this.run(createUsage(table, 'JSON'));
    const columns = LEDGER_COLUMNS.map((c) => `'${c}': '${c === 'tags' ? 'JSON' : c === 'timestamp' ? 'VARCHAR' : ledgerColumnType(c)}'`).join(', ');
    const select = LEDGER_COLUMNS.map((c) => (c === 'timestamp' ? `CAST(replace(replace("timestamp", 'T', ' '), 'Z', '') AS TIMESTAMP)` : `"${c}"`)).join(', ');
    await this.run(`INSERT INTO ${table} SELECT ${select} FROM read_json('${file}', format = 'newline_delimited', columns = {${columns}})`);
  }

  close(): void {
    this.connection.closeSync();
  }
}

function findPgBin(): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    const preferred = versions.includes('15') ? '15' : versions[0];
    if (preferred !== undefined) return join(root, preferred, 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim() !== '') return join(which.stdout.trim(), '..');
  throw new Error('PostgreSQL is not installed: no initdb in /usr/lib/postgresql/*/bin nor on PATH (.ci/run installs it with `apt-get install -y postgresql`)');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A PostgreSQL cluster of its own, in a temporary folder; stop() removes it. */
export class Pg {
  private readonly bin: string;
  private readonly dir: string;
  private readonly socket: string;
  readonly port: number;
  private readonly asUser: string[];

  private constructor(bin: string, dir: string, socket: string, port: number, asUser: string[]) {
    this.bin = bin;
    this.dir = dir;
    this.socket = socket;
    this.port = port;
    this.asUser = asUser;
  }

  static async start(): Promise<Pg> {
    const bin = findPgBin();
    const root = process.getuid?.() === 0;
    // PostgreSQL refuses to run as root: as root (CI), the cluster belongs to the postgres user.
    const asUser = root ? ['runuser', '-u', 'postgres', '--'] : [];
    if (root && spawnSync('id', ['-u', 'postgres']).status !== 0) throw new Error('running as root and there is no "postgres" user to run PostgreSQL as (the Debian package creates it)');
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-pg-'));
    const data = join(dir, 'data');
    const socket = join(dir, 'socket');
    mkdirSync(socket);
    if (root) {
      chmodSync(dir, 0o755);
      for (const path of [dir, socket]) chownSync(path, uid('postgres'), gid('postgres'));
    }
    const port = await freePort();
    const run = (args: string[]): void => {
      const [command, ...rest] = [...asUser, ...args] as [string, ...string[]];
      const result = spawnSync(command, rest, { encoding: 'utf8', timeout: 60_000 });
      if (result.status !== 0) throw new Error(`PostgreSQL could not be started: ${args.map((a) => a.replace(bin + '/', '')).join(' ')} exited ${result.status ?? result.signal}: ${result.stderr || result.stdout || result.error?.message}`);
    };
    run([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    run([join(bin, 'pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${socket} -c listen_addresses=127.0.0.1 -c fsync=off -c max_parallel_workers_per_gather=0`, 'start']);
    return new Pg(bin, dir, socket, port, asUser);
  }

  /** Runs SQL through psql (ON_ERROR_STOP); returns the last statement's rows (CSV output parsed). */
  query(sql: string): Row[] {
    const file = join(this.dir, `q-${process.pid}-${Math.random().toString(36).slice(2)}.sql`);
    writeFileSync(file, sql);
    try {
      const out = execFileSync(join(this.bin, 'psql'), ['-X', '-q', '--csv', '-v', 'ON_ERROR_STOP=1', '-h', this.socket, '-p', String(this.port), '-U', 'postgres', '-d', 'postgres', '-f', file], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (out.trim() === '') return [];
      const records = parse(out, { columns: true }) as Record<string, string>[];
      // psql --csv prints NULL as an empty cell: every text value the tests compare is non-empty.
      return records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : v])));
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`psql failed: ${e.stderr || e.message}`);
    } finally {
      rmSync(file, { force: true });
    }
  }

  /** Loads a CSV ledger (ledger-csv) into `table` with the ledger's types, through psql's \copy. */
  loadLedgerCsv(table: string, file: string): void {
    this.query(`DROP TABLE IF EXISTS ${table};\n${createUsage(table, 'TEXT')}\\copy ${table} FROM '${file}' WITH (FORMAT csv, HEADER true)\nANALYZE ${table};\n`);
  }

  stop(): void {
    const [command, ...rest] = [...this.asUser, join(this.bin, 'pg_ctl'), '-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop'] as unknown as [string, ...string[]];
    spawnSync(command, rest, { encoding: 'utf8', timeout: 60_000 });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function uid(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

function gid(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}

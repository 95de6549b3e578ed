// Writes the exported tables (points.ts) as CSV, NDJSON or SQL. Values are written as they are:
// rates stay the exact decimal text of the data, instants ISO 8601 UTC (SQL: TIMESTAMP literals in
// UTC), so a loaded table prices to the last digit. Pure: text in chunks, no IO.
import { EXPORT_TABLES, type ExportTable, type ExportTables, RATE_COLUMNS } from './points.ts';

export const EXPORT_FORMATS = ['csv', 'ndjson', 'sql'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Cell = string | number | boolean | null;
type Row = Record<string, Cell>;

type SqlType = 'TEXT' | 'DECIMAL(38, 18)' | 'BIGINT' | 'BOOLEAN' | 'TIMESTAMP' | 'DATE';

const INTEGER_COLUMNS = new Set(['version_index', 'tier_index', 'tier_input_up_to', 'tier_output_up_to', 'window_index', 'window_from_minute', 'window_to_minute', 'rule_index', 'utc_offset_minutes', 'year']);
const BOOLEAN_COLUMNS = new Set(['book_fallback', 'history_ends', 'window_makeup_workdays', 'has_windows', 'introductory']);
const RATES = new Set<string>(RATE_COLUMNS);

/** The SQL type of a column, by name: one place, so every table types the same column alike. */
export function sqlType(column: string): SqlType {
  if (RATES.has(column)) return 'DECIMAL(38, 18)';
  if (INTEGER_COLUMNS.has(column)) return 'BIGINT';
  if (BOOLEAN_COLUMNS.has(column)) return 'BOOLEAN';
  if (column === 'valid_from' || column === 'valid_to') return 'TIMESTAMP';
  if (column === 'date') return 'DATE';
  return 'TEXT';
}

/** The column names of a table, in order (from a row; the row types fix the order). */
export const COLUMNS: Record<ExportTable, readonly string[]> = {
  price_points: [
    'catalogue_hash', 'point_key', 'version_key', 'provider', 'model_id', 'version_index', 'book', 'book_fallback', 'currency', 'valid_from', 'valid_to', 'history_ends',
    'service_tier', 'service_tier_rule', 'tier_index', 'tier_input_up_to', 'tier_output_up_to', 'window_index', 'window_name', 'window_from_minute', 'window_to_minute', 'window_days',
    'window_calendar', 'window_makeup_workdays', 'has_windows', ...RATE_COLUMNS, 'introductory', 'confidence', 'checked', 'source', 'data_file', 'data_path',
  ],
  model_ids: ['catalogue_hash', 'logged_id', 'model_id', 'provider', 'via', 'valid_from', 'valid_to'],
  id_rules: ['catalogue_hash', 'provider', 'kind', 'pattern', 'replacement', 'rule_index'],
  calendar_days: ['catalogue_hash', 'calendar', 'utc_offset_minutes', 'year', 'kind', 'date', 'source'],
};

const rowsOf = (tables: ExportTables, table: ExportTable): Row[] => tables[table] as unknown as Row[];

/** RFC 4180: quoted when needed, CRLF line ends (as the report's CSV). Empty cell = null. */
function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function* csv(tables: ExportTables, table: ExportTable): Generator<string> {
  const columns = COLUMNS[table];
  yield `${columns.join(',')}\r\n`;
  for (const row of rowsOf(tables, table)) yield `${columns.map((c) => csvCell(row[c] ?? null)).join(',')}\r\n`;
}

/** One JSON object per line; rates are strings (never JSON numbers, which a reader would take as doubles). */
export function* ndjson(tables: ExportTables, table: ExportTable): Generator<string> {
  const columns = COLUMNS[table];
  for (const row of rowsOf(tables, table)) {
    const ordered: Row = {};
    for (const c of columns) ordered[c] = row[c] ?? null;
    yield `${JSON.stringify(ordered)}\n`;
  }
}

function sqlLiteral(column: string, value: Cell): string {
  if (value === null) return 'NULL';
  switch (sqlType(column)) {
    case 'DECIMAL(38, 18)':
    case 'BIGINT':
      // Exact numeric literals (a decimal literal is exact in both engines; never a float).
      return String(value);
    case 'BOOLEAN':
      return value ? 'TRUE' : 'FALSE';
    case 'TIMESTAMP':
      return `TIMESTAMP '${String(value).replace('T', ' ').replace(/Z$/, '')}'`;
    case 'DATE':
      return `DATE '${String(value)}'`;
    default:
      return `'${String(value).replaceAll("'", "''")}'`;
  }
}

/** Rows per INSERT statement: long enough to load fast, short enough for any engine's statement limits. */
const INSERT_BATCH = 200;

/** CREATE TABLE + INSERTs for every table, in SQL that DuckDB and PostgreSQL both run as is. */
export function* sql(tables: ExportTables, only?: ExportTable): Generator<string> {
  yield `-- llm-audit pricing export: the catalogue ${tables.hash}\n`;
  yield '-- Rates are per million tokens (web_search_per_1k: per 1,000 calls), exact; instants are UTC. See docs/pricing-export.md.\n';
  for (const table of only ? [only] : EXPORT_TABLES) {
    const columns = COLUMNS[table];
    yield `\nCREATE TABLE ${table} (\n${columns.map((c) => `  ${c} ${sqlType(c)}`).join(',\n')}\n);\n`;
    const rows = rowsOf(tables, table);
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const values = rows.slice(i, i + INSERT_BATCH).map((row) => `  (${columns.map((c) => sqlLiteral(c, row[c] ?? null)).join(', ')})`);
      yield `INSERT INTO ${table} (${columns.join(', ')}) VALUES\n${values.join(',\n')};\n`;
    }
  }
}

export function writeExport(tables: ExportTables, format: ExportFormat, table: ExportTable | undefined): Iterable<string> {
  if (format === 'sql') return sql(tables, table);
  return format === 'csv' ? csv(tables, table ?? 'price_points') : ndjson(tables, table ?? 'price_points');
}

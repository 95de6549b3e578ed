// What differs between the engines `llm-audit sql` writes for: types, quoting, and the few functions
// whose names or semantics differ (integer division, date parts, time zones, JSON). The query itself
// (query.ts) is written once against this table. DuckDB and PostgreSQL are executed by the tests;
// ClickHouse and BigQuery text is only unit-tested for its exact text (docs/sql.md).

export const DIALECTS = ['duckdb', 'postgres', 'clickhouse', 'bigquery'] as const;
export type DialectName = (typeof DIALECTS)[number];

export interface Dialect {
  name: DialectName;
  /** A quoted identifier (a column or table name as the user gave it). */
  id(name: string): string;
  text: string;
  bigint: string;
  /** The exact decimal type of money: the rates' type (DECIMAL(38, 18) as exported) and the costs'. */
  money: string;
  bool: string;
  /** A typed NULL (UNION ALL branches must agree on types). */
  nullOf(type: string): string;
  /** Integer division of whole numbers, rounding down (operands ≥ 0). */
  idiv(a: string, b: string): string;
  /** A UTC instant literal from ISO 8601 ("2025-06-01T00:00:00.000Z"). */
  instant(iso: string): string;
  /** A usage column read as a UTC instant (TIMESTAMP without zone, or ISO text). */
  castInstant(expr: string): string;
  hour(ts: string): string;
  minute(ts: string): string;
  year(ts: string): string;
  /** Day of the week, 0 = Sunday. */
  dow(ts: string): string;
  addMinutes(ts: string, minutes: string): string;
  /** The wall-clock time of a UTC instant in an IANA zone. */
  inZone(ts: string, zone: string): string;
  toDate(ts: string): string;
  /** A date (or timestamp) as YYYY-MM-DD text. */
  dateText(d: string): string;
  minusDays(date: string, days: string): string;
  /** The value of a key of a JSON object held as text, or NULL when absent. */
  jsonKey(json: string, key: string): string;
  /** 1-based position of needle in haystack, 0 when absent. */
  strpos(haystack: string, needle: string): string;
  /** An integer expression as text. */
  intText(expr: string): string;
  /** The factor that turns a per-million amount into money: exact 0.000001. */
  perMillion: string;
  /** `MATERIALIZED ` where a CTE can be asked to be computed once (its ROW_NUMBER ids must not be recomputed), else ''. */
  materialized: string;
}

const quote = (value: string): string => `'${value.replaceAll("'", "''")}'`;
const sqlTimestamp = (iso: string): string => iso.replace('T', ' ').replace(/Z$/, '');

const standard = {
  id: (name: string) => `"${name.replaceAll('"', '""')}"`,
  text: 'VARCHAR',
  bigint: 'BIGINT',
  money: 'DECIMAL(38, 18)',
  bool: 'BOOLEAN',
  nullOf: (type: string) => `CAST(NULL AS ${type})`,
  instant: (iso: string) => `TIMESTAMP '${sqlTimestamp(iso)}'`,
  castInstant: (expr: string) => `CAST(${expr} AS TIMESTAMP)`,
  hour: (ts: string) => `CAST(EXTRACT(HOUR FROM ${ts}) AS BIGINT)`,
  minute: (ts: string) => `CAST(EXTRACT(MINUTE FROM ${ts}) AS BIGINT)`,
  year: (ts: string) => `CAST(EXTRACT(YEAR FROM ${ts}) AS BIGINT)`,
  dow: (ts: string) => `CAST(EXTRACT(DOW FROM ${ts}) AS BIGINT)`,
  addMinutes: (ts: string, minutes: string) => `(${ts} + ${minutes} * INTERVAL '1 minute')`,
  inZone: (ts: string, zone: string) => `((${ts} AT TIME ZONE 'UTC') AT TIME ZONE ${quote(zone)})`,
  toDate: (ts: string) => `CAST(${ts} AS DATE)`,
  minusDays: (date: string, days: string) => `(${date} - CAST(${days} AS INTEGER))`,
  strpos: (h: string, n: string) => `strpos(${h}, ${n})`,
  intText: (expr: string) => `CAST(${expr} AS VARCHAR)`,
  perMillion: '0.000001',
  materialized: 'MATERIALIZED ',
};

export const DIALECT: Record<DialectName, Dialect> = {
  duckdb: {
    ...standard,
    name: 'duckdb',
    // `/` divides as a double in DuckDB; `//` is integer division.
    idiv: (a, b) => `(${a} // ${b})`,
    dateText: (d) => `strftime(${d}, '%Y-%m-%d')`,
    jsonKey: (json, key) => `json_extract_string(${json}, ${quote(`$."${key}"`)})`,
  },
  postgres: {
    ...standard,
    name: 'postgres',
    idiv: (a, b) => `(${a} / ${b})`,
    dateText: (d) => `to_char(${d}, 'YYYY-MM-DD')`,
    jsonKey: (json, key) => `(CAST(${json} AS JSONB) ->> ${quote(key)})`,
  },
  clickhouse: {
    name: 'clickhouse',
    id: (name) => `"${name.replaceAll('"', '""')}"`,
    text: 'String',
    bigint: 'Int64',
    money: 'Decimal(38, 18)',
    bool: 'Bool',
    nullOf: (type) => `CAST(NULL AS Nullable(${type}))`,
    idiv: (a, b) => `intDiv(${a}, ${b})`,
    instant: (iso) => `toDateTime64('${sqlTimestamp(iso)}', 3, 'UTC')`,
    castInstant: (expr) => `toDateTime64(${expr}, 3, 'UTC')`,
    hour: (ts) => `toHour(${ts})`,
    minute: (ts) => `toMinute(${ts})`,
    year: (ts) => `toYear(${ts})`,
    dow: (ts) => `(toDayOfWeek(${ts}) % 7)`,
    addMinutes: (ts, minutes) => `addMinutes(${ts}, ${minutes})`,
    inZone: (ts, zone) => `toTimeZone(${ts}, ${quote(zone)})`,
    toDate: (ts) => `toDate(${ts})`,
    dateText: (d) => `formatDateTime(${d}, '%Y-%m-%d')`,
    minusDays: (date, days) => `subtractDays(${date}, ${days})`,
    jsonKey: (json, key) => `if(JSONHas(${json}, ${quote(key)}), JSONExtractString(${json}, ${quote(key)}), NULL)`,
    strpos: (h, n) => `position(${h}, ${n})`,
    intText: (expr) => `toString(${expr})`,
    perMillion: "toDecimal128('0.000001', 6)",
    materialized: '',
  },
  bigquery: {
    name: 'bigquery',
    id: (name) => `\`${name.replaceAll('`', '\\`')}\``,
    text: 'STRING',
    bigint: 'INT64',
    money: 'BIGNUMERIC',
    bool: 'BOOL',
    nullOf: (type) => `CAST(NULL AS ${type})`,
    idiv: (a, b) => `DIV(${a}, ${b})`,
    instant: (iso) => `DATETIME '${sqlTimestamp(iso)}'`,
    castInstant: (expr) => `CAST(${expr} AS DATETIME)`,
    hour: (ts) => `EXTRACT(HOUR FROM ${ts})`,
    minute: (ts) => `EXTRACT(MINUTE FROM ${ts})`,
    year: (ts) => `EXTRACT(YEAR FROM ${ts})`,
    dow: (ts) => `(EXTRACT(DAYOFWEEK FROM ${ts}) - 1)`,
    addMinutes: (ts, minutes) => `DATETIME_ADD(${ts}, INTERVAL ${minutes} MINUTE)`,
    inZone: (ts, zone) => `DATETIME(TIMESTAMP(${ts}, 'UTC'), ${quote(zone)})`,
    toDate: (ts) => `DATE(${ts})`,
    dateText: (d) => `FORMAT_DATE('%Y-%m-%d', ${d})`,
    minusDays: (date, days) => `DATE_SUB(${date}, INTERVAL ${days} DAY)`,
    jsonKey: (json, key) => `JSON_VALUE(${json}, ${quote(`$."${key}"`)})`,
    strpos: (h, n) => `STRPOS(${h}, ${n})`,
    intText: (expr) => `CAST(${expr} AS STRING)`,
    perMillion: "BIGNUMERIC '0.000001'",
    materialized: '',
  },
};

export const sqlString = quote;

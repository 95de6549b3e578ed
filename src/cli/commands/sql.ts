// `llm-audit sql --dialect duckdb|postgres|clickhouse|bigquery`: prints one query that prices a usage
// table in that engine by joining it to the exported price points (`pricing export`), and aggregates
// it as the report does (src/sql/query.ts; docs/sql.md). What the query cannot express is refused
// here, with the reason (exit 2), never written as a query that would give another number.
import { Command, Option } from 'commander';
import type { GroupDimension } from '../../core/aggregate.ts';
import { SERVICE_TIERS, type ServiceTier } from '../../core/types.ts';
import { UsageError } from '../../errors.ts';
import { exportCatalogue, RATE_COLUMNS } from '../../pricing/export/points.ts';
import { DEFAULT_PRICING_DIR, loadCatalogue } from '../../pricing/load.ts';
import type { Catalogue } from '../../pricing/catalog.ts';
import { parseServiceTier } from '../../pricing/options.ts';
import { DIALECTS, type DialectName } from '../../sql/dialect.ts';
import { buildQuery, OPTIONAL_COLUMNS, USAGE_COLUMNS, type TargetLimits, type UsageColumn } from '../../sql/query.ts';
import type { Io } from '../io.ts';
import { assertWritable } from '../outpath.ts';
import { parseGroupBy, parseInstant, parseTimeZone, parseWeekday, splitList } from '../parse.ts';

interface SqlFlags {
  dialect: DialectName;
  groupBy: GroupDimension[];
  asOf?: { at: number; text: string };
  region?: string;
  serviceTier?: ServiceTier;
  compare?: string;
  targetTokens: string;
  tz?: string;
  weekStart: number;
  map?: Record<string, string | null>;
  table: string;
  priceTables: [string, string, string];
  out?: string;
  pricingDir?: string;
  pricing: string[];
}

/** The decimals a DECIMAL(38, 18) rate column keeps exactly. */
const RATE_SCALE = 18;

export function sqlCommand(io: Io): Command {
  return new Command('sql')
    .description('print one SQL query that prices a usage table (the ledger, or your columns via --map) in DuckDB, PostgreSQL, ClickHouse or BigQuery, joined to `pricing export` tables: groups, totals, unpriced and what-if, exact decimals (docs/sql.md)')
    .addOption(new Option('--dialect <engine>', 'the engine to write for (duckdb and postgres are tested by running them; clickhouse and bigquery text is not executed here)').choices(DIALECTS).makeOptionMandatory())
    .option('-g, --group-by <dims>', 'group by model, provider, day, week, month, session, project or tag:NAME, comma-separated (not block)', (v) => parseGroupBy('--group-by', v), ['model'] as GroupDimension[])
    .option('--as-of <date>', 'price every row with the versions in force at this date (YYYY-MM-DD or ISO datetime, UTC)', (v) => parseInstant('--as-of', v))
    .option('--region <book>', 'price book where a provider has several (for example intl, cn)')
    .option('--service-tier <tier>', `price rows whose service_tier is empty as ${SERVICE_TIERS.join('|')}`, (v) => parseServiceTier('--service-tier', v))
    .option('-c, --compare <models>', 'what-if: price the same rows on these models (catalogue ids or exact aliases, comma-separated), with the logged token counts')
    .addOption(new Option('--target-tokens <mode>', 'what-if token counts: only logged (the counts carried over; a target tokenizer cannot run in SQL)').choices(['logged', 'recount']).default('logged'))
    .option('--tz <zone>', 'IANA time zone for day, week and month groups (default UTC)', (v) => parseTimeZone('--tz', v))
    .option('--week-start <day>', 'first day of a week for --group-by week (monday … sunday)', (v) => parseWeekday('--week-start', v), 1)
    .option('--map <spec>', `your usage table's column names: column=your_column pairs (columns: ${USAGE_COLUMNS.join(', ')}); column= (empty) for one your table lacks: ${Object.keys(OPTIONAL_COLUMNS).join(', ')}`, (v) => parseColumnMap(v))
    .option('--table <name>', 'the usage table', 'usage')
    .option('--price-tables <names>', 'the price_points, model_ids and calendar_days tables, comma-separated', (v) => parsePriceTables(v), ['price_points', 'model_ids', 'calendar_days'])
    .option('-o, --out <file>', 'write the query to a file instead of stdout')
    .option('--pricing-dir <dir>', 'the pricing folder the exported tables were made from (default: the shipped pricing/)')
    .option('--pricing <path>', 'override files the tables were exported with; repeatable', (v: string, previous: string[]) => [...previous, v], [])
    .exitOverride()
    .action(async (flags: SqlFlags) => {
      const base = flags.pricingDir ?? DEFAULT_PRICING_DIR;
      if (flags.out !== undefined) assertWritable('--out', flags.out, 'json', { files: [], pricing: [base, ...flags.pricing] });
      const catalogue = loadCatalogue([base], flags.pricing);
      const query = sqlFor(catalogue, flags);
      if (flags.out !== undefined) io.writeFile(flags.out, [query]);
      else await io.stdoutChunks([query]);
    });
}

function sqlFor(catalogue: Catalogue, flags: SqlFlags): string {
  if (flags.groupBy.includes('block')) {
    throw new UsageError('--group-by block: a 5-hour block starts at a request and runs on through the requests after it, an order a set-based query does not follow; group the report by block instead (llm-audit blocks)');
  }
  if (flags.targetTokens !== 'logged') {
    throw new UsageError("--target-tokens recount: the what-if's recount runs each target's tokenizer on the logged text, which SQL cannot do; the query prices the logged counts (--target-tokens logged), as `llm-audit … --compare M --target-tokens logged` does");
  }
  if (flags.region !== undefined) {
    const books = new Set(catalogue.models.flatMap((m) => m.prices.map((v) => v.region)));
    if (!books.has(flags.region)) throw new UsageError(`--region: no price book "${flags.region}" in the pricing data; the books are ${[...books].sort().join(', ')}`);
  }
  const columns = Object.fromEntries(USAGE_COLUMNS.map((c) => [c, c])) as Record<UsageColumn, string | null>;
  for (const [key, value] of Object.entries(flags.map ?? {})) columns[key as UsageColumn] = value;
  const tagged = flags.groupBy.filter((g) => g.startsWith('tag:') || g === 'session' || g === 'project');
  if (columns.tags === null && tagged.length > 0) throw new UsageError(`--group-by ${tagged.join(',')} reads the tags column, which --map says the table lacks (tags=)`);
  const targets = flags.compare === undefined ? [] : splitList(flags.compare);
  const limits: TargetLimits[] = [];
  for (const target of targets) {
    if (target === 'all') throw new UsageError('--compare all: name the target models (the report leaves out retired ones and ranks them, which the query does not); for example --compare gpt-5,claude-sonnet-4-5');
    const meanings = catalogue.meanings(target);
    const direct = meanings.find((m) => m.via === 'id' || m.via === 'alias');
    if (!direct) {
      const rewritten = meanings.map((m) => m.id);
      throw new UsageError(
        rewritten.length > 0
          ? `--compare ${target}: the query resolves targets by catalogue id or exact alias (the model_ids table), and "${target}" is only a provider rewrite of ${rewritten.map((id) => `"${id}"`).join(', ')}: name that instead`
          : `--compare: no price data for "${target}"; list known models with \`llm-audit pricing list\``,
      );
    }
    for (const { model } of direct.targets) {
      if (!limits.some((l) => l.modelId === model.id)) limits.push({ modelId: model.id, contextWindow: model.contextWindow ?? null, maxOutputTokens: model.maxOutputTokens ?? null });
    }
  }
  const tables = exportCatalogue(catalogue, {});
  for (const row of tables.price_points) {
    for (const column of RATE_COLUMNS) {
      const value = row[column];
      const scale = value === null ? 0 : (value.split('.')[1]?.length ?? 0);
      if (scale > RATE_SCALE) {
        throw new UsageError(`${row.data_file} ${row.data_path}: the ${column} rate ${value} of ${row.point_key} has ${scale} decimals; the exported rate columns are DECIMAL(38, ${RATE_SCALE}), which would round it: the query would not be exact`);
      }
    }
  }
  const [pricePoints, modelIds, calendarDays] = flags.priceTables;
  return buildQuery({
    dialect: flags.dialect,
    groupBy: flags.groupBy,
    usageTable: flags.table,
    priceTables: { pricePoints, modelIds, calendarDays },
    columns,
    asOf: flags.asOf === undefined ? undefined : new Date(flags.asOf.at).toISOString(),
    region: flags.region,
    serviceTier: flags.serviceTier,
    timeZone: flags.tz,
    weekStart: flags.weekStart,
    compare: targets,
    limits,
    catalogueHash: catalogue.hash,
  });
}

/** `timestamp=created_at,model_id=,tags=labels`: a column may be given once; an empty name only for a column a table may lack. */
export function parseColumnMap(text: string): Record<string, string | null> {
  const map: Record<string, string | null> = {};
  for (const pair of splitList(text)) {
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    const value = eq < 0 ? undefined : pair.slice(eq + 1).trim();
    if (value === undefined) throw new UsageError(`--map: "${pair}" is not column=your_column (for example timestamp=created_at)`);
    if (!(USAGE_COLUMNS as readonly string[]).includes(key)) throw new UsageError(`--map: "${key}" is not a usage column; the columns are ${USAGE_COLUMNS.join(', ')}`);
    if (key in map) throw new UsageError(`--map: ${key} is given twice`);
    if (value === '' && !(key in OPTIONAL_COLUMNS)) throw new UsageError(`--map: the query needs a ${key} column; only ${Object.keys(OPTIONAL_COLUMNS).join(', ')} may be absent (${key}=)`);
    map[key] = value === '' ? null : value;
  }
  return map;
}

function parsePriceTables(text: string): [string, string, string] {
  const names = splitList(text);
  if (names.length !== 3) throw new UsageError(`--price-tables: give three names, price_points,model_ids,calendar_days (found "${text}")`);
  return names as [string, string, string];
}

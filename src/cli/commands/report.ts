// `llm-audit [report] <paths…>`: the main job. Reads logs, prices them, renders the report, and
// with --baseline compares it against a saved one (the CI gate).
import { TARGET_TOKENS_MODES, type TargetTokensMode } from '../../audit/target-tokens.ts';
import { extname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { audit } from '../../audit/index.ts';
import type { GroupDimension } from '../../core/aggregate.ts';
import { UsageError } from '../../errors.ts';
import { FORMATS, MAP_KEYS, parseMapSpec, type FormatName } from '../../ingest/index.ts';
import type { Catalogue } from '../../pricing/catalog.ts';
import { loadFx, loadFxFile, parseFxOverride, type FxOverride } from '../../pricing/fx.ts';
import { DEFAULT_PRICING_DIR, loadCatalogue } from '../../pricing/load.ts';
import { parseCurrency, parseServiceTier } from '../../pricing/options.ts';
import { SERVICE_TIERS, type ServiceTier } from '../../core/types.ts';
import type { Report } from '../../report/contract.ts';
import { amountLimits } from '../../core/policy.ts';
import { collectScenarios, parseScenario, parseSwapRules, type ScenarioSpec, type SwapRule } from '../../core/scenario.ts';
import { renderWhatIfCsv } from '../../report/render/csv.ts';
import { chunkedRenderers, OUTPUT_FORMATS, renderers, type OutputFormat } from '../../report/render/index.ts';
import { addGateOptions, appendStepSummary, assertGateFlags, assertKnownCurrencies, checkRun, hasPolicies, limitFx, loadBaseline, policiesFrom, runGate, type GateFlags } from '../gate.ts';
import type { Io } from '../io.ts';
import { assertOutputs, assertWritable } from '../outpath.ts';
import { ProgressLine } from '../progress.ts';
import { inZone, parseAtLeast, parseGroupBy, parseInstant, parsePositiveInt, parseTimeZone, parseTokenLimit, parseWallOrInstant, parseWeekday, splitList, type WallOrInstant } from '../parse.ts';
import { startOfDayBefore } from '../../core/calendar.ts';
import { AGENT_SOURCES, agentFilters, discoverAgents, displayPath, selectSources, type AgentSearch } from '../../ingest/agents/discover.ts';
import { describeAgents } from '../../audit/agents.ts';
import { isLedgerFormat, LEDGER_FORMATS, type LedgerFormat } from '../../ledger/write.ts';
import { assertLedgerFlags, openLedger } from '../ledger.ts';
import { cacheDir } from '../../cache/dir.ts';

type Instant = { at: number; text: string };

interface ReportFlags extends GateFlags {
  format: OutputFormat | LedgerFormat;
  /** Set from the command: whether --group-by was given (the ledger refuses it; a variant's default is not a choice). */
  groupByGiven: boolean;
  out?: string;
  whatIfCsv?: string;
  groupBy: GroupDimension[];
  compare?: string;
  targetTokens: TargetTokensMode;
  swap?: SwapRule[];
  scenario: ScenarioSpec[];
  provider: string[];
  asOf?: Instant;
  since?: WallOrInstant;
  until?: WallOrInstant;
  tz?: string;
  weekStart: number;
  last?: number;
  now?: Instant;
  project?: string;
  breakdown?: boolean;
  tokenLimit?: number | 'max';
  compact?: boolean;
  region?: string;
  inputFormat?: FormatName;
  map?: Record<string, string>;
  defaultModel?: string;
  defaultTime?: Instant;
  pricingDir?: string;
  pricing: string[];
  serviceTier?: ServiceTier;
  currency?: string;
  fx: FxOverride[];
  fxFile?: string;
  strict?: boolean;
  hashInputs?: boolean;
  /** --no-cache (commander's negation: true unless given) and --cache-dir. */
  cache?: boolean;
  cacheDir?: string;
  maxProblems: number;
  threads?: number;
  decimals?: number;
  baseline?: string;
  color: boolean;
  progress: boolean;
  source?: string[];
}

const FORMAT_NAMES = FORMATS.map((f) => f.name);

/** The report command, or one of its views under a name of its own (`blocks`: grouped by 5-hour block). */
export interface ReportVariant {
  name: string;
  description: string;
  groupBy: GroupDimension[];
  /** Reads the coding agents' data folders found on the machine (ingest/agents/discover.ts) when no path is given. */
  discover?: boolean;
}

const REPORT: ReportVariant = { name: 'report', description: 'price request logs and report what the traffic cost (the default command)', groupBy: ['model'] };

export const BLOCKS: ReportVariant = {
  name: 'blocks',
  description: "the report by Claude's 5-hour billing blocks (same as --group-by block): the active block's burn rate and projection, --token-limit N|max",
  groupBy: ['block'],
};

export const AGENTS: ReportVariant = {
  name: 'agents',
  description: `the report of the coding agents' usage found on this machine (${AGENT_SOURCES.map((s) => s.name).join(', ')}): says which it read and from where; --source narrows`,
  groupBy: ['model'],
  discover: true,
};

export function reportCommand(io: Io, variant: ReportVariant = REPORT): Command {
  const command = new Command(variant.name)
    .description(variant.description)
    .argument('[paths...]', variant.discover ? "agent data files or folders to read instead of the ones found (the agents' data folders when none)" : 'log files (.jsonl, .csv, optionally .gz), folders (searched recursively), or - for stdin; none on a terminal: the coding agents\' data found on this machine (as `llm-audit agents`)')
    .addOption(new Option('-f, --format <format>', 'output format; ledger (NDJSON) and ledger-csv: the usage ledger, one row per row read with its price and exact cost (docs/ledger.md)').choices([...OUTPUT_FORMATS, ...LEDGER_FORMATS]).default('table'))
    .option('-o, --out <file>', 'write the report to a file instead of stdout')
    .option('-g, --group-by <dims>', 'group by model, provider, day, week, month, session, project, block (5-hour billing blocks) or tag:NAME, comma-separated', (v) => parseGroupBy('--group-by', v), variant.groupBy)
    .option('--breakdown', "list each row's models under it (indented sub-rows; groups[].breakdown in JSON)")
    .option('--week-start <day>', 'first day of a week for --group-by week (monday … sunday)', (v) => parseWeekday('--week-start', v), 1)
    .option('--project <name>', "only this project's requests: exactly as shown by --group-by project (a Claude Code project's path, or a log's project tag), or Claude Code's projects/ folder name", (v) => v)
    .option('--last <days>', 'only requests of the last N calendar days in --tz, today included (instead of --since)', (v) => parseAtLeast('--last', v, 1))
    .option('--token-limit <n|max>', 'with blocks: tokens per 5-hour block to measure each block against ("max": the largest completed block)', (v) => parseTokenLimit('--token-limit', v))
    .option('--now <datetime>', 'judge the active block and --last at this instant instead of the clock (reproducible output)', (v) => parseInstant('--now', v))
    .option('--compact', 'the compact table (fits 80 columns; chosen by itself below 100 columns)')
    .option('-c, --compare <models>', 'what-if: price the same traffic on these models (comma-separated ids, or "all": the models current at the traffic\'s dates), ranked in one currency, fully repriced targets first, the cheapest that fits every request marked ★')
    .option('--provider <names>', 'with --compare all: only these providers\' models (comma-separated; repeatable)', (v: string, previous: string[]) => [...previous, ...splitList(v)], [])
    .option('--swap <rules>', "what-if by swap: reprice only the traffic whose model matches a PATTERN=TARGET rule (comma-separated; * matches any characters; the first matching rule wins), the rest at its actual cost, e.g. 'claude-sonnet-4-5*=gpt-5,deepseek-reasoner=qwen3-max'", (v) => parseSwapRules('--swap', v))
    .option('--scenario <name=rules>', "a named swap scenario, to compare several side by side, e.g. cheap='claude-sonnet-4-5*=gpt-5'; repeatable", (v: string, previous: ScenarioSpec[]) => [...previous, parseScenario('--scenario', v)], [])
    .addOption(new Option('--target-tokens <mode>', 'what-if token counts: recount = as each target counts them (its tokenizer on the logged text; else the logged counts × a measured ratio, shown as an estimate); logged = the logged counts carried over unchanged (a price-only comparison)').choices(TARGET_TOKENS_MODES).default('recount'))
    .option('--what-if-csv <file>', 'write the what-if (--compare, --swap, --scenario; totals, then per group) as a CSV to this file (with --format csv --out FILE.csv it goes to FILE.whatif.csv unless given)')
    .option('--as-of <date>', 'reprice everything with the pricing tables in force at this date (YYYY-MM-DD or ISO datetime, UTC)', (v) => parseInstant('--as-of', v))
    .option('--since <date>', 'only requests at or after this time (a date or time without an offset is in --tz, else UTC)', (v) => parseWallOrInstant('--since', v))
    .option('--until <date>', 'only requests before this time (a date or time without an offset is in --tz, else UTC)', (v) => parseWallOrInstant('--until', v))
    .option('--tz <zone>', 'IANA time zone for day, week, month and block labels, --since/--until dates and --last (default UTC)', (v) => parseTimeZone('--tz', v))
    .option('--region <book>', 'price book where a provider has several (for example intl, cn)')
    .addOption(new Option('--input-format <name>', 'force one log format instead of detecting it').choices(FORMAT_NAMES))
    .option('--map <spec>', `read a custom shape: field=path pairs, such as model=meta.model,input=usage.in,output=usage.out (fields: ${MAP_KEYS.join(', ')})`, (v) => parseMapSpec(v))
    .option('--default-model <id>', 'model for records whose log names none (a usage export not grouped by model, DashScope native)')
    .option('--default-time <date>', "timestamp for records that have none (else the file's modification time)", (v) => parseInstant('--default-time', v))
    .option('--pricing-dir <dir>', 'use this pricing folder (or file) instead of the shipped pricing/')
    .option('--pricing <path>', 'add or replace prices from this file or folder (negotiated discounts, private models); repeatable', (v: string, previous: string[]) => [...previous, v], [])
    .option('--service-tier <tier>', `price requests whose log names no tier as ${SERVICE_TIERS.join('|')}`, (v) => parseServiceTier('--service-tier', v))
    .option('--currency <code>', 'also show costs converted to this currency (dated monthly rates from pricing/fx.json, or --fx)', (v) => parseCurrency('--currency', v))
    .option('--fx <PAIR=RATE>', 'an exchange rate to convert with, such as USDCNY=7.2 (1 USD = 7.2 CNY); repeatable', (v: string, previous: FxOverride[]) => [...previous, parseFxOverride(v)], [])
    .option('--fx-file <file>', 'your own monthly rates for --currency: a CSV with the header month,pair,rate (2026-09,USDCNY,7.112); they replace pricing/fx.json for the months they list')
    .option('--threads <n>', 'threads to use on a large input (32 MB or more: folders, files, ranges of a large JSONL log; default up to 2; 1 = one thread; the ledger formats are read on one thread)', (v) => parseAtLeast('--threads', v, 1))
    .option('--decimals <n>', 'CSV: round costs to n places, rows still summing to the total exactly', (v) => parsePositiveInt('--decimals', v))
    .option('--strict', 'exit 3 when any row is rejected or unpriced, or no row is a request (empty input)')
    .option('--cache-dir <dir>', 'keep what reading each file gave in this folder, so that the next run reads only new or changed files (default $XDG_CACHE_HOME/llm-audit or ~/.cache/llm-audit)')
    .option('--no-cache', 'read every file, and neither use nor write the cache (also LLM_AUDIT_CACHE=0)')
    .option('--hash-inputs', "record each input's sha256 in the report (reads every file a second time)")
    .option('--max-problems <n>', 'how many rejected/skipped rows to list (all are counted)', (v) => parsePositiveInt('--max-problems', v), 50)
    .option('--baseline <report.json>', 'compare with a saved JSON report and apply the policies below (the CI gate)')
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .option('--no-progress', 'no progress line (it is drawn on stderr only when stderr is a terminal, for runs over a second)');
  if (variant.discover) command.option('--source <agents>', `only these agents (comma-separated: ${AGENT_SOURCES.map((s) => s.id).join(', ')}); repeatable`, (v: string, previous: string[] = []) => [...previous, ...splitList(v)]);
  return addGateOptions(command, 'optional').action(async (paths: string[], flags: ReportFlags, self: Command) => {
    flags.groupByGiven = self.getOptionValueSource('groupBy') === 'cli';
    io.exitCode = await runReport(io, paths, flags, variant);
  });
}

async function runReport(io: Io, paths: string[], flags: ReportFlags, variant: ReportVariant): Promise<number> {
  let agents: AgentSearch[] | undefined;
  if (flags.source !== undefined && paths.length > 0) throw new UsageError('--source chooses among the agent data found on this machine; with paths given, it has nothing to choose from: drop --source or the paths');
  if (paths.length === 0 && (variant.discover || io.stdinIsTTY)) {
    agents = discoverAgents(io.env, selectSources(flags.source));
    paths = agents.flatMap((a) => a.paths);
    if (paths.length === 0) throw new UsageError(noAgentData(agents, io.env, variant.discover === true));
  }
  if (paths.length === 0) paths = ['-'];
  // Before any reading: an output that would overwrite an input, or be read as one next time, is refused.
  const inputs = { logs: paths, files: [flags.baseline, flags.fxFile], pricing: [flags.pricingDir ?? DEFAULT_PRICING_DIR, ...flags.pricing] };
  const ledgerFormat = isLedgerFormat(flags.format) ? flags.format : undefined;
  // The ledger is checked like the report it stands for: NDJSON as JSON, CSV as CSV.
  assertOutputs(io.env, { ...flags, format: ledgerFormat === undefined ? (flags.format as OutputFormat) : ledgerFormat === 'ledger-csv' ? 'csv' : 'json' }, inputs);
  if (ledgerFormat !== undefined) assertLedgerFlags(ledgerFormat, { ...flags, policies: hasPolicies(flags) });
  const whatIfCsv = whatIfCsvPath(flags);
  if (whatIfCsv !== undefined) assertWritable(flags.whatIfCsv === undefined ? '--out (its what-if CSV)' : '--what-if-csv', whatIfCsv, 'csv', inputs);
  // Read the baseline first: a bad baseline should fail before minutes of log reading.
  const baseline = flags.baseline === undefined ? undefined : loadBaseline(io, flags.baseline);
  if (flags.map && flags.inputFormat) throw new UsageError('--map and --input-format both say how to read the logs; use one of them');
  assertGateFlags(flags);
  // Rates convert costs for display (--currency) and limits written in another currency than the costs.
  const convertsLimits = amountLimits(policiesFrom(flags)).length > 0;
  if (flags.fx.length > 0 && !flags.currency && !convertsLimits) throw new UsageError('--fx needs --currency: say which currency to convert to (for example --currency CNY --fx USDCNY=7.2)');
  assertViewFlags(flags);
  const now = flags.now?.at ?? Date.now();
  const { since, until } = timeRange(flags, now);
  const pricingDir = flags.pricingDir ?? DEFAULT_PRICING_DIR;
  // Validated pricing is kept in the cache folder too (pricing/snapshot.ts).
  const catalogue = loadCatalogue([pricingDir], flags.pricing, cacheDir(flags, io.env));
  if (flags.region !== undefined) assertKnownRegion(catalogue, flags.region);
  if (flags.fxFile && !flags.currency && !convertsLimits) throw new UsageError('--fx-file needs --currency: say which currency to convert to (for example --currency CNY --fx-file rates.csv)');
  const targets = compareTargets(catalogue, flags.compare, flags.provider);
  // The what-if is ranked in one currency, so comparing loads the rates too.
  const table = flags.currency || convertsLimits || targets.ids.length > 0 ? (flags.fxFile ? loadFxFile(flags.fxFile, loadFx(pricingDir)) : loadFx(pricingDir)) : undefined;
  const conversion = flags.currency && table ? { currency: flags.currency, table, overrides: flags.fx } : undefined;
  const fx = limitFx(catalogue, table, flags.fx);
  assertKnownCurrencies(policiesFrom(flags), fx.known);
  const progress = flags.progress && io.stderrIsTTY ? new ProgressLine((text) => io.stderr(text)) : undefined;
  const ledger = ledgerFormat === undefined ? undefined : openLedger(io, ledgerFormat, catalogue, flags.out);
  const report = await audit({
    ...(ledger && { onRow: ledger.onRow }),
    paths,
    ...(agents && { accept: agentFilters(agents) }),
    catalogue,
    pricingSource: { dirs: [pricingDir], overrides: flags.pricing },
    threads: flags.threads,
    groupBy: flags.groupBy,
    compare: targets.ids,
    groupCompare: !targets.all,
    scenarios: scenarioSpecs(catalogue, flags),
    targetTokens: flags.targetTokens,
    ranking: table && targets.ids.length > 0 ? { table, overrides: flags.fx, currency: flags.currency, currentOnly: targets.all, retired: targets.retired } : undefined,
    asOf: flags.asOf,
    since,
    until,
    timeZone: flags.tz,
    weekStart: flags.weekStart,
    project: flags.project,
    breakdown: flags.breakdown,
    now,
    tokenLimit: flags.tokenLimit,
    region: flags.region,
    serviceTier: flags.serviceTier,
    conversion,
    inputFormat: flags.inputFormat,
    map: flags.map,
    defaultModel: flags.defaultModel,
    defaultTime: flags.defaultTime?.at,
    stdin: io.stdin,
    problemLimit: flags.maxProblems,
    hashInputs: flags.hashInputs,
    cacheDir: cacheDir(flags, io.env),
    onProgress: progress && ((p) => progress.update(p)),
  })
    .catch((error: unknown) => {
      ledger?.abort();
      throw error;
    })
    .finally(() => progress?.done());
  if (ledger) {
    ledger.finish(report);
    if (report.rows.read === 0) io.stderr(`llm-audit: no rows read from ${paths.join(', ')}: no .jsonl/.json/.csv files (optionally .gz), or only empty ones\n`);
    else io.stderr(summaryLine(report).replace('(details in the report)', '(each with its status and reason in the ledger)'));
    return strictCode(report, flags.strict ?? false, io);
  }
  const format = flags.format as OutputFormat;
  if (agents) describeAgents(report, agents, io.env);
  const color = flags.color && format === 'table' && !flags.out && io.stdoutIsTTY && !io.noColorEnv;
  let code: number;
  if (baseline && flags.baseline) {
    code = runGate(io, flags.baseline, baseline, report, { ...flags, format, color }, fx);
  } else {
    // Policies without a baseline: the report as asked, and the verdict after it (table, Markdown) or on stderr.
    const check = hasPolicies(flags) ? checkRun(io, report, flags, fx) : undefined;
    const verdict = (format: OutputFormat): string => (check && (format === 'table' || format === 'markdown') ? `\n${check.verdict(format)}` : '');
    // In chunks, each written before the next is made: a large JSON report is never one string.
    const chunks = followedBy(chunkedRenderers[format](report, { color, decimals: flags.decimals, ...tableLayout(io, flags) }), verdict(format));
    if (flags.out) io.writeFile(flags.out, chunks);
    else await io.stdoutChunks(chunks);
    if (flags.github) appendStepSummary(io, renderers.markdown(report) + verdict('markdown'));
    code = check?.code ?? 0;
  }
  for (const warning of report.warnings ?? []) io.stderr(`llm-audit: warning: ${warning}\n`);
  if (whatIfCsv !== undefined) {
    io.writeFile(whatIfCsv, renderWhatIfCsv(report, { color: false, decimals: flags.decimals }));
    const scenarios = report.scenarios?.length ?? 0;
    io.stderr(`llm-audit: what-if of ${report.whatIf.length} ${report.whatIf.length === 1 ? 'model' : 'models'}${scenarios > 0 ? ` and ${scenarios} ${scenarios === 1 ? 'scenario' : 'scenarios'}` : ''} written to ${whatIfCsv}\n`);
  }
  if (report.rows.read === 0) io.stderr(`llm-audit: no rows read from ${paths.join(', ')}: no .jsonl/.json/.csv files (optionally .gz), or only empty ones\n`);
  else if (flags.format !== 'table' || flags.out) io.stderr(summaryLine(report));
  return Math.max(code, strictCode(report, flags.strict ?? false, io));
}

/** Nothing to read: the agents looked for and where, and what to do instead. */
function noAgentData(searches: readonly AgentSearch[], env: Io['env'], asked: boolean): string {
  const where = searches.map((a) => `${a.source.name} in ${a.searched.map((p) => displayPath(p, env)).join(', ') || '(no home folder)'}${a.envUsed ? ` (${a.envUsed})` : ''}`).join('; ');
  const todo = 'pass log files or folders, or - to read stdin (try: llm-audit fixtures/logs/quickstart.jsonl)';
  return asked ? `no coding agent data found on this machine (looked for ${where}); ${todo}` : `no input: ${todo}; no coding agent data was found on this machine either (looked for ${where})`;
}

/** Below this many columns the table takes its compact layout. */
const COMPACT_BELOW = 100;

/**
 * The table's width and layout: the terminal's width (stdout's columns, else the COLUMNS
 * variable); none for a file (--out). Compact below 100 columns, or with --compact.
 */
export function tableLayout(io: Pick<Io, 'env' | 'stdoutColumns'>, flags: Pick<ReportFlags, 'out' | 'compact'>): { width?: number; compact: boolean } {
  const env = Number(io.env.COLUMNS);
  const width = flags.out !== undefined ? undefined : (io.stdoutColumns ?? (Number.isInteger(env) && env > 0 ? env : undefined));
  return { width, compact: flags.compact === true || (width !== undefined && width < COMPACT_BELOW) };
}

/** The chunks of a rendered report, then a tail (the gate's verdict) when there is one. */
function* followedBy(chunks: Iterable<string>, tail: string): Generator<string> {
  yield* chunks;
  if (tail !== '') yield tail;
}

/** --since/--until as instants: a date or time written without an offset is a wall time in --tz (days and months follow it too). */
function timeRange(flags: ReportFlags, now: number): { since?: Instant; until?: Instant } {
  const place = (value: WallOrInstant | undefined): Instant | undefined => {
    if (value === undefined) return undefined;
    const { at, text } = flags.tz ? inZone(value, flags.tz) : value;
    return { at, text: value.wall && flags.tz && flags.tz !== 'UTC' ? `${text} (${flags.tz})` : text };
  };
  const last = flags.last;
  const since = last === undefined ? place(flags.since) : { at: startOfDayBefore(now, last - 1, flags.tz), text: '' };
  if (last !== undefined && since) since.text = `${new Date(since.at).toISOString()} (--last ${last}${flags.tz && flags.tz !== 'UTC' ? ` in ${flags.tz}` : ''})`;
  const until = place(flags.until);
  if (since && until && since.at >= until.at) {
    throw new UsageError(`--since ${since.text} is not before --until ${until.text}: no request could be kept; the range is [since, until), so give an earlier --since or a later --until`);
  }
  return { since, until };
}

/** The view options that only make sense together. */
function assertViewFlags(flags: ReportFlags): void {
  if (flags.last !== undefined && flags.since !== undefined) throw new UsageError('--last and --since both say where the report starts; use one of them');
  if (flags.breakdown && flags.groupBy.includes('model')) throw new UsageError('--breakdown lists the models under each row, and --group-by already has a row per model; group by something else (for example --group-by day --breakdown)');
  if (flags.tokenLimit !== undefined && !flags.groupBy.includes('block')) throw new UsageError('--token-limit measures 5-hour blocks: use it with `llm-audit blocks` or --group-by block');
  if (flags.weekStart !== 1 && !flags.groupBy.includes('week')) throw new UsageError('--week-start says where weeks start: use it with --group-by week');
}

/** A price book no model has would change nothing: every provider would fall back to its default book. */
function assertKnownRegion(catalogue: Catalogue, region: string): void {
  const books = new Set(catalogue.models.flatMap((m) => m.prices.map((v) => v.region)));
  if (!books.has(region)) throw new UsageError(`--region: no price book "${region}" in the pricing data; the books are ${[...books].sort().join(', ')}`);
}

/**
 * Where the what-if CSV goes: --what-if-csv, or with --compare --format csv --out FILE.csv the
 * sibling FILE.whatif.csv, so a finance export gets both files. A CSV on stdout stays one CSV, so
 * --compare with --format csv and neither --out nor --what-if-csv is refused rather than dropping
 * the what-if silently.
 */
function whatIfCsvPath(flags: ReportFlags): string | undefined {
  if (flags.whatIfCsv !== undefined) {
    if (!hasWhatIf(flags)) throw new UsageError('--what-if-csv needs --compare, --swap or --scenario: name the models to price the same traffic on (for example --compare gpt-4o-mini,claude-haiku-4-5, or --compare all)');
    if (flags.out !== undefined && resolve(flags.out) === resolve(flags.whatIfCsv)) throw new UsageError(`--what-if-csv ${flags.whatIfCsv} is also the --out file: name two files, such as --what-if-csv ${whatIfSibling(flags.out)}`);
    return flags.whatIfCsv;
  }
  if (!hasWhatIf(flags) || flags.format !== 'csv' || flags.baseline !== undefined) return undefined;
  if (flags.out === undefined) {
    throw new UsageError(`${flags.compare === undefined ? (flags.swap ? '--swap' : '--scenario') : '--compare'} with --format csv: the what-if is a CSV of its own, and stdout holds one CSV (the report); pass --what-if-csv FILE for it, or --out FILE.csv to write both (the what-if to FILE.whatif.csv)`);
  }
  return whatIfSibling(flags.out);
}

function hasWhatIf(flags: ReportFlags): boolean {
  return flags.compare !== undefined || flags.swap !== undefined || flags.scenario.length > 0;
}

/** report.csv → report.whatif.csv; a name with no extension gets .whatif.csv. */
export function whatIfSibling(out: string): string {
  const ext = extname(out);
  return ext === '' ? `${out}.whatif.csv` : `${out.slice(0, -ext.length)}.whatif${ext}`;
}

/**
 * The what-if targets: explicit ids must exist in the catalogue, so a typo is an error, not an empty
 * column. "all" is every model of the --provider list (all providers without one); the report then
 * leaves out those not current at the traffic's dates (report/ranking.ts), naming them.
 */
export function compareTargets(catalogue: Catalogue, option: string | undefined, providers: readonly string[] = []): { ids: string[]; all: boolean; retired: Map<string, string> } {
  if (option === undefined) {
    if (providers.length > 0) throw new UsageError('--provider needs --compare all: it chooses which providers\' models to compare (for example --compare all --provider openai,anthropic)');
    return { ids: [], all: false, retired: new Map() };
  }
  const items = splitList(option);
  const all = items.length === 1 && items[0] === 'all';
  if (!all && providers.length > 0) throw new UsageError('--provider filters --compare all; with named models, name only the ones you want (or use --compare all --provider …)');
  const known = new Set(catalogue.models.map((m) => m.provider));
  const unknownProviders = providers.filter((p) => !known.has(p));
  if (unknownProviders.length > 0) throw new UsageError(`--provider: no provider ${unknownProviders.map((p) => `"${p}"`).join(', ')} in the pricing data; the providers are ${[...known].sort().join(', ')}`);
  const models = all ? catalogue.models.filter((m) => providers.length === 0 || providers.includes(m.provider)) : [];
  const ids = all ? models.map((m) => m.id).sort() : [...new Set(items)];
  if (!all) {
    const unknown = items.filter((id) => !catalogue.knows(id));
    if (unknown.length > 0) {
      throw new UsageError(`--compare: no price data for ${unknown.map((u) => `"${u}"`).join(', ')}; list known models with \`llm-audit pricing list\`, or use --compare all`);
    }
  }
  const retired = new Map(models.flatMap((m) => (m.retired === undefined ? [] : [[m.id, m.retired] as const])));
  return { ids, all, retired };
}

/** --swap and --scenario, their targets checked against the catalogue (a typo is an error, not a scenario that changes nothing). */
function scenarioSpecs(catalogue: Catalogue, flags: ReportFlags): ScenarioSpec[] {
  const scenarios = collectScenarios(flags.swap, flags.scenario);
  for (const s of scenarios) {
    const unknown = [...new Set(s.rules.map((r) => r.target).filter((t) => !catalogue.knows(t)))];
    if (unknown.length > 0) {
      const option = s.name === 'swap' && flags.swap ? '--swap' : `--scenario ${s.name}`;
      const hints = unknown.map((u) => {
        const near = catalogue.suggest(u);
        return `"${u}"${near.length > 0 ? ` (did you mean ${near.map((n) => `"${n}"`).join(', ')}?)` : ''}`;
      });
      throw new UsageError(`${option}: no price data for target ${hints.join(', ')}; list known models with \`llm-audit pricing list\``);
    }
  }
  return scenarios;
}

function summaryLine(report: Report): string {
  const r = report.rows;
  if (r.unpriced + r.rejected + r.skipped === 0) return '';
  return `llm-audit: ${r.read} rows read: ${r.priced} priced, ${r.unpriced} unpriced, ${r.skipped} skipped, ${r.rejected} rejected (details in the report)\n`;
}

/** --strict: 3 when input was read but some of it was rejected or unpriced, or none of it was a request. */
function strictCode(report: Report, strict: boolean, io: Io): number {
  if (!strict) return 0;
  const { read, skipped, rejected, unpriced } = report.rows;
  if (read - skipped === 0) {
    io.stderr(`llm-audit: --strict: no request rows read (${read} rows read, ${skipped} skipped)\n`);
    return 3;
  }
  if (rejected + unpriced === 0) return 0;
  io.stderr(`llm-audit: --strict: ${rejected} rejected and ${unpriced} unpriced rows\n`);
  return 3;
}

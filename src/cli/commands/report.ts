// `llm-audit [report] <paths…>`: the main job. Reads logs, prices them, renders the report.
import { Command, Option } from 'commander';
import { audit } from '../../audit.ts';
import { GROUP_DIMENSIONS } from '../../core/aggregate.ts';
import { UsageError } from '../../errors.ts';
import { FORMATS, type FormatName } from '../../ingest/index.ts';
import type { Catalogue } from '../../pricing/catalog.ts';
import { DEFAULT_PRICING_DIR, loadCatalogue } from '../../pricing/load.ts';
import type { Report } from '../../report/contract.ts';
import { OUTPUT_FORMATS, renderers, type OutputFormat } from '../../report/render/index.ts';
import { parseInstant, parseList, parsePositiveInt, splitList } from '../parse.ts';
import type { Io } from '../io.ts';

interface ReportFlags {
  format: OutputFormat;
  out?: string;
  groupBy: (typeof GROUP_DIMENSIONS)[number][];
  compare?: string;
  asOf?: { at: number; text: string };
  region?: string;
  inputFormat?: FormatName;
  defaultTime?: { at: number; text: string };
  pricingDir?: string;
  strict?: boolean;
  maxProblems: number;
  color: boolean;
}

const FORMAT_NAMES = FORMATS.map((f) => f.name);

export function reportCommand(io: Io): Command {
  return new Command('report')
    .description('price request logs and report what the traffic cost (the default command)')
    .argument('[paths...]', 'log files (.jsonl, .csv, optionally .gz), folders (searched recursively), or - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('-o, --out <file>', 'write the report to a file instead of stdout')
    .option('-g, --group-by <dims>', `group by one or more of ${GROUP_DIMENSIONS.join(', ')}, comma-separated`, (v) => parseList('--group-by', v, GROUP_DIMENSIONS), ['model'])
    .option('-c, --compare <models>', 'what-if: price the same traffic on these models (comma-separated ids, or "all")')
    .option('--as-of <date>', 'reprice everything with the pricing tables in force at this date (YYYY-MM-DD or ISO datetime, UTC)', (v) => parseInstant('--as-of', v))
    .option('--region <book>', 'price book where a provider has several (for example intl, cn)')
    .addOption(new Option('--input-format <name>', 'force one log format instead of detecting it').choices(FORMAT_NAMES))
    .option('--default-time <date>', 'timestamp for records that have none (else the file\'s modification time)', (v) => parseInstant('--default-time', v))
    .option('--pricing-dir <dir>', 'use this pricing folder (or file) instead of the shipped pricing/')
    .option('--strict', 'exit 2 when any row is rejected or unpriced')
    .option('--max-problems <n>', 'how many rejected/skipped rows to list (all are counted)', (v) => parsePositiveInt('--max-problems', v), 50)
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .action(async (paths: string[], flags: ReportFlags) => {
      io.exitCode = await runReport(io, paths, flags);
    });
}

async function runReport(io: Io, paths: string[], flags: ReportFlags): Promise<number> {
  if (paths.length === 0) {
    if (io.stdinIsTTY) throw new UsageError('no input: pass log files or folders, or - to read stdin (try: llm-audit fixtures/logs/basic.jsonl)');
    paths = ['-'];
  }
  const catalogue = loadCatalogue([flags.pricingDir ?? DEFAULT_PRICING_DIR]);
  const report = await audit({
    paths,
    catalogue,
    groupBy: flags.groupBy,
    compare: compareTargets(catalogue, flags.compare),
    asOf: flags.asOf,
    region: flags.region,
    inputFormat: flags.inputFormat,
    defaultTime: flags.defaultTime?.at,
    stdin: io.stdin,
    problemLimit: flags.maxProblems,
  });
  const color = flags.color && flags.format === 'table' && !flags.out && io.stdoutIsTTY && !io.noColorEnv;
  const text = renderers[flags.format](report, { color });
  if (flags.out) io.writeFile(flags.out, text);
  else io.stdout(text);
  if (flags.format !== 'table' || flags.out) io.stderr(summaryLine(report));
  return exitCode(report, flags.strict ?? false, io);
}

/** The what-if targets: explicit ids must exist in the catalogue, so a typo is an error, not an empty column. */
function compareTargets(catalogue: Catalogue, option: string | undefined): string[] {
  if (option === undefined) return [];
  const items = splitList(option);
  if (items.length === 1 && items[0] === 'all') return catalogue.models.map((m) => m.id).sort();
  const unknown = items.filter((id) => !catalogue.knows(id));
  if (unknown.length > 0) {
    throw new UsageError(`--compare: no price data for ${unknown.map((u) => `"${u}"`).join(', ')}; list known models with \`llm-audit pricing list\`, or use --compare all`);
  }
  return [...new Set(items)];
}

function summaryLine(report: Report): string {
  const r = report.rows;
  if (r.unpriced + r.rejected + r.skipped === 0) return '';
  return `llm-audit: ${r.read} rows read: ${r.priced} priced, ${r.unpriced} unpriced, ${r.skipped} skipped, ${r.rejected} rejected (details in the report)\n`;
}

function exitCode(report: Report, strict: boolean, io: Io): number {
  if (!strict) return 0;
  const { rejected, unpriced } = report.rows;
  if (rejected + unpriced === 0) return 0;
  io.stderr(`llm-audit: --strict: ${rejected} rejected and ${unpriced} unpriced rows\n`);
  return 2;
}

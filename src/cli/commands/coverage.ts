// `llm-audit pricing coverage LOGS…`: which models in these logs have no price at their timestamps,
// with how much traffic each carries and the nearest known ids: the list to fix (an alias, a newer
// price, an override) before the numbers can be trusted. The logs are read exactly as a report
// reads them, so what it lists is what a report would leave unpriced.
import { Command, Option } from 'commander';
import { audit } from '../../audit/index.ts';
import { UsageError } from '../../errors.ts';
import type { FormatName } from '../../ingest/formats/index.ts';
import { FORMATS } from '../../ingest/formats/index.ts';
import { MAP_KEYS, parseMapSpec } from '../../ingest/detect/map.ts';
import { DEFAULT_PRICING_DIR, loadCatalogue } from '../../pricing/load.ts';
import { parseServiceTier } from '../../pricing/options.ts';
import type { ServiceTier } from '../../core/types.ts';
import type { Report } from '../../report/contract.ts';
import { groupThousands } from '../../core/text.ts';
import type { Io } from '../io.ts';
import { parseInstant } from '../parse.ts';

type Instant = ReturnType<typeof parseInstant>;

const VIEW_FORMATS = ['table', 'json'] as const;

interface CoverageFlags {
  pricingDir?: string;
  pricing: string[];
  region?: string;
  serviceTier?: ServiceTier;
  asOf?: Instant;
  inputFormat?: FormatName;
  map?: Record<string, string>;
  defaultModel?: string;
  defaultTime?: Instant;
  format: (typeof VIEW_FORMATS)[number];
}

export function coverageCommand(io: Io): Command {
  return new Command('coverage')
    .description('list the models in these logs that have no price at their timestamps (exit 1 when there is one)')
    .argument('<paths...>', 'log files, folders, or - for stdin, read as the report command reads them')
    .option('--pricing-dir <dir>', 'use this pricing folder (or file) instead of the shipped pricing/')
    .option('--pricing <path>', 'apply an override file or folder on top; repeatable', (v: string, previous: string[]) => [...previous, v], [])
    .option('--region <book>', 'price book where a provider has several (for example intl, cn)')
    .option('--service-tier <tier>', 'service tier for requests whose log names none', (v) => parseServiceTier('--service-tier', v))
    .option('--as-of <date>', 'check against the tables in force at this date instead of each request time', (v) => parseInstant('--as-of', v))
    .addOption(new Option('--input-format <name>', 'force one log format instead of detecting it').choices(FORMATS.map((f) => f.name)))
    .option('--map <spec>', `read a custom shape (fields: ${MAP_KEYS.join(', ')})`, (v) => parseMapSpec(v))
    .option('--default-model <id>', 'model for records whose log names none')
    .option('--default-time <date>', "timestamp for records that have none (else the file's modification time)", (v) => parseInstant('--default-time', v))
    .addOption(new Option('-f, --format <format>', 'output format').choices(VIEW_FORMATS).default('table'))
    .exitOverride()
    .action(async (paths: string[], flags: CoverageFlags) => {
      io.exitCode = await runCoverage(io, paths, flags);
    });
}

async function runCoverage(io: Io, paths: string[], flags: CoverageFlags): Promise<number> {
  if (flags.map && flags.inputFormat) throw new UsageError('--map and --input-format both say how to read the logs; use one of them');
  const pricingDir = flags.pricingDir ?? DEFAULT_PRICING_DIR;
  const catalogue = loadCatalogue([pricingDir], flags.pricing);
  const report = await audit({
    paths,
    catalogue,
    pricingSource: { dirs: [pricingDir], overrides: flags.pricing },
    groupBy: ['model'],
    compare: [],
    asOf: flags.asOf,
    region: flags.region,
    serviceTier: flags.serviceTier,
    inputFormat: flags.inputFormat,
    map: flags.map,
    defaultModel: flags.defaultModel,
    defaultTime: flags.defaultTime?.at,
    stdin: io.stdin,
    problemLimit: 0,
  });
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify({ rows: report.rows, pricedModels: report.groups.length, unpriced: report.unpriced, pricing: report.pricing.hash }, null, 2)}\n`);
  } else {
    io.stdout(renderCoverage(report));
  }
  if (report.rows.read === 0) io.stderr(`llm-audit: no rows read from ${paths.join(', ')}\n`);
  return report.unpriced.length > 0 ? 1 : 0;
}

function renderCoverage(report: Report): string {
  const r = report.rows;
  const read = `${groupThousands(r.read)} rows read: ${groupThousands(r.priced)} priced in ${report.groups.length} ${report.groups.length === 1 ? 'model' : 'models'}, ${groupThousands(r.unpriced)} unpriced, ${groupThousands(r.skipped)} skipped, ${groupThousands(r.rejected)} rejected`;
  if (report.unpriced.length === 0) return `${read}\nEvery model in these logs has a price at its timestamps: nothing to fix.\n`;
  const lines = [read, '', `${report.unpriced.length} ${report.unpriced.length === 1 ? 'model has' : 'models have'} no price at their timestamps:`, ''];
  for (const u of report.unpriced) {
    const t = u.tokens;
    lines.push(`  ${u.model}`);
    lines.push(`    ${groupThousands(u.requests)} ${u.requests === 1 ? "request" : "requests"}; tokens: ${groupThousands(t.input)} input, ${groupThousands(t.cacheRead)} cache read, ${groupThousands(t.cacheWrite)} cache write, ${groupThousands(t.output)} output`);
    lines.push(`    why: ${u.reason}`);
  }
  lines.push(
    '',
    'To fix: add the model or a newer version to pricing/ (pricing/README.md, "Adding a price"), or your own prices with --pricing FILE;',
    'an id that means a known model can be declared as an alias. `llm-audit pricing show ID` shows what an id resolves to.',
  );
  return `${lines.join('\n')}\n`;
}

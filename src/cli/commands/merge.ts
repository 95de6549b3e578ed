// `llm-audit merge REPORT.json…`: the JSON reports of shards of the inputs (a CI matrix, a job
// array, one per machine) combined into the report of all the inputs, rendered like the report
// command's. The merging is in src/merge; this file is the IO around it.
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../../errors.ts';
import { mergeReports } from '../../merge/merge.ts';
import { assertMergeable, type Shard } from '../../merge/check.ts';
import { renderWhatIfCsv } from '../../report/render/csv.ts';
import { chunkedRenderers, OUTPUT_FORMATS, type OutputFormat } from '../../report/render/index.ts';
import { loadBaseline } from '../gate.ts';
import { tableLayout } from './report.ts';
import type { Io } from '../io.ts';
import { assertOutputs, assertWritable } from '../outpath.ts';
import { parsePositiveInt } from '../parse.ts';

interface MergeFlags {
  format: OutputFormat;
  out?: string;
  whatIfCsv?: string;
  decimals?: number;
  maxProblems?: number;
  compact?: boolean;
  color: boolean;
}

export function mergeCommand(io: Io): Command {
  return new Command('merge')
    .description('combine JSON reports of shards of the inputs (same llm-audit version, options and pricing hash) into the report of all of them, exactly; mismatched ones, and 5-hour blocks, are refused with the reason; see README "Sharding"')
    .argument('<reports...>', 'JSON reports (llm-audit LOGS --format json --out shard-N.json), in the order of their inputs')
    .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('-o, --out <file>', 'write the merged report to a file instead of stdout')
    .option('--what-if-csv <file>', 'write the what-if (reports made with --compare, --swap or --scenario) as a CSV to this file')
    .option('--decimals <n>', 'CSV: round costs to n places, rows still summing to the total exactly', (v) => parsePositiveInt('--decimals', v))
    .option('--max-problems <n>', 'the --max-problems the shards were made with (default: read from a shard cut to it, else 50)', (v) => parsePositiveInt('--max-problems', v))
    .option('--compact', 'the compact table (fits 80 columns; chosen by itself below 100 columns), as the report command')
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .exitOverride()
    .action(async (files: string[], flags: MergeFlags) => {
      io.exitCode = await runMerge(io, files, flags);
    });
}

async function runMerge(io: Io, files: string[], flags: MergeFlags): Promise<number> {
  assertOutputs(io.env, { ...flags, github: false }, { files });
  if (flags.whatIfCsv !== undefined) assertWritable('--what-if-csv', flags.whatIfCsv, 'csv', { files: [...files, flags.out] });
  const seen = new Set<string>();
  for (const file of files) {
    // The same report twice would count its inputs twice.
    if (seen.has(resolve(file))) throw new UsageError(`merge: ${file} is given twice; each shard's report once`);
    seen.add(resolve(file));
  }
  const shards: Shard[] = files.map((file) => ({ file, report: loadBaseline(io, file) }));
  assertMergeable(shards);
  assertDistinctInputs(io, shards);
  const { report, caveats } = mergeReports(shards, { maxProblems: flags.maxProblems });
  const whatIf = report.whatIf.length > 0 || (report.scenarios?.length ?? 0) > 0;
  if (flags.format === 'csv' && whatIf && flags.whatIfCsv === undefined) {
    io.stderr('llm-audit: the reports have a what-if: it is a CSV of its own; pass --what-if-csv FILE to write it too\n');
  }
  const color = flags.color && flags.format === 'table' && !flags.out && io.stdoutIsTTY && !io.noColorEnv;
  const chunks = chunkedRenderers[flags.format](report, { color, decimals: flags.decimals, ...tableLayout(io, flags) });
  if (flags.out !== undefined) io.writeFile(flags.out, chunks);
  else await io.stdoutChunks(chunks);
  if (flags.whatIfCsv !== undefined) io.writeFile(flags.whatIfCsv, renderWhatIfCsv(report, { color: false, decimals: flags.decimals }));
  for (const warning of report.warnings ?? []) io.stderr(`llm-audit: warning: ${warning}\n`);
  for (const caveat of caveats) io.stderr(`llm-audit: merge: ${caveat}\n`);
  return 0;
}

/** A file hashed alike (--hash-inputs) in two reports was read twice: refused. The same path without hashes may be another machine's file: said on stderr. */
function assertDistinctInputs(io: Io, shards: readonly Shard[]): void {
  const owner = new Map<string, string>();
  for (const { file, report } of shards) {
    for (const input of report.inputs ?? []) {
      if (input.kind === 'stdin') continue;
      const key = input.sha256 ?? `path:${input.path}`;
      const other = owner.get(key);
      if (other !== undefined && other !== file) {
        if (input.sha256 !== null) throw new UsageError(`merge: ${file} and ${other} both read ${input.path} (sha256 ${input.sha256}): its rows would be counted twice; give each input to one shard only`);
        io.stderr(`llm-audit: merge: warning: ${file} and ${other} both read a path named ${input.path}; if it is the same file its rows are counted twice\n`);
      }
      owner.set(key, file);
    }
  }
}

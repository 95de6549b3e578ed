// `llm-audit diff BASELINE.json CURRENT.json`: compares two saved JSON reports (the CI gate).
import { Command, Option } from 'commander';
import { OUTPUT_FORMATS, type OutputFormat } from '../../report/render/index.ts';
import { addGateOptions, loadBaseline, runGate, type GateFlags } from '../gate.ts';
import type { Io } from '../io.ts';
import { assertOutputs } from '../outpath.ts';

interface DiffFlags extends GateFlags {
  format: OutputFormat;
  out?: string;
  color: boolean;
}

export function diffCommand(io: Io): Command {
  const command = new Command('diff')
    .description('compare two JSON reports: cost change per group, usage-driven vs price-driven, and policies (exit 1 when one fails)')
    .argument('<baseline>', 'the baseline report (llm-audit LOGS --format json --out llm-cost-baseline.json)')
    .argument('<current>', 'the current report')
    .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('-o, --out <file>', 'write the comparison to a file instead of stdout')
    .option('--no-color', 'no colours (also NO_COLOR=1)');
  return addGateOptions(command).action((baselineFile: string, currentFile: string, flags: DiffFlags) => {
    // The two reports are inputs: `--out` may not replace either of them with the comparison.
    assertOutputs(io.env, flags, { files: [baselineFile, currentFile] });
    const baseline = loadBaseline(io, baselineFile);
    const current = loadBaseline(io, currentFile);
    io.exitCode = runGate(io, baselineFile, baseline, current, flags);
  });
}

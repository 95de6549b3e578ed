// `llm-audit diff BASELINE.json CURRENT.json`: compares two saved JSON reports (the CI gate).
import { Command, Option } from 'commander';
import { loadFx, parseFxOverride, type FxOverride } from '../../pricing/fx.ts';
import { DEFAULT_PRICING_DIR } from '../../pricing/load.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../../report/render/index.ts';
import { addGateOptions, assertKnownCurrencies, fxCurrencies, loadBaseline, policiesFrom, runGate, type GateFlags } from '../gate.ts';
import type { Io } from '../io.ts';
import { assertOutputs } from '../outpath.ts';

interface DiffFlags extends GateFlags {
  format: OutputFormat;
  out?: string;
  color: boolean;
  fx: FxOverride[];
}

export function diffCommand(io: Io): Command {
  const command = new Command('diff')
    .description('compare two JSON reports: cost change per group split into volume, mix and price; unpriced and rejected rows of each; policies (exit 1 when one fails)')
    .argument('<baseline>', 'the baseline report (llm-audit LOGS --format json --out llm-cost-baseline.json)')
    .argument('<current>', 'the current report')
    .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('-o, --out <file>', 'write the comparison to a file instead of stdout')
    .option('--fx <PAIR=RATE>', 'an exchange rate for a limit in another currency than the costs, such as USDCNY=7.2 (else the monthly rates of pricing/fx.json); repeatable', (v: string, previous: FxOverride[]) => [...previous, parseFxOverride(v)], [])
    .option('--no-color', 'no colours (also NO_COLOR=1)');
  return addGateOptions(command, 'always').action((baselineFile: string, currentFile: string, flags: DiffFlags) => {
    // The two reports are inputs: `--out` may not replace either of them with the comparison.
    assertOutputs(io.env, flags, { files: [baselineFile, currentFile] });
    const baseline = loadBaseline(io, baselineFile);
    const current = loadBaseline(io, currentFile);
    const table = loadFx(DEFAULT_PRICING_DIR);
    // The pricing data of the two reports is represented by their costs' currencies.
    const reportCurrencies = [baseline, current].flatMap((r) => r.totals.byCurrency.map((l) => l.currency));
    const known = new Set([...reportCurrencies, ...fxCurrencies(table, flags.fx)]);
    assertKnownCurrencies(policiesFrom(flags), known);
    io.exitCode = runGate(io, baselineFile, baseline, current, flags, { known, table, overrides: flags.fx });
  });
}

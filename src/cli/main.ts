// Entry point: builds the commander program, runs it, and turns errors into exit codes.
// Exit codes (README, "Exit codes"): 0 ok; 1 a policy failed (gate runs: cost, budget, unpriced or
// rejected rows, empty input); 2 could not run (usage, unreadable input, invalid pricing, an output
// that cannot be written); 3 input was read but --strict found rejected or unpriced rows, or none.
import { Command, CommanderError } from 'commander';
import { AuditError } from '../errors.ts';
import { VERSION } from '../version.ts';
import { diffCommand } from './commands/diff.ts';
import { formatsCommand } from './commands/formats.ts';
import { mergeCommand } from './commands/merge.ts';
import { pricingCommand } from './commands/pricing.ts';
import { reportCommand } from './commands/report.ts';
import { processIo } from './io.ts';
import { describeWriteError } from './outpath.ts';

async function main(): Promise<void> {
  const io = processIo();
  const program = new Command('llm-audit')
    .description('What your LLM traffic cost, with dated prices, and what it would have cost on other models.')
    .version(VERSION)
    .showHelpAfterError('(run llm-audit --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.addCommand(reportCommand(io).exitOverride(), { isDefault: true });
  program.addCommand(diffCommand(io).exitOverride());
  program.addCommand(formatsCommand(io).exitOverride());
  program.addCommand(mergeCommand(io).exitOverride());
  program.addCommand(pricingCommand(io).exitOverride());
  let code: number;
  try {
    await program.parseAsync(process.argv);
    code = io.exitCode;
  } catch (error) {
    code = exitCodeFor(error, io);
  }
  // The report is only delivered once stdout has taken it: a full disk is a run that could not
  // finish (2), never a silent success nor a Node trace. A reader that left early (EPIPE, `| head`)
  // is not an error: the run keeps its own code (see io.ts).
  const failure = await io.stdoutDone();
  if (failure) {
    io.stderr(`llm-audit: cannot write the report to stdout: ${describeWriteError(failure)}\n`);
    code = 2;
  }
  process.exitCode = code;
}

function exitCodeFor(error: unknown, io: ReturnType<typeof processIo>): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here with exit code 0; usage errors were already printed.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof AuditError) {
    io.stderr(`llm-audit: ${error.message}\n`);
    return 2;
  }
  // A bug, not bad input: say so plainly, with the stack for the report.
  io.stderr(`llm-audit: internal error — please report it with the command you ran:\n${(error as Error)?.stack ?? String(error)}\n`);
  return 2;
}

await main();

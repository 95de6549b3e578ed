// The CLI as a function of its arguments and an Io (io.ts): main.ts runs it on the process; tests
// and embedders run it on a buffered Io (bufferedIo), in process.
import { Command, CommanderError } from 'commander';
import { AuditError } from '../errors.ts';
import { VERSION } from '../version.ts';
import { diffCommand } from './commands/diff.ts';
import { formatsCommand } from './commands/formats.ts';
import { mergeCommand } from './commands/merge.ts';
import { pricingCommand } from './commands/pricing.ts';
import { AGENTS, BLOCKS, reportCommand } from './commands/report.ts';
import { sqlCommand } from './commands/sql.ts';
import { statuslineCommand } from './commands/statusline.ts';
import { tokensCommand } from './commands/tokens.ts';
import type { Io } from './io.ts';
import { describeWriteError } from './outpath.ts';

/** Runs the CLI on `args` (the user's arguments, without node and the script) and returns the exit code. */
export async function runCli(args: readonly string[], io: Io): Promise<number> {
  const program = new Command('llm-audit')
    .description('What your LLM traffic cost, with dated prices, and what it would have cost on other models.')
    .version(VERSION)
    .showHelpAfterError('(run llm-audit --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.addCommand(reportCommand(io).exitOverride(), { isDefault: true });
  program.addCommand(reportCommand(io, BLOCKS).exitOverride());
  program.addCommand(reportCommand(io, AGENTS).exitOverride());
  program.addCommand(diffCommand(io).exitOverride());
  program.addCommand(formatsCommand(io).exitOverride());
  program.addCommand(mergeCommand(io).exitOverride());
  program.addCommand(pricingCommand(io).exitOverride());
  program.addCommand(sqlCommand(io).exitOverride());
  program.addCommand(statuslineCommand(io).exitOverride());
  program.addCommand(tokensCommand(io).exitOverride());
  routeOutput(program, io);
  let code: number;
  try {
    await program.parseAsync([...args], { from: 'user' });
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
  return code;
}

/** Help and usage errors of every (sub)command through the Io: addCommand() does not pass the root's output on. */
function routeOutput(command: Command, io: Io): void {
  command.configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const sub of command.commands) routeOutput(sub, io);
}

function exitCodeFor(error: unknown, io: Io): number {
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

// Entry point: builds the commander program, runs it, and turns errors into exit codes.
// Exit codes: 0 ok; 1 a policy failed; 2 could not run (usage, unreadable input, invalid pricing, --strict).
import { Command, CommanderError } from 'commander';
import { AuditError } from '../errors.ts';
import { VERSION } from '../version.ts';
import { diffCommand } from './commands/diff.ts';
import { formatsCommand } from './commands/formats.ts';
import { pricingCommand } from './commands/pricing.ts';
import { reportCommand } from './commands/report.ts';
import { processIo } from './io.ts';

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
  program.addCommand(pricingCommand(io).exitOverride());
  try {
    await program.parseAsync(process.argv);
    process.exitCode = io.exitCode;
  } catch (error) {
    process.exitCode = exitCodeFor(error, io);
  }
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

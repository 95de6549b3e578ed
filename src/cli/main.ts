// Entry point: builds the commander program, runs it, and turns errors into exit codes.
// Exit codes (README, "Exit codes"): 0 ok; 1 a policy failed (gate runs: cost, budget, unpriced or
// rejected rows, empty input); 2 could not run (usage, unreadable input, invalid pricing, an output
// that cannot be written); 3 input was read but --strict found rejected or unpriced rows, or none.
import { processIo } from './io.ts';
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv.slice(2), processIo());

// Entry of `llm-audit statusline` (bin/llm-audit.js loads it instead of the whole CLI). Claude Code
// runs the status line command after every message and every few seconds; most runs find the
// figures kept by the run before still true (state.ts), and this entry answers them having loaded
// only what that needs: no pricing data, no log readers, no command-line framework. On a miss it
// loads what makes figures (compute.ts) and goes on with the listing it has. Anything else (--help,
// --tz, --now, an option it does not know, bad input, any error) goes to the full command, which
// gets the same stdin and says what is wrong.

import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { parseHook } from './hook.ts';
import { drawStatus, planStatus, readText, type StatuslineFlags } from './plan.ts';
import { keptFigures } from './state.ts';

const args = process.argv.slice(3);
const stdinIsTTY = Boolean(process.stdin.isTTY);
const text = stdinIsTTY ? '' : await readText(process.stdin);
const answered = await answer(args, text).catch(() => false);
if (!answered) {
  const [{ runCli }, { processIo }] = await Promise.all([import('../cli/program.ts'), import('../cli/io.ts')]);
  const io = { ...processIo(), stdin: Readable.from([text]), stdinIsTTY };
  process.exitCode = await runCli(process.argv.slice(2), io);
}

/**
 * Draws the line from kept figures when they hold; else makes them (compute.ts, loaded only then)
 * from the listing already made. False for what the full command must say (usage, bad input).
 */
async function answer(args: string[], text: string): Promise<boolean> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      tz: { type: 'string' },
      now: { type: 'string' },
      color: { type: 'boolean' },
      'pricing-dir': { type: 'string' },
      pricing: { type: 'string', multiple: true },
      'cache-dir': { type: 'string' },
      'no-cache': { type: 'boolean' },
    },
  });
  const format = values.format ?? 'line';
  // Values the full command checks with its own messages (a zone name, an instant) are left to it.
  if ((format !== 'line' && format !== 'json') || values.tz !== undefined || values.now !== undefined || values['no-cache']) return false;
  const flags: StatuslineFlags = { format, color: values.color === true, pricing: values.pricing ?? [], cache: true, ...(values['pricing-dir'] !== undefined && { pricingDir: values['pricing-dir'] }), ...(values['cache-dir'] !== undefined && { cacheDir: values['cache-dir'] }) };
  const hook = parseHook(text);
  const plan = await planStatus(process.env, hook, positionals, flags, 'listed');
  let figures = plan.kept === undefined ? undefined : keptFigures(plan.kept, plan.key, plan.sources, plan.now);
  if (!figures) {
    const { statusFigures } = await import('./compute.ts');
    figures = await statusFigures(plan, hook, flags, undefined);
  }
  process.stdout.write(drawStatus(figures, hook, plan.now, flags));
  return true;
}

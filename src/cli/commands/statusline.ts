// `llm-audit statusline`: one line for Claude Code's status line hook (settings.json
// "statusLine": {"type": "command", "command": "llm-audit statusline"}). Claude Code passes its
// status JSON on stdin; the line says what this session, today and the running 5-hour block cost,
// the block's burn rate and projection, and how full the context is. It reads only the files
// modified since the window it needs (statusline/window.ts), through the per-file cache.
import { Command, Option } from 'commander';
import { statusFigures } from '../../statusline/compute.ts';
import { parseHook } from '../../statusline/hook.ts';
import { drawStatus, planStatus, readText, type StatuslineFlags } from '../../statusline/plan.ts';
import type { Io } from '../io.ts';
import { parseInstant, parseTimeZone } from '../parse.ts';

export function statuslineCommand(io: Io): Command {
  return new Command('statusline')
    .description("one line for Claude Code's status line (settings.json statusLine command): this session's, today's and the running 5-hour block's cost, burn rate, projection and context use, from Claude Code's status JSON on stdin; unpriced requests are counted beside the cost")
    .argument('[paths...]', "Claude Code project folders to read instead of the ones found (CLAUDE_CONFIG_DIR, ~/.config/claude, ~/.claude)")
    .addOption(new Option('-f, --format <format>', 'line: the status line; json: the same figures for scripts').choices(['line', 'json']).default('line'))
    .option('--tz <zone>', "IANA time zone of \"today\" (default: this machine's)", (v) => parseTimeZone('--tz', v))
    .option('--now <datetime>', 'judge today and the active block at this instant instead of the clock', (v) => parseInstant('--now', v))
    .option('--color', 'colour the context use and unpriced counts (ANSI; Claude Code shows them)')
    .option('--pricing-dir <dir>', 'use this pricing folder (or file) instead of the shipped pricing/')
    .option('--pricing <path>', 'add or replace prices from this file or folder; repeatable', (v: string, previous: string[]) => [...previous, v], [])
    .option('--cache-dir <dir>', 'the per-file cache folder (default $XDG_CACHE_HOME/llm-audit or ~/.cache/llm-audit)')
    .option('--no-cache', 'read every file needed, and neither use nor write the cache (also LLM_AUDIT_CACHE=0)')
    .exitOverride()
    .action(async (paths: string[], flags: StatuslineFlags) => {
      io.exitCode = await runStatusline(io, paths, flags);
    });
}

async function runStatusline(io: Io, paths: string[], flags: StatuslineFlags): Promise<number> {
  const hook = io.stdinIsTTY ? {} : parseHook(await readText(io.stdin));
  const plan = await planStatus(io.env, hook, paths, flags);
  io.stdout(drawStatus(await statusFigures(plan, hook, flags), hook, plan.now, flags));
  return 0;
}

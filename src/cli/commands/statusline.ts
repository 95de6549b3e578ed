// `llm-audit statusline`: one line for Claude Code's status line hook (settings.json
// "statusLine": {"type": "command", "command": "llm-audit statusline"}). Claude Code passes its
// status JSON on stdin; the line says what this session, today and the running 5-hour block cost,
// the block's burn rate and projection, and how full the context is. It reads only the files
// modified since the window it needs (statusline/window.ts), through the per-file cache.
import { Command, Option } from 'commander';
import { AuditError, UsageError } from '../../errors.ts';
import { CLAUDE_CODE_SOURCE } from '../../ingest/agents/claude-code/source.ts';
import { discoverAgents, displayPath } from '../../ingest/agents/discover.ts';
import { resolveSources } from '../../ingest/read/sources.ts';
import { DEFAULT_PRICING_DIR, loadCatalogue } from '../../pricing/load.ts';
import { cacheDir } from '../../cache/dir.ts';
import { makeFigures } from '../../statusline/figures.ts';
import { parseHook, type StatusHook } from '../../statusline/hook.ts';
import { statusLine, statusView } from '../../statusline/render.ts';
import { sessionStartOf } from '../../statusline/window.ts';
import type { Io } from '../io.ts';
import { parseInstant, parseTimeZone } from '../parse.ts';

interface StatuslineFlags {
  format: 'line' | 'json';
  tz?: string;
  now?: { at: number; text: string };
  color?: boolean;
  pricingDir?: string;
  pricing: string[];
  cacheDir?: string;
  cache: boolean;
}

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
  const folders = paths.length > 0 ? paths : claudeFolders(io, hook);
  const now = flags.now?.at ?? Date.now();
  const timeZone = flags.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const catalogue = loadCatalogue([flags.pricingDir ?? DEFAULT_PRICING_DIR], flags.pricing);
  const sources = await resolveSources(folders);
  const figures = await makeFigures({
    sources,
    ...(hook.sessionId !== undefined && { sessionId: hook.sessionId }),
    ...(hook.transcriptPath !== undefined && { transcript: hook.transcriptPath, sessionStart: sessionStartOf(hook.transcriptPath) }),
    ...(hook.modelId !== undefined && { modelId: hook.modelId }),
    now,
    timeZone,
    catalogue,
    cacheDir: cacheDir(flags, io.env),
  });
  const view = statusView(figures, hook, now);
  if (flags.format === 'json') io.stdout(`${JSON.stringify(view, null, 2)}\n`);
  else io.stdout(`${statusLine(view, { color: flags.color === true })}\n`);
  return 0;
}

/** Claude Code's project folders on this machine; none is an error saying where they were looked for. */
function claudeFolders(io: Io, hook: StatusHook): string[] {
  const [search] = discoverAgents(io.env, [CLAUDE_CODE_SOURCE]);
  if (search && search.paths.length > 0) return search.paths;
  const where = search?.searched.map((p) => displayPath(p, io.env)).join(', ') || '(no home folder)';
  const hint = hook.transcriptPath ? `; the session file ${hook.transcriptPath} is not in them: set CLAUDE_CONFIG_DIR to its config folder` : '';
  throw new UsageError(`statusline: no Claude Code data found (looked in ${where}${search?.envUsed ? `, from ${search.envUsed}` : ''})${hint}; or pass the projects folder as an argument`);
}

async function readText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  } catch (error) {
    throw new AuditError(`statusline: cannot read stdin: ${(error as Error).message}`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// What a status line run reads and where it keeps its figures, decided the same way by the command
// (cli/commands/statusline.ts) and by the quick path (quick.ts) that answers from kept figures
// without loading the rest of llm-audit.

import { cacheDir } from '../cache/dir.ts';
import { AuditError, UsageError } from '../errors.ts';
import { CLAUDE_CODE_SOURCE } from '../ingest/agents/claude-code/source.ts';
import { discoverAgents, displayPath, type Env } from '../ingest/agents/discover.ts';
import { resolveSources, type Check, type Source } from '../ingest/read/walk.ts';
import { DEFAULT_PRICING_DIR } from '../paths.ts';
import type { StatusFigures } from './figures.ts';
import type { StatusHook } from './hook.ts';
import { statusLine, statusView } from './render.ts';
import { statePath, type StateKey } from './state.ts';

export interface StatuslineFlags {
  format: 'line' | 'json';
  tz?: string;
  now?: { at: number; text: string };
  color?: boolean;
  pricingDir?: string;
  pricing: string[];
  cacheDir?: string;
  cache: boolean;
}

export interface StatusPlan {
  sources: Source[];
  now: number;
  /** --tz, else this machine's zone. */
  timeZone: () => string;
  pricingDir: string;
  cacheDir: string | undefined;
  key: StateKey;
  /** Where the figures are kept; undefined without a cache. */
  kept: string | undefined;
}

/** `check`: 'listed' for the quick path, which only compares the listing with the kept one (walk.ts Check). */
export async function planStatus(env: Env, hook: StatusHook, paths: readonly string[], flags: StatuslineFlags, check: Check = 'readable'): Promise<StatusPlan> {
  const folders = paths.length > 0 ? [...paths] : claudeFolders(env, hook);
  const now = flags.now?.at ?? Date.now();
  const pricingDir = flags.pricingDir ?? DEFAULT_PRICING_DIR;
  const dir = cacheDir(flags, env);
  // The machine's zone by name only when figures are made: asking Intl for it costs the quick path ~30 ms.
  const zone = flags.tz ?? `local (TZ=${env.TZ ?? ''})`;
  const key: StateKey = { folders, sessionId: hook.sessionId, transcript: hook.transcriptPath, modelId: hook.modelId, timeZone: zone, pricing: [pricingDir, ...flags.pricing] };
  return { sources: await resolveSources(folders, undefined, check), now, timeZone: () => flags.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC', pricingDir, cacheDir: dir, key, kept: dir === undefined ? undefined : statePath(dir, key) };
}

export function drawStatus(figures: StatusFigures, hook: StatusHook, now: number, flags: Pick<StatuslineFlags, 'format' | 'color'>): string {
  const view = statusView(figures, hook, now);
  return flags.format === 'json' ? `${JSON.stringify(view, null, 2)}\n` : `${statusLine(view, { color: flags.color === true })}\n`;
}

/** Claude Code's project folders on this machine; none is an error saying where they were looked for. */
function claudeFolders(env: Env, hook: StatusHook): string[] {
  const [search] = discoverAgents(env, [CLAUDE_CODE_SOURCE]);
  if (search && search.paths.length > 0) return search.paths;
  const where = search?.searched.map((p) => displayPath(p, env)).join(', ') || '(no home folder)';
  const hint = hook.transcriptPath ? `; the session file ${hook.transcriptPath} is not in them: set CLAUDE_CONFIG_DIR to its config folder` : '';
  throw new UsageError(`statusline: no Claude Code data found (looked in ${where}${search?.envUsed ? `, from ${search.envUsed}` : ''})${hint}; or pass the projects folder as an argument`);
}

export async function readText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  } catch (error) {
    throw new AuditError(`statusline: cannot read stdin: ${(error as Error).message}`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// What a status line run reads and where it keeps its figures, decided the same way by the command
// (cli/commands/statusline.ts) and by the quick path (quick.ts) that answers from kept figures
// without loading the rest of llm-audit.

import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
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
  // A session file outside the folders read (another config folder, a project's own): its project
  // folder is read too, or the session's cost would show as nothing.
  const transcript = hook.transcriptPath;
  if (transcript !== undefined && isAbsolute(transcript) && !folders.some((f) => inside(transcript, f)) && existsSync(transcript)) folders.push(dirname(transcript));
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

function inside(path: string, folder: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Claude Code's project folders on this machine; none is an error saying where they were looked for. */
function claudeFolders(env: Env, hook: StatusHook): string[] {
  const [search] = discoverAgents(env, [CLAUDE_CODE_SOURCE]);
  if (search && search.paths.length > 0) return search.paths;
  // None found where Claude Code keeps them, but the hook names the session file: its folder is read (planStatus).
  if (hook.transcriptPath !== undefined && isAbsolute(hook.transcriptPath) && existsSync(hook.transcriptPath)) return [];
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

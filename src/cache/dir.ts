// Where the cache lives: --cache-dir, else $XDG_CACHE_HOME/llm-audit, else ~/.cache/llm-audit.
// LLM_AUDIT_CACHE=0 (or off, no, false) turns the default cache off, for scripts and test suites
// that must not write to the user's cache; an explicit --cache-dir still turns it on.

import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export function cacheDir(flags: { cache?: boolean; cacheDir?: string }, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (flags.cache === false) return undefined;
  if (flags.cacheDir !== undefined) return flags.cacheDir;
  if (/^(0|off|no|false)$/i.test(env.LLM_AUDIT_CACHE ?? '')) return undefined;
  // The XDG spec: a relative value is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'llm-audit');
  const home = env.HOME || homedir();
  return home ? join(home, '.cache', 'llm-audit') : undefined;
}

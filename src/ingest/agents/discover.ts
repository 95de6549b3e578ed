// `llm-audit agents`: which coding agents left usage on this machine, and where. Each agent's
// location is data (agents/<agent>/source.ts); the rules are here, once: the agent's variable when
// set (only the folders it names, as the agent itself does), else every default data folder that
// exists; inside a data folder, the log files or folders the agent writes. A variable that names
// one file (AgentSource.envNamesFile) adds that file to the defaults instead.

import { readdirSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import { UsageError } from '../../errors.ts';
import { CLAUDE_CODE_SOURCE } from './claude-code/source.ts';
import { AMP_SOURCE } from './amp/source.ts';
import { CODEBUFF_SOURCE } from './codebuff/source.ts';
import { CODEX_SOURCE } from './codex/source.ts';
import { COPILOT_SOURCE } from './copilot/source.ts';
import { GOOSE_SOURCE } from './goose/source.ts';
import { HERMES_SOURCE } from './hermes/source.ts';
import { KILO_SOURCE } from './kilo/source.ts';
import { OPENCODE_SOURCE } from './opencode/source.ts';
import { DROID_SOURCE } from './droid/source.ts';
import { GEMINI_CLI_SOURCE } from './gemini/source.ts';
import { KIMI_SOURCE } from './kimi/source.ts';
import { OPENCLAW_SOURCE } from './openclaw/source.ts';
import { PI_SOURCE } from './pi/source.ts';
import { QWEN_SOURCE } from './qwen/source.ts';
import type { AgentSource } from './source.ts';
import type { FileFilter } from '../read/sources.ts';

/** Every agent `llm-audit agents` looks for, in the order reports list them. */
export const AGENT_SOURCES: readonly AgentSource[] = [
  CLAUDE_CODE_SOURCE,
  CODEX_SOURCE,
  OPENCODE_SOURCE,
  GEMINI_CLI_SOURCE,
  AMP_SOURCE,
  DROID_SOURCE,
  CODEBUFF_SOURCE,
  PI_SOURCE,
  OPENCLAW_SOURCE,
  KIMI_SOURCE,
  QWEN_SOURCE,
  GOOSE_SOURCE,
  HERMES_SOURCE,
  KILO_SOURCE,
  COPILOT_SOURCE,
];

export type Env = Readonly<Record<string, string | undefined>>;

export interface AgentSearch {
  source: AgentSource;
  /** The variable that chose the data folders, when set; else the defaults were searched. */
  envUsed?: string;
  /** Data folders looked in (expanded), in order. */
  searched: string[];
  /** The log files and folders found: what is read. Empty: the agent is not on this machine. */
  paths: string[];
}

/** A glob of AgentSource.files as a regular expression over a path inside a log folder. */
function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (glob.startsWith('**/', i)) {
      re += '(?:[^/]+/)*';
      i += 2;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The file filter of an agent that names its files (AgentSource.files), else undefined. */
export function agentFileFilter(source: AgentSource): FileFilter | undefined {
  if (!source.files) return undefined;
  const res = source.files.map(globRegExp);
  return (path) => res.some((re) => re.test(path));
}

/** The file filters of the log folders found (read/sources.ts resolveSources). */
export function agentFilters(searches: readonly AgentSearch[]): Map<string, FileFilter> {
  const out = new Map<string, FileFilter>();
  for (const search of searches) {
    const accept = agentFileFilter(search.source);
    if (accept) for (const p of search.paths) out.set(p, accept);
  }
  return out;
}

/** The agents --source names (all when none), in registry order; an unknown name is a usage error listing the known ones. */
export function selectSources(names: readonly string[] | undefined, sources: readonly AgentSource[] = AGENT_SOURCES): AgentSource[] {
  if (names === undefined || names.length === 0) return [...sources];
  const known = new Map(sources.map((s) => [s.id, s]));
  for (const name of names) {
    if (!known.has(name)) throw new UsageError(`--source: "${name}" is not an agent llm-audit knows; use one of ${sources.map((s) => s.id).join(', ')}`);
  }
  return sources.filter((s) => names.includes(s.id));
}

export function discoverAgents(env: Env, sources: readonly AgentSource[] = AGENT_SOURCES): AgentSearch[] {
  const home = env.HOME ?? env.USERPROFILE ?? '';
  return sources.map((source) => searchOne(source, env, home));
}

function searchOne(source: AgentSource, env: Env, home: string): AgentSearch {
  const fromEnv = source.env === undefined ? undefined : env[source.env]?.trim();
  // A variable naming a file is not a data folder: the defaults are searched, and the file added last.
  const envFile = fromEnv && source.envNamesFile ? expandPath(fromEnv, env, home) : undefined;
  const roots = fromEnv && !source.envNamesFile
    ? (source.envList ? fromEnv.split(',') : [fromEnv]).map((p) => expandPath(p.trim(), env, home)).filter((p) => p !== '')
    : source.defaults.map((p) => expandPath(p, env, home)).filter((p) => p !== '');
  const paths: string[] = [];
  const add = (p: string): void => {
    if (!paths.includes(p)) paths.push(p);
  };
  for (const root of unique(roots)) {
    // A variable may name a log folder itself (CLAUDE_CONFIG_DIR=~/.claude/projects).
    if (fromEnv && source.logs.includes(basename(root)) && isDirectory(root)) {
      add(root);
      continue;
    }
    const logs = [...source.logs.map((l) => join(root, l)), ...matching(root, source.logPattern)].filter(exists);
    for (const p of logs) add(p);
    if (logs.length === 0 && (source.logs.length === 0 || source.folderIfNoLogs) && isDirectory(root)) add(root);
  }
  if (envFile) {
    if (isFile(envFile) && !readInFolder(envFile, paths, source)) add(envFile);
    return { source, envUsed: source.env as string, searched: unique([...roots, envFile]), paths };
  }
  return { source, ...(fromEnv ? { envUsed: source.env } : {}), searched: unique(roots), paths };
}

/** Whether a folder walk of `paths` already reads this file (the variable names a file in the default folder). */
function readInFolder(file: string, paths: readonly string[], source: AgentSource): boolean {
  const accept = agentFileFilter(source);
  return paths.some((folder) => {
    const inside = relative(folder, file);
    return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) && (accept === undefined || accept(inside.split(sep).join('/')));
  });
}

/** `~` and `${NAME:-fallback}` (an unset or empty NAME takes the fallback, itself expanded). */
export function expandPath(path: string, env: Env, home: string): string {
  const withVars = path.replace(/\$\{([A-Z_][A-Z0-9_]*):-([^}]*)\}/g, (_, name: string, fallback: string) => {
    const value = env[name];
    return value !== undefined && value !== '' ? value : fallback;
  });
  if (withVars === '~') return home;
  if (withVars.startsWith('~/')) return home === '' ? '' : join(home, withVars.slice(2));
  return withVars;
}

/** A path under the home folder shown with `~`, so a report does not carry the user's name. */
export function displayPath(path: string, env: Env): string {
  const home = env.HOME ?? env.USERPROFILE;
  if (home && (path === home || path.startsWith(`${home}/`))) return `~${path.slice(home.length)}`;
  return path;
}

/** Files directly in `folder` whose name matches `pattern`, sorted by name; none without a pattern. */
function matching(folder: string, pattern: RegExp | undefined): string[] {
  if (pattern === undefined) return [];
  try {
    return readdirSync(folder)
      .filter((name) => pattern.test(name))
      .sort()
      .map((name) => join(folder, name));
  } catch {
    return [];
  }
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

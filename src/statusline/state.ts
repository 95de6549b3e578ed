// The status line's figures kept between runs. Claude Code runs the command after every message and
// every few seconds: when no file the figures came from has changed (same paths, sizes and mtimes
// of every file modified since the window's start, no file newer), and it is still the same day,
// the kept figures are drawn again at the new instant without loading the pricing data or reading
// a log. Anything else (another build, other options or pricing files, a damaged or foreign file)
// is a miss: the figures are made again and the file replaced atomically (temp file + rename).

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildId } from '../cache/build.ts';
import { sweepUnused } from '../cache/sweep.ts';
import type { Source } from '../ingest/read/walk.ts';
import type { StatusFigures } from './figures.ts';

const STATE_FORMAT = 1;

export interface StateKey {
  folders: readonly string[];
  sessionId?: string;
  transcript?: string;
  modelId?: string;
  timeZone: string;
  /** The pricing folders and override files as given (their files' sizes and mtimes are added). */
  pricing: readonly string[];
}

interface StateFile {
  format: number;
  build: string;
  key: string;
  /** path, size, mtime, ctime of every file modified since figures.since, in path order. */
  files: Listed[];
  figures: StatusFigures;
  /** sha256 of the rest: a file changed by anything but this module (a bit flip, an edit) is a miss. */
  sum?: string;
}

/** The file that keeps the figures for one key (one session's status line, mostly). */
export function statePath(dir: string, key: StateKey): string {
  return join(dir, 'statusline', `${digest(keyText(key)).slice(0, 32)}.json`);
}

/** The kept figures, when they still hold at `now` for these files; undefined otherwise (a miss). */
export function keptFigures(path: string, key: StateKey, sources: readonly Source[], now: number): StatusFigures | undefined {
  let state: StateFile;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as StateFile;
  } catch {
    return undefined;
  }
  if (typeof state !== 'object' || state === null || state.sum !== digest(JSON.stringify({ ...state, sum: undefined }))) return undefined;
  if (state.format !== STATE_FORMAT || state.build !== buildId() || state.key !== keyText(key) || typeof state.figures !== 'object' || state.figures === null) return undefined;
  const f = state.figures;
  // Kept figures are for one day, and never drawn before the instant they were made at.
  if (!(now >= f.madeAt && now < f.dayEnd)) return undefined;
  if (f.filesTotal !== sources.length || !sameFiles(state.files, listed(sources, f.since))) return undefined;
  return f;
}

export function keepFigures(path: string, key: StateKey, sources: readonly Source[], figures: StatusFigures): void {
  const state: StateFile = { format: STATE_FORMAT, build: buildId(), key: keyText(key), files: listed(sources, figures.since), figures };
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(temp, JSON.stringify({ ...state, sum: digest(JSON.stringify(state)) }));
    renameSync(temp, path);
    sweep(join(path, '..'), Date.now());
  } catch {
    // A cache that cannot be written costs the next run its speed, not its answer.
    try {
      unlinkSync(temp);
    } catch {
      // never written
    }
  }
}

/** Kept figures not written for this long are removed (a session's status line is not drawn again after a week). */
const UNUSED_MS = 7 * 24 * 3_600_000;

/** One file per session would pile up: swept at most once a day (cache/sweep.ts). */
export function sweep(folder: string, now: number): void {
  sweepUnused(folder, now, UNUSED_MS);
}

type Listed = [string, number, number, number];

function listed(sources: readonly Source[], since: number): Listed[] {
  const out: Listed[] = [];
  for (const s of sources) {
    const mtime = s.mtimeMs ?? Number.POSITIVE_INFINITY;
    if (mtime >= since || s.unreadable !== undefined) out.push([s.label, s.size ?? -1, s.unreadable !== undefined ? -1 : mtime, s.ctimeMs ?? -1]);
  }
  return out;
}

function sameFiles(a: readonly Listed[], b: readonly Listed[]): boolean {
  if (!Array.isArray(a) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i] as Listed;
    if (!Array.isArray(x) || x[0] !== y[0] || x[1] !== y[1] || x[2] !== y[2] || x[3] !== y[3]) return false;
  }
  return true;
}

/** The key with the pricing files' sizes and mtimes: an edited price list makes new figures. */
function keyText(key: StateKey): string {
  const pricing = key.pricing.map((p) => {
    try {
      const st = statSync(p);
      if (st.isFile()) return `${p}:${st.size}:${st.mtimeMs}`;
      // A folder: each of its JSON files, since editing a file in place leaves the folder's mtime alone.
      const files = readdirSync(p).filter((n) => n.endsWith('.json')).sort();
      return `${p}:${files.map((n) => {
        const f = statSync(join(p, n));
        return `${n}:${f.size}:${f.mtimeMs}`;
      })}`;
    } catch {
      return `${p}:missing`;
    }
  });
  return JSON.stringify({ ...key, pricing });
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

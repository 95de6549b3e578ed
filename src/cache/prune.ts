// Keeping the cache folder bounded (docs/cache.md, "Pruning"). After a run that used the cache:
// - this build's folder is marked used (its mtime), one utimes a run;
// - at most once a day (the mtime of a marker file in the build's folder), a sweep:
//   - other builds' and other formats' folders unused for PRUNE_UNUSED_MS are removed whole;
//   - this build's entries whose input file no longer exists are removed (the path is in the
//     entry's header), and so are damaged entries and temp files left for an hour (a run killed
//     while writing);
//   - if this build's entries still take more than PRUNE_MAX_BYTES, the least recently written go
//     until they take 80% of it.
// Errors are ignored: pruning is housekeeping, never a reason for a run to fail.

import { closeSync, openSync, readdirSync, readSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildFolder, type CacheOptions } from './store.ts';
import { sweepDue } from './sweep.ts';

/** A build's or format's folder not used for this long is removed. */
export const PRUNE_UNUSED_MS = 7 * 24 * 3600 * 1000;
/** Sweeps are this far apart at least. */
export const PRUNE_EVERY_MS = 24 * 3600 * 1000;
/** This build's entries are kept under this many bytes. */
export const PRUNE_MAX_BYTES = 1024 * 1024 * 1024;
/** A temp file this old is left from a run that did not finish. */
const STALE_TEMP_MS = 3600 * 1000;

const MARKER = '.swept';
const MAGIC_LENGTH = 'LLMAUDIT-CACHE\n'.length;

export function pruneCache(cache: CacheOptions, now = Date.now()): void {
  try {
    const folder = buildFolder(cache);
    const seconds = now / 1000;
    utimesSync(folder, seconds, seconds);
    if (!sweepDue(join(folder, MARKER), PRUNE_EVERY_MS, now)) return;
    pruneOthers(cache.dir, folder, now);
    pruneEntries(folder, now);
  } catch {
    // no folder yet (nothing was written), or not ours to change
  }
}

/** The folder's last use: the newest mtime of it and its direct children. */
function lastUse(path: string): number {
  let newest = statSync(path).mtimeMs;
  for (const name of readdirSync(path)) {
    try {
      newest = Math.max(newest, statSync(join(path, name)).mtimeMs);
    } catch {
      // gone meanwhile
    }
  }
  return newest;
}

/** Other formats' folders (files-v*) and other builds' folders of this format, unused for PRUNE_UNUSED_MS. */
function pruneOthers(dir: string, current: string, now: number): void {
  const format = dirname(current);
  for (const name of readdirSync(dir)) {
    if (!/^files-v\d+$/.test(name)) continue;
    const path = join(dir, name);
    const folders = path === format ? readdirSync(path).map((b) => join(path, b)).filter((b) => b !== current) : [path];
    for (const f of folders) {
      try {
        if (now - lastUse(f) > PRUNE_UNUSED_MS) rmSync(f, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
    }
  }
}

/** The input path an entry was made for, from its header; undefined when the header cannot be read. */
function inputOf(path: string): string | undefined {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    if (n < MAGIC_LENGTH + 4) return undefined;
    const length = head.readUInt32LE(MAGIC_LENGTH);
    let text: Buffer = head.subarray(MAGIC_LENGTH + 4, Math.min(n, MAGIC_LENGTH + 4 + length));
    if (text.length < length) {
      const whole = Buffer.alloc(length);
      if (readSync(fd, whole, 0, length, MAGIC_LENGTH + 4) < length) return undefined;
      text = whole;
    }
    const header = JSON.parse(text.toString('utf8')) as { key?: unknown };
    const key = typeof header.key === 'string' ? (JSON.parse(header.key) as { path?: unknown }) : undefined;
    return typeof key?.path === 'string' ? key.path : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function gone(path: string): boolean {
  try {
    statSync(path);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** This build's entries: of deleted inputs, damaged, stale temp files; then the oldest past PRUNE_MAX_BYTES. */
function pruneEntries(folder: string, now: number): void {
  const kept: { path: string; size: number; mtimeMs: number }[] = [];
  let total = 0;
  for (const sub of readdirSync(folder)) {
    if (sub === MARKER) continue;
    const subPath = join(folder, sub);
    let names: string[];
    try {
      names = readdirSync(subPath);
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(subPath, name);
      try {
        const st = statSync(path);
        if (name.endsWith('.tmp')) {
          if (now - st.mtimeMs > STALE_TEMP_MS) rmSync(path, { force: true });
          continue;
        }
        if (!name.endsWith('.bin')) continue;
        const input = inputOf(path);
        if (input === undefined || gone(input)) {
          rmSync(path, { force: true });
          continue;
        }
        kept.push({ path, size: st.size, mtimeMs: st.mtimeMs });
        total += st.size;
      } catch {
        // gone meanwhile
      }
    }
  }
  if (total <= PRUNE_MAX_BYTES) return;
  kept.sort((a, b) => a.mtimeMs - b.mtimeMs);
  for (const e of kept) {
    if (total <= PRUNE_MAX_BYTES * 0.8) break;
    rmSync(e.path, { force: true });
    total -= e.size;
  }
}

/** For tests: the marker whose mtime says when the build's folder was last swept. */
export function sweepMarker(cache: CacheOptions): string {
  return join(buildFolder(cache), MARKER);
}

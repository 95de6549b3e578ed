// When a folder's housekeeping is due: shared by the cache's pruning (prune.ts) and the status
// line's kept figures (statusline/state.ts). No other imports, so the status line's quick entry
// loads nothing of the cache's readers with it.

import { readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether a sweep is due: the marker file untouched for `everyMs` (or missing). When due, the marker
 * is touched first, so that runs at the same time do not all sweep.
 */
export function sweepDue(marker: string, everyMs: number, now: number): boolean {
  let last = 0;
  try {
    last = statSync(marker).mtimeMs;
  } catch {
    // never swept
  }
  if (now - last < everyMs) return false;
  writeFileSync(marker, '');
  return true;
}

/**
 * A folder of kept files (one per key), at most once a day: those not written for `unusedMs` go,
 * and temp files (`*.tmp`) a killed run left for an hour. Errors are ignored.
 */
export function sweepUnused(folder: string, now: number, unusedMs: number): void {
  try {
    if (!sweepDue(join(folder, '.swept'), 24 * 3_600_000, now)) return;
    for (const name of readdirSync(folder)) {
      if (name.startsWith('.')) continue;
      const file = join(folder, name);
      try {
        if (now - statSync(file).mtimeMs > (name.endsWith('.tmp') ? 3_600_000 : unusedMs)) unlinkSync(file);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // not ours to change
  }
}

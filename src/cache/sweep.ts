// When a folder's housekeeping is due: shared by the cache's pruning (prune.ts) and the status
// line's kept figures (statusline/state.ts). No other imports, so the status line's quick entry
// loads nothing of the cache's readers with it.

import { statSync, writeFileSync } from 'node:fs';

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

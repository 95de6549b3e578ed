// What a report read: each path as the user gave it, with its size and, on request, its content
// hash, so a report can be traced to its logs (and a rerun on other logs told apart). Paths stay as
// given: a report must not carry the absolute paths of the machine that made it.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import type { Source } from '../ingest/index.ts';
import type { ReportInput } from '../report/contract.ts';

const BLOCK = 1024 * 1024;

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** sha256 of a file's bytes (as stored: a .gz is hashed compressed), read in 1 MB blocks. */
function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(BLOCK);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, buffer, 0, BLOCK, null); n > 0; n = readSync(fd, buffer, 0, BLOCK, null)) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * One entry per path given, in the order given: stdin, a file, or a folder with the files read
 * under it. With `hash`, a file's sha256, and a folder's over the sorted lines "sha256  relative
 * path" of its files (the format of `sha256sum`), so that renaming, adding or changing a file
 * changes it. Stdin cannot be read twice, so it has no size or hash here.
 */
export function describeInputs(paths: readonly string[], sources: readonly Source[], hash: boolean): ReportInput[] {
  const byGiven = new Map<string, Source[]>();
  for (const src of sources) {
    const given = src.given ?? src.label;
    // Pushed, not copied: a folder of thousands of files made this quadratic (0.1 s on 1,800 files).
    const list = byGiven.get(given);
    if (list) list.push(src);
    else byGiven.set(given, [src]);
  }
  const inputs: ReportInput[] = [];
  for (const given of new Set(paths)) {
    const found = byGiven.get(given) ?? [];
    if (given === '-') {
      inputs.push({ path: '-', kind: 'stdin', files: 1, bytes: null, sha256: null });
      continue;
    }
    // Nothing found under it: an empty folder, or a file already read under another path given.
    const single = found.length === 0 ? !isFolder(given) : found.length === 1 && found[0]?.label === given;
    const readable = found.filter((s) => s.unreadable === undefined && s.path !== undefined);
    const bytes = readable.reduce((n, s) => n + (s.size ?? 0), 0);
    let sha256: string | null = null;
    if (hash && single && found[0]?.path) sha256 = fileSha256(found[0].path);
    else if (hash && !single) {
      const lines = readable.map((s) => `${fileSha256(s.path as string)}  ${relative(given, s.label)}`).sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1));
      sha256 = createHash('sha256').update(lines.map((l) => `${l}\n`).join('')).digest('hex');
    }
    inputs.push({ path: given, kind: single ? 'file' : 'folder', files: found.length, bytes, sha256 });
  }
  return inputs;
}

// A part of a file read at once (a session file's head or tail), or undefined when it cannot be
// read: the status line then goes without what the part would have told.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The first or last `bytes` of a file as text, and whether that is the whole file. */
export function filePart(path: string, end: 'head' | 'tail', bytes: number): { text: string; whole: boolean } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const start = end === 'head' ? 0 : size - length;
    const buffer = Buffer.alloc(length);
    const n = readSync(fd, buffer, 0, length, start);
    return { text: buffer.toString('utf8', 0, n), whole: length === size };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

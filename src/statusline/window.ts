// Which files a status line must read. Its figures (this session, today, the active 5-hour block)
// only need the requests made since some instant `since`, and a request made at t was written to a
// file whose modification time is t or later: files last modified before `since` cannot hold any
// of them (nor any copy of them: a copy keeps its original's timestamp, and the original's file
// was written at that time too). So the status line reads only the files modified since `since`,
// however long the history, and its figures equal a full run's for every request at or after it.

import { startOfDayBefore } from '../core/calendar.ts';
import { filePart } from './file-part.ts';

const HOUR_MS = 3_600_000;
/** Room for a clock that moved, or a line written a little after its timestamp says. */
export const SLACK_MS = HOUR_MS;
/** The first window looks back this far (and at least to the start of today and of the session). */
export const FIRST_LOOK_BACK_MS = 24 * HOUR_MS;
const HEAD_BYTES = 64 * 1024;

/**
 * The first window: the start of today in `timeZone`, a day back, and the session's first request,
 * whichever is earliest, less the slack.
 */
export function firstSince(now: number, timeZone: string, sessionStart: number | undefined): number {
  return Math.min(startOfDayBefore(now, 0, timeZone), now - FIRST_LOOK_BACK_MS, sessionStart ?? Number.POSITIVE_INFINITY) - SLACK_MS;
}

/**
 * The earliest timestamp among the first lines of a Claude Code session file: when the session
 * began (lines copied from an earlier session on --resume come first and carry their own, earlier
 * timestamps, which is what is wanted: their originals must be read too). Undefined when the file
 * is missing or has no timestamp in its head.
 */
export function sessionStartOf(transcript: string): number | undefined {
  const head = filePart(transcript, 'head', HEAD_BYTES);
  if (!head) return undefined;
  const lines = head.text.split('\n');
  // The last piece may be a line cut by the head's end: only complete lines are parsed.
  if (!head.whole) lines.pop();
  let earliest: number | undefined;
  for (const line of lines) {
    if (!line.includes('"timestamp"')) continue;
    let at = Number.NaN;
    try {
      const value = JSON.parse(line) as { timestamp?: unknown };
      if (typeof value.timestamp === 'string') at = Date.parse(value.timestamp);
    } catch {
      continue;
    }
    if (Number.isFinite(at) && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest;
}

/** A block as far as the window proof needs it: first and last request, epoch ms. */
export interface RequestSpan {
  firstAt: number;
  lastAt: number;
}

/**
 * Whether the last 5-hour block found in a window is the one a full run would find. Blocks chain:
 * where one starts depends on where the one before started, back to the last gap of more than
 * 5 hours between two requests, and only there is a block start certain. The window holds every
 * request at or after `since`, and the request before the first one is before `since`. So the last
 * block is certain when it cannot be active at all (its last request 5 hours or more before `now`),
 * or when a gap of more than 5 hours is seen at or before its start; otherwise the window must
 * reach further back.
 */
export function lastBlockCertain(blocks: readonly RequestSpan[], since: number, now: number, blockMs: number): boolean {
  const last = blocks.at(-1);
  if (!last || now - last.lastAt >= blockMs) return true;
  let before = since;
  for (const b of blocks) {
    if (b.firstAt - before > blockMs) return true;
    before = b.lastAt;
  }
  return false;
}

// Parsers for option values: each turns a string into a typed value or throws a UsageError that
// names the option and shows a valid example. Commander calls them as it reads argv.
import { FIXED_DIMENSIONS, type GroupDimension } from '../core/aggregate.ts';
import { WEEKDAYS } from '../core/calendar.ts';
import { UsageError } from '../errors.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** "2025-09-28" (00:00 UTC), "2025-09-28T16:00Z", or a datetime with an offset; no offset = UTC. */
export function parseInstant(option: string, text: string): { at: number; text: string } {
  const { at, text: trimmed } = parseWallOrInstant(option, text);
  return { at, text: trimmed };
}

/** An instant, and whether it was written without an offset (a wall-clock time, read as UTC until a zone says otherwise). */
export interface WallOrInstant {
  at: number;
  text: string;
  wall: boolean;
}

/** Like parseInstant, remembering whether the text had an offset, so that --tz can place a wall time (inZone). */
export function parseWallOrInstant(option: string, text: string): WallOrInstant {
  const trimmed = text.trim();
  let iso: string | undefined;
  if (DATE_ONLY.test(trimmed)) iso = `${trimmed}T00:00:00Z`;
  else if (DATE_TIME.test(trimmed)) iso = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? trimmed.replace(' ', 'T') : `${trimmed.replace(' ', 'T')}Z`;
  const at = iso === undefined ? NaN : Date.parse(iso);
  if (Number.isNaN(at)) throw new UsageError(`${option}: "${text}" is not a date; use YYYY-MM-DD or an ISO datetime such as 2025-09-28T16:00:00Z`);
  return { at, text: trimmed, wall: !/(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) };
}

/**
 * The instant a wall time (read as UTC by parseWallOrInstant) stands for in `timeZone`: the zone's
 * offset at that moment, found in two steps so that a time next to a DST change gets the offset in
 * force then. An instant written with an offset is returned as it is.
 */
export function inZone(value: WallOrInstant, timeZone: string): WallOrInstant {
  if (!value.wall || timeZone === 'UTC') return value;
  const offset = zoneOffset(timeZone);
  const first = value.at - offset(value.at);
  return { ...value, at: value.at - offset(first) };
}

/** Milliseconds a zone's clock is ahead of UTC at an instant. */
function zoneOffset(timeZone: string): (at: number) => number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  return (at) => {
    const part = (type: string): number => Number(format.formatToParts(at).find((p) => p.type === type)?.value);
    const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
    return wall - (at - (((at % 1000) + 1000) % 1000));
  };
}

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function parsePositiveInt(option: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`${option}: "${text}" is not a whole number ≥ 0`);
  return n;
}

/** A count of at least `min` (threads: 0 would read nothing). */
export function parseAtLeast(option: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${option}: "${text}" is not a whole number ≥ ${min}`);
  return n;
}

const FIXED_GROUPS = FIXED_DIMENSIONS;
const TAG = /^tag:[A-Za-z0-9_.-]+$/;

/** A fixed dimension (model, provider, day, week, month, session, project, block), or tag:NAME (a label the log carries, such as tag:team). */
export function parseGroupBy(option: string, text: string): GroupDimension[] {
  const items = splitList(text);
  if (items.length === 0) throw new UsageError(`${option}: give at least one of ${FIXED_GROUPS.join(', ')}, tag:NAME`);
  for (const item of items) {
    if (!(FIXED_GROUPS as readonly string[]).includes(item) && !TAG.test(item)) {
      throw new UsageError(`${option}: "${item}" is not one of ${FIXED_GROUPS.join(', ')}, or tag:NAME (for example tag:team)`);
    }
  }
  return [...new Set(items)] as GroupDimension[];
}

export function parseTimeZone(option: string, text: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    throw new UsageError(`${option}: "${text}" is not a time zone; use an IANA name such as Asia/Shanghai or America/New_York`);
  }
}

/** A weekday name (or its first three letters) → 0 (Sunday) … 6 (Saturday). */
export function parseWeekday(option: string, text: string): number {
  const t = text.trim().toLowerCase();
  const index = WEEKDAYS.findIndex((d) => d === t || (t.length >= 3 && d.startsWith(t)));
  if (index < 0) throw new UsageError(`${option}: "${text}" is not a weekday; use one of ${WEEKDAYS.join(', ')}`);
  return index;
}

/** --token-limit: a number of tokens, or "max" (the largest completed block). */
export function parseTokenLimit(option: string, text: string): number | 'max' {
  if (text.trim().toLowerCase() === 'max') return 'max';
  const n = Number(text.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${option}: "${text}" is not a token count > 0 or "max" (for example --token-limit 500000, or --token-limit max: the largest completed block)`);
  return n;
}

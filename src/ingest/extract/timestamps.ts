// Timestamps as logs write them → epoch milliseconds, UTC.
// Strings without an offset are UTC: log writers (LiteLLM, OpenRouter, the Anthropic Console) mean
// UTC, and reading them in the machine's zone would make a report depend on where it runs.

/** Epoch values above this are milliseconds: 1e11 s is the year 5138, 1e11 ms is March 1973. */
const MS_THRESHOLD = 1e11;
/**
 * Above these, microseconds and nanoseconds (OpenTelemetry's timeUnixNano, often written as text):
 * 1e14 ms is the year 5138, 1e14 µs January 1973; 1e17 µs is the year 5138, 1e17 ns April 1973.
 */
const US_THRESHOLD = 1e14;
const NS_THRESHOLD = 1e17;
/** The largest time a JS Date can hold. */
const MAX_MS = 8.64e15;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
const EPOCH_TEXT = /^\d+(?:\.\d+)?$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** What parseTimestamp accepts, for reason texts. */
export const TIMESTAMP_FORMS = 'ISO 8601 (with Z, an offset, or none = UTC), "YYYY-MM-DD[ HH:MM[:SS[.ffffff]]]", epoch seconds/milliseconds/microseconds/nanoseconds, or [seconds, nanoseconds]';

/**
 * Epoch seconds (int or float), epoch milliseconds (> 1e11), microseconds (> 1e14) or nanoseconds
 * (> 1e17), [seconds, nanoseconds] (OpenTelemetry JS's HrTime), ISO 8601 with Z or an offset, naive
 * "YYYY-MM-DD HH:MM[:SS[.ffffff]]" / "YYYY-MM-DDTHH:MM:SS" (UTC) or "YYYY-MM-DD" (00:00 UTC).
 * Returns epoch ms, or undefined when the value is none of these.
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (Array.isArray(value)) return fromHrTime(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (EPOCH_TEXT.test(text)) return fromEpoch(Number(text));
  return fromIso(text);
}

function fromEpoch(n: number): number | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  const ms = Math.round(n > NS_THRESHOLD ? n / 1e6 : n > US_THRESHOLD ? n / 1e3 : n > MS_THRESHOLD ? n : n * 1000);
  return ms <= MAX_MS ? ms : undefined;
}

/**
 * OpenTelemetry JS's HrTime, [seconds, nanoseconds] (a span's startTime and endTime, a log's
 * hrTime): two whole numbers, the nanoseconds below a second; anything else is not a time.
 */
function fromHrTime(parts: readonly unknown[]): number | undefined {
  const [s, ns] = parts;
  if (parts.length !== 2 || !Number.isSafeInteger(s) || !Number.isSafeInteger(ns)) return undefined;
  if ((s as number) < 0 || (ns as number) < 0 || (ns as number) >= 1e9) return undefined;
  const ms = (s as number) * 1000 + Math.floor((ns as number) / 1e6);
  return ms <= MAX_MS ? ms : undefined;
}

function fromIso(text: string): number | undefined {
  const fast = fromJsIso(text);
  if (fast !== undefined) return fast;
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = ''] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  // Date.UTC maps years 0–99 to 1900–1999; no log is that old.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (day > (DAYS_IN_MONTH[month - 1] ?? 0) || (month === 2 && day === 29 && !isLeap(year))) return undefined;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const offset = offsetMinutes(zone);
  if (offset === undefined) return undefined;
  return utcMs(year, month, day, hour, minute, second, ms) - offset * 60_000;
}

/** Positions of the digits of "YYYY-MM-DDTHH:MM:SS.sssZ". */
const JS_ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/**
 * "YYYY-MM-DDTHH:MM:SS.sssZ", what Date.toISOString writes (Claude Code, most JS loggers), read by
 * character codes: the regex is the slower part of a short log line. Undefined for anything else,
 * which the general reader then takes (and rejects if it must).
 */
function fromJsIso(t: string): number | undefined {
  if (t.length !== 24 || t[4] !== '-' || t[7] !== '-' || t[10] !== 'T' || t[13] !== ':' || t[16] !== ':' || t[19] !== '.' || t[23] !== 'Z') return undefined;
  for (const i of JS_ISO_DIGITS) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const year = digitsAt(t, 0, 4);
  const month = digitsAt(t, 5, 7);
  const day = digitsAt(t, 8, 10);
  const hour = digitsAt(t, 11, 13);
  const minute = digitsAt(t, 14, 16);
  const second = digitsAt(t, 17, 19);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (day > (DAYS_IN_MONTH[month - 1] ?? 0) || (month === 2 && day === 29 && !isLeap(year))) return undefined;
  return utcMs(year, month, day, hour, minute, second, digitsAt(t, 20, 23));
}

/** The number written by the (checked) digits t[from..to). */
function digitsAt(t: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + t.charCodeAt(i) - 48;
  return v;
}

/** "+05:30" → 330, "-0800" → -480, "Z" or "" → 0; undefined when out of range. */
function offsetMinutes(zone: string): number | undefined {
  if (zone === '' || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return undefined;
  const total = hours * 60 + minutes;
  return zone.startsWith('-') ? -total : total;
}

/**
 * Epoch ms of a checked UTC date and time (month 1–12), what Date.UTC gives, in arithmetic: Date.UTC
 * is a call into the runtime, the slower half of reading a timestamp. Days are counted with
 * Howard Hinnant's days_from_civil (proleptic Gregorian, eras of 400 years).
 */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  const days = era * 146097 + dayOfEra - 719468;
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

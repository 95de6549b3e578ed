import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './timestamps.ts';

const utc = (iso: string): number => Date.parse(iso);

describe('parseTimestamp', () => {
  it.each([
    [1756380852, utc('2025-08-28T11:34:12Z')],
    [1737710446.847, utc('2025-01-24T09:20:46.847Z')],
    [1738454400000, utc('2025-02-02T00:00:00Z')],
    ['1756380852', utc('2025-08-28T11:34:12Z')],
    [' 1738454400000 ', utc('2025-02-02T00:00:00Z')],
    [0, 0],
    // Microseconds and nanoseconds (OpenTelemetry's timeUnixNano, a number or text).
    [1775934264967317, utc('2026-04-11T19:04:24.967Z')],
    ['1775934264967317833', utc('2026-04-11T19:04:24.967Z')],
    // OpenTelemetry JS's HrTime [seconds, nanoseconds] (ccusage's Copilot sample).
    [[1775934264, 967317833], utc('2026-04-11T19:04:24.967Z')],
    [[1775934263, 0], utc('2026-04-11T19:04:23Z')],
  ])('epoch %j', (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });

  it.each([
    ['2025-06-01T12:00:00Z', '2025-06-01T12:00:00.000Z'],
    ['2025-06-01T12:00:00.123456789z', '2025-06-01T12:00:00.123Z'],
    ['2025-06-01T12:00:00+05:30', '2025-06-01T06:30:00.000Z'],
    ['2025-06-01T12:00:00-0800', '2025-06-01T20:00:00.000Z'],
    ['2025-06-01T12:00:00+02', '2025-06-01T10:00:00.000Z'],
    ['2025-01-24 09:20:46.847371', '2025-01-24T09:20:46.847Z'],
    ['2026-03-31 02:00', '2026-03-31T02:00:00.000Z'],
    ['2025-06-01T12:00:00', '2025-06-01T12:00:00.000Z'],
    ['2025-06-01', '2025-06-01T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2025-06-01 12:00:00,5', '2025-06-01T12:00:00.500Z'],
  ])('string %s is %s (naive = UTC)', (input, expected) => {
    expect(new Date(parseTimestamp(input) ?? Number.NaN).toISOString()).toBe(expected);
  });

  it.each([
    'yesterday',
    '2025-13-01',
    '2025-02-30',
    '2025-02-29',
    '2025-06-01T24:00:00Z',
    '2025-06-01T12:60',
    '2025-06-01T12:00:00+25:00',
    '2025-06-01Z',
    '01/06/2025',
    '',
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1e24,
    [1775934264],
    [1775934264, 1e9],
    [1775934264, -1],
    [1775934264.5, 0],
    ['1775934264', 0],
    [1775934264, 0, 0],
    true,
    null,
    {},
  ])('rejects %j', (input) => {
    expect(parseTimestamp(input)).toBeUndefined();
  });
});

describe('the toISOString shape (read without the regex)', () => {
  it('gives what Date gives, over a spread of instants', () => {
    for (let ms = Date.UTC(1999, 11, 31, 23, 59, 59, 999); ms < Date.UTC(2031, 0, 1); ms += 7_777_777_777 + 123) {
      const text = new Date(ms).toISOString();
      expect(parseTimestamp(text)).toBe(ms);
    }
  });

  it('gives what Date.UTC gives on every day from 1600 to 2400, and on the edges of the years allowed', () => {
    const day = 86_400_000;
    let time = 0;
    // 292,000 days: collect the mismatches and assert once (one expect() per day took 5 s).
    const wrong: string[] = [];
    for (let ms = Date.UTC(1600, 0, 1); ms < Date.UTC(2401, 0, 1); ms += day) {
      time = (time + 7_654_321) % day;
      const at = ms + time;
      const iso = new Date(at).toISOString();
      if (parseTimestamp(iso) !== at) wrong.push(`${iso} read as ${parseTimestamp(iso)}`);
    }
    expect(wrong).toEqual([]);
    for (const at of [Date.UTC(1000, 0, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(2100, 1, 28, 12), Date.UTC(2000, 1, 29, 12)]) {
      const iso = new Date(at).toISOString();
      expect(parseTimestamp(iso)).toBe(at);
      // The general reader (naive, space-separated) counts days the same way.
      expect(parseTimestamp(`${iso.slice(0, 10)} ${iso.slice(11, 23)}`)).toBe(at);
    }
  });

  it('rejects impossible dates and times in that shape', () => {
    for (const bad of ['2025-02-29T00:00:00.000Z', '2025-13-01T00:00:00.000Z', '2025-01-01T24:00:00.000Z', '2025-01-01T00:60:00.000Z', '2025-0a-01T00:00:00.000Z', '0999-01-01T00:00:00.000Z']) {
      expect(parseTimestamp(bad)).toBeUndefined();
    }
    expect(parseTimestamp('2024-02-29T23:59:59.999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
  });
});

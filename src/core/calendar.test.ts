import { describe, expect, it } from 'vitest';
import { calendarFor, startOfDayBefore, weekStartOf, zonedMinute } from './calendar.ts';

describe('weeks', () => {
  it('start on Monday by default, labelled by their first day', () => {
    const utc = calendarFor(undefined);
    // 2026-01-05 is a Monday.
    expect(utc.week(Date.UTC(2026, 0, 5))).toBe('2026-01-05');
    expect(utc.week(Date.UTC(2026, 0, 11, 23, 59, 59, 999))).toBe('2026-01-05');
    expect(utc.week(Date.UTC(2026, 0, 12))).toBe('2026-01-12');
    expect(utc.week(Date.UTC(2026, 0, 4, 12))).toBe('2025-12-29');
  });

  it('start on any weekday (0 = Sunday)', () => {
    expect(weekStartOf('2026-01-07', 0)).toBe('2026-01-04');
    expect(weekStartOf('2026-01-04', 0)).toBe('2026-01-04');
    expect(weekStartOf('2026-01-03', 0)).toBe('2025-12-28');
    expect(weekStartOf('2026-01-07', 6)).toBe('2026-01-03');
    expect(weekStartOf('2024-03-01', 1)).toBe('2024-02-26');
  });

  it('follow the calendar day in --tz, not UTC', () => {
    // Sunday 2026-01-11 20:00 in New York is Monday 01:00 UTC.
    const at = Date.UTC(2026, 0, 12, 1);
    expect(calendarFor(undefined).week(at)).toBe('2026-01-12');
    expect(calendarFor('America/New_York').week(at)).toBe('2026-01-05');
    // Monday 00:30 in Tokyo is Sunday 15:30 UTC.
    expect(calendarFor('Asia/Tokyo').week(Date.UTC(2026, 0, 11, 15, 30))).toBe('2026-01-12');
  });

  it('a DST change inside a week moves no boundary', () => {
    // Europe/Berlin goes to summer time on Sunday 2026-03-29; the week of Monday 03-23 runs to Sunday 23:59 local.
    const berlin = calendarFor('Europe/Berlin');
    expect(berlin.week(Date.UTC(2026, 2, 29, 21, 59))).toBe('2026-03-23');
    expect(berlin.week(Date.UTC(2026, 2, 29, 22, 0))).toBe('2026-03-30');
    // Sunday weeks in New York across the November fall-back.
    const ny = calendarFor('America/New_York', 0);
    expect(ny.week(Date.UTC(2026, 10, 1, 5, 30))).toBe('2026-11-01');
    expect(ny.week(Date.UTC(2026, 10, 8, 4, 59))).toBe('2026-11-01');
    expect(ny.week(Date.UTC(2026, 10, 8, 5, 0))).toBe('2026-11-08');
  });
});

describe('zoned minutes and --last days', () => {
  it('label an instant with its zone offset', () => {
    expect(zonedMinute(Date.UTC(2026, 0, 5, 9, 30, 12), undefined)).toBe('2026-01-05T09:30Z');
    expect(zonedMinute(Date.UTC(2026, 0, 5, 9), 'Europe/Berlin')).toBe('2026-01-05T10:00+01:00');
    expect(zonedMinute(Date.UTC(2026, 6, 5, 9), 'Europe/Berlin')).toBe('2026-07-05T11:00+02:00');
    expect(zonedMinute(Date.UTC(2026, 0, 5, 9), 'Asia/Kolkata')).toBe('2026-01-05T14:30+05:30');
    expect(zonedMinute(Date.UTC(2026, 0, 5, 9), 'America/New_York')).toBe('2026-01-05T04:00-05:00');
  });

  it('start at midnight in the zone, N − 1 days back', () => {
    const now = Date.UTC(2026, 0, 12, 1); // Monday 01:00 UTC, Sunday 20:00 in New York
    expect(startOfDayBefore(now, 0, undefined)).toBe(Date.UTC(2026, 0, 12));
    expect(startOfDayBefore(now, 6, undefined)).toBe(Date.UTC(2026, 0, 6));
    expect(startOfDayBefore(now, 0, 'America/New_York')).toBe(Date.UTC(2026, 0, 11, 5));
    // Across the spring-forward change (2026-03-08 in New York): midnight before it is UTC−5, after it UTC−4.
    expect(startOfDayBefore(Date.UTC(2026, 2, 9, 12), 1, 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 5));
    expect(startOfDayBefore(Date.UTC(2026, 2, 9, 12), 0, 'America/New_York')).toBe(Date.UTC(2026, 2, 9, 4));
  });
});

import { describe, expect, it } from 'vitest';
import { calendarFor } from './aggregate.ts';

describe('calendars', () => {
  it('UTC: the day of any instant, in any order (the last day is remembered)', () => {
    const utc = calendarFor(undefined);
    const instants = [Date.UTC(2025, 9, 13, 23, 59, 59, 999), Date.UTC(2025, 9, 14), Date.UTC(2025, 9, 13, 0, 0, 0, 1), -1, 0, Date.UTC(1969, 11, 31, 12), Date.UTC(2024, 1, 29, 12)];
    for (const at of [...instants, ...instants.reverse()]) expect(utc.day(at)).toBe(new Date(at).toISOString().slice(0, 10));
  });

  it('a zone: the day there, not in UTC', () => {
    const tokyo = calendarFor('Asia/Tokyo');
    expect(tokyo.day(Date.UTC(2025, 9, 13, 16))).toBe('2025-10-14');
    expect(tokyo.day(Date.UTC(2025, 9, 13, 14, 59))).toBe('2025-10-13');
  });
});

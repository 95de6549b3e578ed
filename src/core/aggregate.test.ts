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

describe('PriceBuckets', () => {
  it('keeps one bucket without maps, then splits by point and month', async () => {
    const { PriceBuckets } = await import('./aggregate.ts');
    const { emptyBuckets } = await import('./types.ts');
    const a = { currency: 'USD' } as never;
    const b = { currency: 'USD' } as never;
    const t = (input: number) => ({ ...emptyBuckets(), input });
    const buckets = new PriceBuckets();
    expect(buckets.empty).toBe(true);
    buckets.add(a, t(1), 1);
    buckets.add(a, t(2), 1);
    expect([...buckets.all()].map((x) => [x.tokens.input, x.requests])).toEqual([[3, 2]]);
    buckets.add(b, t(5), 1);
    buckets.add(a, t(7), 1, '2025-01');
    buckets.add(a, t(1), 1);
    expect([...buckets.all()].map((x) => [x.point === a, x.month, x.tokens.input])).toEqual([
      [true, '', 4],
      [true, '2025-01', 7],
      [false, '', 5],
    ]);
    expect(buckets.points()).toEqual([a, b]);
  });
});

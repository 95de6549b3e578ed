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

describe('shared token objects', () => {
  it('a single bucket is the total; from the second bucket on, each keeps its own and the total sums them', async () => {
    const { PriceBuckets } = await import('./aggregate.ts');
    const { emptyBuckets } = await import('./types.ts');
    const a = { currency: 'USD' } as never;
    const b = { currency: 'USD' } as never;
    const t = (input: number, output = 0) => ({ ...emptyBuckets(), input, output });
    const buckets = new PriceBuckets();
    buckets.add(a, t(1, 10), 1);
    buckets.add(a, t(2, 20), 1);
    const [only] = [...buckets.all()];
    expect(only?.tokens).toBe(buckets.tokens);
    buckets.add(b, t(5, 50), 1);
    buckets.add(a, t(1, 1), 1);
    const [first, second] = [...buckets.all()];
    expect(first?.tokens).not.toBe(buckets.tokens);
    expect([first?.tokens.input, first?.tokens.output, second?.tokens.input, second?.tokens.output]).toEqual([4, 31, 5, 50]);
    expect(buckets.tokens).toEqual(t(9, 81));
  });

  it('a ledger group holds its buckets’ total as its tokens, across points and absorbed groups', async () => {
    const { GroupLedger } = await import('./aggregate.ts');
    const { emptyBuckets } = await import('./types.ts');
    const point = (id: string) => ({ currency: 'USD', model: { id, provider: 'p' } }) as never;
    const [a, b] = [point('a'), point('b')];
    const record = (user: string, input: number) => ({ model: 'm', timestamp: Date.UTC(2025, 0, 1), requests: 1, tokens: { ...emptyBuckets(), input }, tags: { user } }) as never;
    const ledger = new GroupLedger({ dimensions: ['tag:user'] });
    ledger.add(record('u1', 1), a);
    ledger.add(record('u1', 2), a);
    ledger.add(record('u2', 4), a);
    ledger.add(record('u2', 8), b);
    const other = new GroupLedger({ dimensions: ['tag:user'] });
    other.add(record('u1', 16), b);
    other.add(record('u3', 32), a);
    for (const g of other.all()) ledger.absorb({ ...g, tokens: { ...g.tokens } });
    const groups = ledger.all();
    expect(groups.map((g) => [g.key['tag:user'], g.tokens.input, g.requests])).toEqual([
      ['u1', 19, 3],
      ['u2', 12, 2],
      ['u3', 32, 1],
    ]);
    for (const g of groups) {
      expect(g.tokens).toBe(g.buckets.tokens);
      expect([...g.buckets.all()].reduce((n, x) => n + x.tokens.input, 0)).toBe(g.tokens.input);
    }
  });
});

describe('GroupLedger: groups kept as numbers, made as objects when read', () => {
  it('keeps 9,000 groups across blocks, with second price points, months and logged costs, and drains them in order', async () => {
    const { GroupLedger } = await import('./aggregate.ts');
    const { emptyBuckets } = await import('./types.ts');
    const point = (id: string) => ({ currency: 'USD', model: { id, provider: 'p' } }) as never;
    const [a, b] = [point('a'), point('b')];
    const ledger = new GroupLedger({ dimensions: ['model', 'tag:user'], trackMonths: true });
    const record = (user: number, input: number, at: number, logged?: string) =>
      ({ model: 'm', timestamp: at, requests: 1, tokens: { ...emptyBuckets(), input, output: 1, reasoning: user % 3 }, tags: { user: `u${user}` }, ...(logged ? { loggedCost: { amount: logged, currency: 'USD' } } : {}) }) as never;
    const jan = Date.UTC(2025, 0, 15);
    const feb = Date.UTC(2025, 1, 15);
    for (let u = 0; u < 9_000; u++) ledger.add(record(u, u, jan + u), a);
    for (let u = 0; u < 9_000; u++) ledger.add(record(u, 2 ** 40, jan - u, u % 1000 === 0 ? '0.5' : undefined), u % 997 === 0 ? b : a);
    ledger.add(record(5, 1, feb), a); // same point, another month: a second bucket
    expect(ledger.size).toBe(9_000);
    const groups = ledger.all();
    expect(groups.map((g) => g.key['tag:user'])).toEqual(Array.from({ length: 9_000 }, (_, u) => `u${u}`));
    for (const [u, g] of groups.entries()) {
      expect(g.key).toEqual({ model: 'm', 'tag:user': `u${u}` });
      expect(g.tokens).toBe(g.buckets.tokens);
      expect(g.tokens.input).toBe(u + 2 ** 40 + (u === 5 ? 1 : 0));
      expect(g.tokens.reasoning).toBe(2 * (u % 3) + (u === 5 ? u % 3 : 0));
      expect([g.rows, g.requests]).toEqual(u === 5 ? [3, 3] : [2, 2]);
      expect([g.firstAt, g.lastAt]).toEqual([jan - u, u === 5 ? feb : jan + u]);
      const shape = [...g.buckets.all()].map((x) => [x.point === a ? 'a' : 'b', x.month, x.tokens.input, x.requests]);
      if (u % 997 === 0) expect(shape).toEqual([['a', '2025-01', u, 1], ['b', '2025-01', 2 ** 40, 1]]);
      else if (u === 5) expect(shape).toEqual([['a', '2025-01', 5 + 2 ** 40, 2], ['a', '2025-02', 1, 1]]);
      else expect(shape).toEqual([['a', '2025-01', u + 2 ** 40, 2]]);
      expect(g.logged?.requests).toBe(u % 1000 === 0 ? 1 : undefined);
    }
    const drained = [...ledger.drain()];
    expect(drained).toEqual(groups);
    expect(ledger.size).toBe(0);
    expect(ledger.all()).toEqual([]);
  });
});

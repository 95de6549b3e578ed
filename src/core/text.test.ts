import { describe, expect, it } from 'vitest';
import { compareText, groupThousands, keepSmallest } from './text.ts';

describe('groupThousands', () => {
  it('writes what toLocaleString("en-US") writes, for integers of every length and sign', () => {
    const samples = [0, 1, 12, 123, 1234, 12345, 123456, 1234567, 1000, 1000000, 999999, Number.MAX_SAFE_INTEGER];
    for (const n of [...samples, ...samples.map((x) => -x).filter((x) => x !== 0)]) expect(groupThousands(n)).toBe(n.toLocaleString('en-US'));
  });

  it('leaves numbers it does not group to toLocaleString', () => {
    expect(groupThousands(1234.5)).toBe('1,234.5');
    expect(groupThousands(1e21)).toBe((1e21).toLocaleString('en-US'));
  });
});

describe('compareText', () => {
  it('orders by code units, whatever the locale', () => {
    expect(['gpt-5', 'Claude', 'claude', 'gpt-4o', 'é', 'z'].sort(compareText)).toEqual(['Claude', 'claude', 'gpt-4o', 'gpt-5', 'z', 'é']);
    expect(compareText('a', 'a')).toBe(0);
  });
});

describe('keepSmallest', () => {
  it('keeps the n smallest distinct texts whatever the order and split they come in', () => {
    const texts = Array.from({ length: 40 }, (_, i) => `reason ${(i * 7919) % 23}`);
    const expected = [...new Set(texts)].sort(compareText).slice(0, 5);
    for (let shift = 0; shift < 40; shift += 7) {
      const rotated = [...texts.slice(shift), ...texts.slice(0, shift)];
      // One pass, or two halves kept apart and then joined (threads, shards).
      const one = new Set<string>();
      for (const t of rotated) keepSmallest(one, t, 5);
      const [a, b] = [new Set<string>(), new Set<string>()];
      rotated.forEach((t, i) => keepSmallest(i % 2 === 0 ? a : b, t, 5));
      for (const t of b) keepSmallest(a, t, 5);
      expect([...one].sort(compareText)).toEqual(expected);
      expect([...a].sort(compareText)).toEqual(expected);
    }
  });
});

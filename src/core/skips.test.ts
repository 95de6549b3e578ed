import { describe, expect, it } from 'vitest';
import { MAX_SKIP_REASONS, OTHER_SKIPS, SkipTally } from './skips.ts';

const isCopy = (r: string): boolean => r.startsWith('a copy');
const tally = (items: readonly [string, number][]): Map<string, number> => {
  const t = new SkipTally(isCopy);
  for (const [r, n] of items) t.add(r, n);
  return new Map(t);
};

describe('SkipTally', () => {
  // 300 distinct reasons, some repeated, and copies (never folded).
  const items: [string, number][] = Array.from({ length: 900 }, (_, i) => [i % 50 === 0 ? `a copy ${i % 7}` : `reason ${String((i * 7919) % 300).padStart(3, '0')}`, 1 + (i % 3)]);

  it('lists the smallest reasons, the rest under one line, copies always; the rows all counted', () => {
    const t = tally(items);
    const listed = [...t.keys()].filter((r) => r !== OTHER_SKIPS && !isCopy(r)).sort();
    expect(listed).toHaveLength(MAX_SKIP_REASONS);
    expect(listed).toEqual([...new Set(items.map(([r]) => r).filter((r) => !isCopy(r)))].sort().slice(0, MAX_SKIP_REASONS));
    expect([...t.values()].reduce((a, b) => a + b, 0)).toBe(items.reduce((a, [, n]) => a + n, 0));
    expect([...t.keys()].filter(isCopy).length).toBe(new Set(items.filter(([r]) => isCopy(r)).map(([r]) => r)).size);
  });

  it('is the same in any order, and for parts added (threads, shards)', () => {
    const whole = tally(items);
    for (let shift = 0; shift < items.length; shift += 137) {
      const rotated = [...items.slice(shift), ...items.slice(0, shift)];
      expect(tally(rotated)).toEqual(whole);
      const [a, b] = [rotated.filter((_, i) => i % 3 === 0), rotated.filter((_, i) => i % 3 !== 0)];
      expect(tally([...tally(a), ...tally(b)])).toEqual(whole);
    }
  });
});

import { describe, expect, test } from 'vitest';
import { GenerationalCache, hashKey } from './cache.ts';

describe('GenerationalCache', () => {
  test('never holds more than its capacity', () => {
    const cache = new GenerationalCache<number>(100);
    for (let i = 0; i < 10_000; i += 1) {
      cache.set(`k${i}`, i);
      expect(cache.size).toBeLessThanOrEqual(100);
    }
  });

  test('keeps an entry that keeps being hit, however much else passes through', () => {
    const cache = new GenerationalCache<number>(10);
    cache.set('hot', 1);
    for (let i = 0; i < 1_000; i += 1) {
      cache.set(`cold${i}`, i);
      expect(cache.get('hot')).toBe(1);
    }
  });

  test('forgets an entry nobody asks for', () => {
    const cache = new GenerationalCache<number>(10);
    cache.set('once', 1);
    for (let i = 0; i < 10; i += 1) cache.set(`k${i}`, i);
    expect(cache.get('once')).toBeUndefined();
  });

  test('rejects a capacity that cannot hold two generations', () => {
    expect(() => new GenerationalCache(1)).toThrow(/capacity/);
  });
});

describe('hashKey', () => {
  test('is stable and short whatever the text length', () => {
    const long = 'x'.repeat(1_000_000);
    expect(hashKey('a', long)).toBe(hashKey('a', long));
    expect(hashKey('a', long).length).toBe(27);
  });

  test('does not confuse tuples whose concatenations are equal', () => {
    expect(hashKey('ab', 'c')).not.toBe(hashKey('a', 'bc'));
    expect(hashKey('a:', 'b')).not.toBe(hashKey('a', ':b'));
    expect(hashKey('', 'x')).not.toBe(hashKey('x', ''));
  });
});

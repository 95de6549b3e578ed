import { describe, expect, test } from 'vitest';
import { GenerationalCache, hashKey, SHORT_TEXT, textDigest, textKey } from './cache.ts';

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

  test('does not confuse a lone surrogate with U+FFFD (the same bytes in UTF-8)', () => {
    expect(hashKey('a\ud800b')).not.toBe(hashKey('a\ufffdb'));
    expect(hashKey('\udc00')).not.toBe(hashKey('\ufffd'));
  });
});

describe('textKey', () => {
  test('short texts are their own key, longer ones a digest; either way the key stays short', () => {
    expect(textKey('o', 'user')).toBe('o\u0000user');
    expect(textKey('o', 'x'.repeat(SHORT_TEXT))).toBe(`o\u0000${'x'.repeat(SHORT_TEXT)}`);
    expect(textKey('o', 'x'.repeat(SHORT_TEXT + 1))).toBe(`o${hashKey('x'.repeat(SHORT_TEXT + 1))}`);
    expect(textKey('o', 'x'.repeat(1_000_000)).length).toBe(28);
  });

  test('a digest made once keys the text under every tag', () => {
    const text = 'a longer text, hashed once';
    const digest = textDigest(text);
    for (const tag of ['o', 'q', 'd']) expect(textKey(tag, text, digest)).toBe(textKey(tag, text));
    expect(textDigest('user')).toBe('\u0000user');
  });

  test('distinct (tag, text) pairs have distinct keys', () => {
    const keys = new Set<string>();
    const texts = ['', 'a', 'user', '\u0000', 'o\u0000a', 'x'.repeat(SHORT_TEXT), 'x'.repeat(SHORT_TEXT + 1), 'a\ud800b'];
    // A short text that looks like a digest is not one.
    texts.push(hashKey('x'.repeat(SHORT_TEXT + 1)).slice(0, SHORT_TEXT));
    for (const tag of ['o', 'c']) for (const text of texts) keys.add(textKey(tag, text));
    expect(keys.size).toBe(2 * texts.length);
  });
});

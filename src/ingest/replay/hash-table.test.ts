import { describe, expect, it } from 'vitest';
import { hash53 } from './dedupe.ts';
import { HashMap53, HashSet53 } from './hash-table.ts';

describe('HashSet53 and HashMap53', () => {
  it('agree with Set and Map over 100,000 hashes, through many growths, keys near 2^53 and 0 included', () => {
    const set = new HashSet53();
    const map = new HashMap53();
    const refSet = new Set<number>();
    const refMap = new Map<number, number>();
    const keys = [0, 1, 2 ** 32, 2 ** 32 - 1, 2 ** 53 - 1, 2 ** 52 + 12345];
    for (let i = 0; i < 100_000; i++) keys.push(hash53(`msg_${i % 70_000}`, i % 3));
    // Disagreements collected, one expect at the end (100,000 expect() calls took seconds).
    const wrong: string[] = [];
    keys.forEach((k, i) => {
      if (set.has(k) !== refSet.has(k)) wrong.push(`has ${k} before add ${i}`);
      set.add(k);
      refSet.add(k);
      if (i % 2 === 0) {
        if (map.get(k) !== refMap.get(k)) wrong.push(`get ${k} before set ${i}`);
        map.set(k, i);
        refMap.set(k, i);
      }
    });
    for (const k of refSet) if (!set.has(k)) wrong.push(`lost ${k}`);
    for (const [k, v] of refMap) if (map.get(k) !== v) wrong.push(`map ${k}: ${map.get(k)} not ${v}`);
    expect(wrong).toEqual([]);
    expect(set.size).toBe(refSet.size);
    expect(map.size).toBe(refMap.size);
    // Keys never added are absent (same low 32 bits as a present key, another high part included).
    expect(set.has(2 ** 33 + 1)).toBe(refSet.has(2 ** 33 + 1));
    expect(map.has(hash53('never'))).toBe(refMap.has(hash53('never')));
    set.clear();
    expect(set.size).toBe(0);
    expect(set.has(keys[10] as number)).toBe(false);
  });

  it('refuses what is not a 53-bit hash (a silent wrong slot would merge two requests)', () => {
    expect(() => new HashSet53().add(-1)).toThrow(RangeError);
    expect(() => new HashSet53().add(2 ** 53)).toThrow(RangeError);
    expect(() => new HashMap53().set(1.5, 0)).toThrow(RangeError);
  });
});

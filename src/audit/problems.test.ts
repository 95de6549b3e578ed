import { describe, expect, it } from 'vitest';
import { ProblemList } from './run.ts';

describe('ProblemList', () => {
  it('keeps the first N problems by file then line, whatever order they come in, and counts them all', () => {
    let seed = 5;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (const limit of [0, 1, 7, 50]) {
      const list = new ProblemList(limit);
      const all: { file: string; line: number }[] = [];
      // Mostly in order (files read one after another), with some earlier ones coming late, as
      // problems of ranges and other threads are merged.
      for (let i = 0; i < 3000; i++) {
        const late = rand(10) === 0;
        const p = { file: `f${late ? rand(3) : 3 + Math.floor(i / 500)}.jsonl`, line: late ? rand(1000) : i % 500, reason: 'r' };
        all.push(p);
        if (i % 2) list.add('skipped', p);
        else {
          list.total += 1;
          list.keep({ kind: 'skipped', ...p });
        }
      }
      const expected = [...all].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1)).slice(0, limit);
      expect(list.sorted().map((p) => [p.file, p.line])).toEqual(expected.map((p) => [p.file, p.line]));
      expect(list.total).toBe(3000);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { describeProgress, ProgressLine } from './progress.ts';

function fakeLine() {
  let now = 0;
  const written: string[] = [];
  const line = new ProgressLine((t) => written.push(t), () => now);
  return { line, written, at: (ms: number) => (now = ms) };
}

const P = { bytes: 120_500_000, bytesTotal: 279_000_000, rows: 132_000 };

describe('progress line', () => {
  it('says how much is read, of how much, the rows and the rate, within 80 columns', () => {
    const text = describeProgress(P, 2);
    expect(text).toBe('llm-audit: 120.5 of 279.0 MB (43%), 132,000 rows, 60.3 MB/s');
    expect(describeProgress({ bytes: 9e9, bytesTotal: 9.9e9, rows: 123_456_789 }, 100).length).toBeLessThan(80);
    expect(describeProgress({ bytes: 5e6, bytesTotal: undefined, rows: 10 }, 1)).toBe('llm-audit: 5.0 MB, 10 rows, 5.0 MB/s');
  });

  it('draws nothing in the first second, then at most every 250 ms, each time over the last line', () => {
    const { line, written, at } = fakeLine();
    at(900);
    line.update(P);
    expect(written).toEqual([]);
    at(1000);
    line.update(P);
    at(1100);
    line.update(P);
    at(1250);
    line.update({ ...P, rows: 140_000 });
    expect(written).toHaveLength(2);
    expect(written.every((w) => w.startsWith('\r\x1b[2K'))).toBe(true);
    expect(written[1]).toContain('140,000 rows');
  });

  it('wipes its line when done, and writes nothing when it never drew', () => {
    const quick = fakeLine();
    quick.line.update(P);
    quick.line.done();
    expect(quick.written).toEqual([]);
    const slow = fakeLine();
    slow.at(2000);
    slow.line.update(P);
    slow.line.done();
    expect(slow.written.at(-1)).toBe('\r\x1b[2K');
  });
});

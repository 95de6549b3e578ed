import { describe, expect, it } from 'vitest';
import { formatShare } from './format.ts';

describe('formatShare', () => {
  it('one decimal, never 0% for a part nor 100% for less than the whole', () => {
    expect(formatShare(86, 200)).toBe('43.0%');
    expect(formatShare(1, 3)).toBe('33.3%');
    expect(formatShare(0, 200)).toBe('0%');
    expect(formatShare(200, 200)).toBe('100%');
    expect(formatShare(1, 1_000_000)).toBe('<0.1%');
    expect(formatShare(999_999, 1_000_000)).toBe('>99.9%');
    expect(formatShare(999, 1000)).toBe('99.9%');
    expect(formatShare(1, 1000)).toBe('0.1%');
    expect(formatShare(0, 0)).toBe('0%');
  });
});

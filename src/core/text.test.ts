import { describe, expect, it } from 'vitest';
import { compareText, groupThousands } from './text.ts';

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

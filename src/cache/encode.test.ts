import { describe, expect, it } from 'vitest';
import { Decoder, Encoder, Unencodable } from './encode.ts';

function roundTrip(values: unknown[]): unknown[] {
  const e = new Encoder();
  for (const v of values) e.write(v);
  const d = new Decoder(Buffer.from(e.codes), Buffer.from(e.floats), e.table);
  const out = values.map(() => d.read());
  expect(d.done).toBe(true);
  return out;
}

describe('the cache encoding', () => {
  it('gives back plain values exactly: key order, undefined-valued keys, -0, NaN, large and fractional numbers, nesting', () => {
    const values = [
      { kind: 'skipped', format: 'x', problem: { file: 'f', line: 3, reason: 'r' } },
      { kind: 'skipped', problem: { file: 'f', line: 4, reason: 'r' }, format: 'x' },
      { a: undefined, b: null, c: true, d: false, e: -0, f: Number.NaN, g: 1762111890864, h: 0.1, i: -5, j: 2 ** 31, k: [1, [2, 'two'], {}], l: '' },
      // Integers at every varint length and sign, and past the safe range.
      [0, 1, 127, 128, 16383, 16384, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 32, 2 ** 53 - 1, -(2 ** 53), 2 ** 53, 9007199254740993, -1e300, Infinity, -Infinity, 5e-324],
      [],
      'a\0b',
      { '': 1, 'a\0b': 2 },
    ];
    const back = roundTrip(values);
    expect(back).toEqual(values);
    for (const [i, v] of values.entries()) if (typeof v === 'object' && v !== null) expect(Object.keys(back[i] as object)).toEqual(Object.keys(v));
    expect(Object.is((back[2] as { e: number }).e, -0)).toBe(true);
    expect('a' in (back[2] as object)).toBe(true);
  });

  it('refuses what it cannot give back (the file is then not cached)', () => {
    for (const v of [new Map(), new Date(0), 1n, Symbol('s'), () => 1, [1, , 3], Object.create(null), JSON.parse('{"__proto__": 1}')]) {
      expect(() => new Encoder().write({ v })).toThrow(Unencodable);
    }
  });
});

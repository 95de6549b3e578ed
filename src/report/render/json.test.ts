import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audit } from '../../audit/index.ts';
import { loadFx } from '../../pricing/fx.ts';
import { loadCatalogue } from '../../pricing/load.ts';
import type { Report } from '../contract.ts';
import { chunkedRenderers, renderers, type Renderer } from './index.ts';
import { jsonPieces, renderJson, renderJsonChunks } from './json.ts';

const FROZEN = 'fixtures/pricing/frozen';
const catalogue = loadCatalogue([FROZEN]);

function report(paths: string[], options: { groupBy?: string[]; compare?: string[]; stdin?: string; currency?: string } = {}): Promise<Report> {
  return audit({
    paths,
    stdin: Readable.from([options.stdin ?? '']),
    catalogue,
    groupBy: (options.groupBy ?? ['model']) as never,
    compare: options.compare ?? [],
    problemLimit: 50,
    threads: 1,
    conversion: options.currency ? { currency: options.currency, table: loadFx(FROZEN), overrides: [] } : undefined,
  });
}

const chunked = (r: Report, chars?: number) => [...renderJsonChunks(r, chars)];

describe('renderJsonChunks: the text of renderJson, in chunks', () => {
  it('matches JSON.stringify byte for byte on the fixture logs: grouped, with what-if and unpriced models, converted', async () => {
    const reports = [
      await report(['fixtures/logs'], { groupBy: ['model', 'day'] }),
      await report(['fixtures/logs'], { groupBy: ['provider', 'tag:user'], compare: ['gpt-4o', 'claude-sonnet-4-5'] }),
      await report(['fixtures/logs/quickstart.jsonl', 'fixtures/logs/malformed.jsonl'], { groupBy: ['month'], currency: 'CNY' }),
    ];
    expect(reports[1]?.whatIf.length).toBe(2);
    expect(reports[1]?.unpriced.length).toBeGreaterThan(0);
    expect(reports[1]?.problems.length).toBeGreaterThan(0);
    expect(reports[2]?.conversion).not.toBeNull();
    for (const r of reports) {
      const text = renderJson(r);
      expect(chunked(r).join('')).toBe(text);
      expect([...chunkedRenderers.json(r, { color: false })].join('')).toBe(text);
      // Every chunk but the last holds at least the asked size; small sizes cut at every piece.
      const small = chunked(r, 100);
      expect(small.join('')).toBe(text);
      expect(small.slice(0, -1).every((c) => c.length >= 100)).toBe(true);
      expect(chunked(r, 1).length).toBeGreaterThan(r.groups.length);
    }
  });

  it('matches on an empty report (no rows), and on a header-only CSV', async () => {
    for (const r of [await report(['-']), await report(['fixtures/logs/header-only.csv'])]) {
      expect(r.groups).toEqual([]);
      expect(chunked(r).join('')).toBe(renderJson(r));
    }
  });

  it('every format’s chunks join to its renderer’s text (CSV line by line, also with --decimals)', async () => {
    const reports = [await report(['fixtures/logs/quickstart.jsonl']), await report(['fixtures/logs'], { groupBy: ['model', 'day'] })];
    for (const r of reports) {
      for (const format of ['table', 'json', 'csv', 'markdown'] as const) {
        for (const options of [{ color: false }, { color: false, decimals: 2 }]) {
          expect([...chunkedRenderers[format](r, options)].join('')).toBe((renderers[format] as Renderer)(r, options));
        }
      }
    }
  });
});

describe('jsonPieces: JSON.stringify(value, null, 2) + "\\n" for any value', () => {
  const anything = fc.anything({ withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true, withObjectString: true, maxDepth: 4 });
  const reference = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

  it('at every split depth', () => {
    fc.assert(
      fc.property(anything, fc.integer({ min: 0, max: 4 }), (value, depth) => {
        expect([...jsonPieces(value, depth)].join('')).toBe(reference(value));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out undefined, functions and symbols in objects, writes them as null in arrays, calls toJSON with its key', () => {
    const keys: string[] = [];
    const stamp = { toJSON: (key: string) => (keys.push(key), `at ${key}`) };
    const values: unknown[] = [
      undefined,
      () => 1,
      { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('s')] },
      { only: undefined },
      { list: [], empty: {}, nested: { deeper: [{}, []] } },
      { when: new Date(Date.UTC(2025, 0, 2)), bad: new Date(Number.NaN), stamp, items: [stamp, stamp] },
      [1.5, -0, Number.NaN, Infinity, 'line\nbreak\u2028', '\ud800'],
      { toJSON: () => ({ swapped: [1, { two: 2 }] }) },
    ];
    for (const value of values) for (const depth of [0, 1, 2, 3]) expect([...jsonPieces(value, depth)].join('')).toBe(reference(value));
    keys.length = 0;
    [...jsonPieces({ stamp, items: [stamp, stamp] }, 3)];
    expect(keys).toEqual(['stamp', '0', '1']);
  });
});

describe('slices: a long text handed out in pieces', () => {
  it('joins back to the text, never splits a surrogate pair, and leaves a short text whole', async () => {
    const { slices } = await import('./index.ts');
    const text = `${'a'.repeat(9)}😀${'b'.repeat(8)}😀😀é${'c'.repeat(20)}`;
    for (const size of [1, 2, 3, 5, 10, 11, 64]) {
      const parts = [...slices(text, size)];
      expect(parts.join('')).toBe(text);
      for (const part of parts) expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
    }
    expect([...slices('short', 10)]).toEqual(['short']);
    expect([...slices('', 10)]).toEqual(['']);
  });
});

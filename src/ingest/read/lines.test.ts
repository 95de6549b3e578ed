import { describe, expect, it } from 'vitest';
import { LineSplitter, lineText } from './lines.ts';

function split(chunks: (string | Buffer)[], maxBytes?: number, lineEnd?: 'lf' | 'cr'): [string | undefined, number][] {
  const out: [string | undefined, number][] = [];
  const splitter = new LineSplitter((buf, start, end, line) => out.push([buf && lineText(buf, start, end), line]), maxBytes, lineEnd);
  for (const c of chunks) splitter.push(typeof c === 'string' ? Buffer.from(c) : c);
  splitter.end();
  return out;
}

describe('LineSplitter', () => {
  it('numbers lines, skips blank ones, handles CRLF and a last line without newline', () => {
    expect(split(['a\r\n\r\n  \t\nb\n', 'c'])).toEqual([
      ['a', 1],
      ['b', 4],
      ['c', 5],
    ]);
  });

  it('splits at a lone CR when told the file has CR-only line ends, across chunks', () => {
    expect(split(['{"a":1}\r\r  \r{"b"', ':2}\r', '{"c":3}'], undefined, 'cr')).toEqual([
      ['{"a":1}', 1],
      ['{"b":2}', 4],
      ['{"c":3}', 5],
    ]);
    // Told nothing, a lone CR is not a line end (the line is read as one and rejected downstream).
    expect(split(['{"a":1}\r{"b":2}\r'])).toEqual([['{"a":1}\r{"b":2}', 1]]);
  });

  it('strips a BOM at the start of a line (the file, or files joined with cat)', () => {
    expect(split(['\uFEFF{"a":1}\n\uFEFF{"b":2}\nx\uFEFF\n'])).toEqual([
      ['{"a":1}', 1],
      ['{"b":2}', 2],
      ['x\uFEFF', 3],
    ]);
  });

  it('joins lines across chunk boundaries, including a split multi-byte character', () => {
    const bytes = Buffer.from('{"t":"é€"}\nnext\n');
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    expect(split(chunks)).toEqual([
      ['{"t":"é€"}', 1],
      ['next', 2],
    ]);
  });

  it('keeps leading whitespace on non-blank lines', () => {
    expect(split(['  {"a":1}\n'])).toEqual([['  {"a":1}', 1]]);
  });

  it('reports an overlong line as undefined and goes on with the next', () => {
    expect(split(['short\n', 'x'.repeat(10), 'y'.repeat(10), '\nafter\n'], 15)).toEqual([
      ['short', 1],
      [undefined, 2],
      ['after', 3],
    ]);
  });

  it('yields nothing for an empty stream', () => {
    expect(split([])).toEqual([]);
    expect(split(['\n\n'])).toEqual([]);
  });
});

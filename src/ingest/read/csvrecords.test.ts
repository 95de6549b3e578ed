import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecords, CsvSyntaxError } from './csvrecords.ts';

/** Records of `text` given to CsvRecords in pieces cut at `cuts`, with their line numbers. */
function read(text: string, cuts: readonly number[] = []): { cells: string[]; line: number }[] {
  const out: { cells: string[]; line: number }[] = [];
  const records = new CsvRecords((cells, line) => out.push({ cells, line }));
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    records.push(text.slice(at, cut));
    at = cut;
  }
  records.end();
  return out;
}

const cellsOf = (text: string, cuts?: readonly number[]) => read(text, cuts).map((r) => r.cells);

/** What csv-parse, with the options llm-audit used it with, reads. */
const csvParse = (text: string): string[][] => parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];

let seed = 11;
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}

const PIECES = ['gpt-4o', '1,234', 'say "hi"', 'two\nlines', 'cr\r\nlf', 'lone\rcr', '', ' ', 'é中🙂', '5" screen', '""', 'a,b,c', 'x'];

/**
 * A well-formed CSV: cells that need it are quoted (quotes doubled), some others quoted anyway.
 * One width for all rows, as in real exports, unless `ragged`.
 */
function generated(eol: string, rows: number, ragged = false): string {
  const lines: string[] = [];
  const width = 1 + rand(5);
  for (let r = 0; r < rows; r++) {
    const cells = Array.from({ length: ragged ? 1 + rand(5) : width }, () => {
      const v = PIECES[rand(PIECES.length)] as string;
      const must = /[",\r\n]/.test(v);
      return must || rand(4) === 0 ? `"${v.replaceAll('"', '""')}"` : v;
    });
    lines.push(cells.join(','));
  }
  return lines.join(eol) + (rand(2) ? eol : '');
}

describe('CsvRecords', () => {
  it('reads what csv-parse reads on well-formed files (LF, CRLF, CR), cut anywhere', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      for (let file = 0; file < 40; file++) {
        const text = generated(eol, 1 + rand(12));
        const expected = csvParse(text);
        expect(cellsOf(text), JSON.stringify(text)).toEqual(expected);
        // Every single cut, and random sets of cuts.
        for (let cut = 1; cut < text.length; cut++) expect(cellsOf(text, [cut]), `${JSON.stringify(text)} cut at ${cut}`).toEqual(expected);
        const cuts = [...new Set(Array.from({ length: 4 }, () => rand(text.length)))].sort((a, b) => a - b);
        expect(cellsOf(text, cuts)).toEqual(expected);
      }
    }
  });

  it('reads what csv-parse reads on files whose rows have different widths, cut at random places', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      for (let file = 0; file < 30; file++) {
        const text = generated(eol, 1 + rand(12), true);
        const expected = csvParse(text);
        for (let k = 0; k < 5; k++) {
          const cuts = [...new Set(Array.from({ length: 1 + rand(4) }, () => rand(text.length)))].sort((a, b) => a - b);
          expect(cellsOf(text, cuts), `${JSON.stringify(text)} cut at ${cuts.join(',')}`).toEqual(expected);
        }
      }
    }
  });

  it('numbers records by the line they start on, counting line breaks inside quoted cells', () => {
    const text = 'a,b\r\n"x\r\ny",1\r\n\r\nlast,"q\nq\rq"\nend';
    expect(read(text).map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b']],
      [2, ['x\r\ny', '1']],
      [4, ['']],
      [5, ['last', 'q\nq\rq']],
      [8, ['end']],
    ]);
  });

  it('drops a BOM at the start of the file only', () => {
    expect(cellsOf('\uFEFFa,b\n\uFEFFc\n', [1])).toEqual([['a', 'b'], ['\uFEFFc']]);
  });

  it('keeps quotes inside unquoted cells, and reads a cell with text after its closing quote as written', () => {
    expect(cellsOf('5" screen,ok\n"a"b,c\n"a""b"x,"d"\n')).toEqual([
      ['5" screen', 'ok'],
      ['"a"b', 'c'],
      ['"a"b"x', 'd'],
    ]);
  });

  it('throws CsvSyntaxError for a quote never closed, at the line of its record', () => {
    const records = new CsvRecords(() => undefined);
    records.push('a,b\nc,"d\ne,f\n');
    try {
      records.end();
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CsvSyntaxError);
      expect((err as CsvSyntaxError).line).toBe(2);
      expect((err as Error).message).toMatch(/^Quote Not Closed/);
    }
  });

  it('with onBroken, a quote never closed breaks its record only: reading goes on after the quote line', () => {
    const text = 'h1,h2\nc,"d\ne,f\r\ng,h';
    for (const cut of [1, 3, 7, 9, 11, 14]) {
      const out: unknown[] = [];
      const records = new CsvRecords((cells, line) => out.push([line, ...cells]), undefined, (line, reason) => out.push([line, reason]));
      for (let at = 0; at < text.length; at += cut) records.push(text.slice(at, at + cut));
      records.end();
      expect(out).toEqual([
        [1, 'h1', 'h2'],
        [2, expect.stringMatching(/^a quote opened on line 2 is never closed: this row \(line 2\) is not read, and reading goes on from line 3/)],
        [3, 'e', 'f'],
        [4, 'g', 'h'],
      ]);
    }
  });

  it('with onBroken, names the quote line of a record that began lines before it', () => {
    const out: unknown[] = [];
    const records = new CsvRecords((cells, line) => out.push([line, ...cells]), undefined, (line, reason) => out.push([line, reason]));
    records.push('a,"x\ny",b,"open\nnext,row\n');
    records.end();
    expect(out).toEqual([
      [1, expect.stringMatching(/^a quote opened on line 2 is never closed: this row \(lines 1-2\) is not read, and reading goes on from line 3/)],
      [3, 'next', 'row'],
    ]);
  });

  it('waits for the rest of a record cut after a \\r, a closing quote or inside a cell', () => {
    expect(cellsOf('a\r\nb', [2])).toEqual([['a'], ['b']]);
    expect(cellsOf('"a""b",c\n', [3])).toEqual([['a"b', 'c']]);
    expect(cellsOf('"a""b",c\n', [4])).toEqual([['a"b', 'c']]);
    expect(cellsOf('xy,"z"\n', [1, 5])).toEqual([['xy', 'z']]);
  });
});

describe('CsvRecords on long records', () => {
  it('reads a quoted cell that spans many pieces', () => {
    const cell = 'x'.repeat(100_000);
    const text = `a,"${cell}"\nb,c\n`;
    const cuts = Array.from({ length: 1000 }, (_, i) => 1 + i * 100);
    expect(cellsOf(text, cuts)).toEqual([
      ['a', cell],
      ['b', 'c'],
    ]);
  });

  it('stops with CsvSyntaxError at a record longer than the limit (a quote never closed): memory stays flat', () => {
    const records = new CsvRecords(() => undefined, 1000);
    records.push('a,b\n"open');
    expect(() => {
      for (let i = 0; i < 100; i++) records.push('y'.repeat(100));
    }).toThrow(CsvSyntaxError);
  });
});

describe('CsvRecords past a record longer than the limit', () => {
  it('with onBroken, a quote never closed within the limit breaks its record; reading goes on after its line', () => {
    const out: unknown[] = [];
    const records = new CsvRecords((cells, line) => out.push([line, cells.join('|')]), 1000, (line, reason) => out.push([line, reason.slice(0, 40)]));
    records.push('a,b\nx,"open\n');
    for (let i = 0; i < 100; i++) records.push(`r${i},${i}\n`);
    records.end();
    expect(out.slice(0, 3)).toEqual([
      [1, 'a|b'],
      [2, 'a quote opened on line 2 is never closed'],
      [3, 'r0|0'],
    ]);
    expect(out).toHaveLength(102);
    expect(out[101]).toEqual([102, 'r99|99']);
  });

  it('with onBroken, the same when only doubled quotes ("") follow the quote: none of them can close it', () => {
    const out: unknown[] = [];
    const records = new CsvRecords((cells, line) => out.push([line, cells.join('|')]), 1000, (line, reason) => out.push([line, reason.slice(0, 40)]));
    records.push('a,b\nx,"open\n');
    for (let i = 0; i < 300; i++) records.push(`r${i},""\n`);
    records.end();
    expect(out.slice(0, 3)).toEqual([
      [1, 'a|b'],
      [2, 'a quote opened on line 2 is never closed'],
      [3, 'r0|'],
    ]);
    expect(out).toHaveLength(302);
    expect(out[301]).toEqual([302, 'r299|']);
  });

  it('still stops with CsvSyntaxError at a record that long with no line end after its quote', () => {
    const records = new CsvRecords(() => undefined, 1000, () => undefined);
    records.push('a,b\n"open');
    expect(() => {
      for (let i = 0; i < 100; i++) records.push('y'.repeat(100));
    }).toThrow(CsvSyntaxError);
  });
});

describe('CsvRecords memory', () => {
  it('gives cells that do not keep their chunk of text alive (a kept tag per chunk would keep every chunk)', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const kept: string[] = [];
    const records = new CsvRecords((cells) => kept.push(cells[1] as string));
    gc();
    const before = process.memoryUsage().heapUsed;
    // 200 chunks of 256 KB, each with one record whose second cell is kept (a distinct user).
    for (let i = 0; i < 200; i++) records.push(`x,user-${String(i).padStart(12, '0')},${'y'.repeat(262_144)}\n`);
    records.end();
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(kept).toHaveLength(200);
    expect(kept[7]).toBe('user-000000000007');
    // Kept views would hold 200 × 256 KB = 50 MB; copies hold a few KB.
    expect(grown).toBeLessThan(10 * 1024 * 1024);
  });
});

// ---------------------------------------------------------------- properties (fast-check)

type Out = (string | number)[];

/** What CsvRecords hands on for `text` cut at `cuts`: [line, ...cells] per record, [line, 'broken', quote line] per broken record. */
function readAll(text: string, cuts: readonly number[]): Out[] {
  const out: Out[] = [];
  const records = new CsvRecords(
    (cells, line) => out.push([line, ...cells]),
    undefined,
    (line, reason) => out.push([line, 'broken', Number(/a quote opened on line (\d+)/.exec(reason)?.[1])]),
  );
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    records.push(text.slice(at, cut));
    at = cut;
  }
  records.end();
  return out;
}

/** csv-parse with the line ends the plain split reads (\r\n, \n and \r, mixed), as the whole file. */
const LIBRARY = { record_delimiter: [Buffer.from('\r\n'), Buffer.from('\n'), Buffer.from('\r')], relax_quotes: true, relax_column_count: true, skip_empty_lines: false };
const readsWhole = (text: string): boolean => {
  try {
    parse(text, LIBRARY);
    return true;
  } catch {
    return false;
  }
};

/** Positions just after each line end (\r\n one), and the text's end. */
function lineStarts(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) out.push(i + 1);
  }
  return out;
}

const breaks = (text: string): number => lineStarts(text).filter((p) => p <= text.length && /[\r\n]$/.test(text.slice(0, p))).length;

/**
 * The reference, from csv-parse alone and brute force (not the code under test): records start at
 * the line starts where csv-parse reads the text before them to its end; a quote never closed is
 * the last quote that starts a cell (the record's start, or after a ",") where csv-parse reads the
 * record up to it; reading goes on after that quote's line.
 */
function reference(text: string, firstLine = 1): Out[] {
  if (text === '') return [];
  const starts = [0, ...lineStarts(text).filter((p) => p < text.length)].filter((p) => readsWhole(text.slice(0, p)));
  const whole = readsWhole(text);
  const recordStarts = whole ? starts : starts.slice(0, -1);
  const records = parse(text.slice(0, whole ? text.length : (starts.at(-1) as number)), LIBRARY);
  const out: Out[] = records.map((cells, i) => [firstLine + breaks(text.slice(0, recordStarts[i])), ...cells]);
  if (whole) return out;
  const start = starts.at(-1) as number;
  let quote = -1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '"' && (i === start || text[i - 1] === ',') && readsWhole(text.slice(start, i))) quote = i;
  }
  const quoteLine = firstLine + breaks(text.slice(0, quote));
  out.push([firstLine + breaks(text.slice(0, start)), 'broken', quoteLine]);
  const resume = lineStarts(text).find((p) => p > quote) ?? text.length;
  return [...out, ...reference(text.slice(resume), quoteLine + 1)];
}

/** Cut positions in (0, length), sorted, never between the halves of a surrogate pair. */
const cutsOf = (text: string, raw: readonly number[]): number[] =>
  [...new Set(raw.map((r) => 1 + (r % Math.max(1, text.length - 1))))]
    .filter((c) => c < text.length && !/[\uD800-\uDBFF]/.test(text[c - 1] as string))
    .sort((a, b) => a - b);

describe('CsvRecords properties', () => {
  it('round trip: rows written with RFC 4180 quoting and mixed line ends read back as written, on the lines they start', () => {
    const cell = fc.array(fc.constantFrom('a', 'gpt-4o', '1,234', ' ', '"', '""', ',', '\n', '\r\n', '\r', 'é', '中', '🙂', '5" x', 'say "hi"'), { maxLength: 4 }).map((p) => p.join(''));
    const row = fc.tuple(fc.array(fc.tuple(cell, fc.boolean()), { minLength: 1, maxLength: 5 }), fc.constantFrom('\n', '\r\n', '\r'));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), (rows, trailing, raw) => {
        let text = '';
        let line = 1;
        const expected: Out[] = [];
        rows.forEach(([cells, eol], i) => {
          expected.push([line, ...cells.map(([c]) => c)]);
          line += cells.reduce((n, [c]) => n + breaks(c), 0) + 1;
          // A row of one empty cell is quoted: a blank line after a lone \r would make it \r\n (blank lines are tested apart).
          const blank = cells.length === 1 && cells[0]?.[0] === '';
          text += cells.map(([c, quoted]) => (quoted || blank || /[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',');
          if (i < rows.length - 1 || trailing) text += eol;
        });
        expect(readAll(text, cutsOf(text, raw))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('any text, malformed quoting included: the reference records, each broken record once, every line accounted for', () => {
    const text = fc.array(fc.constantFrom('a', 'b', ',', ',', '"', '"', '""', '\n', '\r\n', '\r', 'é', ' '), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (t, raw) => {
        expect(readAll(t, cutsOf(t, raw))).toEqual(reference(t));
      }),
      { numRuns: 400 },
    );
  });
});

describe('CsvRecords on quoted records', () => {
  it('reads a run of quoted rows between plain ones, a quoted cell over many lines, and rows after malformed quoting', () => {
    const text = ['h,n', 'p,1', '"q",2', 'r,"3\n4\r\n5",x', 's,"1,000"', 'a"b,c"d', '"e"f,"g""h"', 'plain,7', '"last",8'].join('\n');
    const expected = [
      [1, 'h', 'n'],
      [2, 'p', '1'],
      [3, 'q', '2'],
      [4, 'r', '3\n4\r\n5', 'x'],
      [7, 's', '1,000'],
      [8, 'a"b', 'c"d'],
      [9, '"e"f', 'g"h'],
      [10, 'plain', '7'],
      [11, 'last', '8'],
    ];
    for (let cut = 1; cut < text.length; cut++) expect(readAll(text, [cut]), `cut at ${cut}`).toEqual(expected);
  });

  it('a quote never closed with quotes after it (only doubled ones): broken once, the rows after its line are read', () => {
    const text = `a,b\nc,"open\n${'r,""\n'.repeat(50)}`;
    const out = readAll(text, [20, 100]);
    expect(out[0]).toEqual([1, 'a', 'b']);
    expect(out[1]).toEqual([2, 'broken', 2]);
    expect(out).toHaveLength(52);
    expect(out[51]).toEqual([52, 'r', '']);
  });

  it('a quoted cell much longer than a chunk, in a file read in small pieces', () => {
    const cell = 'line\n'.repeat(20_000);
    const text = `a,"${cell}"\nb,"c"\nd,e\n`;
    const cuts = Array.from({ length: 999 }, (_, i) => 1 + i * 101);
    expect(readAll(text, cuts)).toEqual([
      [1, 'a', cell],
      [20_002, 'b', 'c'],
      [20_003, 'd', 'e'],
    ]);
  });
});

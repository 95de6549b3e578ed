// Byte ranges of a file: the readers of all ranges read every line exactly once, wherever the
// range ends fall (inside a line, on a newline, on a CR, past a last line without newline).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rangeChunks } from './read/chunks.ts';

function readRange(path: string, start: number, end: number): string {
  let bytes = 0;
  const parts: Buffer[] = [];
  for (const chunk of rangeChunks(path, path, { start, end }, (n) => (bytes += n))) parts.push(Buffer.from(chunk));
  expect(bytes).toBe(end - start);
  return Buffer.concat(parts).toString('latin1');
}

const dir = mkdtempSync(join(tmpdir(), 'llm-audit-ranges-'));

describe('rangeChunks', () => {
  const shapes = {
    'LF lines, last without newline': 'a\nbb\n\nccc\ndddd\ne',
    'CRLF lines and blank lines': '{"a":1}\r\n\r\n{"b":22}\r\n{"c":333}\r\n',
    'one long line': 'x'.repeat(50),
    'newlines only': '\n\n\n',
  };
  for (const [name, text] of Object.entries(shapes)) {
    it(`splits "${name}" at every pair of cut points into ranges that read each line once`, () => {
      const path = join(dir, `${name.replaceAll(/\W/g, '_')}.jsonl`);
      writeFileSync(path, text, 'latin1');
      const n = text.length;
      for (let a = 0; a <= n; a++) {
        for (let b = a; b <= n; b++) {
          const pieces = [readRange(path, 0, a), readRange(path, a, b), readRange(path, b, n)];
          expect(pieces.join('')).toBe(text);
          // Each piece is whole lines, and its first line starts inside its range.
          let at = 0;
          for (const [i, piece] of pieces.entries()) {
            const [start, end] = [[0, a], [a, b], [b, n]][i] as [number, number];
            if (piece !== '') {
              expect(at === 0 || text[at - 1] === '\n').toBe(true);
              expect(at >= start && at < end).toBe(true);
            }
            at += piece.length;
          }
        }
      }
    });
  }
});

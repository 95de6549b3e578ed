// Issue 12: a spread of an unbounded array into a call (`Math.min(...costs)`) overflows the stack
// past ~100,000 items; it crashed reports of 100,000+ groups. This scan keeps such calls out of the
// source, so the guard costs milliseconds instead of a 150,000-group run in every test pass.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

/** Calls whose arguments become one stack frame each: never with a spread of data-sized arrays. */
const SPREAD_INTO_CALL = /\b(?:Math\.(?:min|max)|String\.fromCharCode|String\.fromCodePoint)\(\s*\.\.\./;

const isComment = (line: string) => /^\s*(\/\/|\*|\/\*)/.test(line);

describe('code hazards', () => {
  it('no Math.min/Math.max/String.fromCharCode over a spread array in src/', () => {
    const hits = sourceFiles(SRC).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (SPREAD_INTO_CALL.test(line) && !isComment(line) ? [`${file.slice(SRC.length)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it('the scan finds the pattern it looks for', () => {
    expect(SPREAD_INTO_CALL.test('const lowest = Math.min(...costs);')).toBe(true);
    expect(SPREAD_INTO_CALL.test('const lowest = Math.min(a, b);')).toBe(false);
  });
});

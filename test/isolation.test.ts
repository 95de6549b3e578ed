// vitest.config.ts runs test files without isolation (one module cache per worker), which is only
// sound while no test changes process-wide state. This keeps that assumption checked: a test that
// needs a mocked module, a stubbed variable or fake timers must move to an isolated project.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './cli/run.ts';

const PROCESS_WIDE = [/\bvi\.mock\(/, /\bvi\.doMock\(/, /\bvi\.stubEnv\(/, /\bvi\.stubGlobal\(/, /\bvi\.useFakeTimers\(/, /\bprocess\.env(\.[A-Za-z_]+|\[[^\]]+\])\s*=[^=]/, /\bdelete process\.env\b/, /\bprocess\.chdir\(/];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : testFiles(path);
    return /\.test\.(ts|mjs)$/.test(e.name) ? [path] : [];
  });
}

it('no test file changes process-wide state (the suite runs with isolate: false)', () => {
  const offenders = ['src', 'test', 'scripts'].flatMap((d) => testFiles(join(ROOT, d))).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return PROCESS_WIDE.filter((re) => re.test(text) && !file.endsWith('isolation.test.ts')).map((re) => `${relative(ROOT, file)}: ${re.source}`);
  });
  expect(offenders).toEqual([]);
});

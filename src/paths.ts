// Where the package is installed: the nearest folder above this module holding llm-audit's
// package.json. Found by walking up rather than by a fixed "../..", because the same code runs
// from dist/<stage>/*.js (tsc output), dist/bundle/*.js (the bundle bin loads) and src/ (tests).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'llm-audit') return dir;
    if (dirname(dir) === dir) throw new Error(`llm-audit's package.json not found above ${from}`);
  }
}

export const PACKAGE_ROOT: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

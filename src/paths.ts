// Where the package is installed: the nearest folder above this module holding our
// package.json. Found by walking up rather than by a fixed "../..", because the same code runs
// from dist/<stage>/*.js (tsc output), dist/bundle/*.js (the bundle bin loads) and src/ (tests).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The npm package name (the command is still `llm-audit`; that npm name belongs to an unrelated project). */
export const PACKAGE_NAME = 'llm-cost-auditor';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) throw new Error(`llm-audit's package.json not found above ${from}`);
  }
}

export const PACKAGE_ROOT: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The catalogue shipped with the package (pricing/ at the package root). */
export const DEFAULT_PRICING_DIR = join(PACKAGE_ROOT, 'pricing');

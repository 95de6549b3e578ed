// IO edge of the pricing stage: reads pricing/*.json, validates, and builds the Catalogue.
// The content hash goes into every report, so a closed month can be shown to use the same data.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PricingError } from '../errors.ts';
import { Catalogue } from './catalog.ts';
import { validatePricingFile, type SchemaProblem } from './schema.ts';
import type { PricingFile } from './types.ts';

/** The catalogue shipped with the package (pricing/ at the package root). */
export const DEFAULT_PRICING_DIR = fileURLToPath(new URL('../../pricing/', import.meta.url));

export interface LoadResult {
  catalogue?: Catalogue;
  problems: SchemaProblem[];
}

/** Lists the pricing files of a file or folder (schema.json and other non-data files excluded). */
export function pricingFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new PricingError(path, '$', 'cannot read this path; pass a pricing file or a folder of *.json files');
  }
  if (stat.isFile()) return [path];
  return readdirSync(path)
    .filter((name) => name.endsWith('.json') && name !== 'schema.json')
    .sort()
    .map((name) => join(path, name));
}

/** Loads and validates; returns every problem instead of throwing (for `pricing check`). */
export function loadPricing(dirs: string[]): LoadResult {
  const hash = createHash('sha256');
  const files: PricingFile[] = [];
  const problems: SchemaProblem[] = [];
  const names: string[] = [];
  for (const dir of dirs) {
    for (const path of pricingFiles(dir)) {
      const name = displayName(path);
      const text = readFileSync(path, 'utf8');
      // The hash covers names and contents, so renaming or editing any file changes it.
      hash.update(`${basename(path)}\u0000${text}\u0000`);
      names.push(name);
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        problems.push({ file: name, path: '$', message: `not valid JSON: ${(error as Error).message}` });
        continue;
      }
      const { value, problems: fileProblems } = validatePricingFile(name, data);
      problems.push(...fileProblems);
      if (value) files.push(value);
    }
  }
  const catalogue = new Catalogue(files, `sha256:${hash.digest('hex')}`, names);
  problems.push(...catalogue.problems);
  return { catalogue: problems.length === 0 ? catalogue : undefined, problems };
}

/** Loads and validates; throws a PricingError naming the first problem (and how many more). */
export function loadCatalogue(dirs: string[]): Catalogue {
  const { catalogue, problems } = loadPricing(dirs);
  const first = problems[0];
  if (first || !catalogue) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems; run \`llm-audit pricing check\` to list them)` : '';
    throw new PricingError(first?.file ?? '?', first?.path ?? '$', `${first?.message ?? 'invalid pricing data'}${more}`);
  }
  return catalogue;
}

function displayName(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

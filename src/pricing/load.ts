// IO edge of the pricing stage: reads pricing/*.json, validates, and builds the Catalogue.
// The content hash goes into every report, so a closed month can be shown to use the same data.
import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import { PricingError } from '../errors.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { Catalogue } from './catalog.ts';
import { jsonErrorMessage, type SchemaProblem } from './checker.ts';
import { applyOverrides } from './merge.ts';
import { CALENDAR_FILE, validateCalendars } from './calendar.ts';
import { existsSync } from 'node:fs';
import type { HolidayCalendar } from './types.ts';
import { validatePricingFile } from './schema.ts';
import { readSnapshot, writeSnapshot } from './snapshot.ts';
import type { PricingFile } from './types.ts';

export { DEFAULT_PRICING_DIR } from '../paths.ts';

export interface LoadResult {
  catalogue?: Catalogue;
  problems: SchemaProblem[];
}

/** Files in pricing/ that are not price lists: the JSON Schemas and the FX table (src/pricing/fx.ts). */
const NOT_PRICE_LISTS = new Set(['schema.json', 'fx.json', 'fx.schema.json', CALENDAR_FILE, 'crosscheck-known.json']);

/** Lists the pricing files of a file or folder (schemas and the FX table excluded). */
export function pricingFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new PricingError(path, '$', 'cannot read this path; pass a pricing file or a folder of *.json files');
  }
  if (stat.isFile()) return [path];
  return readdirSync(path)
    .filter((name) => name.endsWith('.json') && !NOT_PRICE_LISTS.has(name))
    .sort()
    .map((name) => join(path, name));
}

interface ReadFiles {
  files: PricingFile[];
  names: string[];
}

/** A pricing or calendar file's text, read and added to the catalogue's hash (the same bytes are parsed from it). */
interface ReadText {
  path: string;
  name: string;
  text: string;
}

/** The pricing files of `paths`, read in order, each added to the hash under its role and name. */
function readTexts(paths: string[], role: 'base' | 'override', hash: Hash): ReadText[] {
  const out: ReadText[] = [];
  for (const dir of paths) {
    for (const path of pricingFiles(dir)) out.push(readHashed(path, role, hash));
  }
  return out;
}

function validateTexts(texts: readonly ReadText[], override: boolean, problems: SchemaProblem[]): ReadFiles {
  const read: ReadFiles = { files: [], names: texts.map((t) => t.name) };
  for (const t of texts) {
    const data = parseJson(t, problems);
    if (data === undefined) continue;
    const { value, problems: fileProblems } = validatePricingFile(t.name, data, { override });
    problems.push(...fileProblems);
    if (value) read.files.push(value);
  }
  return read;
}

/**
 * Loads and validates the base folders, then applies the override files or folders (--pricing) on top;
 * returns every problem instead of throwing (for `pricing check`).
 */
export function loadPricing(dirs: string[], overrides: string[] = [], snapshots?: string): LoadResult {
  const hash = createHash('sha256');
  // The hash covers role, names and contents, so editing, renaming or overriding any file changes it.
  const baseTexts = readTexts(dirs, 'base', hash);
  const extraTexts = readTexts(overrides, 'override', hash);
  const calendarTexts = readCalendarTexts(dirs, hash);
  const digest = `sha256:${hash.digest('hex')}`;
  const names = [...baseTexts, ...extraTexts].map((t) => t.name);
  const extraNames = extraTexts.map((t) => t.name);
  // The same bytes validated before by this build: the validated data kept then (snapshot.ts).
  const kept = snapshots === undefined ? undefined : readSnapshot(snapshots, digest);
  if (kept) {
    const catalogue = new Catalogue(kept.files, digest, names, extraNames, kept.calendars);
    return { catalogue: catalogue.problems.length === 0 ? catalogue : undefined, problems: [...catalogue.problems] };
  }
  const problems: SchemaProblem[] = [];
  const base = validateTexts(baseTexts, false, problems);
  if (dirs.length > 0 && base.names.length === 0 && problems.length === 0) {
    // An empty folder would make every request unpriced: almost surely the wrong folder.
    problems.push({ file: dirs.join(', '), path: '$', message: 'holds no pricing files (*.json files of one provider with its models); pass the folder that holds them, such as the shipped pricing/' });
  }
  const extra = validateTexts(extraTexts, true, problems);
  const calendars = validateCalendarTexts(calendarTexts, problems);
  const merged = applyOverrides(base.files, extra.files);
  problems.push(...merged.problems);
  const catalogue = new Catalogue(merged.files, digest, names, extraNames, calendars);
  problems.push(...catalogue.problems);
  if (problems.length === 0 && snapshots !== undefined) writeSnapshot(snapshots, digest, { files: merged.files, calendars });
  return { catalogue: problems.length === 0 ? catalogue : undefined, problems };
}

/** The holiday calendars of the base folders (calendars.json), hashed with the prices they decide. */
function readCalendarTexts(dirs: string[], hash: Hash): ReadText[] {
  const out: ReadText[] = [];
  for (const dir of dirs) {
    const path = join(dir, CALENDAR_FILE);
    if (!isDirectory(dir) || !existsSync(path)) continue;
    out.push(readHashed(path, 'calendars', hash));
  }
  return out;
}

function validateCalendarTexts(texts: readonly ReadText[], problems: SchemaProblem[]): HolidayCalendar[] {
  const calendars: HolidayCalendar[] = [];
  for (const t of texts) {
    const data = parseJson(t, problems);
    if (data === undefined) continue;
    const read = validateCalendars(t.name, data);
    problems.push(...read.problems);
    calendars.push(...read.calendars);
  }
  return calendars;
}

/** A data file's text, added to the hash under its role and name. */
function readHashed(path: string, role: string, hash: Hash): ReadText {
  const text = readFileSync(path, 'utf8');
  hash.update(`${role}\u0000${basename(path)}\u0000${text}\u0000`);
  return { path, name: displayName(path), text };
}

/** A data file's parsed JSON; undefined (with the problem) when it is not JSON. */
function parseJson(t: ReadText, problems: SchemaProblem[]): unknown {
  try {
    return JSON.parse(t.text);
  } catch (error) {
    problems.push({ file: t.name, path: '$', message: jsonErrorMessage(error) });
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Loads and validates; throws a PricingError naming the first problem (and how many more). */
export function loadCatalogue(dirs: string[], overrides: string[] = [], snapshots?: string): Catalogue {
  const { catalogue, problems } = loadPricing(dirs, overrides, snapshots);
  const first = problems[0];
  if (first || !catalogue) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems; run \`llm-audit pricing check\` to list them)` : '';
    throw new PricingError(first?.file ?? '?', first?.path ?? '$', `${first?.message ?? 'invalid pricing data'}${more}`);
  }
  return catalogue;
}

/**
 * A pricing file's name in messages and reports: the shipped files as `pricing/NAME.json` wherever
 * the package is installed (a report must not carry the absolute paths of the machine that made
 * it), the user's files as they were given (a folder given joined with the file's name).
 */
export function displayName(path: string): string {
  const shipped = relative(PACKAGE_ROOT, path);
  if (!shipped.startsWith('..') && !isAbsolute(shipped)) return shipped.split(sep).join('/');
  return path;
}

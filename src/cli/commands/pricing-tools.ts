// `llm-audit pricing import|diff`: keeping the catalogue current. import turns a downloaded LiteLLM or
// genai-prices price file into an override layer of the prices that differ (for --pricing, and for a
// reviewer to copy from); diff shows what differs between two catalogues or a catalogue and a layer.
// The work is in src/pricing/importer and src/pricing/diff.ts; this file is the IO around it.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { InputError, PricingError, UsageError } from '../../errors.ts';
import type { Catalogue } from '../../pricing/catalog.ts';
import { diffCatalogues, type FieldChange, type PricingDiff } from '../../pricing/diff.ts';
import { importLayer, SourceFormatError, type ImportResult } from '../../pricing/importer/index.ts';
import type { LayerFileJson } from '../../pricing/importer/layer.ts';
import { skipSummary } from '../../pricing/importer/source.ts';
import { DEFAULT_PRICING_DIR, loadCatalogue, loadPricing } from '../../pricing/load.ts';
import { validatePricingFile } from '../../pricing/schema.ts';
import type { Io } from '../io.ts';
import { assertWritable } from '../outpath.ts';
import { parseInstant } from '../parse.ts';

const VIEW_FORMATS = ['table', 'json'] as const;
type ViewFormat = (typeof VIEW_FORMATS)[number];
type Instant = { at: number; text: string };

interface ImportFlags {
  from?: Instant;
  out?: string;
  provider?: string;
  only?: string;
  pricingDir?: string;
  pricing: string[];
}

interface DiffFlags {
  at?: Instant;
  overShipped?: boolean;
  format: ViewFormat;
}

const PROVIDER_ID = /^[a-z0-9][a-z0-9_-]*$/;

function parseProviderId(option: string, text: string): string {
  if (!PROVIDER_ID.test(text)) throw new UsageError(`${option}: "${text}" is not a provider id; use a lower-case id such as openai or openrouter`);
  return text;
}

export function importCommand(io: Io): Command {
  return new Command('import')
    .description('turn a downloaded LiteLLM model_prices_and_context_window.json or genai-prices data.json into an override layer of the prices that differ from the catalogue')
    .argument('<file>', 'the downloaded price file (its format is told by its shape)')
    .option('--from <date>', 'the date the imported prices apply from, and the date compared at (default: today, UTC)', (v) => parseInstant('--from', v))
    .option('-o, --out <path>', 'write the layer to this file, or one file per provider into this folder (an existing folder, or a path ending in /); default: stdout')
    .option('--provider <id>', 'put models of source providers that have no mapping to ours under this provider id (default: skip them)', (v) => parseProviderId('--provider', v))
    .option('--only <id>', 'import only this provider of ours (a layer file holds one provider)', (v) => parseProviderId('--only', v))
    .option('--pricing-dir <dir>', 'compare with this pricing folder (or file) instead of the shipped pricing/')
    .option('--pricing <path>', 'compare with the catalogue as these overrides change it; repeatable', (v: string, previous: string[]) => [...previous, v], [])
    .exitOverride()
    .action((file: string, flags: ImportFlags) => {
      io.exitCode = runImport(io, file, flags);
    });
}

/** Today's date (UTC) and the --from instant: the clock is read here, at the edge, only. */
function dates(flags: ImportFlags): { from: number; fromText: string; checked: string } {
  const today = new Date().toISOString().slice(0, 10);
  if (!flags.from) return { from: Date.parse(`${today}T00:00:00Z`), fromText: today, checked: today };
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(flags.from.text);
  return { from: flags.from.at, fromText: dateOnly ? flags.from.text : new Date(flags.from.at).toISOString().replace('.000Z', 'Z'), checked: today };
}

function runImport(io: Io, file: string, flags: ImportFlags): number {
  const base = flags.pricingDir ?? DEFAULT_PRICING_DIR;
  // What this run reads must survive it: `--out data.json` naming the downloaded source, or a
  // layer written among the catalogue files it is compared with, would destroy or change them.
  const inputs = { files: [file], pricing: [base, ...flags.pricing] };
  const target = outputTarget(flags.out);
  if (target.kind === 'file') assertWritable('--out', target.path, 'json', inputs);
  const text = io.readFile(file);
  const catalogue = loadCatalogue([base], flags.pricing);
  const when = dates(flags);
  let result: ImportResult;
  try {
    result = importLayer(text, catalogue, { ...when, fileLabel: file, fallbackProvider: flags.provider, only: flags.only });
  } catch (error) {
    if (error instanceof SourceFormatError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
  if (target.kind !== 'folder' && result.files.length > 1) {
    const providers = result.files.map((f) => f.provider).join(', ');
    throw new UsageError(`the import has models of ${result.files.length} providers (${providers}) and a layer file holds one: pass --out FOLDER/ for one file per provider, or --only PROVIDER`);
  }
  const texts = result.files.map((f) => ({ name: `${f.provider}.json`, text: `${JSON.stringify(f, null, 2)}\n`, json: f }));
  for (const t of texts) assertValid(t.name, t.json);
  io.stderr(importSummary(result, file, when.fromText));
  if (target.kind === 'stdout') {
    for (const t of texts) io.stdout(t.text);
    return 0;
  }
  if (texts.length === 0) {
    io.stderr('nothing to write: no price differs from the catalogue\n');
    return 0;
  }
  const written: string[] = [];
  if (target.kind === 'folder') {
    try {
      mkdirSync(target.path, { recursive: true });
    } catch (error) {
      throw new InputError(`cannot create the folder ${target.path}: ${(error as Error).message}`);
    }
    for (const t of texts) assertWritable('--out', join(target.path, t.name), 'json', inputs);
    for (const t of texts) {
      const path = join(target.path, t.name);
      io.writeFile(path, t.text);
      written.push(path);
    }
  } else {
    io.writeFile(target.path, texts[0]?.text ?? '');
    written.push(target.path);
  }
  // The layer is checked the way a report will load it: over the catalogue it was compared with.
  const { problems } = loadPricing([base], [...flags.pricing, ...written]);
  if (problems.length > 0) {
    io.stderr(problems.map((p) => `${p.file}: ${p.path}: ${p.message}\n`).join(''));
    io.stderr(`llm-audit: the written layer does not load over ${base} (${problems.length} problems); please report this with the source file\n`);
    return 2;
  }
  io.stderr(`wrote ${written.join(', ')} ("mode": "merge", from ${when.fromText}); use it with --pricing ${target.path}\n`);
  return 0;
}

type OutputTarget = { kind: 'stdout' } | { kind: 'file'; path: string } | { kind: 'folder'; path: string };

function outputTarget(out: string | undefined): OutputTarget {
  if (out === undefined || out === '-') return { kind: 'stdout' };
  if (out.endsWith('/')) return { kind: 'folder', path: out };
  try {
    if (statSync(out).isDirectory()) return { kind: 'folder', path: out };
  } catch {
    // Not there yet: a file to create.
  }
  return { kind: 'file', path: out };
}

/** A layer that fails our own validation is a bug in the importer, not in the user's input. */
function assertValid(name: string, json: LayerFileJson): void {
  const { problems } = validatePricingFile(name, json, { override: true });
  const first = problems[0];
  if (first) throw new PricingError(name, first.path, `${first.message} (the importer wrote an invalid layer; please report it with the source file)`);
}

function importSummary(result: ImportResult, file: string, fromText: string): string {
  const format = result.format === 'litellm' ? 'LiteLLM model_prices_and_context_window.json' : 'genai-prices data.json';
  const lines = [`${file}: ${format}, compared with the catalogue at ${fromText}`];
  for (const c of result.changes) {
    lines.push(c.kind === 'added' ? `  added    ${c.provider} ${c.model} (source "${c.key}"; not in the catalogue)` : `  changed  ${c.provider} ${c.model} (source "${c.key}"): ${c.differences.join('; ')}`);
  }
  lines.push(`  ${result.changes.filter((c) => c.kind === 'changed').length} changed, ${result.changes.filter((c) => c.kind === 'added').length} added, ${result.unchanged} unchanged (same price as the catalogue), ${result.skipped.length} skipped`);
  for (const s of skipSummary(result.skipped)) {
    const groups = s.groups.length > 0 ? `: ${s.groups.map((g) => `${g.group} ${g.count}`).join(', ')}` : '';
    lines.push(`    ${s.count} ${s.reason}${groups}`);
  }
  return `${lines.join('\n')}\n`;
}

export function diffCommand(io: Io): Command {
  return new Command('diff')
    .description('every price that differs between two catalogues or layers (exit 0 when it ran: differences are not an error)')
    .argument('<a>', 'a pricing folder, a pricing file, or a layer file')
    .argument('<b>', 'the same, to compare with')
    .option('--at <date>', 'compare only the prices in force at this instant (YYYY-MM-DD or ISO datetime, UTC)', (v) => parseInstant('--at', v))
    .option('--over-shipped', 'read a file given as A or B as a layer over the shipped catalogue (as --pricing would apply it)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(VIEW_FORMATS).default('table'))
    .exitOverride()
    .action((a: string, b: string, flags: DiffFlags) => runDiff(io, a, b, flags));
}

/** A folder is a catalogue; a file is read on its own (a layer's models), or over the shipped catalogue. */
function loadSide(path: string, overShipped: boolean): Catalogue {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new InputError(`cannot read ${path}: no such file or folder; pass a pricing folder, a pricing file or a layer file`);
  }
  if (!isFile) return loadCatalogue([path]);
  // An override file may say "mode"; read alone it adds its models to an empty catalogue.
  return overShipped ? loadCatalogue([DEFAULT_PRICING_DIR], [path]) : loadCatalogue([], [path]);
}

function runDiff(io: Io, a: string, b: string, flags: DiffFlags): void {
  const catalogueA = loadSide(a, flags.overShipped === true);
  const catalogueB = loadSide(b, flags.overShipped === true);
  const diff = diffCatalogues(catalogueA, catalogueB, flags.at?.at);
  const sides = { a: { path: a, hash: catalogueA.hash, files: catalogueA.fileNames }, b: { path: b, hash: catalogueB.hash, files: catalogueB.fileNames } };
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify({ ...diff, ...sides }, null, 2)}\n`);
    return;
  }
  io.stdout(renderDiff(diff, a, b));
}

const shown = (value: string | null) => value ?? '—';
const change = (f: FieldChange) => `${f.field}: ${shown(f.a)} → ${shown(f.b)}`;

/** One line per difference: `model region effective_from field: A → B`. */
export function renderDiff(diff: PricingDiff, a: string, b: string): string {
  const only: string[] = [];
  if (diff.onlyInA.length > 0) only.push(`Only in A (${diff.onlyInA.length}): ${diff.onlyInA.join(', ')}`);
  if (diff.onlyInB.length > 0) only.push(`Only in B (${diff.onlyInB.length}): ${diff.onlyInB.join(', ')}`);
  const body: string[] = [];
  for (const m of diff.models) {
    for (const f of m.fields) body.push(`${m.model} ${change(f)}`);
    for (const alias of m.aliases.added) body.push(`${m.model} alias added: ${alias}`);
    for (const alias of m.aliases.removed) body.push(`${m.model} alias removed: ${alias}`);
    for (const v of m.removed) body.push(`${m.model} ${v.region} ${v.effectiveFrom} version only in A: ${v.rates}`);
    for (const v of m.added) body.push(`${m.model} ${v.region} ${v.effectiveFrom} version only in B: ${v.rates}`);
    for (const v of m.changed) for (const f of v.fields) body.push(`${m.model} ${v.region} ${v.effectiveFrom} ${change(f)}`);
    for (const v of m.inForce) {
      const since = v.aFrom === v.bFrom ? shown(v.aFrom) : `A ${shown(v.aFrom)} / B ${shown(v.bFrom)}`;
      for (const f of v.fields) body.push(`${m.model} ${v.region} ${since} ${change(f)}`);
    }
  }
  const same = diff.models.length + diff.onlyInA.length + diff.onlyInB.length === 0;
  const summary = same ? 'No differences.' : `${diff.models.length} ${diff.models.length === 1 ? 'model differs' : 'models differ'}; ${diff.onlyInA.length} only in A, ${diff.onlyInB.length} only in B`;
  const sections = [[`Pricing diff ${a} → ${b} (${diff.at === null ? 'whole histories' : `prices in force at ${diff.at}`})`], only, body, [summary]].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

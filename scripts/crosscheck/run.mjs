// The cross-check as a function (the CLI in scripts/pricing-crosscheck.mjs and the test call it).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { compareSnapshot, formatReport } from './compare.mjs';
import { InputError } from './decimal.mjs';
import { readGenaiPrices } from './genai-prices.mjs';
import { readLitellm } from './litellm.mjs';
import { readModelsDev } from './models-dev.mjs';
import { loadOurCatalogue } from './ours.mjs';
import { openTree } from './tree.mjs';

export const SOURCES = ['genai-prices', 'models.dev', 'litellm'];

/**
 * options: { genaiPrices?, modelsDev?, litellm?, pricingDir?, at?, rev?, known? (path), today? }
 * Returns { lines, reports }. Throws InputError when an input cannot be read.
 */
export async function runCrosscheck(options) {
  if (!options.genaiPrices && !options.modelsDev && !options.litellm) {
    throw new InputError('no snapshot given: pass --genai-prices DIR, --models-dev DIR and/or --litellm FILE');
  }
  const at = options.at === undefined ? undefined : parseAt(options.at);
  const { catalogue, pricingDir } = await loadOurCatalogue(options.pricingDir);
  const known = readKnown(options.known);

  const snapshots = [];
  const dated = (source, label, read, commitDate) => {
    // The compared instant: --at, else the snapshot's commit time, else today (00:00 UTC), said so.
    let instant = at;
    let dateNote = at === undefined ? undefined : '--at';
    if (instant === undefined && commitDate) {
      instant = Date.parse(commitDate);
      dateNote = `the snapshot's commit time, ${commitDate}`;
    }
    if (instant === undefined) {
      instant = Date.parse(`${options.today ?? new Date().toISOString().slice(0, 10)}T00:00:00Z`);
      dateNote = 'snapshot date unknown: today; pass --at DATE to compare at the snapshot\'s date';
    }
    snapshots.push({ source, label, at: instant, dateNote, ...read });
  };
  if (options.genaiPrices) {
    const tree = openTree(options.genaiPrices, options.rev);
    dated('genai-prices', tree.label, readGenaiPrices(tree), tree.date);
  }
  if (options.modelsDev) {
    const tree = openTree(options.modelsDev, options.rev);
    dated('models.dev', tree.label, readModelsDev(tree), tree.date);
  }
  if (options.litellm) {
    const read = readLitellm(options.litellm, (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch (error) {
        throw new InputError(`${path}: cannot read (${error.code ?? error.message})`);
      }
    });
    dated('litellm', options.litellm, read, undefined);
  }

  const reports = snapshots.map((s) => compareSnapshot(catalogue, s, known));
  const ran = new Set(snapshots.map((s) => s.source));
  const staleKnown = known.filter((k) => ran.has(k.source) && !k.used);
  const rel = relative(process.cwd(), pricingDir);
  const catalogueLabel = `catalogue ${rel === '' ? '.' : rel.startsWith('..') ? pricingDir : rel} (${catalogue.hash.slice(0, 19)}…)`;
  return { lines: formatReport({ catalogueLabel, reports, staleKnown }), reports, staleKnown };
}

function parseAt(text) {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const t = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(t)) throw new InputError(`--at: expected YYYY-MM-DD or an ISO datetime in UTC (with Z), got ${JSON.stringify(text)}`);
  return t;
}

/**
 * pricing/crosscheck-known.json: [{ source, model, field, reason, provider?, snapshot_provider? }]; each
 * entry is copied. `model` and `field` may hold `*` patterns (compare.mjs knownMatches).
 */
export function readKnown(path) {
  if (!path) return [];
  let data;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`${path}: cannot read the known disagreements (${error.code ?? error.message})`);
  }
  const list = Array.isArray(data) ? data : data?.known;
  if (!Array.isArray(list)) throw new InputError(`${path}: expected { "known": [ … ] }`);
  return list.map((k, i) => {
    for (const key of ['source', 'model', 'field', 'reason']) {
      if (typeof k?.[key] !== 'string' || k[key] === '') throw new InputError(`${path}: known[${i}].${key} must be a non-empty string`);
    }
    if (!SOURCES.includes(k.source)) throw new InputError(`${path}: known[${i}].source must be one of ${SOURCES.join(', ')}`);
    for (const key of ['provider', 'snapshot_provider']) {
      if (k[key] !== undefined && (typeof k[key] !== 'string' || k[key] === '')) throw new InputError(`${path}: known[${i}].${key} must be a non-empty string when given`);
    }
    return { ...k, used: false };
  });
}

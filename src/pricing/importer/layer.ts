// Builds an override layer ("mode": "merge", pricing/README.md "Overrides") from source entries:
// a version from --from for each model whose price then differs from the catalogue's, and a new
// model for each one the catalogue does not know. Pure: catalogue and entries in, JSON-ready files out.
import { toPlainString } from '../../core/money.ts';
import { compareText } from '../../core/text.ts';
import type { Catalogue } from '../catalog.ts';
import type { ModelEntry, PriceVersion } from '../types.ts';
import { priceDifferences, RATE_SET_KEYS } from './compare.ts';
import { IMPORT_SERVICE_TIERS, RATE_NAMES, type SourceEntry, type SourceRates, type Skip } from './source.ts';

export interface LayerOptions {
  /** The effective date of every version written (epoch ms) and its text as written ("2026-12-01"). */
  from: number;
  fromText: string;
  /** Today (UTC), for `checked`. */
  checked: string;
  /** The source file as the user named it, for `source`. */
  fileLabel: string;
  /** --provider: our provider id for entries whose source provider is not mapped. */
  fallbackProvider?: string;
  /** --only: import this provider of ours only (a layer file holds one provider). */
  only?: string;
}

export interface LayerChange {
  provider: string;
  model: string;
  key: string;
  kind: 'changed' | 'added';
  /** For a change: each differing rate as "input 1.25 → 1" (catalogue → source). */
  differences: string[];
}

type Json = Record<string, unknown>;

export interface LayerFileJson {
  provider: string;
  mode: 'merge';
  models: Json[];
}

export interface Layer {
  /** One override file per provider, sorted by provider. */
  files: LayerFileJson[];
  changes: LayerChange[];
  unchanged: number;
  skipped: Skip[];
}

export function buildLayer(catalogue: Catalogue, entries: readonly SourceEntry[], options: LayerOptions): Layer {
  const skipped: Skip[] = [];
  const changes: LayerChange[] = [];
  const models = new Map<string, Json[]>();
  /** Catalogue model ids and new ids already written, with the source key that wrote them. */
  const taken = new Map<string, string>();
  let unchanged = 0;
  const skip = (entry: SourceEntry, reason: string, group?: string) => skipped.push({ key: entry.key, reason, ...(group === undefined ? {} : { group }) });
  const add = (provider: string, model: Json) => {
    const list = models.get(provider) ?? [];
    list.push(model);
    models.set(provider, list);
  };

  for (const entry of entries) {
    const provider = entry.provider ?? options.fallbackProvider;
    if (provider === undefined) {
      skip(entry, entry.unmappedReason ?? 'provider not mapped to ours (pass --provider ID to import them under one provider)', entry.sourceProvider);
      continue;
    }
    if (options.only !== undefined && provider !== options.only) {
      skip(entry, `another provider than --only ${options.only}`, provider);
      continue;
    }
    if (entry.deprecation !== undefined && Date.parse(`${entry.deprecation}T00:00:00Z`) <= options.from) {
      skip(entry, 'retired by --from (deprecation_date)');
      continue;
    }
    const match = entry.candidates.map((id) => catalogue.resolveModel(id, options.from)).find((m) => m !== undefined);
    if (!match) {
      if (entry.candidates.some((id) => catalogue.knows(id))) {
        skip(entry, 'the catalogue knows the id as an alias of no model at --from (a dated alias)');
        continue;
      }
      if (taken.has(entry.id)) {
        skip(entry, 'another source entry already describes the same model');
        continue;
      }
      taken.set(entry.id, entry.key);
      const region = catalogue.provider(provider)?.defaultRegion;
      add(provider, newModelJson(catalogue, entry, region, options, taken));
      changes.push({ provider, model: entry.id, key: entry.key, kind: 'added', differences: [] });
      continue;
    }
    const model = match.model;
    if (model.provider !== provider) {
      skip(entry, 'the catalogue has the model under another provider', `${entry.sourceProvider} → ${model.provider}`);
      continue;
    }
    if (taken.has(model.id)) {
      skip(entry, 'another source entry already describes the same model');
      continue;
    }
    taken.set(model.id, entry.key);
    const region = usdRegion(model, catalogue.provider(provider)?.defaultRegion);
    if (region === undefined) {
      skip(entry, 'the catalogue prices the model in other currencies only (the sources are USD)');
      continue;
    }
    const inRegion = model.prices.filter((v) => v.region === region);
    const last = inRegion.at(-1);
    if (last?.effectiveUntil !== undefined && last.effectiveFrom <= options.from) {
      skip(entry, 'the catalogue history ends (effective_until): continue it by hand with a "replace" layer');
      continue;
    }
    const current = inRegion.filter((v) => v.effectiveFrom <= options.from).at(-1);
    if (current && current.windows.length > 0) {
      skip(entry, 'the catalogue has time-of-day prices (windows) that a flat import would drop');
      continue;
    }
    const differences = current ? priceDifferences(entry, current) : ['not priced at --from'];
    if (differences.length === 0) {
      unchanged++;
      continue;
    }
    add(provider, { id: model.id, prices: [versionJson(entry, region, options, current)] });
    changes.push({ provider, model: model.id, key: entry.key, kind: 'changed', differences });
  }
  const files = [...models]
    .sort(([a], [b]) => compareText(a, b))
    .map(([provider, list]): LayerFileJson => ({ provider, mode: 'merge', models: list.sort((a, b) => compareText(String(a.id), String(b.id))) }));
  changes.sort((a, b) => compareText(a.provider, b.provider) || compareText(a.model, b.model));
  return { files, changes, unchanged, skipped };
}

/** The book to compare and write in: USD (the sources' currency), the provider's default first. */
function usdRegion(model: ModelEntry, defaultRegion: string | undefined): string | undefined {
  const regions = [...new Set(model.prices.filter((v) => v.currency === 'USD').map((v) => v.region))].sort();
  if (defaultRegion !== undefined && regions.includes(defaultRegion)) return defaultRegion;
  return regions.includes('global') ? 'global' : regions[0];
}

function newModelJson(catalogue: Catalogue, entry: SourceEntry, region: string | undefined, options: LayerOptions, taken: Map<string, string>): Json {
  // The source's own spelling stays findable, unless something already answers to it.
  const alias = entry.key !== entry.id && !catalogue.knows(entry.key) && !taken.has(entry.key) ? entry.key : undefined;
  if (alias !== undefined) taken.set(alias, entry.key);
  const retired = entry.deprecation !== undefined && entry.deprecation <= options.checked ? entry.deprecation : undefined;
  return {
    id: entry.id,
    ...(alias === undefined ? {} : { aliases: [alias] }),
    ...(entry.contextWindow === undefined ? {} : { context_window: entry.contextWindow }),
    ...(entry.maxOutputTokens === undefined ? {} : { max_output_tokens: entry.maxOutputTokens }),
    ...(retired === undefined ? {} : { retired }),
    prices: [versionJson(entry, region, options, undefined)],
  };
}

function ratesJson(rates: SourceRates): Json {
  const out: Json = {};
  for (const name of RATE_NAMES) if (rates[name] !== undefined) out[name] = rates[name];
  return out;
}

/**
 * The imported version. What the source does not state is carried over from the catalogue version
 * it follows (named in `notes`), so that importing a new input price does not silently drop a cache
 * or batch price; a full batch/flex rate set is not carried (it belongs to the old price).
 */
function versionJson(entry: SourceEntry, region: string | undefined, options: LayerOptions, previous: PriceVersion | undefined): Json {
  const carried: string[] = [];
  const dropped: string[] = [];
  let body: Json;
  if (entry.rates) {
    const rates: SourceRates = { ...entry.rates };
    if (previous?.rates) {
      for (const name of RATE_NAMES) {
        const value = previous.rates[RATE_SET_KEYS[name]];
        if (rates[name] === undefined && value !== undefined) {
          rates[name] = toPlainString(value);
          carried.push(name);
        }
      }
    }
    body = ratesJson(rates);
  } else {
    body = { tiers: (entry.tiers ?? []).map((t) => ({ ...(t.inputUpTo === undefined ? {} : { input_up_to: t.inputUpTo }), ...ratesJson(t.rates) })) };
  }
  const serviceTiers: Json = {};
  for (const name of IMPORT_SERVICE_TIERS) {
    const stated = entry.serviceTiers[name];
    const before = previous?.serviceTiers[name];
    if (stated) serviceTiers[name] = ratesJson(stated);
    else if (before && 'multiplier' in before) {
      serviceTiers[name] = { multiplier: toPlainString(before.multiplier) };
      carried.push(`${name} ×${toPlainString(before.multiplier)}`);
    } else if (before) dropped.push(`${name} (a full rate set of the old price)`);
  }
  const fees: Json = {};
  for (const [kind, price] of Object.entries(previous?.feesPer1k ?? {})) {
    fees[kind] = toPlainString(price);
    carried.push(`fees_per_1k.${kind}`);
  }
  const notes = [
    carried.length > 0 && previous ? `carried over from the catalogue's version of ${previous.effectiveFromText} (${previous.at.file}): ${carried.join(', ')}` : '',
    dropped.length > 0 ? `not carried over: ${dropped.join(', ')}` : '',
    entry.ignoredFields.length > 0 ? `source prices not imported (no field for them): ${entry.ignoredFields.join(', ')}` : '',
  ].filter((n) => n !== '');
  return {
    effective_from: options.fromText,
    ...(region === undefined || region === 'global' ? {} : { region }),
    currency: 'USD',
    ...body,
    ...(Object.keys(serviceTiers).length > 0 ? { service_tiers: serviceTiers } : {}),
    ...(Object.keys(fees).length > 0 ? { fees_per_1k: fees } : {}),
    source: `imported from ${options.fileLabel} (${entry.cite})`,
    checked: options.checked,
    confidence: 'low',
    ...(notes.length > 0 ? { notes: notes.join('; ') } : {}),
  };
}

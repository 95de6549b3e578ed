// What differs between two pricing catalogues (or a catalogue and the same with a layer applied).
// Pure: two Catalogues in, a JSON-ready PricingDiff out; `pricing diff` renders it. Versions are
// matched by (region, effective_from); each is flattened to "field → exact text" pairs, so every
// differing rate is one line: `model region effective_from field: A → B`.
import { toPlainString, type Decimal } from '../core/money.ts';
import { compareText } from '../core/text.ts';
import type { Catalogue } from './catalog.ts';
import { windowText } from './describe.ts';
import type { ModelAlias, ModelEntry, PriceVersion, RateSet } from './types.ts';

export const PRICING_DIFF_VERSION = '1';

export interface FieldChange {
  field: string;
  /** Exact text, or null where that side has no such field. */
  a: string | null;
  b: string | null;
}

export interface VersionKey {
  region: string;
  effectiveFrom: string;
}

export interface ModelDiff {
  model: string;
  provider: string;
  /** Model-level fields: provider, limits, retirement. */
  fields: FieldChange[];
  aliases: { added: string[]; removed: string[] };
  /** Whole histories (no --at): versions only in B, only in A, and in both with different fields. */
  added: (VersionKey & { rates: string })[];
  removed: (VersionKey & { rates: string })[];
  changed: (VersionKey & { fields: FieldChange[] })[];
  /** At an instant (--at): the versions in force per region, where their prices differ. */
  inForce: { region: string; aFrom: string | null; bFrom: string | null; fields: FieldChange[] }[];
}

export interface PricingDiff {
  version: typeof PRICING_DIFF_VERSION;
  /** The instant compared (--at), or null for whole histories. */
  at: string | null;
  onlyInA: string[];
  onlyInB: string[];
  models: ModelDiff[];
}

const RATE_FIELDS = [
  ['input', 'input'],
  ['cache_read', 'cacheRead'],
  ['cache_write_5m', 'cacheWrite5m'],
  ['cache_write_1h', 'cacheWrite1h'],
  ['output', 'output'],
  ['reasoning', 'reasoning'],
  ['output_thinking', 'outputThinking'],
  ['input_audio', 'inputAudio'],
  ['output_audio', 'outputAudio'],
  ['input_image', 'inputImage'],
] as const satisfies readonly (readonly [string, keyof RateSet])[];

function flattenRates(out: Map<string, string>, prefix: string, rates: RateSet): void {
  for (const [name, key] of RATE_FIELDS) {
    const value: Decimal | undefined = rates[key];
    if (value !== undefined) out.set(`${prefix}${name}`, toPlainString(value));
  }
}

/** Every price-bearing field of a version as exact text (decimals are normalised, so 1.10 = 1.1). */
export function flattenVersion(v: PriceVersion, withEnd: boolean): Map<string, string> {
  const out = new Map<string, string>([['currency', v.currency]]);
  if (withEnd && v.effectiveUntilText !== undefined) out.set('effective_until', v.effectiveUntilText);
  if (v.introductory) out.set('introductory', 'true');
  if (v.rates) flattenRates(out, '', v.rates);
  v.tiers?.forEach((t, i) => {
    if (t.inputUpTo !== undefined) out.set(`tiers[${i}].input_up_to`, String(t.inputUpTo));
    if (t.outputUpTo !== undefined) out.set(`tiers[${i}].output_up_to`, String(t.outputUpTo));
    flattenRates(out, `tiers[${i}].`, t.rates);
  });
  for (const w of v.windows) {
    out.set(`windows.${w.name}`, windowText(w));
    flattenRates(out, `windows.${w.name}.`, w.rates);
  }
  for (const [name, price] of Object.entries(v.serviceTiers)) {
    if ('multiplier' in price) out.set(`service_tiers.${name}.multiplier`, toPlainString(price.multiplier));
    else flattenRates(out, `service_tiers.${name}.`, price.rates);
  }
  for (const [kind, price] of Object.entries(v.feesPer1k)) out.set(`fees_per_1k.${kind}`, toPlainString(price));
  return out;
}

function fieldChanges(a: Map<string, string>, b: Map<string, string>): FieldChange[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  return keys.filter((k) => a.get(k) !== b.get(k)).map((field) => ({ field, a: a.get(field) ?? null, b: b.get(field) ?? null }));
}

/** "input 1, cache_read 0.1, output 8" (or the first tier's), for added and removed versions. */
function ratesSummary(v: PriceVersion): string {
  const flat = flattenVersion(v, true);
  return [...flat].map(([k, value]) => `${k} ${value}`).join(', ');
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function aliasText(a: ModelAlias): string {
  return `${a.id}${a.from === undefined ? '' : ` from ${iso(a.from)}`}${a.until === undefined ? '' : ` until ${iso(a.until)}`}`;
}

function modelFields(a: ModelEntry, b: ModelEntry): FieldChange[] {
  const fields = (m: ModelEntry) =>
    new Map(
      Object.entries({ provider: m.provider, context_window: m.contextWindow, max_output_tokens: m.maxOutputTokens, retired: m.retired })
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
  return fieldChanges(fields(a), fields(b));
}

function versionKey(v: PriceVersion): string {
  return `${v.region}\u0000${v.effectiveFrom}`;
}

function historyChanges(a: ModelEntry, b: ModelEntry): Pick<ModelDiff, 'added' | 'removed' | 'changed'> {
  const inA = new Map(a.prices.map((v) => [versionKey(v), v]));
  const inB = new Map(b.prices.map((v) => [versionKey(v), v]));
  const key = (v: PriceVersion): VersionKey => ({ region: v.region, effectiveFrom: v.effectiveFromText });
  return {
    added: b.prices.filter((v) => !inA.has(versionKey(v))).map((v) => ({ ...key(v), rates: ratesSummary(v) })),
    removed: a.prices.filter((v) => !inB.has(versionKey(v))).map((v) => ({ ...key(v), rates: ratesSummary(v) })),
    changed: b.prices.flatMap((v) => {
      const before = inA.get(versionKey(v));
      const fields = before ? fieldChanges(flattenVersion(before, true), flattenVersion(v, true)) : [];
      return fields.length > 0 ? [{ ...key(v), fields }] : [];
    }),
  };
}

/** The version of a region in force at `at` (none before the first, or after the history ends). */
function inForceAt(model: ModelEntry, region: string, at: number): PriceVersion | undefined {
  const found = model.prices.filter((v) => v.region === region && v.effectiveFrom <= at).at(-1);
  return found && (found.effectiveUntil === undefined || at < found.effectiveUntil) ? found : undefined;
}

function atChanges(a: ModelEntry, b: ModelEntry, at: number): ModelDiff['inForce'] {
  const regions = [...new Set([...a.prices, ...b.prices].map((v) => v.region))].sort(compareText);
  return regions.flatMap((region) => {
    const va = inForceAt(a, region, at);
    const vb = inForceAt(b, region, at);
    if (!va && !vb) return [];
    const fields = fieldChanges(va ? flattenVersion(va, false) : new Map(), vb ? flattenVersion(vb, false) : new Map());
    return fields.length > 0 ? [{ region, aFrom: va?.effectiveFromText ?? null, bFrom: vb?.effectiveFromText ?? null, fields }] : [];
  });
}

/** Compares whole histories, or (with `at`) the prices in force at that instant. */
export function diffCatalogues(a: Catalogue, b: Catalogue, at?: number): PricingDiff {
  const idsA = new Set(a.models.map((m) => m.id));
  const idsB = new Set(b.models.map((m) => m.id));
  const models: ModelDiff[] = [];
  for (const id of [...idsB].filter((i) => idsA.has(i)).sort(compareText)) {
    const ma = a.model(id);
    const mb = b.model(id);
    if (!ma || !mb) continue;
    // At an instant, the aliases that point here then; over histories, every alias with its dates.
    const aliases = (m: ModelEntry) => new Set(at === undefined ? m.aliases.map(aliasText) : m.aliases.filter((x) => (x.from ?? -Infinity) <= at && at < (x.until ?? Infinity)).map((x) => x.id));
    const aliasesA = aliases(ma);
    const aliasesB = aliases(mb);
    const diff: ModelDiff = {
      model: id,
      provider: mb.provider,
      fields: modelFields(ma, mb),
      aliases: { added: [...aliasesB].filter((x) => !aliasesA.has(x)).sort(compareText), removed: [...aliasesA].filter((x) => !aliasesB.has(x)).sort(compareText) },
      ...(at === undefined ? historyChanges(ma, mb) : { added: [], removed: [], changed: [] }),
      inForce: at === undefined ? [] : atChanges(ma, mb, at),
    };
    const empty = diff.fields.length + diff.aliases.added.length + diff.aliases.removed.length + diff.added.length + diff.removed.length + diff.changed.length + diff.inForce.length === 0;
    if (!empty) models.push(diff);
  }
  return {
    version: PRICING_DIFF_VERSION,
    at: at === undefined ? null : iso(at),
    onlyInA: [...idsA].filter((i) => !idsB.has(i)).sort(compareText),
    onlyInB: [...idsB].filter((i) => !idsA.has(i)).sort(compareText),
    models,
  };
}

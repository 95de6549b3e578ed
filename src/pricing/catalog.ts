// Pure price lookup: (model id, instant, request) → the price in force, or a reason why there is none.
// Matching is exact: model ids, declared aliases (optionally dated), then the rewrites each provider
// declares in its data (snapshot and id patterns, routing prefixes). There is no substring or prefix
// guessing in code, and "not found" (or "history ended") is never a price of 0.
import { mul } from '../core/money.ts';
import type { ServiceTier, TokenBuckets } from '../core/types.ts';
import { promptTokens } from '../core/types.ts';
import type { HolidayCalendar, ModelEntry, PriceVersion, PricingFile, ProviderEntry, RateSet, TimeWindow } from './types.ts';
import type { SchemaProblem } from './checker.ts';
import { calendarReferenceProblems, windowHolds } from './calendar.ts';
import { hintText, unpricedHint } from './hints.ts';
import { nearest } from './suggest.ts';

/** Names a price point by plain data (for the wire between threads): model id, version index, tier, window, service tier. */
export interface PointRef {
  model: string;
  version: number;
  tier: number | null;
  window: string | null;
  serviceTier: ServiceTier;
  /** A thinking request on a version with an `output_thinking` rate: all its output is billed at that rate. */
  thinking: boolean;
}

export interface PricePoint {
  /** The point as plain data; `Catalogue.point(ref)` gives back this very object. */
  ref: PointRef;
  model: ModelEntry;
  version: PriceVersion;
  currency: string;
  /** The rates that apply after tier, time window and service tier. */
  rates: RateSet;
  tierIndex?: number;
  window?: string;
  serviceTier: ServiceTier;
  /** Billed in thinking mode (all output at the version's output_thinking rate). */
  thinking: boolean;
  /** Per-call fees per 1,000 calls (web search), from the version. */
  fees: PriceVersion['feesPer1k'];
}

/** 'does-not-fit' is never the catalogue's answer: a what-if cell's, for a request too large for the target (core/fit.ts). */
export type NoPriceReason = 'unknown-model' | 'not-yet-priced' | 'history-ended' | 'beyond-tiers' | 'no-service-tier-price' | 'calendar-not-published' | 'does-not-fit';

export interface NoPrice {
  reason: NoPriceReason;
  detail: string;
  /** For an unknown model: the nearest known ids (also named in `detail`). */
  suggestions?: string[];
  /**
   * Set for an id the catalogue does not know at all: `detail` then names no suggestions, which
   * cost an edit distance per known name; describeUnknown() works them out for the ids a report lists.
   */
  unknownId?: true;
}

/** Per-id caches of ids seen in logs are cleared past this size: a log may hold a million distinct ids. */
const MAX_CACHED_IDS = 10_000;

export interface PriceRequest {
  tokens: TokenBuckets;
  /**
   * How many requests the tokens belong to (aggregated exports: usage API buckets, daily rows).
   * A size tier is per request, so it is chosen by the average request; 1 when absent.
   */
  requests?: number;
  serviceTier?: ServiceTier;
  region?: string;
  /** The request's own time: decides time-of-day windows even when versions are chosen --as-of another date. */
  requestTime: number;
}

export interface ModelMatch {
  model: ModelEntry;
  /** The first rule used: the id itself, a declared alias, or a rewrite declared by the provider. */
  via: 'id' | 'alias' | 'snapshot' | 'pattern' | 'prefix';
  /** Each rewrite on the way, for `pricing show` ("prefix \"bedrock/\" → anthropic.claude-…"). */
  steps: string[];
}

/** One candidate spelling of a logged id, produced by the providers' declared rewrites. */
/** A price found for an id, and the span of time it holds for (see Catalogue.price). */
interface RecentPrice {
  readonly model: ModelEntry;
  readonly versionIndex: number;
  readonly from: number;
  readonly until: number;
  /** The price point itself, when the version has no size tiers or time windows. */
  readonly point: PricePoint | undefined;
}

interface Rewrite {
  id: string;
  /** A rewrite declared by a provider only ever leads to that provider's models. */
  provider?: string;
  via: ModelMatch['via'];
  steps: string[];
}

/** How many rewrites may chain (prefix → pattern → alias); the data needs at most two. */
const MAX_REWRITES = 3;

interface AliasTarget {
  model: ModelEntry;
  from: number;
  until: number;
}

export interface IdMeaning {
  /** The id that was looked up after the rewrites (the logged id itself when there were none). */
  id: string;
  via: ModelMatch['via'];
  steps: string[];
  /** The models it means, with the dates when (undefined = no limit). */
  targets: { model: ModelEntry; from?: number; until?: number }[];
}

export class Catalogue {
  private readonly byId = new Map<string, ModelEntry>();
  private readonly byAlias = new Map<string, AliasTarget[]>();
  private readonly providers = new Map<string, ProviderEntry>();
  private readonly unknownIds = new Map<string, NoPrice>();
  /**
   * The hot path: per (id, service tier, region), the model and version last found, and the
   * interval in which they cannot change: between two alias boundaries (so every alias means the
   * same model) and inside one version. Tier and time window are still chosen per request; a
   * version with neither keeps its price point here too.
   */
  private readonly recent = new Map<string, RecentPrice>();
  /** The last entry of `recent` used and its key, checked before the map: a log's lines mostly repeat a model. */
  private lastKey: string | undefined;
  private lastEntry: RecentPrice | undefined;
  /** Price points, interned per version by tier/window/service tier, so callers can key maps by identity. */
  private readonly pointsByVersion = new Map<PriceVersion, Map<string, PricePoint>>();
  /**
   * A tiered version's points at the standard service tier, without a window or thinking, by tier
   * index: the point of most records of a tiered model (Claude's long-context tier), found without
   * making a reference and its key per record.
   */
  private readonly plainTierPoints = new Map<PriceVersion, (PricePoint | NoPrice | undefined)[]>();
  /** Every alias from/until instant, sorted: between two of them, alias resolution is constant. */
  private aliasBoundaries: number[] = [];
  /** Rewrites depend on the id only (not on time), so each distinct logged id is worked out once. */
  private readonly rewriteCache = new Map<string, Rewrite[]>();
  /** Unknown ids repeat on every line of a log; the edit distances are worked out once per id. */
  private readonly suggestCache = new Map<string, string[]>();
  readonly problems: SchemaProblem[] = [];
  /** Holiday calendars by id, for windows that skip public holidays. */
  readonly calendars: ReadonlyMap<string, HolidayCalendar>;

  readonly hash: string;
  readonly fileNames: string[];
  /** The files among fileNames that were applied as overrides (--pricing). */
  readonly overrideFiles: string[];

  constructor(files: PricingFile[], hash: string, fileNames: string[], overrideFiles: string[] = [], calendars: readonly HolidayCalendar[] = []) {
    this.hash = hash;
    this.fileNames = fileNames;
    this.overrideFiles = overrideFiles;
    this.calendars = new Map(calendars.map((c) => [c.id, c]));
    for (const file of files) {
      this.addProvider(file.provider);
      for (const model of file.models) this.addModel(model);
    }
    this.checkAliasConflicts();
    const windows = [...this.byId.values()].flatMap((m) => m.prices.flatMap((v) => v.windows.map((window, i) => ({ window, at: { file: v.at.file, path: `${v.at.path}.windows[${i}].calendar` } }))));
    this.problems.push(...calendarReferenceProblems(windows, this.calendars));
    const boundaries = new Set<number>();
    for (const targets of this.byAlias.values()) {
      for (const t of targets) for (const b of [t.from, t.until]) if (Number.isFinite(b)) boundaries.add(b);
    }
    this.aliasBoundaries = [...boundaries].sort((a, b) => a - b);
  }

  private addProvider(provider: ProviderEntry): void {
    for (const other of this.providers.values()) {
      if (other.provider === provider.provider) continue;
      for (const prefix of provider.prefixes.filter((p) => other.prefixes.includes(p))) {
        this.problems.push({ file: provider.file, path: '$.prefixes', message: `prefix "${prefix}" is also declared by provider "${other.provider}" (${other.file}); a prefix must lead to one provider` });
      }
    }
    this.providers.set(provider.provider, provider);
  }

  private addModel(model: ModelEntry): void {
    const existing = this.byId.get(model.id);
    if (existing) {
      this.problems.push({ ...model.at, message: `model id "${model.id}" is already defined at ${existing.at.file} ${existing.at.path}` });
      return;
    }
    this.byId.set(model.id, model);
    for (const alias of model.aliases) {
      const targets = this.byAlias.get(alias.id) ?? [];
      targets.push({ model, from: alias.from ?? -Infinity, until: alias.until ?? Infinity });
      this.byAlias.set(alias.id, targets);
    }
  }

  private checkAliasConflicts(): void {
    for (const [alias, targets] of this.byAlias) {
      const owner = this.byId.get(alias);
      if (owner) {
        this.problems.push({ ...(targets[0]?.model.at ?? owner.at), message: `alias "${alias}" is also the id of a model (${owner.at.file} ${owner.at.path})` });
      }
      for (let i = 0; i < targets.length; i++) {
        for (let j = i + 1; j < targets.length; j++) {
          const a = targets[i];
          const b = targets[j];
          if (a && b && a.from < b.until && b.from < a.until) {
            this.problems.push({ ...b.model.at, message: `alias "${alias}" points to both "${a.model.id}" and "${b.model.id}" at the same time; give them from/until dates that do not overlap` });
          }
        }
      }
    }
  }

  get models(): ModelEntry[] {
    return [...this.byId.values()];
  }

  get providerEntries(): ProviderEntry[] {
    return [...this.providers.values()];
  }

  provider(name: string): ProviderEntry | undefined {
    return this.providers.get(name);
  }

  model(id: string): ModelEntry | undefined {
    return this.byId.get(id);
  }

  /**
   * Finds the model an id means at an instant: exact id, then alias, then the rewrites its provider
   * declares (snapshot and id patterns, routing prefixes), each leading only into that provider.
   */
  resolveModel(id: string, at: number): ModelMatch | undefined {
    for (const rewrite of this.rewrites(id)) {
      const direct = this.byId.get(rewrite.id);
      if (direct && fits(direct, rewrite)) return { model: direct, via: rewrite.via, steps: rewrite.steps };
      const aliased = this.byAlias.get(rewrite.id)?.find((t) => t.from <= at && at < t.until && fits(t.model, rewrite));
      if (aliased) return { model: aliased.model, via: rewrite.via === 'id' ? 'alias' : rewrite.via, steps: rewrite.steps };
    }
    return undefined;
  }

  /** Everything an id can mean, at any time: for `pricing show` and for validating --compare targets. */
  meanings(id: string): IdMeaning[] {
    const result: IdMeaning[] = [];
    for (const rewrite of this.rewrites(id)) {
      const direct = this.byId.get(rewrite.id);
      if (direct && fits(direct, rewrite)) {
        result.push({ id: rewrite.id, via: rewrite.via, steps: rewrite.steps, targets: [{ model: direct }] });
        continue;
      }
      const targets = (this.byAlias.get(rewrite.id) ?? [])
        .filter((t) => fits(t.model, rewrite))
        .map((t) => ({ model: t.model, from: Number.isFinite(t.from) ? t.from : undefined, until: Number.isFinite(t.until) ? t.until : undefined }));
      if (targets.length > 0) result.push({ id: rewrite.id, via: rewrite.via === 'id' ? 'alias' : rewrite.via, steps: rewrite.steps, targets });
    }
    return result;
  }

  /** Whether an id means some model at some time (for validating --compare targets). */
  knows(id: string): boolean {
    return this.meanings(id).length > 0;
  }

  /** The reason text and suggestions for an id the catalogue does not know ("did you mean …?"). */
  describeUnknown(id: string): { reason: string; suggestions: string[] } {
    // An id an agent logs that is unpriced on purpose (a plan's moving pointer, a name the user chose)
    // says why and what to do instead of guessing at near ids (src/pricing/hints.ts).
    const known = unpricedHint(id);
    if (known) return { reason: `no price data for model "${id}"${hintText(known)}`, suggestions: [] };
    const suggestions = this.suggest(id);
    const hint = suggestions.length > 0 ? ` (did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?)` : '';
    return { reason: `no price data for model "${id}"${hint}`, suggestions };
  }

  /** Known ids and aliases nearest to an unknown id, closest first (deterministic). */
  suggest(id: string, n = 3): string[] {
    const key = `${n}\u0000${id}`;
    const cached = this.suggestCache.get(key);
    if (cached) return cached;
    const names = [...this.byId.keys(), ...this.byAlias.keys()];
    // Also compare what is left after a declared prefix or a path, so "openrouter/openai/gpt-4-o" finds "gpt-4o".
    const forms = [...this.providers.values()].flatMap((p) => p.prefixes.filter((prefix) => id.startsWith(prefix)).map((prefix) => id.slice(prefix.length)));
    forms.push(id.slice(id.lastIndexOf('/') + 1));
    const found = nearest(id, forms, names, n);
    if (this.suggestCache.size >= MAX_CACHED_IDS) this.suggestCache.clear();
    this.suggestCache.set(key, found);
    return found;
  }

  private rewrites(id: string): Rewrite[] {
    let list = this.rewriteCache.get(id);
    if (!list) {
      list = this.expand({ id, via: 'id', steps: [] }, 0);
      if (this.rewriteCache.size >= MAX_CACHED_IDS) this.rewriteCache.clear();
      this.rewriteCache.set(id, list);
    }
    return list;
  }

  private expand(start: Rewrite, depth: number): Rewrite[] {
    const out = [start];
    if (depth >= MAX_REWRITES) return out;
    const { id } = start;
    const next = (to: string, provider: string, via: ModelMatch['via'], step: string, recurse: boolean) => {
      if (to === '' || to === id) return;
      const rewrite: Rewrite = { id: to, provider, via: start.via === 'id' ? via : start.via, steps: [...start.steps, `${step} → ${to}`] };
      out.push(...(recurse ? this.expand(rewrite, depth + 1) : [rewrite]));
    };
    for (const p of this.providers.values()) {
      if (start.provider !== undefined && p.provider !== start.provider) continue;
      for (const pattern of p.snapshotPatterns) {
        const base = pattern.exec(id)?.[1];
        // A snapshot is looked up as the base id or alias only (no further rewrites), as before.
        if (base !== undefined) next(base, p.provider, 'snapshot', `${p.provider} snapshot pattern ${pattern.source}`, false);
      }
      for (const rule of p.idPatterns) {
        if (rule.pattern.test(id)) next(id.replace(rule.pattern, rule.to), p.provider, 'pattern', `${p.provider} id pattern ${rule.text}`, true);
      }
      for (const prefix of p.prefixes) {
        if (id.startsWith(prefix)) next(id.slice(prefix.length), p.provider, 'prefix', `${p.provider} prefix "${prefix}"`, true);
      }
    }
    return out;
  }

  /** The price of a request to `id`, with versions chosen at `at`. */
  price(id: string, at: number, request: PriceRequest): PricePoint | NoPrice {
    // The plain id when no tier or region is asked for (most logs): no key to build per record.
    const plain = request.serviceTier === undefined && request.region === undefined && !id.includes('\u0001');
    const cacheKey = plain ? id : `${id}\u0001${request.serviceTier ?? ''}\u0001${request.region ?? ''}`;
    const recent = cacheKey === this.lastKey ? this.lastEntry : this.recent.get(cacheKey);
    this.lastKey = cacheKey;
    this.lastEntry = recent;
    if (recent && at >= recent.from && at < recent.until) return recent.point ?? this.pointIn(recent.model, recent.versionIndex, request);
    const result = this.priceSlow(id, at, request);
    if (isPriced(result)) {
      const [from, until] = this.stableInterval(result, at);
      // A version without size tiers, time windows or a thinking rate has one point per service tier (in the key).
      const point = !result.version.tiers && result.version.windows.length === 0 && !hasThinkingRate(result.version) ? result : undefined;
      const entry = { model: result.model, versionIndex: result.ref.version, from, until, point };
      this.recent.set(cacheKey, entry);
      this.lastEntry = entry;
    }
    return result;
  }

  /** Where the price found for `at` holds: its version's span, cut at the alias boundaries around `at`. */
  private stableInterval(point: PricePoint, at: number): [number, number] {
    const { version, model } = point;
    let from = version.effectiveFrom;
    let until = version.effectiveUntil ?? Infinity;
    for (const other of model.prices) {
      if (other.region === version.region && other.effectiveFrom > version.effectiveFrom) until = Math.min(until, other.effectiveFrom);
    }
    for (const b of this.aliasBoundaries) {
      if (b <= at) from = Math.max(from, b);
      else {
        until = Math.min(until, b);
        break;
      }
    }
    return [from, until];
  }

  private priceSlow(id: string, at: number, request: PriceRequest): PricePoint | NoPrice {
    const match = this.resolveModel(id, at);
    if (!match) {
      if (this.knows(id)) return { reason: 'unknown-model', detail: `no price data for model "${id}" (it is an alias, but of no model at that date)` };
      // An unknown id stays unknown at every date: remember the answer, as a log may repeat an
      // unknown model millions of times. Suggestions are left to describeUnknown (see NoPrice.unknownId).
      let unknown = this.unknownIds.get(id);
      if (!unknown) {
        unknown = { reason: 'unknown-model', detail: `no price data for model "${id}"`, unknownId: true };
        if (this.unknownIds.size >= MAX_CACHED_IDS) this.unknownIds.clear();
        this.unknownIds.set(id, unknown);
      }
      return unknown;
    }
    return this.priceModel(match.model, at, request);
  }

  priceModel(model: ModelEntry, at: number, request: PriceRequest): PricePoint | NoPrice {
    const region = this.pickRegion(model, request.region);
    const versionIndex = findVersion(model.prices, region, at);
    const version = versionIndex === undefined ? undefined : model.prices[versionIndex];
    if (version === undefined || versionIndex === undefined) {
      const first = model.prices.find((v) => v.region === region);
      return { reason: 'not-yet-priced', detail: `"${model.id}" has no price before ${first?.effectiveFromText ?? '?'} (region ${region})` };
    }
    if (version.effectiveUntil !== undefined && at >= version.effectiveUntil) {
      const source = version.source.split('; ')[0] ?? version.source;
      return { reason: 'history-ended', detail: `"${model.id}": price history ends at ${version.effectiveUntilText ?? '?'} (region ${region}; source: ${source})` };
    }
    return this.pointIn(model, versionIndex, request);
  }

  /** The point of one version for a request: its size tier, its time-of-day window, its service tier. */
  private pointIn(model: ModelEntry, versionIndex: number, request: PriceRequest): PricePoint | NoPrice {
    const version = model.prices[versionIndex] as PriceVersion;
    let tierIndex: number | undefined;
    let window: TimeWindow | undefined;
    if (version.tiers) {
      const requests = Math.max(1, request.requests ?? 1);
      const output = Math.ceil(request.tokens.output / requests);
      const input = Math.ceil(promptTokens(request.tokens) / requests);
      tierIndex = version.tiers.findIndex((t) => input <= (t.inputUpTo ?? Infinity) && output <= (t.outputUpTo ?? Infinity));
      if (!version.tiers[tierIndex]) return { reason: 'beyond-tiers', detail: `"${model.id}": ${input} input / ${output} output tokens is beyond the last price tier` };
    } else {
      for (const candidate of version.windows) {
        const holds = windowHolds(candidate, request.requestTime, this.calendars);
        if (holds === false) continue;
        if (holds !== true) {
          const day = new Date(request.requestTime).toISOString().slice(0, 16);
          return {
            reason: 'calendar-not-published',
            detail: `"${model.id}": the "${candidate.name}" window depends on ${holds.calendar.name} (${holds.calendar.id}), which has no data for ${holds.unpublishedYear} (request at ${day}Z); add the year to ${holds.calendar.at.file} once it is published`,
          };
        }
        window = candidate;
        break;
      }
    }
    const thinking = request.tokens.reasoning > 0 && hasThinkingRate(version);
    const serviceTier = request.serviceTier ?? 'standard';
    if (tierIndex !== undefined && serviceTier === 'standard' && !thinking) {
      let points = this.plainTierPoints.get(version);
      if (!points) {
        points = [];
        this.plainTierPoints.set(version, points);
      }
      return (points[tierIndex] ??= this.point({ model: model.id, version: versionIndex, tier: tierIndex, window: null, serviceTier, thinking: false }));
    }
    return this.point({ model: model.id, version: versionIndex, tier: tierIndex ?? null, window: window?.name ?? null, serviceTier, thinking });
  }

  /**
   * The interned price point a reference names (see PointRef), or why there is none. Also how a
   * worker thread's ledgers, which name points by reference, are rebuilt on the main thread.
   */
  point(ref: PointRef): PricePoint | NoPrice {
    const model = this.byId.get(ref.model);
    const version = model?.prices[ref.version];
    if (!model || !version) return { reason: 'unknown-model', detail: `no price data for model "${ref.model}" (version ${ref.version})` };
    let interned = this.pointsByVersion.get(version);
    if (!interned) {
      interned = new Map();
      this.pointsByVersion.set(version, interned);
    }
    const key = `${ref.tier ?? ''}|${ref.window ?? ''}|${ref.serviceTier}|${ref.thinking ? 't' : ''}`;
    const cached = interned.get(key);
    if (cached) return cached;
    const tier = ref.tier === null ? undefined : version.tiers?.[ref.tier];
    const window = ref.window === null ? undefined : version.windows.find((w) => w.name === ref.window);
    // Exactly one of rates/tiers is set by validation.
    let rates: RateSet = tier?.rates ?? window?.rates ?? (version.rates as RateSet);
    if (ref.thinking && rates.outputThinking) {
      // Thinking mode: every output token of the request at the thinking rate (reasoning is inside output).
      const { outputThinking, reasoning: _reasoning, ...rest } = rates;
      rates = { ...rest, output: outputThinking };
    }
    if (ref.serviceTier !== 'standard') {
      const special = version.serviceTiers[ref.serviceTier];
      if (!special) return { reason: 'no-service-tier-price', detail: `"${model.id}" has no "${ref.serviceTier}" price in ${version.at.file} (${version.effectiveFromText})` };
      rates = 'rates' in special ? special.rates : scaleRates(rates, special.multiplier);
    }
    const point: PricePoint = { model, version, currency: version.currency, rates, tierIndex: tier ? (ref.tier ?? undefined) : undefined, window: window?.name, serviceTier: ref.serviceTier, thinking: ref.thinking, fees: version.feesPer1k, ref };
    interned.set(key, point);
    return point;
  }

  private pickRegion(model: ModelEntry, wanted: string | undefined): string {
    const regions = new Set(model.prices.map((v) => v.region));
    if (wanted && regions.has(wanted)) return wanted;
    const fallback = this.providers.get(model.provider)?.defaultRegion;
    if (fallback && regions.has(fallback)) return fallback;
    return model.prices[0]?.region ?? 'global';
  }
}

/** Index of the last version of `region` that starts at or before `at`. */
function fits(model: ModelEntry, rewrite: Rewrite): boolean {
  return rewrite.provider === undefined || model.provider === rewrite.provider;
}

function findVersion(prices: PriceVersion[], region: string, at: number): number | undefined {
  let found: number | undefined;
  prices.forEach((v, i) => {
    if (v.region === region && v.effectiveFrom <= at) found = i;
  });
  return found;
}

/** Whether any rate set of a version (its rates, tiers or windows) has a thinking-mode output rate. */
function hasThinkingRate(version: PriceVersion): boolean {
  return version.rates?.outputThinking !== undefined || (version.tiers?.some((t) => t.rates.outputThinking !== undefined) ?? false) || version.windows.some((w) => w.rates.outputThinking !== undefined);
}

function scaleRates(rates: RateSet, factor: RateSet['input']): RateSet {
  const scaled: RateSet = { input: mul(rates.input, factor), output: mul(rates.output, factor) };
  if (rates.cacheRead) scaled.cacheRead = mul(rates.cacheRead, factor);
  if (rates.cacheWrite5m) scaled.cacheWrite5m = mul(rates.cacheWrite5m, factor);
  if (rates.cacheWrite1h) scaled.cacheWrite1h = mul(rates.cacheWrite1h, factor);
  if (rates.reasoning) scaled.reasoning = mul(rates.reasoning, factor);
  if (rates.outputThinking) scaled.outputThinking = mul(rates.outputThinking, factor);
  if (rates.inputAudio) scaled.inputAudio = mul(rates.inputAudio, factor);
  if (rates.outputAudio) scaled.outputAudio = mul(rates.outputAudio, factor);
  if (rates.inputImage) scaled.inputImage = mul(rates.inputImage, factor);
  return scaled;
}

export function isPriced(result: PricePoint | NoPrice): result is PricePoint {
  return 'rates' in result;
}

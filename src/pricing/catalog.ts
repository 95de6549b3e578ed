// Pure price lookup: (model id, instant, request) → the price in force, or a reason why there is none.
// Matching is exact: model ids, declared aliases (optionally dated), then declared snapshot patterns.
// There is no substring or prefix guessing, and "not found" is never a price of 0.
import { mul } from '../core/money.ts';
import type { ServiceTier, TokenBuckets } from '../core/types.ts';
import { promptTokens } from '../core/types.ts';
import type { ModelEntry, PriceVersion, PricingFile, ProviderEntry, RateSet, TimeWindow } from './types.ts';
import type { SchemaProblem } from './schema.ts';

export interface PricePoint {
  model: ModelEntry;
  version: PriceVersion;
  currency: string;
  /** The rates that apply after tier, time window and service tier. */
  rates: RateSet;
  tierIndex?: number;
  window?: string;
  serviceTier: ServiceTier;
}

export type NoPriceReason = 'unknown-model' | 'not-yet-priced' | 'beyond-tiers' | 'no-service-tier-price';

export interface NoPrice {
  reason: NoPriceReason;
  detail: string;
}

export interface PriceRequest {
  tokens: TokenBuckets;
  serviceTier?: ServiceTier;
  region?: string;
  /** The request's own time: decides time-of-day windows even when versions are chosen --as-of another date. */
  requestTime: number;
}

export interface ModelMatch {
  model: ModelEntry;
  via: 'id' | 'alias' | 'snapshot';
}

interface AliasTarget {
  model: ModelEntry;
  from: number;
  until: number;
}

export class Catalogue {
  private readonly byId = new Map<string, ModelEntry>();
  private readonly byAlias = new Map<string, AliasTarget[]>();
  private readonly providers = new Map<string, ProviderEntry>();
  /** Price points are interned so that callers can key maps by identity. */
  private readonly points = new Map<string, PricePoint>();
  readonly problems: SchemaProblem[] = [];

  readonly hash: string;
  readonly fileNames: string[];

  constructor(files: PricingFile[], hash: string, fileNames: string[]) {
    this.hash = hash;
    this.fileNames = fileNames;
    for (const file of files) {
      this.providers.set(file.provider.provider, file.provider);
      for (const model of file.models) this.addModel(model);
    }
    this.checkAliasConflicts();
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

  provider(name: string): ProviderEntry | undefined {
    return this.providers.get(name);
  }

  /** Finds the model an id means at an instant: exact id, then alias, then a declared snapshot pattern. */
  resolveModel(id: string, at: number): ModelMatch | undefined {
    const direct = this.byId.get(id);
    if (direct) return { model: direct, via: 'id' };
    const aliased = this.aliasAt(id, at);
    if (aliased) return { model: aliased, via: 'alias' };
    for (const provider of this.providers.values()) {
      for (const pattern of provider.snapshotPatterns) {
        const base = pattern.exec(id)?.[1];
        if (base === undefined || base === id) continue;
        const model = this.byId.get(base) ?? this.aliasAt(base, at);
        if (model && model.provider === provider.provider) return { model, via: 'snapshot' };
      }
    }
    return undefined;
  }

  /** Whether an id means some model at some time (for validating --compare targets). */
  knows(id: string): boolean {
    if (this.byId.has(id) || this.byAlias.has(id)) return true;
    return [...this.providers.values()].some((p) => p.snapshotPatterns.some((pattern) => {
      const base = pattern.exec(id)?.[1];
      return base !== undefined && base !== id && (this.byId.has(base) || this.byAlias.has(base));
    }));
  }

  private aliasAt(id: string, at: number): ModelEntry | undefined {
    return this.byAlias.get(id)?.find((t) => t.from <= at && at < t.until)?.model;
  }

  /** The price of a request to `id`, with versions chosen at `at`. */
  price(id: string, at: number, request: PriceRequest): PricePoint | NoPrice {
    const match = this.resolveModel(id, at);
    if (!match) {
      const movedAlias = this.byAlias.has(id) ? ' (it is an alias, but of no model at that date)' : '';
      return { reason: 'unknown-model', detail: `no price data for model "${id}"${movedAlias}` };
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
    let tierIndex: number | undefined;
    let window: TimeWindow | undefined;
    let rates: RateSet;
    if (version.tiers) {
      const output = request.tokens.output;
      const input = promptTokens(request.tokens);
      tierIndex = version.tiers.findIndex((t) => input <= (t.inputUpTo ?? Infinity) && output <= (t.outputUpTo ?? Infinity));
      const tier = version.tiers[tierIndex];
      if (!tier) return { reason: 'beyond-tiers', detail: `"${model.id}": ${input} input / ${output} output tokens is beyond the last price tier` };
      rates = tier.rates;
    } else {
      window = version.windows.find((w) => inWindow(w, request.requestTime));
      // Exactly one of rates/tiers is set by validation.
      rates = window?.rates ?? (version.rates as RateSet);
    }
    const serviceTier = request.serviceTier ?? 'standard';
    const key = JSON.stringify([model.id, versionIndex, tierIndex ?? null, window?.name ?? null, serviceTier]);
    const cached = this.points.get(key);
    if (cached) return cached;
    if (serviceTier !== 'standard') {
      const special = version.serviceTiers[serviceTier];
      if (!special) return { reason: 'no-service-tier-price', detail: `"${model.id}" has no "${serviceTier}" price in ${version.at.file} (${version.effectiveFromText})` };
      rates = 'rates' in special ? special.rates : scaleRates(rates, special.multiplier);
    }
    const point: PricePoint = { model, version, currency: version.currency, rates, tierIndex, window: window?.name, serviceTier };
    this.points.set(key, point);
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
function findVersion(prices: PriceVersion[], region: string, at: number): number | undefined {
  let found: number | undefined;
  prices.forEach((v, i) => {
    if (v.region === region && v.effectiveFrom <= at) found = i;
  });
  return found;
}

function inWindow(window: TimeWindow, at: number): boolean {
  const minute = Math.floor((((at % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
  return window.fromMinute < window.toMinute
    ? minute >= window.fromMinute && minute < window.toMinute
    : minute >= window.fromMinute || minute < window.toMinute;
}

function scaleRates(rates: RateSet, factor: RateSet['input']): RateSet {
  const scaled: RateSet = { input: mul(rates.input, factor), output: mul(rates.output, factor) };
  if (rates.cacheRead) scaled.cacheRead = mul(rates.cacheRead, factor);
  if (rates.cacheWrite5m) scaled.cacheWrite5m = mul(rates.cacheWrite5m, factor);
  if (rates.cacheWrite1h) scaled.cacheWrite1h = mul(rates.cacheWrite1h, factor);
  if (rates.reasoning) scaled.reasoning = mul(rates.reasoning, factor);
  return scaled;
}

export function isPriced(result: PricePoint | NoPrice): result is PricePoint {
  return 'rates' in result;
}

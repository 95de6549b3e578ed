// The pricing catalogue once loaded and validated: the JSON format of pricing/README.md,
// with dates as epoch milliseconds and rates as exact decimals.
import type { Decimal } from '../core/money.ts';
import type { ServiceTier } from '../core/types.ts';

export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** Per-million-token rates in one currency. Optional rates fall back as pricing/README.md says. */
export interface RateSet {
  input: Decimal;
  cacheRead?: Decimal;
  cacheWrite5m?: Decimal;
  cacheWrite1h?: Decimal;
  output: Decimal;
  reasoning?: Decimal;
}

export interface Tier {
  /** Inclusive limits; undefined = no limit. */
  inputUpTo?: number;
  outputUpTo?: number;
  rates: RateSet;
}

export interface TimeWindow {
  name: string;
  /** Minutes after 00:00 UTC; `to` may be smaller than `from` (the window wraps midnight). */
  fromMinute: number;
  toMinute: number;
  rates: RateSet;
}

export type ServiceTierPrice = { multiplier: Decimal } | { rates: RateSet };

/** Where a piece of pricing data lives, for messages. */
export interface DataLocation {
  file: string;
  path: string;
}

export interface PriceVersion {
  effectiveFrom: number;
  /** As written in the data, for reports ("2025-09-05T16:00:00Z"). */
  effectiveFromText: string;
  /**
   * Only on the last version of a region: the history stops here (exclusive), and later requests
   * are unpriced with a reason, rather than priced with a version known to be out of date.
   */
  effectiveUntil?: number;
  effectiveUntilText?: string;
  region: string;
  currency: string;
  /** Exactly one of `rates` and `tiers` is set. */
  rates?: RateSet;
  tiers?: Tier[];
  windows: TimeWindow[];
  serviceTiers: Partial<Record<ServiceTier, ServiceTierPrice>>;
  source: string;
  checked: string;
  confidence: Confidence;
  notes?: string;
  at: DataLocation;
}

export interface ModelAlias {
  id: string;
  from?: number;
  until?: number;
}

export interface ModelEntry {
  id: string;
  name?: string;
  provider: string;
  aliases: ModelAlias[];
  /** Sorted by region, then effective_from. */
  prices: PriceVersion[];
  at: DataLocation;
}

/** An anchored pattern that rewrites an id into another id of the same provider ("$1-$2"). */
export interface IdPattern {
  pattern: RegExp;
  to: string;
  /** As written, for `pricing show` and messages. */
  text: string;
}

export interface ProviderEntry {
  provider: string;
  name: string;
  defaultRegion?: string;
  /** Rewrites to capture group 1 (the older, simpler form of idPatterns). */
  snapshotPatterns: RegExp[];
  /** Exact prefixes that route ("openrouter/openai/gpt-4o" → "gpt-4o") into this provider only. */
  prefixes: string[];
  idPatterns: IdPattern[];
  file: string;
}

/** How an override file (--pricing) combines with the models it names. */
export const OVERRIDE_MODES = ['replace', 'merge'] as const;
export type OverrideMode = (typeof OVERRIDE_MODES)[number];

export interface PricingFile {
  provider: ProviderEntry;
  models: ModelEntry[];
  /** Only in override files; absent in the base catalogue. */
  mode?: OverrideMode;
}

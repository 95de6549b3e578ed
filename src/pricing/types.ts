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

export interface ProviderEntry {
  provider: string;
  name: string;
  defaultRegion?: string;
  snapshotPatterns: RegExp[];
  file: string;
}

export interface PricingFile {
  provider: ProviderEntry;
  models: ModelEntry[];
}

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
  /**
   * Qwen-style thinking mode: when a request has reasoning tokens, ALL its output is billed at this
   * rate (unlike `reasoning`, which re-rates only the reasoning tokens).
   */
  outputThinking?: Decimal;
  /** Audio and image tokens where a model bills them apart from text; absent → the text rate. */
  inputAudio?: Decimal;
  outputAudio?: Decimal;
  inputImage?: Decimal;
}

export interface Tier {
  /** Inclusive limits; undefined = no limit. */
  inputUpTo?: number;
  outputUpTo?: number;
  rates: RateSet;
}

/** Minutes after 00:00 UTC; `toMinute` may be smaller than `fromMinute` (the span wraps midnight). */
export interface DaySpan {
  fromMinute: number;
  toMinute: number;
}

export interface TimeWindow {
  name: string;
  /** The window holds during any of these spans (UTC). */
  spans: DaySpan[];
  /** Days of the week it holds on (0 = Sunday), read on the calendar's local date (UTC without one); undefined = every day. */
  days?: number[];
  /** A holiday calendar (pricing/calendars.json): its public holidays are not window days. */
  calendar?: string;
  /** With a calendar: whether its make-up working days (weekend days worked in lieu) count as window days. */
  makeupWorkdays: boolean;
  rates: RateSet;
}

/** Public holidays and make-up working days, per year, for calendar-dependent windows. */
export interface HolidayCalendar {
  id: string;
  name: string;
  /** The offset of the calendar's local dates from UTC, in minutes (+480 for China). */
  utcOffsetMinutes: number;
  /** Local dates "YYYY-MM-DD" by year; a year absent here is not published: requests that depend on it are unpriced. */
  years: Map<number, { holidays: Set<string>; workdays: Set<string>; source: string }>;
  checked: string;
  at: DataLocation;
}

/** Per-call fees a log can count, priced per 1,000 calls (Anthropic web search: $10 per 1,000). */
export const FEE_KINDS = ['web_search'] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

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
  /** An introductory or promotional price: validation makes sure it ends (a later version, or effective_until). */
  introductory: boolean;
  /** Per-call fees, per 1,000 calls, in the version's currency. */
  feesPer1k: Partial<Record<FeeKind, Decimal>>;
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
  /** Limits from the sources, in tokens (informational; the what-if's fit check reads them). */
  contextWindow?: number;
  maxOutputTokens?: number;
  /** The date the provider shut the model down ("YYYY-MM-DD"), when known. */
  retired?: string;
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

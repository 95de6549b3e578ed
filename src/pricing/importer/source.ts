// The neutral form both source readers (LiteLLM, genai-prices) produce: one entry per source model,
// with per-million rates as exact decimal strings and our field names. The layer builder
// (layer.ts) compares these with the catalogue; it never sees the source's own format.

/** Rate fields of a version, by their names in pricing/*.json. */
export const RATE_NAMES = ['input', 'cache_read', 'cache_write_5m', 'cache_write_1h', 'output', 'reasoning', 'output_thinking', 'input_audio', 'output_audio', 'input_image'] as const;
export type RateName = (typeof RATE_NAMES)[number];

/** Per-million rates as decimal strings ("0.125"); only what the source states. */
export type SourceRates = Partial<Record<RateName, string>>;

export interface SourceTier {
  /** Inclusive limit on input tokens; undefined = no limit. */
  inputUpTo?: number;
  rates: SourceRates;
}

export const IMPORT_SERVICE_TIERS = ['batch', 'flex', 'priority'] as const;
export type ImportServiceTier = (typeof IMPORT_SERVICE_TIERS)[number];

export interface SourceEntry {
  /** The source's own key (LiteLLM) or "provider/model" (genai-prices), for messages. */
  key: string;
  /** The id a new model gets: the key without the source's routing prefix ("gemini/…"). */
  id: string;
  /** Ids to look the entry up by in the catalogue, in order. */
  candidates: string[];
  /** The source's provider name (litellm_provider, genai-prices provider id). */
  sourceProvider: string;
  /** Our provider id, when the mapping knows the source's; undefined = unmapped. */
  provider?: string;
  /** A reason the source's provider is deliberately not mapped (e.g. third-party models on Vertex). */
  unmappedReason?: string;
  /** Exactly one of rates and tiers. */
  rates?: SourceRates;
  tiers?: SourceTier[];
  /** Full rate sets for other service tiers (flat entries only). */
  serviceTiers: Partial<Record<ImportServiceTier, SourceRates>>;
  contextWindow?: number;
  maxOutputTokens?: number;
  /** "YYYY-MM-DD": the source's shutdown date. */
  deprecation?: string;
  /** Price fields the source has that our format cannot hold (named in the version's notes). */
  ignoredFields: string[];
  /** Where in the source the figures come from, for the version's `source`. */
  cite: string;
}

export interface Skip {
  key: string;
  /** A short category shared by many entries ("mode embedding"); the summary counts by it. */
  reason: string;
  /** A sub-count within the reason (the source provider of an unmapped one). */
  group?: string;
}

export const SOURCE_FORMATS = ['litellm', 'genai-prices'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export interface SourceRead {
  format: SourceFormat;
  entries: SourceEntry[];
  skipped: Skip[];
}

/** A rate that changes above an input-length threshold (exclusive: more than `above` tokens). */
export interface ThresholdRate {
  field: RateName;
  above: number;
  value: string;
}

/**
 * Threshold prices ("above 200k tokens, all input at X") as our size tiers. Both sources bill the
 * whole request at the rate of the highest threshold its input exceeds, which is our tier rule with
 * `input_up_to` = the threshold (inclusive). Each tier is a full rate set: a field without its own
 * threshold price keeps the base rate (else our fallbacks would bill it at the tier's input rate).
 */
export function tiersFrom(base: SourceRates, thresholds: readonly ThresholdRate[]): SourceTier[] | undefined {
  if (thresholds.length === 0) return undefined;
  const limits = [...new Set(thresholds.map((t) => t.above))].sort((a, b) => a - b);
  const tiers: SourceTier[] = [];
  let rates: SourceRates = { ...base };
  for (let i = 0; i <= limits.length; i++) {
    const limit = limits[i];
    tiers.push({ ...(limit === undefined ? {} : { inputUpTo: limit }), rates: { ...rates } });
    if (limit === undefined) break;
    rates = { ...rates };
    for (const t of thresholds) if (t.above === limit) rates[t.field] = t.value;
  }
  return tiers;
}

export interface SkipCount {
  reason: string;
  count: number;
  /** Counts by group within the reason, most frequent first ([] when the skips have no group). */
  groups: { group: string; count: number }[];
}

/** The tally of skips by reason, most frequent first, for the stderr summary. */
export function skipSummary(skipped: readonly Skip[]): SkipCount[] {
  const byReason = new Map<string, Skip[]>();
  for (const s of skipped) {
    const list = byReason.get(s.reason) ?? [];
    list.push(s);
    byReason.set(s.reason, list);
  }
  return [...byReason].map(([reason, list]) => ({ reason, count: list.length, groups: tally(list.flatMap((s) => (s.group === undefined ? [] : [s.group]))) })).sort(byCount);
}

function tally(names: string[]): { group: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([group, count]) => ({ group, count, reason: group })).sort(byCount).map(({ group, count }) => ({ group, count }));
}

function byCount(a: { reason: string; count: number }, b: { reason: string; count: number }): number {
  return b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0);
}

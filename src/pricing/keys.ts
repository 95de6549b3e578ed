// How a price point and a price version are named as text, in one place: `pricing export` writes
// these names in its rows (docs/pricing-export.md) and the usage ledger (src/ledger) carries them
// on every priced row, so a warehouse joins the two on equal strings.
import type { PointRef } from './catalog.ts';
import type { PriceVersion } from './types.ts';

/** `model|version_index|tier_index|window_name|service_tier`: a PointRef as text (the thinking flag is not part of it: the row's rates say how thinking output is billed). */
export function pointKey(ref: Pick<PointRef, 'model' | 'version' | 'tier' | 'window' | 'serviceTier'>): string {
  return `${ref.model}|${ref.version}|${ref.tier ?? ''}|${ref.window ?? ''}|${ref.serviceTier}`;
}

/** `model@effective_from@book`: one dated price version of a model. */
export function versionKey(modelId: string, version: Pick<PriceVersion, 'effectiveFromText' | 'region'>): string {
  return `${modelId}@${version.effectiveFromText}@${version.region}`;
}

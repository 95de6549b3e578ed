// Rules over a model's list of versions. They run on each file as it is read and again after
// overrides are merged, because a merge can break an order that each file kept on its own.
import type { SchemaProblem } from './checker.ts';
import type { PriceVersion } from './types.ts';

/** Within a region: versions in time order with distinct starts; an end only on the last one. */
export function versionProblems(prices: readonly PriceVersion[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const fail = (v: PriceVersion, field: string, message: string) => problems.push({ file: v.at.file, path: `${v.at.path}.${field}`, message });
  const lastByRegion = new Map<string, PriceVersion>();
  for (const version of prices) {
    const last = lastByRegion.get(version.region);
    if (last && version.effectiveFrom <= last.effectiveFrom) {
      const why = version.effectiveFrom === last.effectiveFrom ? 'starts at the same time as' : 'is out of order: it starts before';
      fail(version, 'effective_from', `${why} ${last.at.file === version.at.file ? '' : `${last.at.file} `}${last.at.path} (${last.effectiveFromText}) in region "${version.region}"`);
    } else if (last?.effectiveUntil !== undefined) {
      fail(last, 'effective_until', `only the last version of region "${last.region}" may end; ${version.at.path} (${version.effectiveFromText}) comes after it`);
    }
    if (version.effectiveUntil !== undefined && version.effectiveUntil <= version.effectiveFrom) {
      fail(version, 'effective_until', `must come after effective_from (${version.effectiveFromText})`);
    }
    lastByRegion.set(version.region, version);
  }
  // An introductory price that nothing ends (no later version, no effective_until) would price
  // every later request at the promotion.
  for (const last of lastByRegion.values()) {
    if (last.introductory && last.effectiveUntil === undefined) {
      fail(last, 'introductory', 'an introductory price must end: add the version that follows it, or "effective_until" if the next price is not known');
    }
  }
  return problems;
}

/** Stable sort by region keeps each region's versions in their (checked) time order. */
export function sortByRegion(prices: PriceVersion[]): PriceVersion[] {
  return prices.sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
}

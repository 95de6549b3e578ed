// Applies override files (--pricing: negotiated discounts, private deployments, fine-tunes) on top of
// the base catalogue. Pure: parsed files in, merged files and problems out. The rules are in
// pricing/README.md ("Overrides"): a model with a new id is added; a model with a known id has its
// versions replaced ("mode": "replace", the default) or merged by (region, effective_from) ("merge").
import type { SchemaProblem } from './checker.ts';
import type { ModelAlias, ModelEntry, PriceVersion, PricingFile } from './types.ts';
import { versionProblems } from './versions.ts';

export interface MergeResult {
  files: PricingFile[];
  problems: SchemaProblem[];
}

export function applyOverrides(base: readonly PricingFile[], overrides: readonly PricingFile[]): MergeResult {
  // Copies, so that the caller's parsed files stay as they were read.
  const files = base.map((f) => ({ ...f, provider: { ...f.provider }, models: [...f.models] }));
  const problems: SchemaProblem[] = [];
  for (const override of overrides) {
    const target = providerFile(files, override);
    override.models.forEach((model, index) => {
      const found = findModel(files, model.id);
      if (!found) {
        target.models.push(model);
        return;
      }
      const existing = found.file.models[found.index];
      if (!existing) return;
      if (existing.provider !== model.provider) {
        problems.push({ ...model.at, message: `model "${model.id}" belongs to provider "${existing.provider}" (${existing.at.file}); an override of it must say "provider": "${existing.provider}"` });
        return;
      }
      const merged = override.mode === 'merge' ? mergeVersions(existing, model) : model.prices;
      if (override.mode === 'merge') problems.push(...versionProblems(merged));
      found.file.models[found.index] = {
        ...existing,
        name: model.name ?? existing.name,
        aliases: unionAliases(existing.aliases, model.aliases),
        prices: merged,
        at: { file: model.at.file, path: `$.models[${index}]` },
      };
    });
  }
  return { files, problems };
}

/** The file of the override's provider, created (or extended with its match rules) as needed. */
function providerFile(files: PricingFile[], override: PricingFile): PricingFile {
  const name = override.provider.provider;
  const existing = files.find((f) => f.provider.provider === name);
  if (!existing) {
    const added: PricingFile = { provider: { ...override.provider }, models: [] };
    files.push(added);
    return added;
  }
  const p = existing.provider;
  p.defaultRegion = override.provider.defaultRegion ?? p.defaultRegion;
  p.prefixes = [...new Set([...p.prefixes, ...override.provider.prefixes])];
  p.idPatterns = [...p.idPatterns, ...override.provider.idPatterns];
  p.snapshotPatterns = [...p.snapshotPatterns, ...override.provider.snapshotPatterns];
  return existing;
}

function findModel(files: PricingFile[], id: string): { file: PricingFile; index: number } | undefined {
  for (const file of files) {
    const index = file.models.findIndex((m) => m.id === id);
    if (index >= 0) return { file, index };
  }
  return undefined;
}

/** Versions keyed by (region, start): an override version replaces the base one with the same key. */
function mergeVersions(base: ModelEntry, override: ModelEntry): PriceVersion[] {
  const key = (v: PriceVersion) => `${v.region}\u0000${v.effectiveFrom}`;
  const replaced = new Set(override.prices.map(key));
  return [...base.prices.filter((v) => !replaced.has(key(v))), ...override.prices].sort(
    (a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : a.effectiveFrom - b.effectiveFrom),
  );
}

function unionAliases(base: ModelAlias[], extra: ModelAlias[]): ModelAlias[] {
  const seen = new Set(base.map((a) => JSON.stringify(a)));
  return [...base, ...extra.filter((a) => !seen.has(JSON.stringify(a)))];
}

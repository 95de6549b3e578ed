// Differences between two catalogues: whole histories, and the prices in force at an instant.
import { describe, expect, it } from 'vitest';
import { diffCatalogues } from './diff.ts';
import { loadCatalogue } from './load.ts';

const A = loadCatalogue(['fixtures/pricing/import/diff/a']);
const B = loadCatalogue(['fixtures/pricing/import/diff/b']);

describe('diffCatalogues over whole histories', () => {
  const diff = diffCatalogues(A, B);

  it('lists models only in one side', () => {
    expect(diff).toMatchObject({ version: '1', at: null, onlyInA: ['old-model'], onlyInB: ['new-model'] });
  });

  it('lists added versions and changed rates, exactly (1.250 is 1.25; source text is not a price)', () => {
    const gpt5 = diff.models.find((m) => m.model === 'gpt-5');
    expect(gpt5).toMatchObject({
      added: [{ region: 'global', effectiveFrom: '2026-01-15', rates: 'currency USD, input 1, cache_read 0.1, output 8, service_tiers.batch.multiplier 0.5' }],
      removed: [],
      changed: [],
      aliases: { added: ['gpt-5-chat from 2025-09-01T00:00:00Z'], removed: [] },
    });
    const o3 = diff.models.find((m) => m.model === 'o3-mini');
    expect(o3).toMatchObject({
      fields: [{ field: 'context_window', a: null, b: '200000' }],
      changed: [{ region: 'global', effectiveFrom: '2025-01-31', fields: [{ field: 'output', a: '4.4', b: '4' }, { field: 'cache_read', a: null, b: '0.55' }] }],
    });
  });

  it('is empty between a catalogue and itself', () => {
    expect(diffCatalogues(A, A)).toEqual({ version: '1', at: null, onlyInA: [], onlyInB: [], models: [] });
  });
});

describe('diffCatalogues at an instant', () => {
  it('compares the versions in force, per region', () => {
    const before = diffCatalogues(A, B, Date.parse('2025-12-01T00:00:00Z'));
    expect(before.models.map((m) => [m.model, m.inForce])).toEqual([
      ['gpt-5', []],
      ['o3-mini', [{ region: 'global', aFrom: '2025-01-31', bFrom: '2025-01-31', fields: [{ field: 'output', a: '4.4', b: '4' }, { field: 'cache_read', a: null, b: '0.55' }] }]],
    ]);
    // The alias gpt-5-chat points to gpt-5 from 2025-09-01: in force then, so it is a difference.
    expect(before.models[0]?.aliases).toEqual({ added: ['gpt-5-chat'], removed: [] });
    expect(diffCatalogues(A, B, Date.parse('2025-08-31T00:00:00Z')).models.map((m) => m.model)).toEqual(['o3-mini']);
    const after = diffCatalogues(A, B, Date.parse('2026-02-01T00:00:00Z'));
    expect(after.at).toBe('2026-02-01T00:00:00Z');
    expect(after.models.find((m) => m.model === 'gpt-5')?.inForce).toEqual([
      { region: 'global', aFrom: '2025-08-07', bFrom: '2026-01-15', fields: [{ field: 'input', a: '1.25', b: '1' }, { field: 'cache_read', a: '0.125', b: '0.1' }, { field: 'output', a: '10', b: '8' }] },
    ]);
  });
});

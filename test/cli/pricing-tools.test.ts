// `llm-audit pricing import|diff`, run in process as a user runs them (runIn: the same CLI, without a process per run): import a LiteLLM excerpt into a layer
// file, price a log with it (the new price from --from on, the old one before), and diff catalogues.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FROZEN_PRICING, runIn, runJsonIn, type Run } from './run.ts';

const IMPORT = 'fixtures/pricing/import';
const frozen = ['--pricing-dir', FROZEN_PRICING];
const LOG = `${IMPORT}/gpt5-around-cut.jsonl`;

describe('pricing import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-import-'));
  const layer = join(dir, 'openai-layer.json');
  let imported: Run;
  beforeAll(async () => {
    imported = await runIn(['pricing', 'import', `${IMPORT}/litellm-openai.json`, '--from', '2025-12-01', '--out', layer, ...frozen]);
  });

  it('writes a merge layer of what differs, and says what it left out on stderr', async () => {
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('');
    expect(imported.stderr).toBe(
      [
        `${IMPORT}/litellm-openai.json: LiteLLM model_prices_and_context_window.json, compared with the catalogue at 2025-12-01`,
        '  changed  openai gpt-5 (source "gpt-5"): input 1.25 → 1; cache_read 0.125 → 0.1; output 10 → 8',
        '  added    openai gpt-9-mini (source "gpt-9-mini"; not in the catalogue)',
        '  1 changed, 1 added, 1 unchanged (same price as the catalogue), 2 skipped',
        '    1 mode "image_generation" (only chat/completion/responses are imported)',
        '    1 provider not mapped to ours (pass --provider ID to import them under one provider): azure 1',
        `wrote ${layer} ("mode": "merge", from 2025-12-01); use it with --pricing ${layer}`,
        '',
      ].join('\n'),
    );
    const written = JSON.parse(readFileSync(layer, 'utf8'));
    expect(written).toMatchObject({ provider: 'openai', mode: 'merge' });
    expect(written.models.map((m: any) => [m.id, m.prices[0].effective_from, m.prices[0].input, m.prices[0].output, m.prices[0].confidence])).toEqual([
      ['gpt-5', '2025-12-01', '1', '8', 'low'],
      ['gpt-9-mini', '2025-12-01', '0.125', '3', 'low'],
    ]);
  });

  it('is accepted by --pricing: the new price from --from on, the old one before', async () => {
    expect((await runIn(['pricing', 'check', ...frozen, '--pricing', layer])).code).toBe(0);
    const { code, report } = await runJsonIn([LOG, ...frozen, '--pricing', layer, '--group-by', 'day']);
    expect(code).toBe(0);
    expect(report.groups.map((g: any) => [g.key.day, g.cost.USD])).toEqual([
      ['2025-11-30', '2.25'],
      ['2025-12-01', '1.8'],
      ['2025-12-02', '0.425'],
    ]);
    // Without the layer: the list price on both days, and gpt-9-mini unknown.
    const without = (await runJsonIn([LOG, ...frozen, '--group-by', 'day'])).report;
    expect(without.groups.map((g: any) => [g.key.day, g.cost.USD])).toEqual([
      ['2025-11-30', '2.25'],
      ['2025-12-01', '2.25'],
    ]);
    expect(without.unpriced.length).toBeGreaterThan(0);
  });

  it('writes one file per provider into a folder, and refuses several providers in one file', async () => {
    const folder = join(dir, 'layers') + '/';
    const many = await runIn(['pricing', 'import', `${IMPORT}/litellm-excerpt.json`, '--from', '2025-12-01', '--out', folder, ...frozen]);
    expect(many.code).toBe(0);
    expect((await runIn(['pricing', 'check', ...frozen, '--pricing', folder])).code).toBe(0);
    const single = await runIn(['pricing', 'import', `${IMPORT}/litellm-excerpt.json`, '--from', '2025-12-01', ...frozen]);
    expect(single.code).toBe(2);
    expect(single.stdout).toBe('');
    expect(single.stderr).toMatch(/the import has models of 3 providers \(anthropic, google, openai\) and a layer file holds one: pass --out FOLDER\/ for one file per provider, or --only PROVIDER/);
    const only = await runIn(['pricing', 'import', `${IMPORT}/litellm-excerpt.json`, '--from', '2025-12-01', '--only', 'google', ...frozen]);
    expect(only.code).toBe(0);
    expect(JSON.parse(only.stdout).models.map((m: any) => m.id)).toEqual(['gemini-3-pro']);
  });

  it('reads genai-prices data too, with its dated prices', async () => {
    const out = await runIn(['pricing', 'import', `${IMPORT}/genai-prices-excerpt.json`, '--from', '2026-01-15', '--only', 'openai', ...frozen]);
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/genai-prices data\.json, compared with the catalogue at 2026-01-15/);
    expect(JSON.parse(out.stdout).models.map((m: any) => [m.id, m.prices[0].input])).toEqual([
      ['gpt-5', '1'],
      ['gpt-9', '0.25'],
    ]);
  });

  it('exits 2 on an unreadable or unknown file', async () => {
    const missing = await runIn(['pricing', 'import', `${IMPORT}/nope.json`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read fixtures\/pricing\/import\/nope\.json: no such file or folder/);
    const other = await runIn(['pricing', 'import', `${IMPORT}/diff/a/openai.json`]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/neither a LiteLLM model_prices_and_context_window\.json .* nor a genai-prices data\.json/);
  });

  it('never writes over the file it imports, nor into the pricing folder it compares with', async () => {
    const source = join(dir, 'prices.json');
    const original = readFileSync(`${IMPORT}/litellm-openai.json`, 'utf8');
    writeFileSync(source, original);
    const over = await runIn(['pricing', 'import', source, '--from', '2025-12-01', '--out', source, ...frozen]);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/--out .*prices\.json: it is .*prices\.json, an input of this run: writing there would destroy it/);
    expect(readFileSync(source, 'utf8')).toBe(original);
    const pricingDir = join(dir, 'pricing');
    mkdirSync(pricingDir);
    writeFileSync(join(pricingDir, 'openai.json'), readFileSync(join(FROZEN_PRICING, 'openai.json')));
    const into = await runIn(['pricing', 'import', source, '--from', '2025-12-01', '--out', `${pricingDir}/`, '--pricing-dir', pricingDir]);
    expect(into.code).toBe(2);
    expect(into.stderr).toMatch(/inside the pricing folder .*whose \*\.json files are read as price lists/);
    expect(readdirSync(pricingDir)).toEqual(['openai.json']);
  });
});

describe('pricing diff', () => {
  const A = `${IMPORT}/diff/a`;
  const B = `${IMPORT}/diff/b`;

  it('lists every difference of two histories, one line each, and exits 0', async () => {
    const result = await runIn(['pricing', 'diff', A, B]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `Pricing diff ${A} → ${B} (whole histories)`,
        '',
        'Only in A (1): old-model',
        'Only in B (1): new-model',
        '',
        'gpt-5 alias added: gpt-5-chat from 2025-09-01T00:00:00Z',
        'gpt-5 global 2026-01-15 version only in B: currency USD, input 1, cache_read 0.1, output 8, service_tiers.batch.multiplier 0.5',
        'o3-mini context_window: — → 200000',
        'o3-mini global 2025-01-31 output: 4.4 → 4',
        'o3-mini global 2025-01-31 cache_read: — → 0.55',
        '',
        '2 models differ; 1 only in A, 1 only in B',
        '',
      ].join('\n'),
    );
  });

  it('compares the prices in force with --at, as JSON too', async () => {
    const { code, report } = await runJsonIn(['pricing', 'diff', A, B, '--at', '2026-02-01']);
    expect(code).toBe(0);
    expect(report.at).toBe('2026-02-01T00:00:00Z');
    expect(report.models.find((m: any) => m.model === 'gpt-5').inForce).toEqual([
      { region: 'global', aFrom: '2025-08-07', bFrom: '2026-01-15', fields: [{ field: 'input', a: '1.25', b: '1' }, { field: 'cache_read', a: '0.125', b: '0.1' }, { field: 'output', a: '10', b: '8' }] },
    ]);
    expect(report.a.files).toEqual([`${A}/openai.json`]);
    expect((await runIn(['pricing', 'diff', A, A])).stdout).toMatch(/\n\nNo differences\.\n$/);
  });

  it('shows what an imported layer changes over the catalogue (--over-shipped reads a file as a layer)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-diff-'));
    const layer = join(dir, 'openai.json');
    expect((await runIn(['pricing', 'import', `${IMPORT}/litellm-openai.json`, '--from', '2026-12-01', '--out', layer])).code).toBe(0);
    const result = await runIn(['pricing', 'diff', 'pricing', layer, '--over-shipped', '--at', '2026-12-02']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Only in B \(1\): gpt-9-mini$/m);
    expect(result.stdout).toMatch(/^gpt-5 global A \S+ \/ B 2026-12-01 input: \S+ → 1$/m);
    // Read alone (no --over-shipped), the layer is just its own models.
    const alone = (await runJsonIn(['pricing', 'diff', layer, layer])).report;
    expect(alone.models).toEqual([]);
  });

  it('exits 2 on unreadable input', async () => {
    const result = await runIn(['pricing', 'diff', A, `${IMPORT}/diff/missing`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`llm-audit: cannot read ${IMPORT}/diff/missing: no such file or folder; pass a pricing folder, a pricing file or a layer file\n`);
    expect((await runIn(['pricing', 'diff', A, 'fixtures/pricing/invalid/number-rate.json'])).code).toBe(2);
  });
});

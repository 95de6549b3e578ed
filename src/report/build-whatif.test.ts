// Per-group what-if and swap scenarios, end to end in-process: only matched rows change, groups add
// up to the totals exactly in every currency, and a run split across two threads (toWire/absorb)
// gives the very same report as one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../audit/index.ts';
import { add, parseDecimal, toPlainString, ZERO, type Decimal } from '../core/money.ts';
import type { ScenarioSpec } from '../core/scenario.ts';
import { loadCatalogue } from '../pricing/load.ts';
import type { Report } from './contract.ts';
import { renderJson } from './render/json.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const catalogue = loadCatalogue([join(ROOT, 'fixtures/pricing/frozen')]);
const LOG = join(ROOT, 'fixtures/logs/three-models-teams.csv');

async function report(args: { groupBy?: string[]; compare?: string[]; scenarios: ScenarioSpec[]; region?: string; paths?: string[] }): Promise<Report> {
  return audit({ paths: args.paths ?? [LOG], catalogue, groupBy: (args.groupBy ?? ['model']) as never, compare: args.compare ?? [], scenarios: args.scenarios, region: args.region, problemLimit: 50, threads: 1 });
}

/** Sums amounts per currency. */
function sums(records: Record<string, string>[]): Record<string, string> {
  const out = new Map<string, Decimal>();
  for (const r of records) for (const [c, a] of Object.entries(r)) out.set(c, add(out.get(c) ?? ZERO, parseDecimal(a)));
  return Object.fromEntries([...out].sort().map(([c, a]) => [c, toPlainString(a)]));
}
const norm = (r: Record<string, string>) => sums([r]);

describe('a swap of one model in a three-model log', () => {
  it('changes only that model\'s rows; group and total deltas sum', async () => {
    const r = await report({ scenarios: [{ name: 'swap', rules: [{ pattern: 'claude-sonnet-4-5*', target: 'gpt-5' }] }] });
    expect(r.groups.map((g) => g.key.model).sort()).toEqual(['claude-sonnet-4-5', 'deepseek-chat', 'gpt-4o-2024-08-06']);
    for (const g of r.groups) {
      const s = g.scenarios?.[0];
      if (!s) throw new Error('no scenario in group');
      if (g.key.model === 'claude-sonnet-4-5') {
        expect(s.rows).toEqual({ swapped: 3, notSwapped: 0, notRepriced: 0 });
        expect(s.actualCost).toEqual(g.cost);
        expect(s.swapped.actualCost).toEqual(g.cost);
        expect(s.cost).toEqual(s.swapped.cost);
        expect(Number(s.delta.USD)).toBeLessThan(0);
      } else {
        expect(s.rows).toEqual({ swapped: 0, notSwapped: 3, notRepriced: 0 });
        expect(s.cost).toEqual(g.cost);
        expect(norm(s.delta)).toEqual({ USD: '0' });
        expect(s.deltaPercent).toBe('0.00');
      }
    }
    const [total] = r.scenarios ?? [];
    expect(total?.rules).toEqual([{ pattern: 'claude-sonnet-4-5*', target: 'gpt-5', rows: 3 }]);
    expect(total?.rows).toEqual({ swapped: 3, notSwapped: 6, notRepriced: 0 });
    expect(sums(r.groups.map((g) => g.scenarios?.[0]?.delta ?? {}))).toEqual(norm(total?.delta ?? {}));
    expect(sums(r.groups.map((g) => g.scenarios?.[0]?.cost ?? {}))).toEqual(norm(total?.cost ?? {}));
    expect(total?.actualCost).toEqual(r.totals.cost);
    expect(r.warnings).toEqual([]);
  });

  it('across price books (CNY and USD): per-currency deltas, groups summing exactly to the totals', async () => {
    const scenarios: ScenarioSpec[] = [
      { name: 'to-usd', rules: [{ pattern: 'deepseek-*', target: 'gpt-5' }] },
      { name: 'to-cny', rules: [{ pattern: 'claude-*', target: 'deepseek-chat' }, { pattern: 'gpt-4o*', target: 'qwen3-max' }] },
      { name: 'nothing', rules: [{ pattern: 'mistral-*', target: 'gpt-5' }] },
    ];
    const r = await report({ groupBy: ['tag:team', 'model'], compare: ['gpt-5', 'deepseek-chat'], scenarios, region: 'cn' });
    expect(Object.keys(r.totals.cost).sort()).toEqual(['CNY', 'USD']);
    for (const [i, total] of (r.scenarios ?? []).entries()) {
      const groups = r.groups.map((g) => g.scenarios?.[i]);
      for (const field of ['cost', 'delta'] as const) expect(sums(groups.map((s) => s?.[field] ?? {}))).toEqual(norm(total[field]));
      expect(sums(groups.map((s) => s?.swapped.cost ?? {}))).toEqual(norm(total.swapped.cost));
      expect(groups.reduce((n, s) => n + (s?.requests.swapped ?? 0), 0)).toBe(total.requests.swapped);
      expect(total.requests.swapped + total.requests.notSwapped + total.requests.notRepriced).toBe(r.totals.requests);
    }
    const [toUsd, toCny, nothing] = r.scenarios ?? [];
    // DeepSeek's CNY traffic moved to USD: CNY falls by all of it.
    expect(toUsd?.delta.CNY).toBe(`-${r.totals.cost.CNY}`);
    expect(toUsd?.deltaPercent).toBeNull();
    expect(toCny?.rules.map((x) => x.rows)).toEqual([3, 3]);
    expect(nothing?.rows.swapped).toBe(0);
    expect(norm(nothing?.delta ?? {})).toEqual({ CNY: '0', USD: '0' });
    expect(r.warnings).toEqual(['scenario "nothing": the pattern "mistral-*" (→ gpt-5) matched no priced row, so it changed nothing; check the model ids in the report\'s groups (--group-by model)']);
    // Per-group --compare targets sum to the top-level what-if.
    for (const w of r.whatIf) {
      const column = r.options.compare.indexOf(w.model);
      const cells = r.groups.map((g) => g.whatIf?.[column]);
      expect(cells.every((c) => c?.model === w.model)).toBe(true);
      expect(sums(cells.map((c) => c?.cost ?? {}))).toEqual(norm(w.cost));
      expect(sums(cells.map((c) => c?.actualCost ?? {}))).toEqual(norm(w.actualCost));
      expect(cells.reduce((n, c) => n + (c?.requests ?? 0), 0)).toBe(w.requests);
    }
  });

  it('a target with no price at a row\'s date: the row is not repriced, counted, and kept at its actual cost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-swap-'));
    const file = join(dir, 'early.csv');
    // qwen3-max is priced from 2025-09-23 in the frozen set.
    writeFileSync(file, 'timestamp,model,input_tokens,output_tokens,team\n2025-09-10T00:00:00Z,gpt-4o-2024-08-06,1000,100,a\n2025-10-10T00:00:00Z,gpt-4o-2024-08-06,1000,100,a\n');
    const r = await report({ paths: [file], scenarios: [{ name: 'q', rules: [{ pattern: 'gpt-4o*', target: 'qwen3-max' }] }] });
    const [s] = r.scenarios ?? [];
    expect(s?.rows).toEqual({ swapped: 1, notSwapped: 0, notRepriced: 1 });
    expect(s?.notRepriced.reasons).toHaveLength(1);
    expect(s?.swapped.actualCost.USD).not.toBe(r.totals.cost.USD);
    expect(sums([s?.actualCost ?? {}, s?.delta ?? {}])).toEqual(norm(s?.cost ?? {}));
  });

  it('the same report on two threads as on one (cells cross the wire)', async () => {
    const { AuditRun } = await import('../audit/run.ts');
    const { absorb, toWire } = await import('../audit/wire.ts');
    const { ingestSources, resolveSources } = await import('../ingest/index.ts');
    const { createTokenCounter } = await import('../tokens/index.ts');
    const { ingestOptions } = await import('../audit/options.ts');
    const scenarios: ScenarioSpec[] = [{ name: 'mix', rules: [{ pattern: 'claude-*', target: 'deepseek-chat' }, { pattern: 'deepseek-chat', target: 'gpt-5' }] }];
    const options = { groupBy: ['tag:team' as const], compare: ['gpt-5'], scenarios, problemLimit: 50, trackMonths: false, region: 'cn' };
    const events: Parameters<InstanceType<typeof AuditRun>['consume']>[0][] = [];
    await ingestSources(await resolveSources([LOG]), ingestOptions(options, () => undefined), (e) => events.push(e));
    const one = new AuditRun(options, catalogue, createTokenCounter());
    for (const e of events) one.consume(structuredClone(e));
    const main = new AuditRun(options, catalogue, createTokenCounter());
    const other = new AuditRun(options, catalogue, createTokenCounter());
    // Odd rows on the "worker", whose groups come in another order.
    events.forEach((e, i) => (i % 2 ? other : main).consume(structuredClone(e)));
    absorb(main, structuredClone(toWire(other)), catalogue);
    const { buildReport } = await import('./build.ts');
    const build = (run: InstanceType<typeof AuditRun>) =>
      renderJson(
        buildReport({
          version: 'x',
          options: { groupBy: ['tag:team'], timeZone: 'UTC', since: null, until: null, asOf: null, compare: ['gpt-5'], region: 'cn', serviceTier: null, currency: null },
          rows: run.rows,
          usage: run.usage,
          timestamps: run.timestamps,
          groups: run.groups.drain(),
          whatIf: run.whatIf.all(),
          whatIfGroups: {
            compare: ['gpt-5'],
            scenarios,
            cellsOf: (g) => run.groupWhatIf?.cellsOf(g.index ?? -1) ?? [],
            scenarioTotals: run.scenarios?.totals.all() ?? [],
            matched: run.scenarios?.matched ?? [],
          },
          unpriced: [],
          problems: [],
          problemsTotal: 0,
          skipped: [],
          pricing: { hash: '', files: [], overrides: [], fx: [] },
          notes: [],
        }),
      );
    const text = build(one);
    expect(JSON.parse(text).scenarios[0].rows.swapped).toBe(6);
    expect(build(main)).toBe(text);
  });
});

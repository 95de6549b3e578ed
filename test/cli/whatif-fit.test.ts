// The what-if's fit check and its ranking, as a user runs them (issue 17, items 3 and 5).
import { describe, expect, it } from 'vitest';
import { compareTargets } from '../../src/cli/commands/report.ts';
import { loadCatalogue } from '../../src/pricing/load.ts';
import { runIn, runJsonIn } from './run.ts';

describe('what-if: requests that do not fit the target', () => {
  it('reports a 300k-token request compared with a 128k-window target as "does not fit", never repriced', async () => {
    const result = await runIn(['fixtures/logs/fit/oversize.jsonl', '--pricing-dir', 'fixtures/pricing/fit', '--compare', 'acme-small-128k']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/│ acme-small-128k +│ +2 │ +USD 0\.005580 │ +USD 0\.111600 │ +USD -0\.106020 │ +-95\.00% │ +2 requests │/);
    expect(result.stdout).toContain('What-if acme-small-128k: 2 requests do not fit (not in its cost or actual): prompt 300,000 + output 500 = 300,500 tokens > context window 128,000 (1 request)');
  });
});

describe('--compare all on the quickstart log', () => {
  const catalogue = loadCatalogue(['pricing']);

  it('shows current models only, in one currency, fully repriced first, the cheapest that fits marked', async () => {
    const { code, report } = await runJsonIn(['fixtures/logs/quickstart.jsonl', '--compare', 'all']);
    expect(code).toBe(0);
    const lastDay = report.period.to.slice(0, 10);
    const ranking = report.whatIfRanking;
    expect(ranking.currentOnly).toBe(true);
    expect(ranking.currency).toBe('USD');
    // Current: none retired by the traffic's last request, none without a price at its dates.
    for (const w of report.whatIf) {
      const retired = catalogue.model(w.model)?.retired;
      expect(retired === undefined || retired > lastDay, `${w.model} retired ${retired}`).toBe(true);
      expect(w.coverage).not.toBe('none');
      expect(w.ranked.currency).toBe('USD');
      expect(w.ranked.cost).not.toBeNull();
    }
    expect(ranking.omitted.map((o: { model: string }) => o.model)).toEqual(expect.arrayContaining(['claude-2.0', 'gemini-1.5-pro', 'gpt-4.5-preview', 'claude-opus-4-6']));
    expect(report.whatIf.length + ranking.omitted.length).toBe(catalogue.models.length);
    // One currency: the CNY-priced targets too, converted at a named rate.
    expect(report.whatIf.some((w: { cost: Record<string, string> }) => 'CNY' in w.cost)).toBe(true);
    expect(ranking.rates.map((r: { pair: string }) => r.pair)).toEqual(['USDCNY']);
    // Fully repriced first, each part cheapest first; one ★, the first of them.
    const coverages = report.whatIf.map((w: { coverage: string }) => w.coverage);
    expect(coverages.indexOf('partial')).toBe(coverages.lastIndexOf('complete') + 1);
    const complete = report.whatIf.filter((w: { coverage: string }) => w.coverage === 'complete');
    const amounts = complete.map((w: { ranked: { cost: string } }) => Number(w.ranked.cost));
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    expect(report.whatIf.filter((w: { cheapest: boolean }) => w.cheapest)).toEqual([complete[0]]);
    expect(ranking.cheapest).toBe(complete[0].model);
  });

  it('--provider keeps one provider’s models (a comma list, repeatable), and is refused without --compare all', async () => {
    const picked = compareTargets(catalogue, 'all', ['openai', 'anthropic']);
    expect(picked.all).toBe(true);
    expect(new Set(picked.ids.map((id) => catalogue.model(id)?.provider))).toEqual(new Set(['openai', 'anthropic']));
    expect(picked.retired.get('claude-2.0')).toBe('2025-07-21');
    expect(() => compareTargets(catalogue, 'all', ['opneai'])).toThrow(/--provider: no provider "opneai" in the pricing data; the providers are .*openai/);
    expect(() => compareTargets(catalogue, 'gpt-5', ['openai'])).toThrow(/--provider filters --compare all/);
    expect(() => compareTargets(catalogue, undefined, ['openai'])).toThrow(/--provider needs --compare all/);
    const parsed = await runIn(['fixtures/logs/quickstart.jsonl', '--compare', 'all', '--provider', 'deepseek', '--provider', 'moonshot,minimax', '--format', 'json']);
    expect(parsed.code).toBe(0);
    const report = JSON.parse(parsed.stdout);
    expect(report.whatIf.length).toBeGreaterThan(0);
    for (const w of report.whatIf) expect(['deepseek', 'moonshot', 'minimax']).toContain(catalogue.model(w.model)?.provider);
  });
});

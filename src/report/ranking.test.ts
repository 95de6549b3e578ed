import { describe, expect, it } from 'vitest';
import { audit } from '../audit/index.ts';
import { parseDecimal } from '../core/money.ts';
import { loadFx } from '../pricing/fx.ts';
import { loadCatalogue } from '../pricing/load.ts';
import { coverageOf, omissionReason, rank, rankingCurrency, type Rankable } from './ranking.ts';
import { renderWhatIfCsv } from './render/csv.ts';
import { renderers } from './render/index.ts';

const counts = (requests: number, notPriced = 0, doesNotFit = 0) => ({ requests, notPriced: { requests: notPriced }, doesNotFit: { requests: doesNotFit } });

function entry(model: string, c: ReturnType<typeof counts>, cost: string | null, complete = true): Rankable {
  return { model, ...c, coverage: coverageOf(c), ranked: { currency: 'USD', cost, complete }, cheapest: false, rankKey: cost === null ? null : parseDecimal(cost) };
}

describe('ranking', () => {
  it('coverage: complete only when every priced request was repriced and fits', () => {
    expect(coverageOf(counts(5))).toBe('complete');
    expect(coverageOf(counts(4, 1))).toBe('partial');
    expect(coverageOf(counts(4, 0, 1))).toBe('partial');
    expect(coverageOf(counts(0, 5))).toBe('none');
    expect(coverageOf(counts(0, 0, 5))).toBe('none');
  });

  it('ranks complete, then partial, then none, cheapest first; marks the cheapest complete target whose cost converted fully', () => {
    const ranked = rank(
      [
        entry('partial-cheap', counts(3, 2), '0.01'),
        entry('none', counts(0, 5), null),
        entry('dear', counts(5), '2'),
        entry('no-rate', counts(5), null, false),
        entry('cheap-but-missing-rate', counts(5), '0.5', false),
        entry('cheap', counts(5), '1'),
        entry('also-cheap', counts(5), '1'),
      ],
      () => 0,
    );
    expect(ranked.map((e) => e.model)).toEqual(['cheap-but-missing-rate', 'also-cheap', 'cheap', 'dear', 'no-rate', 'partial-cheap', 'none']);
    expect(ranked.filter((e) => e.cheapest).map((e) => e.model)).toEqual(['also-cheap']);
    expect(rank([entry('p', counts(3, 2), '0.01')], () => 0).some((e) => e.cheapest)).toBe(false);
  });

  it('ranks in --currency, else in the report’s one currency, else USD', () => {
    expect(rankingCurrency('EUR', { USD: '1' })).toBe('EUR');
    expect(rankingCurrency(undefined, { CNY: '1' })).toBe('CNY');
    expect(rankingCurrency(undefined, { CNY: '1', USD: '2' })).toBe('USD');
    expect(rankingCurrency(undefined, {})).toBe('USD');
  });

  it('current at the traffic’s dates: not retired by its last request, and priced at some of its dates', () => {
    const retired = new Map([['old', '2025-09-10']]);
    expect(omissionReason({ model: 'old', ...counts(5) }, '2025-09-21', retired)).toBe("retired 2025-09-10, before the traffic's last request (2025-09-21)");
    expect(omissionReason({ model: 'old', ...counts(5) }, '2025-09-09', retired)).toBeUndefined();
    expect(omissionReason({ model: 'new', ...counts(0, 5) }, '2025-09-21', retired)).toBe("no price at the traffic's dates");
    expect(omissionReason({ model: 'big', ...counts(0, 0, 5) }, '2025-09-21', retired)).toBeUndefined();
  });
});

describe('what-if with fit and ranking (fixtures/pricing/fit, in process)', () => {
  const pricing = 'fixtures/pricing/fit';
  const catalogue = loadCatalogue([pricing]);
  const all = catalogue.models.map((m) => m.id).sort();
  const run = (compare: string[], currentOnly: boolean) =>
    audit({
      paths: ['fixtures/logs/fit/oversize.jsonl'],
      catalogue,
      groupBy: ['model'],
      compare,
      ranking: { table: loadFx(pricing), overrides: [], currentOnly, retired: new Map(catalogue.models.flatMap((m) => (m.retired ? [[m.id, m.retired] as const] : []))) },
      problemLimit: 10,
      threads: 1,
    });

  it('a 300k-token request on a 128k-window target does not fit: counted apart, in neither cost', async () => {
    const report = await run(['acme-small-128k', 'acme-big'], false);
    const small = report.whatIf.find((w) => w.model === 'acme-small-128k');
    expect(small?.doesNotFit).toEqual({
      rows: 2,
      requests: 2,
      reasons: ['prompt 300,000 + output 500 = 300,500 tokens > context window 128,000 (1 request)', 'output 20,000 tokens > max output 16,384 (1 request)'],
    });
    expect(small?.requests).toBe(2);
    // The two small requests only: 3,000 + 51,000 input at 0.1 and 1,200 output at 0.4 per million … on each side.
    expect(small?.cost).toEqual({ USD: '0.00558' });
    expect(small?.actualCost).toEqual({ USD: '0.1116' });
    expect(small?.coverage).toBe('partial');
    expect(small?.limits).toEqual([{ model: 'acme-small-128k', contextWindow: 128000, maxOutputTokens: 16384 }]);
    const big = report.whatIf.find((w) => w.model === 'acme-big');
    expect(big).toMatchObject({ coverage: 'complete', cheapest: true, doesNotFit: { rows: 0, requests: 0, reasons: [] }, delta: { USD: '0' } });
    expect(report.whatIf.map((w) => w.model)).toEqual(['acme-big', 'acme-small-128k']);

    const table = renderers.table(report, { color: false });
    expect(table).toMatch(/Does not fit/);
    expect(table).toMatch(/acme-small-128k: 2 requests do not fit \(not in its cost or actual\): prompt 300,000 \+ output 500 = 300,500 tokens > context window 128,000/);
    expect(table).toMatch(/★ acme-big/);
    const markdown = renderers.markdown(report);
    expect(markdown).toMatch(/\| `acme-small-128k` \| partial \|.*\| 2 requests \|/);
    expect(markdown).toMatch(/2 requests do not fit/);
    const csv = renderWhatIfCsv(report, { color: false }).split('\r\n');
    expect(csv[0]).toMatch(/,does_not_fit_requests,does_not_fit_reasons,coverage,cheapest,ranked_currency,ranked_cost,ranked_complete,group\.model$/);
    expect(csv.find((l) => l.startsWith('acme-small-128k,'))).toMatch(/,2,"prompt 300,000 \+ output 500 = 300,500 tokens > context window 128,000 \(1 request\); output 20,000 tokens > max output 16,384 \(1 request\)",partial,false,USD,0\.00558,true,$/);
  });

  it('--compare all: current models only, ranked in one currency, fully repriced first, the cheapest that fits marked', async () => {
    const report = await run(all, true);
    const models = report.whatIf.map((w) => w.model);
    expect(models).toEqual(['acme-late', 'yuan-chat', 'acme-mid', 'acme-nolimits', 'acme-big', 'acme-small-128k']);
    expect(report.whatIfRanking?.omitted).toEqual([
      { model: 'acme-future', reason: "no price at the traffic's dates" },
      { model: 'acme-retired', reason: "retired 2025-09-10, before the traffic's last request (2025-09-21)" },
    ]);
    expect(report.whatIf.map((w) => w.coverage)).toEqual(['complete', 'complete', 'complete', 'complete', 'complete', 'partial']);
    expect(report.whatIf.every((w) => w.ranked?.currency === 'USD')).toBe(true);
    const yuan = report.whatIf.find((w) => w.model === 'yuan-chat');
    // CNY 0.4398 at the frozen USDCNY 7.1 (2025-09), divided to 0.061943661971830985… and kept exact to FX_PLACES.
    expect(yuan?.cost).toEqual({ CNY: '0.4398' });
    expect(yuan?.ranked?.cost?.startsWith('0.0619436')).toBe(true);
    expect(report.whatIfRanking).toMatchObject({ currency: 'USD', cheapest: 'acme-late', currentOnly: true, missing: [] });
    expect(report.whatIfRanking?.rates.map((r) => `${r.pair} ${r.rate} ${r.month}`)).toEqual(['USDCNY 7.1 2025-09']);
    expect(report.whatIf.filter((w) => w.cheapest).map((w) => w.model)).toEqual(['acme-late']);
    const table = renderers.table(report, { color: false });
    expect(table).toMatch(/Ranked \(≈ USD\)/);
    expect(table).toMatch(/--compare all left out 2 models not current at the traffic's dates: 1 retired before the traffic's last request \(acme-retired\); 1 with no price at the traffic's dates \(acme-future\)/);
    expect(table).toMatch(/Limits unknown in the pricing data, so requests were not checked against them: no context window or max output for acme-nolimits\./);
  });
});

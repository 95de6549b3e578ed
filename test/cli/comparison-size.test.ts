// Issue 13, case 9, for the gate: the comparison's Markdown (a PR comment, a job summary) fits GitHub:
// at most 60,000 characters, the groups with the largest change, and per currency one "N other
// groups" row whose sums make the table add up to the total lines. Reports are built in process.
import { describe, expect, it } from 'vitest';
import { compareReports, type Comparison, type ComparisonLine } from '../../src/core/compare.ts';
import { add, parseDecimal, toPlainString, ZERO } from '../../src/core/money.ts';
import { NO_POLICIES } from '../../src/core/policy.ts';
import { formatSignedMoney } from '../../src/report/format.ts';
import { comparisonRenderers, fitComparison } from '../../src/report/render/comparison.ts';
import { FROZEN_PRICING, runJson } from './run.ts';

// Enough groups that the whole table would be about 3 MB of Markdown: the fit is what keeps it under the limit.
const GROUPS = 20_000;
const { report: template } = runJson(['fixtures/gate/base.jsonl', '--pricing-dir', FROZEN_PRICING]);
const TOKENS = Object.fromEntries(Object.keys(template.groups[0].tokens).map((k) => [k, 0]));

/** `n` micro-units as an exact decimal string with 6 places. */
const micro = (n: number) => toPlainString(parseDecimal(`${Math.floor(n / 1e6)}.${String(n % 1e6).padStart(6, '0')}`));

function line(currency: string, requests: number, input: number, output: number, inputCost: number, outputCost: number) {
  return { currency, requests, tokens: { ...TOKENS, input, output }, cost: micro(inputCost + outputCost), costByBucket: { input: micro(inputCost), output: micro(outputCost) }, converted: null };
}

/** A report of GROUPS groups by tag:user; every tenth group in CNY. `side` 1 has other traffic and prices. */
function bigReport(side: 0 | 1): any {
  const groups: any[] = [];
  for (let i = 0; i < GROUPS; i++) {
    // Some groups only on one side (new / removed).
    if ((side === 0 && i % 101 === 7) || (side === 1 && i % 103 === 5)) continue;
    const currency = i % 10 === 3 ? 'CNY' : 'USD';
    const requests = 1 + ((i * 7 + side * (i % 5)) % 13);
    const input = requests * (100 + (i % 997));
    const output = requests * (10 + (i % 89));
    const l = line(currency, requests, input, output, input * (side === 1 && i % 7 === 0 ? 3 : 2), output * (8 + side * (i % 3)));
    groups.push({ key: { 'tag:user': `customer-${String(i).padStart(6, '0')}@tenant-${i % 97}.example.com` }, requests, tokens: l.tokens, cost: { [currency]: l.cost }, byCurrency: [l], logged: null, converted: null, prices: [] });
  }
  const byCurrency = ['CNY', 'USD'].map((currency) => {
    const lines = groups.map((g) => g.byCurrency[0]).filter((l) => l.currency === currency);
    const sum = (f: (l: any) => string) => toPlainString(lines.reduce((s, l) => add(s, parseDecimal(f(l))), ZERO));
    return { currency, requests: lines.reduce((n, l) => n + l.requests, 0), tokens: TOKENS, cost: sum((l) => l.cost), costByBucket: { input: sum((l) => l.costByBucket.input), output: sum((l) => l.costByBucket.output) }, converted: null };
  });
  const requests = groups.reduce((n, g) => n + g.requests, 0);
  const rows = { ...template.rows, read: requests, priced: requests, unpriced: 0, rejected: 0, skipped: 0 };
  const cost = Object.fromEntries(byCurrency.map((l) => [l.currency, l.cost]));
  return { ...template, options: { ...template.options, groupBy: ['tag:user'] }, rows, groups, totals: { ...template.totals, requests, cost, byCurrency } };
}

const sum = (lines: ComparisonLine[], f: (l: ComparisonLine) => string) => toPlainString(lines.reduce((s, l) => add(s, parseDecimal(f(l))), ZERO));
const cells = (row: string) => row.slice(2, -2).split(' | ');

describe('comparison Markdown fits GitHub', () => {
  let comparison: Comparison;
  it(`${GROUPS.toLocaleString('en-US')} groups in two currencies: at most 60,000 characters, totals and verdict kept, "other groups" rows that add up`, () => {
    const [a, b] = [bigReport(0), bigReport(1)];
    comparison = compareReports(a, b, NO_POLICIES);
    expect(comparison.groups.length).toBeGreaterThan(GROUPS - 100);
    const md = comparisonRenderers.markdown(comparison);
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md.length).toBeGreaterThan(45_000);
    expect(md).toMatch(/^### [✅❌] LLM cost/);
    const rows = md.split('\n').filter((l) => l.startsWith('| ')).slice(2).map(cells);
    const totals = rows.filter((r) => r[0] === '**Total**');
    expect(totals).toHaveLength(2);
    const others = rows.filter((r) => / other groups?$/.test(r[0] ?? ''));
    expect(others).toHaveLength(2);
    const shown = rows.filter((r) => r[0]?.startsWith('customer-'));
    expect(shown.length).toBeGreaterThan(100);
    // Every group is in a shown row or counted in an "other groups" row.
    const hidden = others.reduce((n, r) => n + Number((r[0] ?? '').split(' ')[0]?.replaceAll(',', '')), 0);
    expect(shown.length + hidden).toBe(comparison.groups.length);
    expect(md).toContain(`${hidden.toLocaleString('en-US')} other groups: not listed one by one`);
    // Both currencies get rows, not only the one with larger numbers.
    for (const currency of ['USD', 'CNY']) expect(shown.some((r) => r[1]?.startsWith(currency))).toBe(true);
  }, 120_000);

  it('the shown lines plus the "other groups" lines add up exactly to the total lines, in every money column', () => {
    const fitted = fitComparison(comparison, (l) => 80 + JSON.stringify(l.key).length, 50_000);
    expect(fitted.others.map((o) => o.currency)).toEqual(['CNY', 'USD']);
    for (const total of comparison.totals) {
      const lines = [...fitted.shown.filter((l) => l.currency === total.currency), ...fitted.others.filter((l) => l.currency === total.currency)];
      for (const f of [(l: ComparisonLine) => l.baseline.cost, (l: ComparisonLine) => l.current.cost, (l: ComparisonLine) => l.delta, (l: ComparisonLine) => l.volume, (l: ComparisonLine) => l.mix, (l: ComparisonLine) => l.price]) {
        expect(parseDecimal(sum(lines, f))).toEqual(parseDecimal(f(total)));
      }
      expect(lines.reduce((n, l) => n + l.baseline.requests, 0)).toBe(total.baseline.requests);
      expect(lines.reduce((n, l) => n + l.current.requests, 0)).toBe(total.current.requests);
    }
    // The shown lines are those with the largest absolute change in their currency, in the comparison's order.
    const abs = (l: ComparisonLine) => Math.abs(Number(l.delta));
    for (const currency of ['USD', 'CNY']) {
      const shown = fitted.shown.filter((l) => l.currency === currency);
      const smallest = shown.reduce((m, l) => Math.min(m, abs(l)), Infinity);
      const hidden = comparison.groups.filter((l) => l.currency === currency && !fitted.shown.includes(l));
      expect(hidden.reduce((m, l) => Math.max(m, abs(l)), 0)).toBeLessThanOrEqual(smallest);
    }
    const order = new Map(comparison.groups.map((l, i) => [l, i]));
    const positions = fitted.shown.map((l) => order.get(l) ?? -1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('the Markdown "other groups" row shows those sums', () => {
    const md = comparisonRenderers.markdown(comparison);
    const rows = md.split('\n').filter((l) => l.startsWith('| ')).slice(2).map(cells);
    const shownKeys = new Set(rows.filter((r) => r[0]?.startsWith('customer-')).map((r) => r[0]));
    for (const currency of ['USD', 'CNY']) {
      const hidden = comparison.groups.filter((l) => l.currency === currency && !shownKeys.has(l.key['tag:user']));
      const other = rows.find((r) => / other groups?$/.test(r[0] ?? '') && r[1]?.startsWith(currency)) ?? [];
      expect(other[0]).toBe(`${hidden.length.toLocaleString('en-US')} other groups`);
      expect(other[3]).toBe(formatSignedMoney(currency, sum(hidden, (l) => l.delta)));
      expect(other[5]).toBe(formatSignedMoney(currency, sum(hidden, (l) => l.volume)));
      expect(other[6]).toBe(formatSignedMoney(currency, sum(hidden, (l) => l.mix)));
      expect(other[7]).toBe(formatSignedMoney(currency, sum(hidden, (l) => l.price)));
    }
  });

  it('per-group policies and long problem lists are cut with "… and N more"; the verdict stays', () => {
    const small = compareReports(template, template, NO_POLICIES);
    const policies = Array.from({ length: 20_000 }, (_, i) => ({ policy: '--max-increase 1%', scope: `tag:user=customer-${i}`, currency: 'USD', actual: '5.00%', limit: '1%', passed: false, fx: null }));
    const rejected = Array.from({ length: 10 }, (_, i) => ({ file: 'logs/spend.jsonl', line: i + 1, reason: 'not valid JSON: '.padEnd(5_000, 'x') }));
    const unpriced = [{ model: 'm'.repeat(100_000), reason: 'no price', suggestions: [], requests: 3 }];
    const current = { ...small.current, rows: { ...small.current.rows, rejected: 900, unpriced: 3 }, rejected, unpriced, unpricedModels: 4 };
    const md = comparisonRenderers.markdown({ ...small, current, policies, passed: false });
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md).toContain('20000 policies failed');
    expect(md).toMatch(/- … and [\d,]+ more failed policies/);
    expect(md).toMatch(/- … and [\d,]+ more policies/);
    expect(md).toContain('- … and 4 more models (see the report)');
    expect(md).toContain('- … and 900 more rejected rows (see the report)');
    expect(md).toContain('| **Total** |');
  });
});

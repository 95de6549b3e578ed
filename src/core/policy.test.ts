import { describe, expect, it } from 'vitest';
import { toPlainString } from './money.ts';
import { checkPolicies, NO_POLICIES, parseLimit, parseUnpricedLimit, unknownCurrency, type AmountLimit, type CheckInput, type RowCounts } from './policy.ts';

describe('parseLimit', () => {
  it.each([
    ['10%', 'percent', '10', undefined],
    ['2.5 %', 'percent', '2.5', undefined],
    ['5USD', 'amount', '5', 'USD'],
    ['5 USD', 'amount', '5', 'USD'],
    ['5usd', 'amount', '5', 'USD'],
    ['5CNY', 'amount', '5', 'CNY'],
    ['$5', 'amount', '5', 'USD'],
    ['$ 0.01', 'amount', '0.01', 'USD'],
    ['¥5', 'amount', '5', 'CNY'],
    ['€5', 'amount', '5', 'EUR'],
  ])('reads %s', (text, kind, value, currency) => {
    const limit = parseLimit(text, true);
    if (typeof limit === 'string') throw new Error(limit);
    expect(limit.kind).toBe(kind);
    expect(toPlainString(limit.value)).toBe(value);
    if (currency) expect(limit).toMatchObject({ currency, text: `${value} ${currency}` });
  });

  it.each(['ten', '10', '5 US dollars', 'USD5', '5$', '-5USD', '1,000USD', '10 percent', '%10', ''])('refuses %j with the accepted forms', (text) => {
    expect(parseLimit(text, true)).toMatch(/is not a limit; write 10% \(of the baseline\), or an amount: 5USD, 5 USD, \$5, ¥5 \(CNY\), 5CNY/);
  });

  it('refuses a percentage where only an amount makes sense', () => {
    expect(parseLimit('10%', false)).toMatch(/a percentage makes no sense here; write an amount: 5USD/);
  });

  it('10pct parses as the currency "PCT", which no pricing data knows: refused with the accepted forms', () => {
    const limit = parseLimit('10pct', true) as AmountLimit;
    expect(limit.currency).toBe('PCT');
    expect(unknownCurrency('--max-increase', limit, new Set(['USD', 'CNY']))).toBe(
      '--max-increase: "10pct" is not a limit: PCT is not a currency the pricing data or the FX table knows (CNY, USD); write 10% (of the baseline), or an amount: 5USD, 5 USD, $5, ¥5 (CNY), 5CNY',
    );
    expect(unknownCurrency('--max-cost', parseLimit('5usd', false) as AmountLimit, new Set(['USD']))).toBeUndefined();
  });
});

describe('parseUnpricedLimit', () => {
  it.each([
    ['0', { kind: 'count', value: 0, text: '0 rows' }],
    ['3', { kind: 'count', value: 3, text: '3 rows' }],
    ['1 request', { kind: 'count', value: 1, text: '1 row' }],
    ['12 requests', { kind: 'count', value: 12, text: '12 rows' }],
    ['12 rows', { kind: 'count', value: 12, text: '12 rows' }],
    ['baseline', { kind: 'baseline', text: 'baseline' }],
  ])('reads %s', (text, expected) => {
    expect(parseUnpricedLimit(text)).toEqual(expected);
  });

  it('reads N%', () => {
    expect(parseUnpricedLimit('2.5%')).toMatchObject({ kind: 'share', text: '2.5%' });
  });

  it.each(['5pct', 'none', '-1', '1.5', '101%'])('refuses %s', (text) => {
    expect(typeof parseUnpricedLimit(text)).toBe('string');
  });
});

const rows = (priced: number, unpriced: number, rejected: number, skipped = 0): RowCounts => ({ read: priced + unpriced + rejected + skipped, priced, unpriced, rejected, skipped });
const input = (baselineRows: RowCounts | null, currentRows: RowCounts): CheckInput => ({ totals: [], groups: [], baselineRows, currentRows });
const unpricedResult = (i: CheckInput, limits = NO_POLICIES.maxUnpriced) => checkPolicies(i, { ...NO_POLICIES, maxUnpriced: limits }).filter((r) => r.policy.startsWith('--max-unpriced'));

describe('unpriced and rejected rows', () => {
  it('default with a baseline: fails on more problem rows AND a larger share of the rows', () => {
    expect(unpricedResult(input(rows(200, 0, 0), rows(114, 86, 0)))).toMatchObject([{ policy: '--max-unpriced baseline (default)', actual: '86 of 200 rows (43.00%) unpriced or rejected', passed: false }]);
    expect(unpricedResult(input(rows(200, 0, 0), rows(183, 0, 17)))[0]?.passed).toBe(false);
    // The same problem rows as the baseline: known, shown, not new.
    expect(unpricedResult(input(rows(114, 86, 0), rows(114, 86, 0)))[0]?.passed).toBe(true);
    // Twice the traffic, the same share: passes; one more row at the same traffic: fails.
    expect(unpricedResult(input(rows(99, 1, 0), rows(198, 2, 0)))[0]?.passed).toBe(true);
    expect(unpricedResult(input(rows(99, 1, 0), rows(98, 2, 0)))[0]?.passed).toBe(false);
    // The same one row in less traffic (a larger share, not more rows): passes.
    expect(unpricedResult(input(rows(99, 1, 0), rows(49, 1, 0)))[0]?.passed).toBe(true);
  });

  it('default without a baseline: 0', () => {
    expect(unpricedResult(input(null, rows(10, 0, 0)))).toMatchObject([{ policy: '--max-unpriced 0 rows (default)', passed: true }]);
    expect(unpricedResult(input(null, rows(10, 0, 1)))[0]?.passed).toBe(false);
  });

  it('explicit limits replace the default: N rows and N% (exact), skipped rows not counted', () => {
    const i = input(rows(200, 0, 0), rows(95, 4, 1, 50));
    const [count, share, tight] = unpricedResult(i, [
      { kind: 'count', value: 5, text: '5 rows' },
      parseUnpricedLimit('5%') as never,
      parseUnpricedLimit('4.99%') as never,
    ]);
    expect(count).toMatchObject({ policy: '--max-unpriced 5 rows', actual: '5 of 100 rows (5.00%) unpriced or rejected', passed: true });
    expect(share).toMatchObject({ policy: '--max-unpriced 5%', limit: '5% of the rows', passed: true });
    expect(tight?.passed).toBe(false);
  });

  it('empty input fails on either side', () => {
    expect(checkPolicies(input(rows(10, 0, 0), rows(0, 0, 0)), NO_POLICIES).filter((r) => !r.passed)).toMatchObject([{ policy: 'non-empty input (default)', scope: 'current', actual: 'no rows read' }]);
    expect(checkPolicies(input(rows(0, 0, 0, 3), rows(10, 0, 0)), NO_POLICIES).filter((r) => !r.passed)).toMatchObject([{ scope: 'baseline', actual: '3 rows read, all skipped (none is a request)' }]);
  });
});

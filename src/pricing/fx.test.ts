import { describe, expect, it } from 'vitest';
import { parseDecimal, toPlainString } from '../core/money.ts';
import { UsageError } from '../errors.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convert, convertTotal, EMPTY_FX, FX_PLACES, loadFx, loadFxFile, loadFxResult, parseFxOverride, rateFor, validateFx } from './fx.ts';

const d = parseDecimal;
const at = (iso: string) => Date.parse(iso);
const shipped = loadFx('pricing');
const fx72 = [parseFxOverride('USDCNY=7.2')];

describe('parseFxOverride', () => {
  it('reads PAIR=RATE, case-insensitive, with or without a slash', () => {
    expect(parseFxOverride('USDCNY=7.2')).toMatchObject({ pair: 'USDCNY', base: 'USD', quote: 'CNY', source: '--fx USDCNY=7.2' });
    expect(toPlainString(parseFxOverride('usd/cny = 7.20').rate)).toBe('7.2');
  });

  it.each(['USDCNY', 'USDCNY=', 'USDCNY=-7', 'USDCNY=7,2', 'USDCNY=0', 'USDUSD=1', 'US$CNY=7', 'USDCNY=1e3'])('refuses %s with an example', (text) => {
    expect(() => parseFxOverride(text)).toThrow(UsageError);
    expect(() => parseFxOverride(text)).toThrow(/write it as USDCNY=7\.2 \(meaning 1 USD = 7\.2 CNY\)/);
  });
});

describe('rateFor and convert', () => {
  it('converts qwen3-max 0–32K (USD 1.2 / 6) to ¥8.64 / ¥43.2 at USDCNY=7.2, exactly', () => {
    const use = rateFor(EMPTY_FX, 'USD', 'CNY', at('2025-10-01T00:00:00Z'), fx72);
    expect(use).toMatchObject({ pair: 'USDCNY', divide: false, month: '2025-10', source: '--fx USDCNY=7.2' });
    if (!use) throw new Error('no rate');
    expect(toPlainString(convert(d('1.2'), use))).toBe('8.64');
    expect(toPlainString(convert(d('6'), use))).toBe('43.2');
  });

  it('goes the other way by dividing by the quoted rate, rounded to FX_PLACES', () => {
    const use = rateFor(EMPTY_FX, 'CNY', 'USD', at('2025-10-01T00:00:00Z'), fx72);
    if (!use) throw new Error('no rate');
    expect(use).toMatchObject({ pair: 'USDCNY', divide: true });
    expect(toPlainString(convert(d('43.2'), use))).toBe('6');
    expect(toPlainString(convert(d('1'), use))).toBe('0.13888889');
    expect(FX_PLACES).toBe(8);
  });

  it('uses the table rate of the request month, and names its source', () => {
    const use = rateFor(shipped, 'USD', 'CNY', at('2025-01-15T12:00:00Z'));
    expect(use && toPlainString(use.rate)).toBe('7.2957');
    expect(use?.month).toBe('2025-01');
    expect(use?.source).toMatch(/Federal Reserve.*G\.5.*EXCHUS/);
    // A month boundary is UTC.
    expect(rateFor(shipped, 'USD', 'CNY', at('2025-01-31T23:59:59Z'))?.month).toBe('2025-01');
    expect(rateFor(shipped, 'USD', 'CNY', at('2025-02-01T00:00:00Z'))?.month).toBe('2025-02');
  });

  it('lets --fx win over the table, and has no rate for a month the table lacks', () => {
    expect(rateFor(shipped, 'USD', 'CNY', at('2025-01-15T00:00:00Z'), fx72)?.source).toBe('--fx USDCNY=7.2');
    expect(rateFor(shipped, 'USD', 'CNY', at('2019-12-15T00:00:00Z'))).toBeUndefined();
    expect(rateFor(shipped, 'USD', 'CNY', at('2026-10-15T00:00:00Z'))).toBeUndefined();
    expect(rateFor(shipped, 'USD', 'KRW', at('2025-01-15T00:00:00Z'))).toBeUndefined();
    expect(rateFor(EMPTY_FX, 'CNY', 'CNY', at('2025-01-15T00:00:00Z'))).toMatchObject({ divide: false, source: 'same currency' });
  });

  it('converts a mixed total month by month, listing the rates used and what it could not convert', () => {
    const total = convertTotal(
      [
        { currency: 'CNY', at: at('2024-12-10T00:00:00Z'), amount: d('72.807') },
        { currency: 'USD', at: at('2024-12-11T00:00:00Z'), amount: d('1') },
        { currency: 'CNY', at: at('2025-01-10T00:00:00Z'), amount: d('7.2957') },
        { currency: 'CNY', at: at('2019-01-10T00:00:00Z'), amount: d('5') },
      ],
      'USD',
      shipped,
    );
    expect(toPlainString(total.amount)).toBe('12');
    expect(total.rates.map((r) => [r.pair, toPlainString(r.rate), r.month, r.divide])).toEqual([
      ['USDCNY', '7.2807', '2024-12', true],
      ['USDCNY', '7.2957', '2025-01', true],
    ]);
    expect(total.missing).toEqual(['CNY 2019-01']);
    expect(total.converted).toBe(3);
  });

  it('has the Federal Reserve monthly USD/CNY, JPY, EUR and GBP rates through 2026-06 (issue 11: 2025-09 with no --fx)', () => {
    expect(toPlainString(rateFor(shipped, 'USD', 'CNY', at('2025-09-15T00:00:00Z'))?.rate ?? d('0'))).toBe('7.1235');
    expect(toPlainString(rateFor(shipped, 'USD', 'CNY', at('2026-06-30T00:00:00Z'))?.rate ?? d('0'))).toBe('6.7758');
    expect(toPlainString(rateFor(shipped, 'USD', 'JPY', at('2026-06-30T00:00:00Z'))?.rate ?? d('0'))).toBe('160.77');
    expect(rateFor(shipped, 'USD', 'EUR', at('2025-09-15T00:00:00Z'))).toMatchObject({ pair: 'USDEUR', divide: false });
    expect(rateFor(shipped, 'GBP', 'USD', at('2025-09-15T00:00:00Z'))).toMatchObject({ pair: 'USDGBP', divide: true });
  });
});

describe('--fx-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-fx-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('adds months the table lacks and replaces the ones it lists, in either quoting', () => {
    const table = loadFxFile(file('ok.csv', '\uFEFFmonth,pair,rate\r\n2026-10,USDCNY,7.1\r\n2025-09,CNYUSD,0.14\r\n\r\n'), shipped);
    expect(rateFor(table, 'USD', 'CNY', at('2026-10-02T00:00:00Z'))).toMatchObject({ pair: 'USDCNY', source: expect.stringMatching(/--fx-file .*ok\.csv:2$/) });
    // The user's CNYUSD for 2025-09 wins over the table's USDCNY for that month.
    expect(rateFor(table, 'USD', 'CNY', at('2025-09-02T00:00:00Z'))).toMatchObject({ pair: 'CNYUSD', divide: true });
    expect(rateFor(shipped, 'USD', 'CNY', at('2025-09-02T00:00:00Z'))).toMatchObject({ pair: 'USDCNY' });
  });

  it('refuses a bad file whole, naming each bad line', () => {
    expect(() => loadFxFile(file('header.csv', 'when,pair,rate\n'), shipped)).toThrow(/header\.csv:1: expected the header "month,pair,rate"/);
    const bad = file('bad.csv', 'month,pair,rate\n2026-13,USDCNY,7\n2026-10,USD,7\n2026-10,USDCNY,0\n2026-09,USDCNY,7.1\n2026-09,USDCNY,7.2\n');
    expect(() => loadFxFile(bad, shipped)).toThrow(
      /bad\.csv:2: month "2026-13" is not "YYYY-MM"; .*bad\.csv:3: pair "USD" is not two currency codes.*; .*bad\.csv:4: rate "0" is not a decimal greater than 0.*; .*bad\.csv:6: USDCNY 2026-09 is listed twice/,
    );
    expect(() => loadFxFile(join(dir, 'missing.csv'), shipped)).toThrow(/cannot read/);
  });
});

describe('the FX table', () => {
  it('ships valid, with a source on every series', () => {
    expect(loadFxResult('pricing').problems).toEqual([]);
    expect(shipped.rates.size).toBeGreaterThan(10);
  });

  it('is empty for a folder without fx.json', () => {
    expect(loadFx('fixtures/pricing/invalid').rates.size).toBe(0);
  });

  it('reports every problem with its JSON path', () => {
    const problems = validateFx('fx.json', {
      series: [
        { pair: 'USDUSD', source: 's', checked: '2026-11-28', confidence: 'high', rates: [] },
        {
          pair: 'USDCNY',
          checked: '2026-11-28',
          confidence: 'sure',
          rates: [{ month: '2025-02', rate: '7.1' }, { month: '2025-01', rate: 7.2 }, { month: '2025-13', rate: '0' }],
        },
      ],
    }).problems.map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual([
      '$.series[0].pair: expected two ISO 4217 codes such as "USDCNY" (1 USD in CNY), found "USDUSD"',
      '$.series[1].source: is required',
      '$.series[1].confidence: expected one of high, medium, low, found "sure"',
      '$.series[1].rates[1].month: months must ascend without repeats: 2025-01 comes after 2025-02',
      '$.series[1].rates[1].rate: expected a decimal string such as "7.1614", found number 7.2 (write it as a string: "7.2")',
      '$.series[1].rates[2].month: expected a month "YYYY-MM", found "2025-13"',
      '$.series[1].rates[2].rate: must be greater than 0',
    ]);
  });
});

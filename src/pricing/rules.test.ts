// The 2026 pricing rules over a frozen fixture (fixtures/pricing/rules): weekday and holiday windows,
// introductory prices that end, thinking-mode output, and what validation refuses.
import { describe, expect, it } from 'vitest';
import { toPlainString } from '../core/money.ts';
import { emptyBuckets, type TokenBuckets } from '../core/types.ts';
import { validateCalendars } from './calendar.ts';
import { isPriced, type NoPrice, type PricePoint } from './catalog.ts';
import { loadCatalogue, loadPricing } from './load.ts';
import { validatePricingFile } from './schema.ts';

const catalogue = loadCatalogue(['fixtures/pricing/rules']);

function price(id: string, at: string, partial: Partial<TokenBuckets> = {}): PricePoint | NoPrice {
  const ms = Date.parse(at);
  return catalogue.price(id, ms, { tokens: { ...emptyBuckets(), ...partial }, requestTime: ms });
}

function rates(id: string, at: string, partial: Partial<TokenBuckets> = {}) {
  const point = price(id, at, partial);
  if (!isPriced(point)) throw new Error(`unpriced: ${point.detail}`);
  return { input: toPlainString(point.rates.input), output: toPlainString(point.rates.output), window: point.window ?? null, thinking: point.thinking };
}

describe('peak windows by weekday and public-holiday calendar', () => {
  it('prices Monday 02:00 UTC at peak, Saturday and a holiday Thursday off-peak', () => {
    expect(rates('peak-flash', '2026-11-30T02:00:00Z')).toMatchObject({ input: '0.44', output: '1.32', window: 'peak' });
    expect(rates('peak-flash', '2026-11-28T02:00:00Z')).toMatchObject({ input: '0.22', output: '0.66', window: null });
    expect(rates('peak-flash', '2026-10-01T02:00:00Z')).toMatchObject({ input: '0.22', window: null });
  });

  it('holds in each span, not between them, with exclusive ends', () => {
    expect(rates('peak-flash', '2026-11-30T00:59:59Z').window).toBeNull();
    expect(rates('peak-flash', '2026-11-30T01:00:00Z').window).toBe('peak');
    expect(rates('peak-flash', '2026-11-30T03:59:59Z').window).toBe('peak');
    expect(rates('peak-flash', '2026-11-30T04:00:00Z').window).toBeNull();
    expect(rates('peak-flash', '2026-11-30T06:00:00Z').window).toBe('peak');
    expect(rates('peak-flash', '2026-11-30T10:00:00Z').window).toBeNull();
  });

  it('reads the weekday and the holiday on the calendar date (UTC+8), not the UTC date', () => {
    // 2026-10-07 is the last National Day holiday; 2026-10-08 a Thursday worked. 01:00 UTC = 09:00 in Beijing, same date.
    expect(rates('peak-flash', '2026-10-07T02:00:00Z').window).toBeNull();
    expect(rates('peak-flash', '2026-10-08T02:00:00Z').window).toBe('peak');
  });

  it('treats a make-up working Saturday as the window says', () => {
    // 2026-10-10 is a Saturday worked in lieu of the National Day holiday.
    expect(rates('peak-flash', '2026-10-10T02:00:00Z').window).toBeNull();
    expect(rates('peak-makeup', '2026-10-10T02:00:00Z').window).toBe('peak');
    expect(rates('peak-makeup', '2026-10-17T02:00:00Z').window).toBeNull();
  });

  it('is unpriced, with the reason, where the calendar year is not published; off-peak hours still price', () => {
    const result = price('peak-flash', '2027-01-04T02:00:00Z');
    expect(isPriced(result)).toBe(false);
    expect((result as NoPrice).reason).toBe('calendar-not-published');
    expect((result as NoPrice).detail).toContain('2027');
    expect(rates('peak-flash', '2027-01-04T12:00:00Z')).toMatchObject({ input: '0.22', window: null });
  });
});

describe('introductory prices', () => {
  it('switch to the next version when the introductory price ends', () => {
    expect(rates('intro-sonnet', '2026-08-31T23:59:59Z')).toMatchObject({ input: '2', output: '10' });
    expect(rates('intro-sonnet', '2026-09-01T00:00:00Z')).toMatchObject({ input: '3', output: '15' });
  });

  it('must end: validation refuses an introductory last version without effective_until', () => {
    const file = {
      provider: 'p',
      models: [{ id: 'm', prices: [{ effective_from: '2026-01-01', currency: 'USD', input: '1', output: '2', introductory: true, source: 's', checked: '2026-12-05', confidence: 'high' }] }],
    };
    const { problems } = validatePricingFile('p.json', file);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      '$.models[0].prices[0].introductory: an introductory price must end: add the version that follows it, or "effective_until" if the next price is not known',
    ]);
    const ended = structuredClone(file);
    Object.assign(ended.models[0]!.prices[0]!, { effective_until: '2026-03-01' });
    expect(validatePricingFile('p.json', ended).problems).toEqual([]);
  });
});

describe('thinking mode', () => {
  it('bills all output of a request with reasoning at the thinking rate, and others at the output rate', () => {
    expect(rates('thinking-plus', '2026-11-30T00:00:00Z', { input: 1000, output: 500 })).toMatchObject({ output: '1.2', thinking: false });
    expect(rates('thinking-plus', '2026-11-30T00:00:00Z', { input: 1000, output: 500, reasoning: 100 })).toMatchObject({ output: '4', thinking: true });
    expect(rates('thinking-plus', '2026-11-30T00:00:00Z', { input: 300_000, output: 500, reasoning: 100 })).toMatchObject({ input: '1.2', output: '12', thinking: true });
  });
});

describe('validation of the new fields', () => {
  it('names the path of a bad day, span, fee and calendar', () => {
    const file = {
      provider: 'p',
      models: [
        {
          id: 'm',
          context_window: 0,
          prices: [
            {
              effective_from: '2026-01-01',
              currency: 'USD',
              input: '1',
              output: '2',
              fees_per_1k: { web_search: 10, image_gen: '1' },
              windows: [{ name: 'peak', spans: [{ from: '01:00', to: '01:00' }], days: ['monday'], input: '2', output: '4' }],
              source: 's',
              checked: '2026-12-05',
              confidence: 'high',
            },
          ],
        },
      ],
    };
    const problems = validatePricingFile('p.json', file).problems.map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual([
      '$.models[0].context_window: expected a whole number of tokens > 0, found number 0',
      '$.models[0].prices[0].windows[0].spans[0]: "from" and "to" are equal: the window would be empty',
      '$.models[0].prices[0].windows[0].days[0]: expected a day of the week (sun, mon, tue, wed, thu, fri, sat), found "monday"',
      '$.models[0].prices[0].fees_per_1k.web_search: expected a decimal string per 1,000 calls such as "10", found number 10 (write it as a string: "10")',
      '$.models[0].prices[0].fees_per_1k.image_gen: unknown fee (allowed: web_search)',
    ]);
  });

  it('refuses a window that names an unknown calendar', () => {
    const { problems } = loadPricing(['fixtures/pricing/frozen'], ['fixtures/pricing/rules/rules.json']);
    expect(problems.some((p) => p.message.startsWith('calendar "cn-public-holidays" is not defined in calendars.json'))).toBe(true);
  });

  it('checks calendar files: ranges within the year, no day both holiday and workday', () => {
    const { calendars, problems } = validateCalendars('calendars.json', {
      calendars: [{ id: 'x', utc_offset: '+08:00', checked: '2026-12-05', years: [{ year: 2026, holidays: ['2026-12-31..2027-01-01', '2026-05-01'], workdays: ['2026-05-01'], source: 's' }] }],
    });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      '$.calendars[0].years[0].holidays[0]: 2027-01-01 is not in 2026',
      '$.calendars[0].years[0].workdays: 2026-05-01 is both a holiday and a make-up working day',
    ]);
    expect(calendars[0]?.utcOffsetMinutes).toBe(480);
  });
});

// Issue 11 as a new user tries it, on the shipped catalogue: today's flagships priced, DeepSeek's
// weekday/holiday peak hours, web search fees on their own line, fast mode, and CNY display rates.
import { describe, expect, it } from 'vitest';
import { runIn, runJsonIn } from './run.ts';

const LOGS = 'fixtures/logs/issue11';

describe('the models people run today (2026-11-30)', () => {
  it('prices one request per current flagship of every provider, and pricing coverage has nothing to fix', async () => {
    const { code, report } = await runJsonIn(['fixtures/logs/flagships-2026-11-30']);
    expect(code).toBe(0);
    expect(report.rows).toMatchObject({ read: 27, priced: 27, unpriced: 0, rejected: 0 });
    expect(report.unpriced).toEqual([]);
    const providers = new Set(report.groups.flatMap((g: any) => g.prices.map((p: any) => p.provider)));
    expect([...providers].sort()).toEqual(['alibaba', 'anthropic', 'deepseek', 'google', 'minimax', 'mistral', 'moonshot', 'openai', 'xai', 'zhipu']);
    const coverage = await runIn(['pricing', 'coverage', 'fixtures/logs/flagships-2026-11-30']);
    expect(coverage.code).toBe(0);
    expect(coverage.stdout).toContain('nothing to fix');
  });

  it('pricing coverage lists what has no price, with its traffic and the nearest ids, and exits 1', async () => {
    const result = await runIn(['pricing', 'coverage', 'fixtures/cli/typo-model.jsonl']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/o3-mni\n {4}\d+ requests?; tokens: /);
    expect(result.stdout).toMatch(/why: no price data for model "o3-mni" \(did you mean "o3-mini"/);
    const json = JSON.parse((await runIn(['pricing', 'coverage', 'fixtures/cli/typo-model.jsonl', '--format', 'json'])).stdout);
    expect(json.unpriced[0]).toMatchObject({ model: 'o3-mni', suggestions: expect.arrayContaining(['o3-mini']) });
  });
});

describe('DeepSeek peak hours: Monday to Friday, except Chinese public holidays', () => {
  it('prices V4-Flash at peak on Monday 02:00 UTC, off-peak on Saturday and on National Day', async () => {
    const { report } = await runJsonIn([`${LOGS}/deepseek-v4-flash-peak.jsonl`, '--group-by', 'day']);
    // 1M uncached input + 1M output each; V4.1 Flash rates (deepseek-v4-flash is billed as V4.1 from 2026-09-10).
    expect(report.groups.map((g: any) => [g.key.day, g.cost.USD, g.prices[0].window ?? null])).toEqual([
      ['2026-10-01', '0.75', null],
      ['2026-11-28', '0.75', null],
      ['2026-11-30', '1.5', 'peak'],
    ]);
  });

  it('shows the window rule, with its calendar, in pricing show', async () => {
    const shown = (await runIn(['pricing', 'show', 'deepseek-v4-flash'])).stdout;
    expect(shown).toContain('window peak 01:00–04:00, 06:00–10:00 UTC mon,tue,wed,thu,fri except public holidays (cn-public-holidays)');
  });
});

describe('per-call fees and fast mode', () => {
  it('bills two Anthropic web searches at $10 per 1,000: $0.02 more than the tokens, on its own line', async () => {
    const args = ['--default-time', '2026-11-30'];
    const without = (await runJsonIn([`${LOGS}/anthropic-no-web-search.jsonl`, ...args])).report;
    const withSearch = (await runJsonIn([`${LOGS}/anthropic-web-search.jsonl`, ...args])).report;
    expect(without.totals.cost).toEqual({ USD: '0.0105' });
    expect(withSearch.totals.cost).toEqual({ USD: '0.0305' });
    expect(withSearch.totals.byCurrency[0].costByBucket).toMatchObject({ input: '0.003', output: '0.0075', webSearch: '0.02' });
    expect(withSearch.fees).toEqual([{ kind: 'web_search', calls: 2, cost: { USD: '0.02' }, uncharged: 0, onUnpriced: 0 }]);
    const table = (await runIn([`${LOGS}/anthropic-web-search.jsonl`, ...args])).stdout;
    expect(table).toMatch(/Per-call fees\n {2}web search: 2 calls; USD 0\.020000 \(in the cost above\)/);
    const csv = (await runIn([`${LOGS}/anthropic-web-search.jsonl`, ...args, '--format', 'csv'])).stdout.split('\r\n');
    expect(csv[0]).toMatch(/,web_search_calls,web_search_cost,status,rows,file,line,reason$/);
    expect(csv[1]).toMatch(/,2,0\.02,priced,,,,$/);
  });

  it('prices a Claude Code line with usage.speed "fast" at the fast tier, and leaves it unpriced where the model has none', async () => {
    const line = (model: string) =>
      JSON.stringify({
        type: 'assistant',
        sessionId: 's',
        timestamp: '2026-11-30T10:00:00.000Z',
        requestId: `req_${model}`,
        message: { id: `msg_${model}`, model, usage: { input_tokens: 1_000_000, output_tokens: 0, speed: 'fast', service_tier: 'standard' } },
      });
    const { report } = await runJsonIn(['-'], { input: `${line('claude-opus-4-8')}\n${line('claude-sonnet-4-6')}\n` });
    expect(report.groups[0]).toMatchObject({ key: { model: 'claude-opus-4-8' }, cost: { USD: '10' } });
    expect(report.groups[0].prices[0].serviceTier).toBe('fast');
    expect(report.unpriced[0]).toMatchObject({ model: 'claude-sonnet-4-6', reason: expect.stringContaining('has no "fast" price') });
  });
});

describe('display currency with the Federal Reserve monthly rates', () => {
  it('converts September 2025 traffic to CNY at that month’s published rate, with no --fx', async () => {
    const { report } = await runJsonIn([`${LOGS}/openai-2025-09.jsonl`, '--currency', 'CNY']);
    // 1M × 2.5 + 100k × 10 = USD 3.5; × 7.1235 (FRED EXCHUS, 2025-09).
    expect(report.totals.cost).toEqual({ USD: '3.5' });
    expect(report.totals.converted).toMatchObject({ currency: 'CNY', amount: '24.93225', complete: true });
    expect(report.conversion.rates).toEqual([expect.objectContaining({ pair: 'USDCNY', rate: '7.1235', month: '2025-09', source: expect.stringMatching(/EXCHUS/) })]);
  });

  it('shows n/a (never 0) for a month without a rate, names the month and the flags, and takes --fx-file', async () => {
    const table = (await runIn([`${LOGS}/openai-2026-10.jsonl`, '--currency', 'CNY'])).stdout;
    expect(table).toMatch(/│ +n\/a\* │/);
    expect(table).not.toMatch(/CNY 0\.00/);
    expect(table).toContain('No exchange rate for USD→CNY in 2026-10 (n/a, left out of figures marked *): pass --fx USDCNY=RATE, or --fx-file with rows such as 2026-10,USDCNY,RATE.');
    const { report } = await runJsonIn([`${LOGS}/openai-2026-10.jsonl`, '--currency', 'CNY']);
    expect(report.totals.converted).toMatchObject({ amount: null, complete: false });
    expect(report.conversion.missing).toEqual(['USD 2026-10']);
    const withFile = (await runJsonIn([`${LOGS}/openai-2026-10.jsonl`, '--currency', 'CNY', '--fx-file', `${LOGS}/fx-2026-10.csv`])).report;
    expect(withFile.totals.converted).toMatchObject({ amount: '24.85', complete: true });
    expect(withFile.conversion.rates[0].source).toMatch(/--fx-file .*fx-2026-10\.csv:2/);
  });
});

describe('the rest of the 2026 rules, each over a log line in its real shape', () => {
  const costs = async (file: string) => (await runJsonIn([`${LOGS}/${file}`, '--group-by', 'day'])).report.groups.map((g: any) => [g.key.day, g.cost, g.byCurrency[0].costByBucket.input, g.byCurrency[0].costByBucket.output]);

  it('Qwen thinking mode: all output of a request with reasoning tokens at the thinking rate, the other request at the output rate', async () => {
    // qwen-plus intl: 1M + 1M input at 0.4; output 1M at 4 (thinking) + 1M at 1.2.
    expect(await costs('dashscope-qwen-plus-thinking.jsonl')).toEqual([['2026-11-30', { USD: '6' }, '0.8', '5.2']]);
  });

  it('audio tokens at the audio rates: Gemini per-modality counts and OpenAI audio_tokens', async () => {
    // gemini-2.5-flash: 500k text × 0.3 + 1M audio × 1; 100k output × 2.5.
    expect(await costs('gemini-audio-prompt.jsonl')).toEqual([['2026-11-30', { USD: '1.4' }, '1.15', '0.25']]);
    // gpt-realtime: 600k text × 4 + 400k audio × 32; 500k text × 16 + 500k audio × 64.
    expect(await costs('openai-audio.jsonl')).toEqual([['2026-11-30', { USD: '55.2' }, '15.2', '40']]);
    const { report } = await runJsonIn([`${LOGS}/openai-audio.jsonl`]);
    expect(report.totals.tokens).toMatchObject({ input: 1_000_000, inputAudio: 400_000, output: 1_000_000, outputAudio: 500_000 });
    expect(report.notes.some((n: string) => n.startsWith('Audio and image tokens are part of input and output'))).toBe(true);
  });

  it('an introductory price ends on its date: gemini-3.6-flash at $0.75/$3.75 through 2026-12-31, $1.50/$7.50 after', async () => {
    expect(await costs('gemini-intro-end.jsonl')).toEqual([
      ['2026-12-31', { USD: '4.5' }, '0.75', '3.75'],
      ['2027-01-01', { USD: '9' }, '1.5', '7.5'],
    ]);
    expect((await runIn(['pricing', 'show', 'gemini-3.6-flash'])).stdout).toMatch(/2026-08-13 → 2027-01-01 +book global, USD per million tokens +\(introductory price\)/);
  });
});

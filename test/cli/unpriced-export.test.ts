// Issue 13, case 5: the finance CSV shows what it cannot price (rows with tokens and logged cost,
// a status column, the rejected count), and every output says what the totals leave out.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { add, parseDecimal, toPlainString, ZERO } from '../../src/core/money.ts';
import { FROZEN_PRICING, runIn, runJsonIn, SAMPLES } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];
/** A real OpenRouter activity export: USD 935.94 of logged spend on anthropic/claude-opus-4.7, which the frozen prices do not know. */
const openrouter = `${SAMPLES}openrouter-activity-daily.csv`;
/** Priced and unpriced, with and without a logged cost, and two rejected rows. */
const mixed = [openrouter, `${SAMPLES}litellm-spendlogs.jsonl`, `${SAMPLES}claude-code-legacy-costusd.fabricated.jsonl`, 'fixtures/cli/mixed-problems.jsonl', 'fixtures/gate/new-model.jsonl'];

type CsvRow = Record<string, string>;

async function csv(args: string[]): Promise<CsvRow[]> {
  const result = await runIn([...args, '--format', 'csv']);
  expect(result.code).toBe(0);
  return parse(result.stdout, { columns: true }) as CsvRow[];
}

function sum(rows: CsvRow[], column: string): string {
  return toPlainString(rows.reduce((s, r) => add(s, parseDecimal(r[column] || '0')), ZERO));
}

describe('finance CSV: unpriced groups are rows', () => {
  it('an OpenRouter export on an unpriced model: rows with tokens and the logged USD 935.94, cost empty, status unpriced', async () => {
    const rows = await csv([openrouter, ...frozen, '--group-by', 'day,model']);
    expect(rows.map((r) => [r.row, r.day, r.model, r.requests, r.input_tokens, r.output_tokens, r.currency, r.cost, r.logged_requests, r.logged_cost, r.status])).toEqual([
      ['group', '2026-05-12', 'anthropic/claude-opus-4.7', '4115', '70965665', '3009973', 'USD', '', '4115', '430.07', 'unpriced'],
      ['group', '2026-05-13', 'anthropic/claude-opus-4.7', '4254', '87199493', '2795119', 'USD', '', '4254', '505.87', 'unpriced'],
      ['total', '', '', '8369', '158165158', '5805092', 'USD', '', '8369', '935.94', 'unpriced'],
    ]);
  });

  it('keeps the logged cost of unpriced groups in JSON, by group and in total', async () => {
    const { report } = await runJsonIn([openrouter, ...frozen, '--group-by', 'day']);
    expect(report.unpricedGroups.map((g: any) => [g.key.day, g.requests, g.logged])).toEqual([
      ['2026-05-12', 4115, { requests: 4115, cost: { USD: '430.07' } }],
      ['2026-05-13', 4254, { requests: 4254, cost: { USD: '505.87' } }],
    ]);
    expect(report.totals.unpriced.requests).toBe(8369);
    expect(report.totals.unpriced.logged).toEqual({ requests: 8369, cost: { USD: '935.94' } });
    expect(report.totals.unpriced.byCurrency).toEqual([expect.objectContaining({ currency: 'USD', requests: 8369, loggedCost: '935.94' })]);
    // The totals stay priced-only.
    expect(report.totals.requests).toBe(0);
    expect(report.totals.cost).toEqual({});
  });

  it('priced and unpriced rows of one month side by side; the statuses are documented; tokens of all rows add up to priced + unpriced', async () => {
    const args = [...mixed, ...frozen, '--group-by', 'month'];
    const rows = await csv(args);
    const { report } = await runJsonIn(args);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['priced', 'unpriced', 'rejected']));
    const october = rows.filter((r) => r.row === 'group' && r.month === '2025-10');
    expect(october.map((r) => [r.status, r.currency, r.cost === '', r.requests])).toEqual([
      ['priced', 'USD', false, '14'],
      ['unpriced', '', true, '1'],
    ]);
    const groups = rows.filter((r) => r.row === 'group');
    expect(groups.reduce((n, r) => n + Number(r.input_tokens), 0)).toBe(report.totals.tokens.input + report.totals.unpriced.tokens.input);
    expect(groups.reduce((n, r) => n + Number(r.requests), 0)).toBe(report.totals.requests + report.totals.unpriced.requests);
    // The unpriced requests are those the `unpriced` list names, model by model.
    expect(report.totals.unpriced.requests).toBe(report.unpriced.reduce((n: number, u: any) => n + u.requests, 0));
    const rejected = rows.find((r) => r.status === 'rejected');
    expect(rejected).toMatchObject({ row: 'total', rows: '2', requests: '', cost: '', currency: '' });
  });

  it('--decimals: for each status and currency the group rows sum to the total row, cost and logged cost', async () => {
    const rows = await csv([...mixed, ...frozen, '--group-by', 'day,model', '--decimals', '2']);
    for (const status of ['priced', 'unpriced']) {
      for (const currency of new Set(rows.filter((r) => r.status === status).map((r) => r.currency))) {
        const of = rows.filter((r) => r.status === status && r.currency === currency);
        const total = of.find((r) => r.row === 'total');
        const groups = of.filter((r) => r.row === 'group');
        for (const column of ['cost', 'logged_cost', 'web_search_cost']) {
          for (const r of of) expect(r[column]).toMatch(/^(\d+\.\d{2})?$/);
          expect(sum(groups, column), `${status} ${currency} ${column}`).toBe(sum([total as CsvRow], column));
        }
      }
    }
    expect(rows.filter((r) => r.status === 'unpriced' && r.row === 'total').map((r) => [r.currency, r.logged_cost])).toEqual([
      ['USD', '936.96'],
      ['', ''],
    ]);
  });
});

describe('every output says what the totals leave out', () => {
  const args = ['fixtures/cli/mixed-problems.jsonl', 'fixtures/gate/new-model.jsonl', openrouter, ...frozen];
  const line = 'Not in the total: 8,370 of 8,384 requests unpriced (99.8%; the log carried a cost of USD 935.94 for 8,369 of them), 2 rows rejected (malformed).';

  it('table: beside the Total row', async () => {
    const out = (await runIn(args)).stdout;
    const total = out.split('\n').findIndex((l) => l.includes('Total (excl. unpriced)'));
    expect(out.split('\n')[total + 2]).toBe(line);
  });

  it('markdown: under the table', async () => {
    const out = (await runIn([...args, '--format', 'markdown'])).stdout;
    expect(out).toContain(`| **Total** |`);
    expect(out).toContain(`|\n\n${line}\n`);
  });

  it('JSON: the unpriced requests and their logged cost next to the totals, and the rejected rows', async () => {
    const { report } = await runJsonIn(args);
    expect(report.totals.unpriced).toMatchObject({ requests: 8370, logged: { requests: 8369, cost: { USD: '935.94' } } });
    expect(report.totals.requests).toBe(14);
    expect(report.rows.rejected).toBe(2);
  });

  it('the share of a run that is nearly all unpriced', async () => {
    const out = (await runIn([openrouter, 'fixtures/gate/new-model.jsonl', ...frozen, '--format', 'markdown'])).stdout;
    expect(out).toContain('Not in the total: 8,369 of 8,381 requests unpriced (99.9%; the log carried a cost of USD 935.94 for all of them).');
  });
});

describe('markdown when nothing is priced', () => {
  it('the Total row has no empty bold cell (`| **** |`)', async () => {
    const out = (await runIn([openrouter, ...frozen, '--format', 'markdown'])).stdout;
    expect(out).not.toContain('****');
    expect(out).toContain('| **Total** | **0** | **0** | **0** | **0** | **0** | **0** | **nothing priced** |');
    expect(out).toContain('Not in the total: 8,369 of 8,369 requests unpriced (100%; the log carried a cost of USD 935.94 for all of them).');
  });
});

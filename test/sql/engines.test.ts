// `llm-audit sql` in real engines: the ledger of a run (NDJSON into DuckDB, CSV into PostgreSQL),
// priced by the generated query over the exported price tables, gives the JSON report's totals,
// groups, unpriced requests and what-if, digit for digit, on every log fixture, every real sample,
// the shipped catalogue's flagships, and a generated 50,000-request log over 2024–2026.
// PostgreSQL is a cluster of this file's own (engines.ts); if it cannot start, the tests fail.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIn, runJsonIn } from '../cli/run.ts';
import { Duck, Pg, type Row } from './engines.ts';
import { actualRows, expectedRows } from './expected.ts';
import { generatedLog } from '../../scripts/bench/sql-log.mjs';

const FROZEN = 'fixtures/pricing/frozen';

interface Case {
  name: string;
  logs: string[];
  /** Options of the report, the ledger and the query alike (--as-of, --region, --service-tier). */
  shared?: string[];
  /** Options that decide what is read (the ledger carries their result: filtered rows). */
  readOnly?: string[];
  groupBy: string;
  compare?: string;
  /** The shipped catalogue (default: the frozen test pricing). */
  shipped?: boolean;
  /** Expected to exercise: checked on the query's rows. */
  needs?: (rows: Row[]) => void;
}

let dir: string;
let pg: Pg;
let duck: Duck;
const GENERATED = () => join(dir, 'generated.jsonl');

const CASES: Case[] = [
  { name: 'every log fixture', logs: ['fixtures/logs'], groupBy: 'model', compare: 'gpt-4o,gpt-5' },
  { name: 'every real sample', logs: ['fixtures/samples'], groupBy: 'provider,day' },
  { name: 'qwen3-max size tiers', logs: ['fixtures/cli/qwen3-max.jsonl'], groupBy: 'model,month', compare: 'qwen3-max' },
  { name: 'DeepSeek off-peak windows and cut-overs', logs: ['fixtures/cli/deepseek-offpeak.jsonl', 'fixtures/cli/deepseek-cut.jsonl'], groupBy: 'day', compare: 'deepseek-chat,gpt-4o' },
  { name: 'the shipped catalogue on 2026 flagships', logs: ['fixtures/logs/flagships-2026-11-30'], groupBy: 'model', shipped: true, compare: 'gpt-5,claude-sonnet-4-5' },
  {
    name: 'a Claude Code tree filtered by --since/--until, by project',
    logs: ['fixtures/cli/claude-tree'],
    readOnly: ['--default-model', 'claude-sonnet-4-5-20250929', '--since', '2026-01-05T10:00:30Z'],
    groupBy: 'project,model',
  },
  { name: 'the batch tier, by week', logs: ['fixtures/logs/quickstart.jsonl'], shared: ['--service-tier', 'batch'], groupBy: 'week', compare: 'gpt-5' },
  { name: 'the CNY book', logs: ['fixtures/logs/quickstart.jsonl', 'fixtures/cli/deepseek-offpeak.jsonl'], shared: ['--region', 'cn'], groupBy: 'model', compare: 'deepseek-chat' },
  { name: '--as-of', logs: ['fixtures/logs/quickstart.jsonl', 'fixtures/cli/deepseek-offpeak.jsonl'], shared: ['--as-of', '2025-06-01'], groupBy: 'model' },
  { name: 'tags', logs: ['fixtures/logs/generic-cost-tags.csv', 'fixtures/logs/text-teams.jsonl'], groupBy: 'tag:team,month', compare: 'gpt-4o' },
  { name: 'cached audio', logs: ['fixtures/cli/audio-cached.jsonl'], groupBy: 'model', shipped: true, compare: 'gpt-realtime,gpt-4o' },
  {
    name: 'a generated 50,000-request log over 2024–2026',
    logs: [],
    groupBy: 'model,month',
    shipped: true,
    compare: 'gpt-4o-mini,qwen3-max,deepseek-v4-flash',
    needs: (rows) => {
      const total = rows.filter((r) => r.section === 'total');
      expect(new Set(total.map((r) => r.currency))).toEqual(new Set(['USD']));
      expect(Number(rows.find((r) => r.section === 'unpriced_total')?.requests)).toBeGreaterThan(1000);
      const whatIf = rows.filter((r) => r.section === 'whatif');
      expect(whatIf.some((r) => Number(r.does_not_fit_requests) > 0)).toBe(true);
      expect(whatIf.some((r) => Number(r.not_priced_requests) > 0)).toBe(true);
    },
  },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llm-audit-sql-'));
  writeFileSync(GENERATED(), [...generatedLog(50_000)].join(''));
  pg = await Pg.start();
  duck = await Duck.open();
  // Both catalogues' tables, side by side: the frozen test pricing and the shipped one.
  for (const [suffix, pricing] of [['frozen', ['--pricing-dir', FROZEN]], ['shipped', []]] as const) {
    const exported = await runIn(['pricing', 'export', '--format', 'sql', ...pricing]);
    expect(exported.code, exported.stderr).toBe(0);
    const sql = exported.stdout.replace(/\b(CREATE TABLE|INSERT INTO) (price_points|model_ids|id_rules|calendar_days)\b/g, `$1 $2_${suffix}`);
    await duck.run(sql);
    pg.query(`${sql}\nANALYZE;\n`);
  }
}, 60_000);

afterAll(() => {
  duck?.close();
  pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('llm-audit sql prices the ledger as the report does, digit for digit', () => {
  CASES.forEach((c, index) => {
    it(c.name, async () => {
      const logs = c.logs.length > 0 ? c.logs : [GENERATED()];
      const pricing = c.shipped ? [] : ['--pricing-dir', FROZEN];
      const suffix = c.shipped ? 'shipped' : 'frozen';
      const base = [...logs, ...pricing, ...(c.shared ?? []), ...(c.readOnly ?? [])];
      const compare = c.compare ? ['--compare', c.compare, '--target-tokens', 'logged'] : [];
      const { report } = await runJsonIn([...base, '--group-by', c.groupBy, ...compare]);
      const ndjson = join(dir, `ledger-${index}.ndjson`);
      const csv = join(dir, `ledger-${index}.csv`);
      for (const [format, out] of [['ledger', ndjson], ['ledger-csv', csv]]) {
        const ledger = await runIn([...base, '--format', format as string, '--out', out as string]);
        expect(ledger.code, ledger.stderr).toBe(report.rows.unpriced > 0 || report.rows.rejected > 0 ? 0 : 0);
      }
      const dims = c.groupBy.split(',');
      const expected = expectedRows(report, dims);
      expect(expected.size).toBeGreaterThan(0);
      const table = `usage_${index}`;
      const queryFor = async (dialect: string): Promise<string> => {
        const args = ['sql', '--dialect', dialect, ...pricing, ...(c.shared ?? []), '--group-by', c.groupBy, ...compare, '--table', table, '--price-tables', `price_points_${suffix},model_ids_${suffix},calendar_days_${suffix}`];
        const result = await runIn(args);
        expect(result.code, result.stderr).toBe(0);
        return result.stdout;
      };
      await duck.loadLedger(table, ndjson);
      const fromDuck = await duck.query(await queryFor('duckdb'));
      pg.loadLedgerCsv(table, csv);
      const fromPg = pg.query(await queryFor('postgres'));
      for (const [engine, rows] of [['duckdb', fromDuck], ['postgres', fromPg]] as const) {
        const actual = actualRows(rows, dims);
        expect(Object.fromEntries(actual), engine).toEqual(Object.fromEntries(expected));
        c.needs?.(rows);
      }
    }, 60_000);
  });
});

// `llm-audit sql` in real engines: the ledger of a run (NDJSON into DuckDB, CSV into PostgreSQL),
// priced by the generated query over the exported price tables, gives the JSON report's totals,
// groups, unpriced requests and what-if, digit for digit. Each test file (engines*.test.ts) runs its
// cases on a PostgreSQL cluster and a DuckDB of its own (engines.ts; if PostgreSQL cannot start, the
// tests fail), so that the generated log's long case runs beside the fixtures' on another worker.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIn, runJsonIn } from '../cli/run.ts';
import { Duck, Pg, type Row } from './engines.ts';
import { actualRows, expectedRows } from './expected.ts';
import { generatedLog } from '../../scripts/bench/sql-log.mjs';

const FROZEN = 'fixtures/pricing/frozen';

export interface Case {
  name: string;
  /** Log paths; none: the generated 50,000-request log (scripts/bench/sql-log.mjs). */
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

/** Registers the file's engines and its cases. */
export function engineSuite(CASES: readonly Case[]): void {
  let dir: string;
  let pg: Pg;
  let duck: Duck;
  const GENERATED = () => join(dir, 'generated.jsonl');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llm-audit-sql-'));
    if (CASES.some((c) => c.logs.length === 0)) writeFileSync(GENERATED(), [...generatedLog(50_000)].join(''));
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
}

// The query's text per dialect. ClickHouse and BigQuery are not executed here (no engine on this
// machine): their text is pinned by golden files, reviewed when it changes. DuckDB and PostgreSQL
// are pinned too, and executed in engines.test.ts. Plus what the command refuses, with the reason.
import { describe, expect, it } from 'vitest';
import { runIn } from '../cli/run.ts';

const frozen = ['--pricing-dir', 'fixtures/pricing/frozen'];

describe('llm-audit sql text', () => {
  for (const dialect of ['duckdb', 'postgres', 'clickhouse', 'bigquery']) {
    it(dialect, async () => {
      const result = await runIn(['sql', '--dialect', dialect, ...frozen, '--group-by', 'model,week,tag:team', '--tz', 'Asia/Shanghai', '--region', 'cn', '--compare', 'gpt-4o', '--map', 'timestamp=created_at,model_id=,status=']);
      expect(result.code, result.stderr).toBe(0);
      await expect(result.stdout).toMatchFileSnapshot(`../snapshots/sql/${dialect}.sql`);
    });
  }
});

describe('llm-audit sql refuses what the query cannot express (exit 2, with the reason)', () => {
  const cases: [string[], RegExp][] = [
    [['--group-by', 'block'], /--group-by block: a 5-hour block/],
    [['--compare', 'gpt-4o', '--target-tokens', 'recount'], /tokenizer on the logged text, which SQL cannot do/],
    [['--compare', 'all'], /--compare all: name the target models/],
    [['--compare', 'no-such-model'], /no price data for "no-such-model"/],
    [['--region', 'mars'], /no price book "mars"/],
    [['--map', 'model='], /the query needs a model column/],
    [['--map', 'tags=', '--group-by', 'tag:team'], /reads the tags column/],
    [['--map', 'colour=x'], /"colour" is not a usage column/],
  ];
  for (const [args, reason] of cases) {
    it(args.join(' '), async () => {
      const result = await runIn(['sql', '--dialect', 'duckdb', ...frozen, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(reason);
      expect(result.stdout).toBe('');
    });
  }

  it('needs --dialect', async () => {
    const result = await runIn(['sql', ...frozen]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--dialect/);
  });
});

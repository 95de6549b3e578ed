// `llm-audit merge` and `llm-audit pricing export`, spawned as a user runs them: shard reports made
// in-process, merged by the binary into the report of all inputs; bad input is exit 2 with the file
// named and no stack trace. Four spawns; the exactness over many options is in src/merge/merge.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/index.ts';
import { DEFAULT_PRICING_DIR, loadCatalogue } from '../../src/pricing/load.ts';
import { renderJson } from '../../src/report/render/json.ts';
import { run } from './run.ts';

const catalogue = loadCatalogue([DEFAULT_PRICING_DIR]);
const LOGS = ['fixtures/logs/quickstart.jsonl', 'fixtures/logs/malformed.jsonl', 'fixtures/logs/generic-bad-rows.csv', 'fixtures/logs/three-models-teams.csv'];
const options = { catalogue, problemLimit: 50, groupBy: ['model' as const], compare: ['gpt-5'] };

describe('llm-audit merge', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-merge-'));
  const whole = await audit({ paths: LOGS, ...options });
  const files: string[] = [];
  for (const [i, paths] of [LOGS.slice(0, 2), LOGS.slice(2)].entries()) {
    const file = join(dir, `shard-${i}.json`);
    writeFileSync(file, renderJson(await audit({ paths, ...options })));
    files.push(file);
  }

  it('writes the report of all the inputs (JSON byte for byte)', () => {
    const merged = run(['merge', ...files, '--format', 'json']);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(renderJson(whole));
  });

  it('refuses a truncated report, naming it, with exit 2 and no stack trace', () => {
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, renderJson(whole).slice(0, 500));
    const result = run(['merge', files[0] as string, truncated]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${truncated}: not a JSON report`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a log given as a report, and reports made with other options, with the reason', () => {
    const log = run(['merge', files[0] as string, 'fixtures/logs/quickstart.jsonl']);
    expect(log.code).toBe(2);
    expect(log.stderr).toContain('fixtures/logs/quickstart.jsonl: not a JSON report');
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ ...whole, options: { ...whole.options, asOf: '2025-09-30' } }));
    const mismatched = run(['merge', files[0] as string, other]);
    expect(mismatched.code).toBe(2);
    expect(mismatched.stderr).toBe(`llm-audit: ${other} cannot be merged with ${files[0]}: option asOf is "2025-09-30", not null; make every shard with the same llm-audit version, options and pricing data\n`);
  });
});

describe('llm-audit pricing export', () => {
  it('writes SQL with the catalogue hash that a report of the same pricing records', () => {
    const result = run(['pricing', 'export', '--format', 'sql', '--table', 'price_points']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`-- llm-audit pricing export: the catalogue ${catalogue.hash}`);
    expect(result.stdout).toContain('CREATE TABLE price_points (');
    expect(result.stdout).not.toContain('CREATE TABLE model_ids');
  });
});

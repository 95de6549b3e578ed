// Options that would do nothing, or not what they say, are errors or warnings that say what exists.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FROZEN_PRICING, ROOT, runIn, runJsonIn } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];
const QUICK = 'fixtures/logs/quickstart.jsonl';
const dir = mkdtempSync(join(tmpdir(), 'llm-audit-options-'));

/** One OpenAI Responses line per instant (ISO, UTC); its metadata entries are tags. */
function logAt(name: string, instants: string[], tags?: Record<string, string>): string {
  const file = join(dir, name);
  const line = (at: string, i: number) =>
    JSON.stringify({ id: `resp_${i}`, object: 'response', created_at: Date.parse(at) / 1000, status: 'completed', model: 'gpt-4o', usage: { input_tokens: 100, output_tokens: 10, total_tokens: 110 }, ...(tags ? { metadata: tags } : {}) });
  writeFileSync(file, `${instants.map(line).join('\n')}\n`);
  return file;
}

describe('--since/--until follow --tz', () => {
  // 2025-09-23T16:30Z is 2025-09-24 00:30 in Shanghai (UTC+8), and 2025-09-23 12:30 in New York (UTC−4, DST).
  const log = logAt('around-midnight.jsonl', ['2025-09-23T15:30:00Z', '2025-09-23T16:30:00Z', '2025-09-24T03:30:00Z', '2025-09-24T15:59:59Z', '2025-09-24T16:00:00Z']);
  const kept = async (...extra: string[]) => (await runJsonIn([log, '--since', '2025-09-24', '--until', '2025-09-25', ...extra, ...frozen])).report;

  it('reads a date without an offset as midnight in --tz', async () => {
    expect((await kept()).rows).toMatchObject({ priced: 3, skipped: 2 });
    const shanghai = await kept('--tz', 'Asia/Shanghai');
    expect(shanghai.rows).toMatchObject({ priced: 3, skipped: 2 });
    expect(shanghai.period).toEqual({ from: '2025-09-23T16:30:00.000Z', to: '2025-09-24T15:59:59.000Z' });
    expect(shanghai.options.since).toBe('2025-09-24 (Asia/Shanghai)');
    const newYork = await kept('--tz', 'America/New_York');
    expect(newYork.rows).toMatchObject({ priced: 2, skipped: 3 });
    expect(newYork.period).toEqual({ from: '2025-09-24T15:59:59.000Z', to: '2025-09-24T16:00:00.000Z' });
  });

  it('keeps an instant written with an offset as it is', async () => {
    const report = (await runJsonIn([log, '--since', '2025-09-24T00:00:00Z', '--tz', 'Asia/Shanghai', ...frozen])).report;
    expect(report.rows).toMatchObject({ priced: 3, skipped: 2 });
    expect(report.options.since).toBe('2025-09-24T00:00:00Z');
  });

  it('refuses an empty or inverted range before reading', async () => {
    for (const range of [['--since', '2025-12-01', '--until', '2025-01-01'], ['--since', '2025-09-24', '--until', '2025-09-24']]) {
      const result = await runIn([QUICK, ...range, ...frozen]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--since 2025-\d\d-\d\d is not before --until 2025-\d\d-\d\d: no request could be kept/);
    }
  });
});

describe('options that would change nothing', () => {
  it('--region names a price book that exists', async () => {
    const result = await runIn([QUICK, '--region', 'eu', ...frozen]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--region: no price book "eu" in the pricing data; the books are .*cn.*intl/);
    expect((await runIn([QUICK, '--region', 'cn', ...frozen])).code).toBe(0);
  });

  it('--threads 0 is refused', async () => {
    const result = await runIn([QUICK, '--threads', '0', ...frozen]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--threads: "0" is not a whole number ≥ 1/);
  });

  it('a --pricing-dir without pricing files is refused (it would leave every request unpriced)', async () => {
    const empty = join(dir, 'no-pricing');
    mkdirSync(empty);
    writeFileSync(join(empty, 'notes.txt'), 'not prices');
    for (const args of [[QUICK, '--pricing-dir', empty], ['pricing', 'check', '--pricing-dir', empty]]) {
      const result = await runIn(args);
      expect(result.code).toBe(2);
      expect(result.stdout + result.stderr).toMatch(/no-pricing: \$: holds no pricing files/);
    }
  });
});

describe('--group-by tag:NAME that no request carries', () => {
  const log = logAt('tagged.jsonl', ['2025-09-24T00:00:00Z', '2025-09-24T01:00:00Z'], { team: 'search', user: 'u1' });

  it('warns on stderr and in the report, with the tags that exist', async () => {
    const { code, report, stderr } = await runJsonIn([log, '--group-by', 'tag:team', ...frozen]);
    expect(code).toBe(0);
    // Responses metadata entries are tags under their path.
    const warning = '--group-by tag:team: no request carries the tag "team", so every one is grouped under (none); did you mean tag:metadata.team? (the tags these logs carry: metadata.team, metadata.user)';
    expect(report.warnings).toEqual([warning]);
    expect(report.notes).toContain(warning);
    expect(stderr).toContain(`llm-audit: warning: ${warning}`);
  });

  it('says nothing when the tag is there', async () => {
    const { report, stderr } = await runJsonIn([log, '--group-by', 'tag:metadata.team', ...frozen]);
    expect(report.warnings).toEqual([]);
    expect(stderr).not.toMatch(/warning/);
    expect(report.groups.map((g: any) => g.key['tag:metadata.team'])).toEqual(['search']);
  });
});

describe('a report records what it read', () => {
  const folder = join(dir, 'inputs');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  const a = logAt('inputs/a.jsonl', ['2025-09-24T00:00:00Z']);
  const b = logAt('inputs/sub/b.jsonl', ['2025-09-24T01:00:00Z', '2025-09-24T02:00:00Z']);
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

  it('each path as given, with its files and bytes; stdin too', async () => {
    const { report } = await runJsonIn([folder, QUICK, '-', ...frozen], { input: readFileSync(a) });
    expect(report.inputs).toEqual([
      { path: folder, kind: 'folder', files: 2, bytes: statSync(a).size + statSync(b).size, sha256: null },
      { path: QUICK, kind: 'file', files: 1, bytes: statSync(QUICK).size, sha256: null },
      { path: '-', kind: 'stdin', files: 1, bytes: null, sha256: null },
    ]);
  });

  it('with --hash-inputs, the sha256 of a file, and of a folder over its sorted "sha256  path" lines', async () => {
    const { report } = await runJsonIn([folder, QUICK, '--hash-inputs', ...frozen]);
    const lines = `${sha(a)}  a.jsonl\n${sha(b)}  sub/b.jsonl\n`;
    expect(report.inputs.map((i: any) => i.sha256)).toEqual([createHash('sha256').update(lines).digest('hex'), sha(QUICK)]);
  });

  it('names the shipped pricing files pricing/NAME.json wherever it runs, never by absolute path', async () => {
    const elsewhere = spawnSync(process.execPath, [join(ROOT, 'bin/llm-audit.js'), join(ROOT, QUICK), '--currency', 'CNY', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(elsewhere.stdout);
    expect(report.pricing.files).toContain('pricing/openai.json');
    expect(report.pricing.fx).toEqual(['pricing/fx.json']);
    expect(JSON.stringify(report.pricing)).not.toContain(ROOT);
  });
});

// `llm-audit tokens` and the text-only team fixture, end to end through the built binary.
import { describe, expect, it } from 'vitest';
import { FROZEN_PRICING, run, runJson } from './run.ts';

const FIXTURE = 'fixtures/logs/text-teams.jsonl';

describe('llm-audit tokens', () => {
  // tiktoken columns and a factor only: loading a vendored tokenizer costs seconds, and its counts
  // are checked in src/tokens/texts.test.ts; here a model id resolves to its tokenizer.
  const { code, report } = runJson(['tokens', FIXTURE, '--tokenizers', 'o200k,gpt-4-turbo,claude,cl100k', '--rows']);

  it('counts every text-bearing row with every tokenizer; totals are the sums of the rows', () => {
    expect(code).toBe(0);
    expect(report.rows).toEqual({ read: 24, withText: 24, withoutText: 0, skipped: 0, rejected: 0 });
    expect(report.tokenizers.map((t: any) => [t.name, t.tokenizer, t.fidelity])).toEqual([
      ['o200k', 'o200k', 'exact'],
      ['gpt-4-turbo', 'cl100k', 'exact'],
      ['claude', 'o200k', 'factor'],
      ['cl100k', 'cl100k', 'exact'],
    ]);
    expect(report.perRow).toHaveLength(24);
    report.tokenizers.forEach((t: any, i: number) => {
      expect(t.total).toBe(t.input + t.output);
      expect(report.perRow.reduce((sum: number, r: any) => sum + r.totals[i], 0)).toBe(t.total);
    });
    expect(report.tokenizers[0].ratioToFirst).toBe('1.0000');
  });

  it('cl100k counts differ from o200k on most rows (Chinese above all)', () => {
    const differ = report.perRow.filter((r: any) => r.totals[0] !== r.totals[1]);
    expect(differ.length).toBeGreaterThan(12);
  });

  it('the Claude column is the o200k count × 1.23, request by request, and says so', () => {
    const claude = report.tokenizers[2];
    expect(claude.note).toMatch(/× 1\.2300.*VentureBeat/);
    for (const row of report.perRow) expect(Math.abs(row.totals[2] - row.totals[0] * 1.23)).toBeLessThanOrEqual(1);
  });

  it('an unknown tokenizer is a usage error (exit 2) that lists the known names', () => {
    const result = run(['tokens', FIXTURE, '--tokenizers', 'o200k,nosuch']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown tokenizer "nosuch" in --tokenizers; use tokenizers o200k, cl100k, qwen, deepseek, llama, gemma, mistral; families .*claude/);
    expect(result.stdout).toBe('');
  });

  it('the table names estimates', () => {
    const result = run(['tokens', FIXTURE, '--tokenizers', 'gpt-4o,claude-opus-4-7']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^24 rows read: 24 with text/);
    expect(result.stdout).toMatch(/claude-opus-4-7 +o200k +factor/);
    expect(result.stdout).toMatch(/Estimates:\n {2}claude-opus-4-7: .*× 1\.4453/);
  });
});

describe('the text-only team fixture', () => {
  it('is read whole and grouped by its team tag', () => {
    const { code, report } = runJson([FIXTURE, '--group-by', 'tag:team', '--pricing-dir', FROZEN_PRICING]);
    expect(code).toBe(0);
    expect(report.rows).toMatchObject({ read: 24, rejected: 0, skipped: 0 });
    const teams = Object.fromEntries(report.groups.map((g: any) => [g.key['tag:team'], g.requests]));
    expect(teams).toEqual({ platform: 7, support: 8, search: 9 });
  });
});

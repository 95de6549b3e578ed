// Issue 13, case 9: Markdown for a PR comment fits GitHub (a comment takes 65,536 characters): at
// most 60,000, the most expensive groups, and one "N other groups" row so the table still adds up.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { add, parseDecimal, toPlainString, ZERO } from '../../src/core/money.ts';
import { FROZEN_PRICING, run, runJson } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];
/**
 * Groups in the spawned run: enough for ~3× the 60,000-character cap. The 150,000-group run is
 * measured by scripts/many-groups.mjs (time, memory); the renderer takes 150,000 groups in process below.
 */
const CLI_GROUPS = 20_000;
const GROUPS = 150_000;

/** A LiteLLM spend log with one request per end user: CLI_GROUPS groups by tag:user, costs all different. */
function perUserLog(): string {
  const lines = Array.from({ length: CLI_GROUPS }, (_, i) => {
    const user = `customer-${String(i).padStart(6, '0')}@tenant-${i % 97}.example.com`;
    const startTime = `2025-10-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`;
    return JSON.stringify({ request_id: `r${i}`, call_type: 'acompletion', startTime, model: i % 3 ? 'gpt-4o' : 'gpt-5', user, spend: 0.001, prompt_tokens: 100 + ((i * 7919) % 100_000), completion_tokens: (i * 104_729) % 5000 });
  });
  const file = join(mkdtempSync(join(tmpdir(), 'llm-audit-md-')), 'spend.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The cells of a Markdown table row. */
function cells(line: string): string[] {
  return line.slice(2, -2).split(' | ');
}

const count = (text: string) => Number(text.replaceAll(/[*,]/g, ''));

describe('Markdown for PRs fits GitHub', () => {
  it('a 20,000-group report: at most 60,000 characters, the most expensive groups, and an "N other groups" row that adds up to the Total', () => {
    const log = perUserLog();
    const args = [log, ...frozen, '--group-by', 'tag:user'];
    const result = run([...args, '--format', 'markdown']);
    expect(result.code).toBe(0);
    const md = result.stdout;
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md.length).toBeGreaterThan(50_000);
    const rows = md.split('\n').filter((l) => l.startsWith('| ')).slice(2).map(cells);
    const other = rows.find((r) => /^[\d,]+ other groups$/.test(r[0] ?? '')) ?? [];
    const total = rows.find((r) => r[0] === '**Total**') ?? [];
    const groups = rows.filter((r) => r !== other && r !== total);
    expect(groups.length).toBeGreaterThan(100);
    expect(count((other[0] ?? '').split(' ')[0] ?? '')).toBe(CLI_GROUPS - groups.length);
    // Every count column adds up: shown groups + other groups = Total.
    for (let c = 1; c <= 6; c++) expect(groups.reduce((n, r) => n + count(r[c] ?? ''), count(other[c] ?? ''))).toBe(count(total[c] ?? ''));
    // The most expensive first (the report's order); the others are all cheaper.
    const costs = groups.map((r) => Number((r[7] ?? '').replace(/^USD /, '').replaceAll(',', '')));
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    const average = Number((other[7] ?? '').replace(/^USD /, '').replaceAll(',', '')) / count((other[0] ?? '').split(' ')[0] ?? '');
    expect(average).toBeLessThan(costs.at(-1) ?? 0);
    expect(md).toContain(`${other[0]}: not listed one by one`);
  }, 60_000);

  it('the "other groups" row sums their cost exactly (150,000 groups, in process)', async () => {
    const { renderMarkdown } = await import('../../src/report/render/markdown.ts');
    const { formatCost } = await import('../../src/report/format.ts');
    const { report } = runJson(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--group-by', 'tag:user']);
    const template = report.groups[0];
    const groups = Array.from({ length: GROUPS }, (_, i) => ({ ...template, key: { 'tag:user': `user-${i}` }, requests: 1, cost: { USD: `0.${String(GROUPS - i).padStart(6, '0')}7` } }));
    const totalCost = toPlainString(groups.reduce((s, g) => add(s, parseDecimal(g.cost.USD)), ZERO));
    const md = renderMarkdown({ ...report, groups, totals: { ...report.totals, requests: GROUPS, cost: { USD: totalCost } } });
    expect(md.length).toBeLessThanOrEqual(60_000);
    const rows = md.split('\n').filter((l) => l.startsWith('| ')).slice(2).map(cells);
    const shown = rows.filter((r) => r[0]?.startsWith('user-'));
    expect(shown.map((r) => r[0])).toEqual(groups.slice(0, shown.length).map((g) => g.key['tag:user']));
    const hidden = groups.slice(shown.length);
    const other = rows.find((r) => r[0] === `${(GROUPS - shown.length).toLocaleString('en-US')} other groups`) ?? [];
    expect(other[1]).toBe(hidden.length.toLocaleString('en-US'));
    expect(other.at(-1)).toBe(formatCost({ USD: toPlainString(hidden.reduce((s, g) => add(s, parseDecimal(g.cost.USD)), ZERO)) })[0]);
  });

  it('grouped by day, the groups that fit are the most expensive, shown in time order', async () => {
    const { renderMarkdown } = await import('../../src/report/render/markdown.ts');
    const { report } = runJson(['fixtures/cli/deepseek-cut.jsonl', 'fixtures/cli/mixed-problems.jsonl', ...frozen, '--group-by', 'day,model']);
    // Many copies of the groups, each a day apart, to pass the limit.
    const groups = Array.from({ length: 2000 }, (_, i) => report.groups.map((g: any) => ({ ...g, key: { ...g.key, day: `day-${String(i).padStart(4, '0')}` } }))).flat();
    const big = { ...report, groups };
    const md = renderMarkdown(big);
    expect(md.length).toBeLessThanOrEqual(60_000);
    const shown = md.split('\n').filter((l) => l.startsWith('| day-')).map(cells);
    // In time order…
    expect(shown.map((r) => r[0])).toEqual([...shown.map((r) => r[0])].sort());
    // …and only the priciest model of each copy (gpt-5 first in cost), before any cheaper one.
    const cheapest = report.groups.at(-1).key.model;
    expect(shown.some((r) => r[1] === cheapest)).toBe(false);
  });

  it('long lists below the table are cut with a count, not the groups', async () => {
    const { renderMarkdown } = await import('../../src/report/render/markdown.ts');
    const { report } = runJson(['fixtures/cli/mixed-problems.jsonl', ...frozen]);
    const problems = Array.from({ length: 5000 }, (_, i) => ({ kind: 'rejected', file: 'logs/a-rather-long-file-name.jsonl', line: i + 1, reason: 'not valid JSON: '.padEnd(200, 'x') }));
    const md = renderMarkdown({ ...report, problems, rows: { ...report.rows, rejected: 9000 } });
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md).toMatch(/- … and [\d,]+ more\n/);
    expect(md).toContain('| **Total** |');
    // A group whose key alone passes the limit is summed in the "other groups" row, not printed (and so are the
    // cheaper ones: the table lists the most expensive groups, in a row).
    const huge = { ...report, groups: [{ ...report.groups[0], key: { model: 'x'.repeat(100_000) } }, ...report.groups.slice(1)] };
    const out = renderMarkdown(huge);
    expect(out.length).toBeLessThanOrEqual(60_000);
    expect(out).toContain(`| ${report.groups.length} other groups | ${report.totals.requests} |`);
  });
});

// The views (week, session, project, blocks, --breakdown, --project) end to end in-process on the
// Claude Code fixture tree, and every default table fitted to 80 columns.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, type AuditOptions } from './index.ts';
import { add, parseDecimal, toPlainString, type Decimal } from '../core/money.ts';
import { loadCatalogue } from '../pricing/load.ts';
import type { Report, ReportGroup } from '../report/contract.ts';
import { renderTable } from '../report/render/table.ts';
import { decodeProject, projectFolderOf, projectMatches } from '../ingest/agents/claude-code/project.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const catalogue = loadCatalogue([join(ROOT, 'pricing')]);
const TREE = join(ROOT, 'fixtures/cli/claude-tree');
const NOW = Date.parse('2026-08-20T12:00:00Z');

function report(options: Partial<AuditOptions>): Promise<Report> {
  return audit({ paths: [TREE], catalogue, groupBy: ['model'], compare: [], problemLimit: 50, threads: 1, now: NOW, ...options });
}

function costSum(groups: readonly ReportGroup[]): Record<string, string> {
  const out = new Map<string, Decimal>();
  for (const g of groups) for (const [c, a] of Object.entries(g.cost)) out.set(c, add(out.get(c) ?? parseDecimal('0'), parseDecimal(a)));
  return Object.fromEntries([...out].map(([c, a]) => [c, toPlainString(a)]));
}

describe('Claude Code projects', () => {
  it('are the projects/ folder, decoded to the path the cwd gives where it matches', () => {
    expect(projectFolderOf('/h/.claude/projects/-Users-dev-app/s.jsonl', 'projects')).toBe('-Users-dev-app');
    expect(projectFolderOf('C:\\h\\.claude\\projects\\-C-w\\a\\subagents\\x.jsonl', 'projects')).toBe('-C-w');
    expect(projectFolderOf('/logs/session.jsonl', 'projects')).toBeUndefined();
    expect(decodeProject('-Users-dev-my-app', '/Users/dev/my.app/src')).toBe('/Users/dev/my.app');
    expect(decodeProject('-Users-dev-app', '/elsewhere')).toBe('-Users-dev-app');
    expect(decodeProject('-Users-dev-app', undefined)).toBe('-Users-dev-app');
    expect(projectMatches('/Users/dev/my.app', '-Users-dev-my-app')).toBe(true);
    expect(projectMatches('/Users/dev/my.app', '/Users/dev/my.app')).toBe(true);
    expect(projectMatches('/Users/dev/my.app', 'my.app')).toBe(false);
    expect(projectMatches(undefined, 'x')).toBe(false);
  });
});

describe('views', () => {
  it('session and project group Claude Code by sessionId and project folder; other logs under (none)', async () => {
    const r = await report({ groupBy: ['project', 'session'] });
    const keys = r.groups.map((g) => `${g.key.project} ${g.key.session}`).sort();
    expect(keys).toContain('/Users/dev/app sess-1');
    expect(keys.filter((k) => k.startsWith('-Users-dev-tools '))).toHaveLength(2);
    // The Codex rollouts of the fixture have no session_meta: no session, no cwd.
    expect(keys).toContain('(none) (none)');
    expect(costSum(r.groups)).toEqual(r.totals.cost);
  });

  it('--project keeps one project, by its path or its folder name; the rest is skipped', async () => {
    const all = await report({ groupBy: ['project'] });
    const app = all.groups.find((g) => g.key.project === '/Users/dev/app');
    const byPath = await report({ project: '/Users/dev/app' });
    const byFolder = await report({ project: '-Users-dev-app' });
    expect(byPath.totals).toEqual(byFolder.totals);
    expect(byPath.totals.cost).toEqual(app?.cost);
    expect(byPath.rows.read).toBe(all.rows.read);
    expect(byPath.skipped.find((s) => s.reason === 'not in --project')?.rows).toBe(all.rows.priced - (app?.requests ?? 0));
    expect(byPath.options.project).toBe('/Users/dev/app');
  });

  it('weeks start on Monday, or on --week-start, in --tz', async () => {
    const monday = await report({ groupBy: ['week'] });
    expect(monday.groups.map((g) => g.key.week)).toEqual(['2026-01-05', '2026-05-11', '2026-06-29', '2026-07-27', '2026-08-17']);
    const sunday = await report({ groupBy: ['week'], weekStart: 0, timeZone: 'Pacific/Auckland' });
    expect(sunday.options.weekStart).toBe('sunday');
    expect(sunday.groups.map((g) => g.key.week)).toEqual(['2026-01-04', '2026-05-10', '2026-06-28', '2026-07-26', '2026-08-16']);
    expect(sunday.totals.cost).toEqual(monday.totals.cost);
  });

  it('--breakdown nests each row\'s models, summing to the row exactly', async () => {
    const r = await report({ groupBy: ['day'], breakdown: true });
    const plain = await report({ groupBy: ['day'] });
    expect(r.groups.map((g) => ({ ...g, breakdown: undefined }))).toEqual(plain.groups.map((g) => ({ ...g, breakdown: undefined })));
    for (const g of r.groups) {
      const subs = g.breakdown ?? [];
      expect(subs.length).toBeGreaterThan(0);
      expect(subs.every((s) => s.key.day === g.key.day && typeof s.key.model === 'string')).toBe(true);
      expect(costSum(subs)).toEqual(g.cost);
      expect(subs.reduce((n, s) => n + s.requests, 0)).toBe(g.requests);
      expect(subs.reduce((n, s) => n + s.tokens.cacheRead, 0)).toBe(g.tokens.cacheRead);
    }
    expect(r.groups.find((g) => g.key.day === '2026-01-05')?.breakdown?.map((s) => s.key.model)).toEqual(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001']);
  });

  it('blocks: 5-hour blocks from the first request\'s hour, the active one with its burn rate, projection and limit', async () => {
    const r = await report({ groupBy: ['block'], tokenLimit: 'max', now: Date.parse('2026-08-20T12:00:00Z') });
    const blocks = r.blocks;
    expect(blocks?.list.map((b) => b.key)).toEqual(['2026-01-05T10:00Z', '2026-05-12T08:00Z', '2026-07-02T08:00Z', '2026-08-01T10:00Z', '2026-08-20T10:00Z']);
    expect(r.groups.map((g) => g.key.block)).toEqual(blocks?.list.map((b) => b.key));
    const active = blocks?.list.filter((b) => b.active) ?? [];
    expect(active.map((b) => b.key)).toEqual(['2026-08-20T10:00Z']);
    const a = active[0];
    expect(a?.end).toBe('2026-08-20T15:00:00.000Z');
    expect(a?.burnRate?.tokensPerMinute).toBeGreaterThan(0);
    expect(a?.projection?.remainingMinutes).toBe(180);
    expect(a?.projection?.tokens).toBeGreaterThan(a?.tokens ?? 0);
    // max: the largest completed block.
    expect(blocks?.tokenLimit).toBe(Math.max(...(blocks?.list.filter((b) => !b.active).map((b) => b.tokens) ?? [])));
    expect(blocks?.list.find((b) => b.tokens === blocks.tokenLimit)?.limit?.percentUsed).toBe('100.00');
    expect(blocks?.tokens).toBe(blocks?.list.reduce((n, b) => n + b.tokens, 0));
    expect(costSum(r.groups)).toEqual(r.totals.cost);
    // Later, nothing is active; in a zone, keys are wall times with the offset.
    const later = await report({ groupBy: ['block'], now: Date.parse('2026-08-21T12:00:00Z'), timeZone: 'Europe/Berlin' });
    expect(later.blocks?.list.some((b) => b.active)).toBe(false);
    expect(later.blocks?.list[0]?.key).toBe('2026-01-05T11:00+01:00');
    expect(later.blocks?.list.at(-1)?.key).toBe('2026-08-20T12:00+02:00');
  });
});

describe('short counts', () => {
  it('fit 6 characters', async () => {
    const { formatShortCount } = await import('../report/format.ts');
    expect([999, 9_999, 12_345, 999_999, 1_000_000, 158_165_158, 2.5e9].map(formatShortCount)).toEqual(['999', '9,999', '12.3k', '1.0M', '1.0M', '158M', '2.5B']);
  });
});

describe('tables at 80 columns', () => {
  const widest = (text: string): number => Math.max(...text.split('\n').filter((l) => /[│┌└]/.test(l)).map((l) => [...l].length));

  it('every default table fits 80 columns in the compact layout', async () => {
    const paths = [TREE, join(ROOT, 'fixtures/cli/typo-model.jsonl')];
    const cases: Partial<AuditOptions>[] = [
      { groupBy: ['model'] },
      { groupBy: ['project', 'session'], breakdown: true },
      { groupBy: ['block'], tokenLimit: 'max' },
      { groupBy: ['day'], compare: ['gpt-5', 'deepseek-chat'], scenarios: [{ name: 'swap', rules: [{ pattern: 'claude-*', target: 'gpt-5' }] }] },
      { groupBy: ['model'], compare: ['gpt-5', 'deepseek-chat', 'gpt-4o-mini'] },
      { groupBy: ['month', 'project', 'session'], breakdown: true, compare: ['gpt-5'], conversion: undefined },
      { paths: ['/work/shared/samples', TREE].filter((p) => p !== '/work/shared/samples' || existsSync(p)), groupBy: ['day'], compare: ['gpt-5', 'qwen3-max'] },
    ];
    for (const c of cases) {
      const r = await report({ paths, ...c });
      const text = renderTable(r, { color: false, width: 80, compact: true });
      expect(widest(text), text).toBeLessThanOrEqual(80);
      expect(text).toContain('Compact: ');
      const wide = renderTable(r, { color: false });
      expect(wide).not.toContain('Compact: ');
    }
  });
});

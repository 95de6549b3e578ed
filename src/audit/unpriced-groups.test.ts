// Unpriced records are grouped like priced ones, and a worker thread's share of them crosses to the
// main thread (wire.ts) with nothing lost: the same unpriced groups as one thread reading it all.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestSources, type Source } from '../ingest/index.ts';
import { loadCatalogue } from '../pricing/load.ts';
import { buildReport } from '../report/build.ts';
import { createTokenCounter } from '../tokens/index.ts';
import { ingestOptions, type WorkerOptions } from './options.ts';
import { AuditRun } from './run.ts';
import { absorb, toWire } from './wire.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const catalogue = loadCatalogue([join(ROOT, 'fixtures/pricing/frozen')]);
const options: WorkerOptions = { groupBy: ['month', 'provider', 'tag:team'], compare: [], problemLimit: 5, trackMonths: false };
const dir = mkdtempSync(join(tmpdir(), 'llm-audit-unpriced-'));

/** LiteLLM spend rows: a priced and an unknown model, some with a logged cost (spend) and some without. */
function log(name: string, from: number, to: number): Source {
  const lines = [];
  for (let i = from; i < to; i++) {
    const row: Record<string, unknown> = { request_id: `r${i}`, call_type: 'acompletion', startTime: `2025-${i % 2 ? '09' : '10'}-0${1 + (i % 5)} 10:00:00`, model: i % 3 ? 'mystery-model' : 'gpt-5', team_id: `team-${i % 4}`, prompt_tokens: 100 + i, completion_tokens: i };
    if (i % 5) row.spend = `0.00${i}`;
    lines.push(JSON.stringify(row));
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { label: path, path, size: statSync(path).size, mtimeMs: 0 };
}

async function read(sources: Source[]): Promise<AuditRun> {
  const run = new AuditRun(options, catalogue, createTokenCounter());
  await ingestSources(sources, ingestOptions(options, () => undefined), (e) => run.consume(e));
  return run;
}

function report(run: AuditRun) {
  return buildReport({
    version: 'test',
    options: { groupBy: options.groupBy, timeZone: 'UTC', since: null, until: null, asOf: null, compare: [], region: null, serviceTier: null, currency: null },
    rows: run.rows,
    usage: run.usage,
    timestamps: run.timestamps,
    groups: run.groups.drain(),
    whatIf: [],
    unpriced: run.unpriced.listed(() => ({ reason: 'unknown', suggestions: [] })),
    unpricedGroups: run.unpricedGroups.drain(),
    problems: [],
    problemsTotal: 0,
    skipped: [],
    pricing: { hash: '', files: [], overrides: [], fx: [] },
    notes: [],
  });
}

describe('unpriced groups', () => {
  it('by --group-by key and logged currency, provider "(unknown)"; the same when a worker sends its share over the wire', async () => {
    const a = log('a.jsonl', 0, 40);
    const b = log('b.jsonl', 40, 100);
    const whole = report(await read([a, b]));
    const main = await read([a]);
    absorb(main, structuredClone(toWire(await read([b]))), catalogue);
    const merged = report(main);
    expect(merged.unpricedGroups).toEqual(whole.unpricedGroups);
    expect(merged.totals.unpriced).toEqual(whole.totals.unpriced);
    expect(whole.rows.unpriced).toBeGreaterThan(50);
    expect(whole.totals.unpriced.requests).toBe(whole.rows.unpriced);
    expect(whole.unpricedGroups.every((g) => g.key.provider === '(unknown)')).toBe(true);
    // Rows with and without a logged cost are two lines of one group.
    const group = whole.unpricedGroups.find((g) => g.key.month === '2025-09' && g.key['tag:team'] === 'team-1');
    expect(group?.byCurrency.map((l) => l.currency)).toEqual(['USD', null]);
    expect(group?.requests).toBe((group?.byCurrency ?? []).reduce((n, l) => n + l.requests, 0));
    expect(group?.logged?.requests).toBe(group?.byCurrency[0]?.requests);
    // Grouped by month first: in time order.
    expect(whole.unpricedGroups.map((g) => g.key.month)).toEqual([...whole.unpricedGroups.map((g) => g.key.month)].sort());
  });
});

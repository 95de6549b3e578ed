// Coding-agent logs written more than once (resumed sessions, sidechain and subagent replays, forked
// and copied Codex rollouts) are counted once. Each case is one of ccusage's own test cases,
// rebuilt as our own sample-shaped fixture under fixtures/agents/, with ccusage's expected totals.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit/index.ts';
import { ingestOptions, type WorkerOptions } from '../src/audit/options.ts';
import { AuditRun } from '../src/audit/run.ts';
import { absorb, toWire } from '../src/audit/wire.ts';
import { ingestSources, isCopyReason, replayFamily, resolveSources, type Source } from '../src/ingest/index.ts';
import { loadCatalogue } from '../src/pricing/load.ts';
import type { Report } from '../src/report/contract.ts';
import { renderMarkdown } from '../src/report/render/markdown.ts';
import { renderTable } from '../src/report/render/table.ts';
import { createTokenCounter } from '../src/tokens/index.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const AGENTS = join(ROOT, 'fixtures/agents');
const catalogue = loadCatalogue([join(ROOT, 'pricing')]);

async function run(dir: string, groupBy: Report['options']['groupBy'] = ['model']): Promise<Report> {
  return audit({ paths: [join(AGENTS, dir)], catalogue, groupBy, compare: [], problemLimit: 100, timeZone: 'UTC' });
}

/** ccusage's token fields: input includes cached input for Codex (OpenAI semantics). */
function tokens(r: Report) {
  const t = r.totals.tokens;
  const unpriced = r.totals.unpriced.tokens;
  return {
    requests: r.totals.requests + r.totals.unpriced.requests,
    input: t.input + unpriced.input,
    cacheRead: t.cacheRead + unpriced.cacheRead,
    cacheWrite: t.cacheWrite + unpriced.cacheWrite,
    output: t.output + unpriced.output,
    reasoning: t.reasoning + unpriced.reasoning,
  };
}

describe('Claude Code: a response copied into several files or lines is counted once', () => {
  it("resume/continue: the same message.id + requestId in two session files of one project (ccusage 'should deduplicate entries with same message and request IDs', '… across sessions')", async () => {
    const r = await run('claude-resume');
    expect(tokens(r)).toMatchObject({ requests: 1, input: 100, output: 50 });
    expect(r.copies).toBe(1);
    const line = '1 of the skipped rows was a copy of requests already counted';
    expect(renderTable(r, { color: false })).toContain(line);
    expect(renderMarkdown(r)).toContain(line);
  });

  it("newer/older copies across files: ccusage keeps the copy with more tokens, 200/100 on 2025-01-15 ('keeps the duplicate with more usage tokens across files'); here the first in path order, newer.jsonl", async () => {
    const r = await run('claude-newer-older', ['day']);
    expect(tokens(r)).toMatchObject({ requests: 1, input: 200, output: 100 });
    expect(r.groups.map((g) => g.key.day)).toEqual(['2025-01-15']);
    expect(r.copies).toBe(1);
  });

  it("the most complete line of one response in a file ('keeps the most complete duplicate usage entry'): 100 in, 250 out", async () => {
    expect(tokens(await run('claude-complete'))).toMatchObject({ requests: 1, input: 100, output: 250, cacheWrite: 10, cacheRead: 5 });
  });

  it("no requestId: deduped by message.id ('deduplicates entries with the same message id when request id is missing'): 200/100", async () => {
    expect(tokens(await run('claude-no-request-id'))).toMatchObject({ requests: 1, input: 200, output: 100 });
  });

  it("a sidechain replay after its parent line ('keeps_parent_usage_when_sidechain_replays_message_with_new_request_id'): parent 20 + answer 700 cache reads", async () => {
    const r = await run('claude-sidechain-in-order');
    expect(tokens(r)).toMatchObject({ requests: 2, cacheRead: 720, output: 40 });
    expect(r.copies).toBe(1);
  });

  it("a sidechain replay BEFORE its parent line ('refreshes_dedupe_indexes_when_parent_replaces_sidechain_replay'): the parent's 20 cache reads, not the replay's 50,000", async () => {
    const r = await run('claude-sidechain-out-of-order');
    expect(tokens(r)).toMatchObject({ requests: 1, cacheRead: 20, output: 10 });
    expect(r.copies).toBe(1);
  });

  it("agent progress events nest a subagent's line: counted once with the subagent file ('keeps_nested_agent_progress_in_daily_model_order'); usage.speed 'fast' is priced at the fast tier", async () => {
    const r = await run('claude-progress', ['model']);
    expect(tokens(r)).toMatchObject({ requests: 3, input: 60, output: 6 });
    expect(r.copies).toBe(1);
    expect(r.groups.map((g) => [g.key.model, g.requests]).sort()).toEqual([
      ['claude-haiku-4-5-20251001', 1],
      ['claude-opus-4-6', 2],
    ]);
    // Opus 4.6 at $5 / $25 per MTok (since 2026-03-13), fast mode 6x: 10 in + 1 out fast = 0.00045, 30 in + 3 out = 0.000225.
    // Haiku 4.5 at $1 / $5: 20 in + 2 out = 0.00003.
    expect(r.totals.cost).toEqual({ USD: '0.000705' });
  });
});

describe('Codex: replayed and copied history is counted once', () => {
  it("a branch copies its parent's history ('dedupes_copied_branch_history_across_session_files'): 1000/100/200/20 + 600/200/250/20", async () => {
    const r = await run('codex-branch');
    expect(tokens(r)).toMatchObject({ requests: 2, input: 1600 - 300, cacheRead: 300, output: 450, reasoning: 40 });
  });

  it("a thread_spawn subagent replays its parent's token_counts at its creation second ('skips_replayed_parent_token_history_in_thread_spawn_subagent_files'): 2 parent + 2 subagent turns", async () => {
    const r = await run('codex-subagent', ['model', 'tag:session']);
    expect(tokens(r)).toMatchObject({ requests: 4, input: 1650 - 165, cacheRead: 165, output: 330 });
    expect(r.copies).toBe(2);
    // The subagent's second turn names no model: the first one's info.model carries over (no turn_context in that file).
    expect(r.groups.map((g) => [g.key['tag:session'], g.key.model, g.requests]).sort()).toEqual([
      ['parent-xyz', 'gpt-5.2', 2],
      ['subagent-abc', 'gpt-5.2', 2],
    ]);
  });

  it("the skipped replay still sets the cumulative base ('keeps_cumulative_baseline_when_skipping_subagent_replay'): 100/10/20", async () => {
    expect(tokens(await run('codex-subagent-baseline'))).toMatchObject({ requests: 1, input: 90, cacheRead: 10, output: 20 });
  });

  it("three subagent files replaying one parent ('skips_replayed_history_across_multiple_subagent_files'): 1000 + 50 + 75 + 25 input", async () => {
    const r = await run('codex-subagents');
    const t = tokens(r);
    expect(t.requests).toBe(4);
    expect(t.input + t.cacheRead).toBe(1150);
    expect(r.copies).toBe(6);
  });

  it("one last_token_usage line copied into two rollouts ('dedupes_copied_token_usage_across_session_files'): 1000/100/200/20 once, model from info.model", async () => {
    const r = await run('codex-copied-turn');
    expect(tokens(r)).toMatchObject({ requests: 1, input: 900, cacheRead: 100, output: 200, reasoning: 20 });
    expect(r.groups.map((g) => g.key.model)).toEqual(['gpt-5.2']);
  });

  it("codex exec --json output ('loads_saved_codex_exec_json_usage'): turn.completed and result events, 120/20/30 + 50/5/12 + 9/0/4", async () => {
    const r = await run('codex-exec');
    expect(tokens(r)).toMatchObject({ requests: 3, input: 179 - 25, cacheRead: 25, output: 46, reasoning: 1 });
    expect(r.rows).toMatchObject({ read: 6, skipped: 3, rejected: 0 });
  });
});

describe('cross-file dedupe does not depend on how the run is shared', () => {
  const options: WorkerOptions = { groupBy: ['day', 'model'], compare: [], problemLimit: 100, trackMonths: false, timeZone: 'UTC' };
  const read = async (sources: Source[]): Promise<AuditRun> => {
    const r = new AuditRun(options, catalogue, createTokenCounter());
    await ingestSources(sources, ingestOptions(options, () => undefined), (e) => r.consume(e));
    return r;
  };
  const summary = (r: AuditRun) => ({
    rows: { ...r.rows },
    copies: [...r.skippedReasons].reduce((n, [reason, rows]) => (isCopyReason(reason) ? n + rows : n), 0),
    // `index` is the group's slot in this ledger (per-group what-if): it depends on arrival order, not on what was counted.
    groups: [...r.groups.drain()].map((g) => JSON.stringify(g, (k, v: unknown) => (k === 'index' ? undefined : typeof v === 'bigint' ? String(v) : v))).sort(),
  });

  it('one thread reading every family = families read apart (as worker threads claim them) and merged, in either order', async () => {
    const sources = await resolveSources([AGENTS]);
    const whole = summary(await read(sources));
    const families = new Map<string, Source[]>();
    for (const s of sources) families.set(replayFamily(s.label), [...(families.get(replayFamily(s.label)) ?? []), s]);
    expect(families.size).toBe(2); // projects/-home-dev-app (every Claude Code fixture) and the rest
    for (const order of [[...families.values()], [...families.values()].reverse()]) {
      const [first, ...rest] = order;
      const main = await read(first ?? []);
      for (const family of rest) absorb(main, structuredClone(toWire(await read(family))), catalogue);
      expect(summary(main)).toEqual(whole);
    }
    expect(whole.copies).toBeGreaterThan(10);
  });
});

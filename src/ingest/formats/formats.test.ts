// The formats' edge cases, one fixture per scenario under fixtures/logs (hand-made: each covers a
// quirk of formats.md that no public sample shows), and the options that shape reading.
import { describe, expect, it } from 'vitest';
import { emptyBuckets, type RawRecord, type TokenBuckets } from '../../core/types.ts';
import { UsageError } from '../../errors.ts';
import { FORMAT_NAMES, FORMATS, ingest, type IngestEvent, type IngestOptions } from '../index.ts';
import { FORMAT_SPECS } from './index.ts';
import { KeepLast, newRunState } from '../replay/dedupe.ts';

const LOGS = new URL('../../../fixtures/logs/', import.meta.url).pathname;
const DEFAULT_TIME = Date.UTC(2025, 5, 1);
const DEFAULT_ISO = '2025-06-01T00:00:00.000Z';

async function collect(paths: string[], options: IngestOptions = {}): Promise<IngestEvent[]> {
  const events: IngestEvent[] = [];
  await ingest(paths, { defaultTime: DEFAULT_TIME, ...options }, (e) => events.push(e));
  return events;
}

const t = (input: number, cacheRead: number, cacheWrite5m: number, cacheWrite1h: number, output: number, reasoning: number, extra: Partial<TokenBuckets> = {}) => ({ ...emptyBuckets(), input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning, ...extra });
const fileOf = (e: IngestEvent): string => (e.kind === 'record' ? e.record.where.file : e.problem.file).slice(LOGS.length);
const lineOf = (e: IngestEvent): number => (e.kind === 'record' ? e.record.where.line : e.problem.line);

/** [file, line, …]: records with format, model, time, tokens and extras; problems with kind and reason. */
function view(e: IngestEvent): unknown[] {
  if (e.kind !== 'record') return [fileOf(e), e.problem.line, e.kind, e.problem.reason];
  const r: RawRecord = e.record;
  const extras: Record<string, unknown> = {};
  if (r.serviceTier) extras.serviceTier = r.serviceTier;
  if (r.requests !== 1) extras.requests = r.requests;
  if (r.loggedCost) extras.cost = `${r.loggedCost.amount} ${r.loggedCost.currency}`;
  if (r.tags) extras.tags = r.tags;
  return [fileOf(e), r.where.line, r.format, r.model, new Date(r.timestamp).toISOString(), r.tokens, extras];
}

const sorted = (events: IngestEvent[]): unknown[][] => [...events].sort((a, b) => fileOf(a).localeCompare(fileOf(b)) || lineOf(a) - lineOf(b)).map(view);

describe('Claude Code project tree', () => {
  it('reads subagent folders; keeps the last line per message (requestId or not); drops a sidechain replay, <synthetic> and API-error lines', async () => {
    const dir = 'claude-code-project/-Users-dev-app/';
    const main = `${dir}sess-1.jsonl`;
    const sub = `${dir}sess-1/subagents/agent-a1.jsonl`;
    const tags = { session: 'sess-1', project: '/Users/dev/app', git_branch: 'main' };
    const partial = 'superseded by a later line of the same message (streaming partial)';
    expect(sorted(await collect([LOGS + 'claude-code-project']))).toEqual([
      [main, 1, 'skipped', 'a Claude Code user line: no usage, nothing to price'],
      [main, 2, 'skipped', partial],
      [main, 3, 'claude-code', 'claude-sonnet-4-5-20250929', '2026-01-05T10:00:04.000Z', t(3, 5000, 200, 0, 300, 0), { tags }],
      [main, 4, 'skipped', 'a <synthetic> message (written by Claude Code itself: an error or limit notice): not billed'],
      [main, 5, 'skipped', 'a Claude Code line without usage (skipped before parsing): nothing to price'],
      [main, 6, 'skipped', 'a Claude Code line without usage (skipped before parsing): nothing to price'],
      // No requestId (a proxied model): deduped by message.id alone.
      [main, 7, 'skipped', partial],
      [main, 8, 'claude-code', 'claude-sonnet-4-5-20250929', '2026-01-05T10:01:02.000Z', t(10, 0, 0, 0, 80, 0), { tags }],
      [main, 9, 'skipped', 'a Claude Code line without usage (skipped before parsing): nothing to price'],
      [main, 10, 'skipped', 'an error response (an "error" object and no usage): not billed; the line is skipped'],
      // The subagent file replays msg_A under another requestId: already counted in the parent session.
      [sub, 1, 'skipped', 'a copy: a sidechain replay of a message already counted under another requestId: counted once, from the main chain'],
      [sub, 2, 'skipped', partial],
      [sub, 3, 'claude-code', 'claude-haiku-4-5-20251001', '2026-01-05T10:00:15.000Z', t(50, 100, 0, 0, 700, 0), { tags: { ...tags, agent: 'a1' } }],
    ]);
  });

  it('a sidechain copy read alone (its parent not in the run) is counted', async () => {
    const events = await collect([LOGS + 'claude-code-project/-Users-dev-app/sess-1/subagents/agent-a1.jsonl']);
    expect(events.filter((e) => e.kind === 'record').map(lineOf)).toEqual([1, 3]);
  });

  it('keep-last holds a bounded window: a response whose key returns after eviction is counted once', () => {
    const spec = FORMAT_SPECS['claude-code'];
    if (spec.shape !== 'json' || !spec.dedupe) throw new Error('claude-code has a dedupe spec');
    const keep = new KeepLast(spec.dedupe, newRunState(), 2);
    const rec = (line: number) => ({ kind: 'record' as const, record: { where: { file: 'f', line }, format: 'claude-code', model: 'm', timestamp: 0, timeSource: 'logged' as const, requests: 1 } });
    const line = (id: string) => ({ requestId: id });
    const emitted: IngestEvent[] = [];
    emitted.push(...keep.offer(line('a'), rec(1)), ...keep.offer(line('b'), rec(2)), ...keep.offer(line('c'), rec(3)));
    // 'a' was evicted (released as a record) when 'c' arrived; its late repeat is skipped.
    expect(emitted.map((e) => [e.kind, lineOf(e)])).toEqual([['record', 1]]);
    expect(keep.offer(line('a'), rec(4)).map((e) => [e.kind, lineOf(e)])).toEqual([['skipped', 4]]);
    expect(keep.end().map((e) => [e.kind, lineOf(e)])).toEqual([
      ['record', 2],
      ['record', 3],
    ]);
  });
});

describe('Codex rollouts', () => {
  it('a fork with forked_from_id replays its parent with rewritten timestamps: the replayed prefix is skipped; a later turn_context changes the model', async () => {
    const parent = 'codex-fork/rollout-2026-05-01T10-00-00-aaa.jsonl';
    const fork = 'codex-fork/rollout-2026-05-01T11-00-00-bbb.jsonl';
    const events = await collect([LOGS + parent, LOGS + fork]);
    const records = events.filter((e) => e.kind === 'record').map(view);
    expect(records).toEqual([
      [parent, 3, 'codex', 'gpt-5', '2026-05-01T10:00:05.000Z', t(1000, 0, 0, 0, 100, 10), { tags: { session: 'aaa', project: '/work/app' } }],
      [parent, 4, 'codex', 'gpt-5', '2026-05-01T10:01:00.000Z', t(1100, 900, 0, 0, 50, 0), { tags: { session: 'aaa', project: '/work/app' } }],
      [fork, 6, 'codex', 'gpt-5-codex', '2026-05-01T11:05:00.000Z', t(600, 2900, 0, 0, 80, 0), { tags: { session: 'bbb', project: '/work/app' } }],
    ]);
    const replays = events.filter((e) => e.kind === 'skipped' && e.problem.reason.startsWith('a copy: replays cumulative totals'));
    expect(replays.map((e) => `${fileOf(e)}:${lineOf(e)}`)).toEqual([`${fork}:3`, `${fork}:4`]);
    expect(events).toHaveLength(4 + 6);
  });

  it('legacy totals only: deltas, a rate-limit-only event, a repeat, and a restarted counter', async () => {
    const file = 'codex-fork/rollout-legacy.jsonl';
    const model = '(no model: Codex rollout without turn_context)';
    const tags = { session: 'old', project: '/work/old' };
    expect(sorted(await collect([LOGS + file]))).toEqual([
      [file, 1, 'skipped', 'a Codex session_meta line: no token usage, nothing to price'],
      [file, 2, 'codex', model, '2025-09-02T08:00:10.000Z', t(400, 100, 0, 0, 40, 0), { tags }],
      [file, 3, 'skipped', 'a Codex token_count without info (rate limits only): no usage'],
      [file, 4, 'skipped', 'repeats the previous token_count (cumulative totals unchanged): already counted'],
      // 1300 − 500 input of which 600 − 100 cached; 100 − 40 output of which 20 reasoning.
      [file, 5, 'codex', model, '2025-09-02T08:00:30.000Z', t(300, 500, 0, 0, 60, 20), { tags }],
      // The total fell (200 < 1300): the counter restarted, so the total is the turn.
      [file, 6, 'codex', model, '2025-09-02T08:10:00.000Z', t(200, 0, 0, 0, 10, 0), { tags }],
    ]);
  });

  it('--default-model replaces the placeholder of a rollout without turn_context', async () => {
    const events = await collect([LOGS + 'codex-fork/rollout-legacy.jsonl'], { defaultModel: 'gpt-5-codex' });
    expect(new Set(events.flatMap((e) => (e.kind === 'record' ? [e.record.model] : [])))).toEqual(new Set(['gpt-5-codex']));
  });
});

describe('provider shapes', () => {
  it('gemini-stream.jsonl: chunks of one responseId keep the last; snake_case; tool-use prompt tokens billed as input; omitted zero counts', async () => {
    const file = 'gemini-stream.jsonl';
    expect(sorted(await collect([LOGS + file]))).toEqual([
      [file, 1, 'skipped', 'superseded by a later chunk of the same response (streaming: each chunk carries the running usage)'],
      // 40 candidates + 200 thoughts.
      [file, 2, 'gemini', 'gemini-2.5-flash', DEFAULT_ISO, t(100, 0, 0, 0, 240, 200), {}],
      // 2000 prompt − 1500 cached + 12 tool-use prompt; 30 candidates + 70 thoughts.
      [file, 3, 'gemini', 'gemini-2.5-pro', '2025-06-01T00:00:00.000Z', t(512, 1500, 0, 0, 100, 70), {}],
      // No candidatesTokenCount at all (proto3 omits zero): output is the thoughts.
      [file, 4, 'gemini', 'gemini-2.5-flash', '2025-06-01T00:00:01.500Z', t(10, 0, 0, 0, 5, 5), {}],
    ]);
  });

  it('usage-api-grouped.jsonl: a bucket grouped by model is one row per result; batch: true → batch tier; the "result" spelling', async () => {
    const file = 'usage-api-grouped.jsonl';
    expect(sorted(await collect([LOGS + file]))).toEqual([
      [file, 1, 'openai-usage-api', 'gpt-4o-mini-2024-07-18', '2025-01-12T00:00:00.000Z', t(4000, 1000, 0, 0, 700, 0), { requests: 12, tags: { project: 'proj_1' } }],
      [file, 1, 'openai-usage-api', 'gpt-4o-2024-08-06', '2025-01-12T00:00:00.000Z', t(800, 0, 0, 0, 90, 0), { serviceTier: 'batch', requests: 2, tags: { project: 'proj_1', api_key: 'key_1' } }],
      [file, 2, 'openai-usage-api', 'gpt-4o-mini-2024-07-18', '2025-01-13T00:00:00.000Z', t(10, 20, 0, 0, 1, 0), {}],
    ]);
  });

  it('batch-errors.jsonl: errored / canceled / expired Anthropic results and failed OpenAI batch lines are skipped', async () => {
    const file = 'batch-errors.jsonl';
    const events = await collect([LOGS + file]);
    expect(events.map(view)).toEqual([
      [file, 1, 'skipped', 'an Anthropic batch request that errored: not billed; the line is skipped'],
      [file, 2, 'skipped', 'an Anthropic batch request that canceled: not billed; the line is skipped'],
      [file, 3, 'skipped', 'an Anthropic batch request that expired: not billed; the line is skipped'],
      [file, 4, 'skipped', 'a failed batch request (response.body.error): not billed; the line is skipped'],
      [file, 5, 'skipped', 'an error response (an "error" object and no usage): not billed; the line is skipped'],
    ]);
  });

  it('dashscope-explicit-cache.jsonl: cache_creation_input_tokens is inside prompt_tokens (5m writes); a later read of it', async () => {
    const file = 'dashscope-explicit-cache.jsonl';
    expect(sorted(await collect([LOGS + file]))).toEqual([
      [file, 1, 'dashscope', 'qwen3-max', '2025-06-15T15:06:40.000Z', t(200, 0, 4800, 0, 50, 0), {}],
      [file, 2, 'dashscope', 'qwen3-max', '2025-06-15T15:07:40.000Z', t(210, 4800, 0, 0, 60, 0), {}],
    ]);
  });

  it('DashScope native with --default-model: the named model instead of the placeholder', async () => {
    const events = await collect([new URL('../../../fixtures/samples/dashscope-qwen.jsonl', import.meta.url).pathname], { defaultModel: 'qwen-plus' });
    expect(events.map((e) => (e.kind === 'record' ? e.record.model : e.kind))).toEqual(['qwen-plus', 'qwen-plus', 'qwen-plus']);
  });
});

describe('gateway exports', () => {
  it('litellm-spendlogs.csv: the metadata JSON cell gives cache and reasoning counts; cache hits and failures skipped; exponent spend expanded', async () => {
    const file = 'litellm-spendlogs.csv';
    expect(sorted(await collect([LOGS + file]))).toEqual([
      [
        file,
        2,
        'litellm-spendlogs',
        'claude-sonnet-4-5-20250929',
        '2025-05-01T08:00:00.123Z',
        // prompt 1500 includes 1000 cache reads and 300 cache writes; completion 20 includes 5 reasoning.
        t(200, 1000, 300, 0, 20, 5),
        {
          cost: '0.0012 USD',
          tags: { team: 'team-1', user: 'alice', api_key_alias: 'ci-key', api_key: '88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b', request_tags: 'prod,nightly' },
        },
      ],
      [file, 3, 'skipped', 'served from the LiteLLM cache (cache_hit): no provider call, not billed; the row is skipped'],
      [file, 4, 'skipped', 'a failed request (status "failure"): not billed; the row is skipped'],
      [file, 5, 'litellm-spendlogs', 'gpt-4o-mini', '2025-05-01T08:03:00.000Z', t(10, 0, 0, 0, 20, 0), { cost: '0.000054999999999999995 USD', tags: { end_user: 'bob' } }],
    ]);
  });

  it('helicone-export.csv: every cell quoted, properties JSON → property.* tags, quoted thousands, empty cost', async () => {
    const file = 'helicone-export.csv';
    expect(sorted(await collect([LOGS + file]))).toEqual([
      [file, 2, 'helicone', 'gpt-4o-mini', '2025-05-01T10:00:00.000Z', t(120, 0, 0, 0, 30, 0), { cost: '0.000036 USD', tags: { user: 'u1', 'property.team': 'search' } }],
      [file, 3, 'helicone', 'gpt-4o', '2025-05-01T10:05:00.000Z', t(1200, 0, 0, 0, 10, 0), {}],
    ]);
  });

  it('openrouter-generations.csv: tokens_cached inside tokens_prompt, reasoning inside completion, naive created_at', async () => {
    const file = 'openrouter-generations.csv';
    expect(sorted(await collect([LOGS + file]))).toEqual([
      [file, 2, 'openrouter-generations', 'openai/gpt-oss-120b', '2026-06-28T03:46:57.713Z', t(200, 1000, 0, 0, 300, 100), { cost: '0.0021 USD', tags: { api_key_alias: 'dev-key', app: 'my-app', provider: 'Groq' } }],
    ]);
  });

  it('langfuse-observations.jsonl: exclusive usageDetails (cached apart, reasoning added to output); non-generations skipped', async () => {
    const file = 'langfuse-observations.jsonl';
    expect(sorted(await collect([LOGS + file]))).toEqual([
      [file, 1, 'langfuse-observation', 'claude-3-5-sonnet-20241022', '2025-02-01T09:00:00.000Z', t(100, 900, 0, 0, 75, 25), { cost: '0.0012 USD', tags: { trace: 't1', environment: 'prod' } }],
      [file, 2, 'skipped', 'a Langfuse SPAN observation: not a generation, no usage'],
    ]);
  });

  it('cursor-edge.csv: "Errored, Not Charged" skipped; "$0.10" cost; empty cost; a Total that fits no reading, or is missing, rejects the row (CRLF)', async () => {
    const file = 'cursor-edge.csv';
    expect(sorted(await collect([LOGS + file]))).toEqual([
      [file, 2, 'skipped', 'a Cursor "Errored, Not Charged" row: not billed; the row is skipped'],
      [file, 3, 'cursor', 'claude-4.5-sonnet', '2026-03-20T07:01:00.000Z', t(20, 30, 10, 0, 40, 0), { cost: '0.10 USD', tags: { kind: 'On-Demand', max_mode: 'Yes' } }],
      // Total 20 = 5 + 5 + 5 + 5: disjoint.
      [file, 4, 'cursor', 'claude-4.5-sonnet', '2026-03-20T07:02:00.000Z', t(5, 5, 5, 0, 5, 0), { tags: { kind: 'Included', max_mode: 'No' } }],
      [file, 5, 'rejected', 'Total Tokens (999) fits neither reading of the Input columns: w/ + w/o + Cache Read + Output = 100, w/o + Cache Read + Output = 90; the row is not priced'],
      [file, 6, 'rejected', 'Total Tokens is missing: without it the two Input columns cannot be told apart'],
    ]);
  });
});

describe('generic CSV', () => {
  it('generic-cost-tags.csv: epoch ms and s, a "$" cost kept as its exact decimal, user/team columns as tags', async () => {
    const file = 'generic-cost-tags.csv';
    expect(sorted(await collect([LOGS + file]))).toEqual([
      [file, 2, 'generic', 'gpt-4o', '2025-01-01T00:00:00.000Z', t(1000, 0, 0, 0, 20, 0), { cost: '0.0123 USD', tags: { user: 'alice', team: 'search' } }],
      [file, 3, 'generic', 'gpt-4o', '2025-01-01T00:00:00.000Z', t(10, 0, 0, 0, 2, 0), { tags: { user: 'bob' } }],
    ]);
  });
});

describe('--map', () => {
  const MAP = { model: 'engine', timestamp: 'ts', input: 'stats.in', output: 'stats.out', cacheRead: 'stats.hit', cost: 'price', 'tag.team': 'meta.team' };

  it('reads JSON paths; input includes the cache by default; a line without the model field uses --default-model', async () => {
    const file = 'custom-shape.jsonl';
    expect(sorted(await collect([LOGS + file], { map: MAP, defaultModel: 'gpt-4o-mini' }))).toEqual([
      [file, 1, 'custom', 'gpt-4o', '2025-03-01T00:00:00.000Z', t(60, 40, 0, 0, 20, 0), { cost: '0.0004 USD', tags: { team: 'a' } }],
      [file, 2, 'custom', 'gpt-4o-mini', '2025-03-01T00:01:00.000Z', t(10, 0, 0, 0, 2, 0), { tags: { team: 'b' } }],
    ]);
  });

  it('inputIncludesCache=false reads disjoint counts; without --default-model a line with no model is rejected, saying --map', async () => {
    const events = await collect([LOGS + 'custom-shape.jsonl'], { map: { ...MAP, inputIncludesCache: 'false' } });
    expect(events.map((e) => (e.kind === 'record' ? e.record.tokens : [e.kind, e.problem.reason]))).toEqual([t(100, 40, 0, 0, 20, 0), ['rejected', 'no model: looked for engine (read as --map)']]);
  });

  it('reads CSV columns, following a JSON cell with a dot', async () => {
    const file = 'custom-shape.csv';
    const map = { model: 'Engine', timestamp: 'When', input: 'Tokens In', output: 'Tokens Out', cacheRead: 'Extra.hit' };
    expect(sorted(await collect([LOGS + file], { map }))).toEqual([[file, 2, 'custom', 'gpt-4o-mini', '2025-03-01T10:00:00.000Z', t(800, 200, 0, 0, 50, 0), {}]]);
  });

  it('is a UsageError with --input-format, or with neither model= nor --default-model', async () => {
    const run = (options: IngestOptions) => async () => {
      await ingest([], options, () => undefined);
    };
    await expect(run({ map: MAP, inputFormat: 'generic' })).rejects.toThrow(UsageError);
    await expect(run({ map: { input: 'a' } })).rejects.toThrow('--map: no model= field; name it, or give --default-model for every record');
    await expect(run({ defaultModel: '  ' })).rejects.toThrow('--default-model is empty');
  });
});

describe('FORMATS', () => {
  it('has at least 15 formats besides generic, each with a spec, a description and a signature', () => {
    expect(FORMAT_NAMES.length).toBeGreaterThanOrEqual(16);
    expect(Object.keys(FORMAT_SPECS).sort()).toEqual([...FORMAT_NAMES].sort());
    expect(FORMATS.find((f) => f.name === 'claude-code')?.signature).toMatch(/^type in \{.*\} \+ sessionId present \| message\.usage present \+ requestId present/);
    expect(FORMATS.find((f) => f.name === 'openai-usage-api')?.signature).toBe('object == "bucket" + start_time present (one row per results[] item)');
    expect(FORMATS.find((f) => f.name === 'langfuse-batch')?.description).toMatch(/rows read counts events, not lines/);
  });
});

// The public samples (a copy of shared/samples in fixtures/samples): one test per file, with every
// expected number worked out by hand from the file, and the row accounting (events per kind).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addBuckets, emptyBuckets, type TokenBuckets } from '../core/types.ts';
import { ingest, type IngestEvent } from './index.ts';

const SAMPLES = new URL('../../fixtures/samples/', import.meta.url).pathname;
const DEFAULT_TIME = Date.UTC(2025, 0, 1);
const DEFAULT_ISO = '2025-01-01T00:00:00.000Z';

async function collect(paths: string[]): Promise<IngestEvent[]> {
  const events: IngestEvent[] = [];
  await ingest(paths, { defaultTime: DEFAULT_TIME }, (e) => events.push(e));
  return events;
}

const t = (input: number, cacheRead: number, cacheWrite5m: number, cacheWrite1h: number, output: number, reasoning: number, extra: Partial<TokenBuckets> = {}) => ({ ...emptyBuckets(), input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning, ...extra });

/** Records as [line, format, model, ISO time, tokens, extras]; problems as [kind, line, reason]; sorted by line. */
function view(e: IngestEvent): unknown[] {
  if (e.kind !== 'record') return [e.kind, e.problem.line, e.problem.reason];
  const r = e.record;
  const extras: Record<string, unknown> = {};
  if (r.serviceTier) extras.serviceTier = r.serviceTier;
  if (r.requests !== 1) extras.requests = r.requests;
  if (r.timeSource !== 'logged') extras.timeSource = r.timeSource;
  if (r.loggedCost) extras.cost = `${r.loggedCost.amount} ${r.loggedCost.currency}`;
  if (r.tags) extras.tags = r.tags;
  return [r.where.line, r.format, r.model, new Date(r.timestamp).toISOString(), r.tokens ?? r.text, extras];
}

const lineOf = (e: IngestEvent): number => (e.kind === 'record' ? e.record.where.line : e.problem.line);

async function sample(file: string): Promise<{ views: unknown[][]; kinds: Record<IngestEvent['kind'], number> }> {
  const events = (await collect([SAMPLES + file])).sort((a, b) => lineOf(a) - lineOf(b));
  const kinds = { record: 0, skipped: 0, rejected: 0 };
  for (const e of events) kinds[e.kind] += 1;
  return { views: events.map(view), kinds };
}

function nonBlankLines(file: string): number {
  return readFileSync(SAMPLES + file, 'utf8')
    .split(/\r\n|\r|\n/)
    .filter((l) => l.trim() !== '').length;
}

const SUPERSEDED = 'superseded by a later line of the same message (streaming partial)';

describe('shared samples: OpenAI', () => {
  it('openai-chat-completions.jsonl: prompt 14 / completion 30; o3-mini completion 87 of which reasoning 64', async () => {
    const { views, kinds } = await sample('openai-chat-completions.jsonl');
    expect(views).toEqual([
      // service_tier "default" is the standard tier: left undefined.
      [1, 'openai-chat', 'gpt-4o-2024-08-06', '2025-08-28T11:34:12.000Z', t(14, 0, 0, 0, 30, 0), {}],
      [2, 'openai-chat', 'o3-mini-2025-01-31', '2026-06-15T15:15:47.000Z', t(7, 0, 0, 0, 87, 64), {}],
    ]);
    expect(kinds).toEqual({ record: 2, skipped: 0, rejected: 0 });
  });

  it('openai-responses.jsonl: gpt-5 input 314, output 2737 of which reasoning 2112', async () => {
    const { views, kinds } = await sample('openai-responses.jsonl');
    expect(views).toEqual([
      [1, 'openai-responses', 'gpt-4o-2024-08-06', '2025-03-27T10:50:55.000Z', t(32, 0, 0, 0, 8, 0), {}],
      [2, 'openai-responses', 'gpt-5-2025-08-07', '2025-09-12T14:22:08.000Z', t(314, 0, 0, 0, 2737, 2112), {}],
    ]);
    expect(kinds).toEqual({ record: 2, skipped: 0, rejected: 0 });
  });

  it('openai-batch-output.jsonl: the Chat bodies under response.body, at the batch tier', async () => {
    const { views, kinds } = await sample('openai-batch-output.jsonl');
    expect(views).toEqual([
      [1, 'openai-batch-output', 'gpt-4o-mini-2024-07-18', '2024-12-23T20:36:42.000Z', t(20, 0, 0, 0, 10, 0), { serviceTier: 'batch' }],
      [2, 'openai-batch-output', 'gpt-4o-mini-2024-07-18', '2024-12-23T20:36:43.000Z', t(22, 0, 0, 0, 10, 0), { serviceTier: 'batch' }],
    ]);
    expect(kinds).toEqual({ record: 2, skipped: 0, rejected: 0 });
  });

  it('openai-batch-input.jsonl: requests only, every line skipped as batch input', async () => {
    const events = await collect([SAMPLES + 'openai-batch-input.jsonl']);
    expect(events.map((e) => (e.kind === 'skipped' ? [e.problem.line, e.format] : e.kind))).toEqual([
      [1, 'openai-batch-input'],
      [2, 'openai-batch-input'],
    ]);
    expect(events.map(view)[0]?.[2]).toMatch(/^an OpenAI Batch input line \(a request, no usage\)/);
  });

  it('openai-usage-api-buckets.jsonl: one row of num_model_requests requests per result; model null → placeholder; the empty bucket skipped', async () => {
    const { views, kinds } = await sample('openai-usage-api-buckets.jsonl');
    const model = '(no model: usage API not grouped by model)';
    expect(views).toEqual([
      [1, 'openai-usage-api', model, '2025-01-11T17:31:00.000Z', t(141201, 0, 0, 0, 9756, 0), { requests: 470 }],
      [2, 'openai-usage-api', model, '2025-01-12T00:00:00.000Z', t(45949, 0, 0, 0, 282, 0), { requests: 150 }],
      // input_tokens 3718360 includes input_cached_tokens 76544.
      [3, 'openai-usage-api', model, '2025-01-13T00:00:00.000Z', t(3641816, 76544, 0, 0, 97756, 0), { requests: 3053 }],
      [4, 'openai-usage-api', model, '2025-01-14T00:00:00.000Z', t(47346, 5440, 0, 0, 38204, 0), { requests: 157 }],
      ['skipped', 5, 'an empty usage bucket (no requests in this period); nothing to price'],
      [6, 'openai-usage-api', model, '2025-02-10T00:00:00.000Z', t(332, 0, 0, 0, 1509, 0), { requests: 8 }],
    ]);
    expect(kinds).toEqual({ record: 5, skipped: 1, rejected: 0 });
  });
});

describe('shared samples: Anthropic', () => {
  it('anthropic-messages.jsonl: disjoint buckets, 5m writes from cache_creation, no timestamp (→ --default-time)', async () => {
    const { views, kinds } = await sample('anthropic-messages.jsonl');
    expect(views).toEqual([
      [1, 'anthropic-messages', 'claude-sonnet-4-5-20250929', DEFAULT_ISO, t(3, 0, 1111, 0, 391, 0), { timeSource: 'default' }],
      [2, 'anthropic-messages', 'claude-sonnet-4-5-20250929', DEFAULT_ISO, t(3, 1111, 403, 0, 33, 0), { timeSource: 'default' }],
    ]);
    expect(kinds).toEqual({ record: 2, skipped: 0, rejected: 0 });
  });

  it('anthropic-batch-results.jsonl: succeeded results at the batch tier, no timestamp', async () => {
    const { views, kinds } = await sample('anthropic-batch-results.jsonl');
    expect(views).toEqual([
      [1, 'anthropic-batch', 'claude-3-5-sonnet-20240620', DEFAULT_ISO, t(11, 0, 0, 0, 36, 0), { serviceTier: 'batch', timeSource: 'default' }],
      [2, 'anthropic-batch', 'claude-3-5-sonnet-20240620', DEFAULT_ISO, t(10, 0, 0, 0, 34, 0), { serviceTier: 'batch', timeSource: 'default' }],
    ]);
    expect(kinds).toEqual({ record: 2, skipped: 0, rejected: 0 });
  });

  it('anthropic-console-usage.csv: disjoint columns, hourly usage_date_utc, tags (≤ survives as UTF-8)', async () => {
    const { views, kinds } = await sample('anthropic-console-usage.csv');
    const tags = { api_key: 'super', workspace: 'Default', context_window: '≤ 200k' };
    expect(views).toEqual([
      [2, 'anthropic-console-usage', 'claude-haiku-4-5-20251001', '2026-03-31T02:00:00.000Z', t(1124832, 0, 0, 0, 254558, 0), { tags }],
      [3, 'anthropic-console-usage', 'claude-haiku-4-5-20251001', '2026-03-31T03:00:00.000Z', t(506280, 0, 0, 0, 117816, 0), { tags }],
    ]);
    expect(kinds).toEqual({ record: 2, skipped: 0, rejected: 0 });
  });

  it('anthropic-console-cost.csv: costs without token counts, every row skipped as that export', async () => {
    const events = await collect([SAMPLES + 'anthropic-console-cost.csv']);
    expect(events.map((e) => (e.kind === 'skipped' ? [e.problem.line, e.format] : e.kind))).toEqual([
      [2, 'anthropic-console-cost'],
      [3, 'anthropic-console-cost'],
      [4, 'anthropic-console-cost'],
    ]);
    expect(events.map(view)[0]?.[2]).toMatch(/^an Anthropic Console cost row .*export the usage CSV/);
  });
});

describe('shared samples: DeepSeek, DashScope, Gemini', () => {
  it('deepseek-chat-completion.jsonl: detected before openai-chat; prompt 12 = hit 0 + miss 12, completion 45 of which reasoning 35', async () => {
    const { views, kinds } = await sample('deepseek-chat-completion.jsonl');
    expect(views).toEqual([[1, 'deepseek', 'deepseek-v4-pro', '2026-04-29T14:20:03.000Z', t(12, 0, 0, 0, 45, 35), {}]]);
    expect(kinds).toEqual({ record: 1, skipped: 0, rejected: 0 });
  });

  it('dashscope-qwen.jsonl: compat 3019 prompt incl. 2048 cached; native rows (no model, no time) get the placeholder model', async () => {
    const { views, kinds } = await sample('dashscope-qwen.jsonl');
    const native = '(no model: DashScope native response)';
    expect(views).toEqual([
      [1, 'dashscope', 'qwen-plus', '2024-12-25T09:47:13.000Z', t(971, 2048, 0, 0, 104, 0), {}],
      // usage.prompt_tokens_details.cached_tokens
      [2, 'dashscope-native', native, DEFAULT_ISO, t(971, 2048, 0, 0, 101, 0), { timeSource: 'default' }],
      // top-level usage.cached_tokens (the VL shape)
      [3, 'dashscope-native', native, DEFAULT_ISO, t(140, 1152, 0, 0, 87, 0), { timeSource: 'default' }],
    ]);
    expect(kinds).toEqual({ record: 3, skipped: 0, rejected: 0 });
  });

  it('gemini-generatecontent.jsonl: 285 thought tokens billed as output (8 + 285); Vertex createTime', async () => {
    const { views, kinds } = await sample('gemini-generatecontent.jsonl');
    expect(views).toEqual([
      // totalTokenCount 308 = 15 + 8 + 285: every token is in a bucket.
      [1, 'gemini', 'gemini-2.5-pro', DEFAULT_ISO, t(15, 0, 0, 0, 293, 285), { timeSource: 'default' }],
      [2, 'gemini', 'gemini-2.0-flash', '2025-12-31T15:46:13.983Z', t(13, 0, 0, 0, 8, 0), {}],
    ]);
    expect(kinds).toEqual({ record: 2, skipped: 0, rejected: 0 });
  });
});

describe('shared samples: Claude Code', () => {
  const session = (id: string, extra: Record<string, string> = {}) => ({ session: id, project: '/Users/dev/projects/demo-app', ...extra });

  it('claude-code-session.jsonl: the last of three identical lines per message; non-usage lines skipped; thinking_tokens as reasoning', async () => {
    const { views, kinds } = await sample('claude-code-session.jsonl');
    const tags = { session: '9c42ba52-3bf1-449f-a040-8ee33284a1c8', project: 'C:\\Users\\<user>\\CLEANROOM', git_branch: 'HEAD' };
    expect(views).toEqual([
      ['skipped', 1, 'a Claude Code queue-operation line: no usage, nothing to price'],
      ['skipped', 2, 'a Claude Code line without usage (skipped before parsing): nothing to price'],
      ['skipped', 3, 'a Claude Code line without usage (skipped before parsing): nothing to price'],
      ['skipped', 4, 'a Claude Code line without usage (skipped before parsing): nothing to price'],
      ['skipped', 5, SUPERSEDED],
      ['skipped', 6, SUPERSEDED],
      [7, 'claude-code', 'claude-haiku-4-5-20251001', '2026-08-20T10:21:56.612Z', t(10, 22820, 0, 9907, 135, 49), { tags }],
      ['skipped', 8, 'a Claude Code line without usage (skipped before parsing): nothing to price'],
      ['skipped', 9, SUPERSEDED],
      [10, 'claude-code', 'claude-haiku-4-5-20251001', '2026-08-20T10:22:15.253Z', t(8, 32727, 0, 1914, 177, 107), { tags }],
      ['skipped', 11, 'a Claude Code line without usage (skipped before parsing): nothing to price'],
    ]);
    expect(kinds).toEqual({ record: 2, skipped: 9, rejected: 0 });
  });

  it('claude-code-streaming-partials.jsonl: keep-last gives the final output counts 1130 + 498 = 1628, not the partial 1 + 4', async () => {
    const { views, kinds } = await sample('claude-code-streaming-partials.jsonl');
    // No message.id, model or timestamp in these stripped lines: keyed by requestId alone.
    const model = '(no model: Claude Code line without message.model)';
    expect(views).toEqual([
      ['skipped', 1, SUPERSEDED],
      ['skipped', 2, SUPERSEDED],
      ['skipped', 3, SUPERSEDED],
      ['skipped', 4, SUPERSEDED],
      [5, 'claude-code', model, DEFAULT_ISO, t(2, 0, 19257, 0, 1130, 0), { timeSource: 'default' }],
      ['skipped', 6, SUPERSEDED],
      ['skipped', 7, SUPERSEDED],
      [8, 'claude-code', model, DEFAULT_ISO, t(2, 37544, 3560, 0, 498, 0), { timeSource: 'default' }],
    ]);
    expect(kinds).toEqual({ record: 2, skipped: 6, rejected: 0 });
  });

  it('claude-code-session-cache-tiers.fabricated.jsonl: 5m/1h split; flat total only → 5m; split without the flat total; web searches counted', async () => {
    const { views, kinds } = await sample('claude-code-session-cache-tiers.fabricated.jsonl');
    const tags = session('00000000-0000-4000-8000-0000000000dd');
    expect(views).toEqual([
      [1, 'claude-code', 'claude-opus-5', '2026-08-01T10:00:00.000Z', t(40, 2_000_000, 250_000, 750_000, 500, 0), { tags }],
      [2, 'claude-code', 'claude-opus-5', '2026-08-01T10:01:00.000Z', t(10, 1000, 0, 0, 120, 0, { webSearch: 3 }), { tags }],
      [3, 'claude-code', 'claude-opus-5', '2026-08-01T10:02:00.000Z', t(5, 0, 80_000, 0, 60, 0), { tags }],
      [4, 'claude-code', 'claude-opus-5', '2026-08-01T10:03:00.000Z', t(7, 0, 4000, 6000, 90, 0), { tags }],
    ]);
    expect(kinds).toEqual({ record: 4, skipped: 0, rejected: 0 });
  });

  it('claude-code-session-edge-cases.fabricated.jsonl: non-JSON line and truncated last line rejected; no-usage line skipped; duplicate kept once', async () => {
    const { views, kinds } = await sample('claude-code-session-edge-cases.fabricated.jsonl');
    expect(views).toEqual([
      ['skipped', 1, SUPERSEDED],
      ['rejected', 2, expect.stringMatching(/^not valid JSON \(/)],
      ['skipped', 3, 'a Claude Code line without usage (skipped before parsing): nothing to price'],
      [4, 'claude-code', 'claude-sonnet-5', '2026-07-02T08:00:00.000Z', t(10, 0, 100, 0, 55, 0), { tags: session('00000000-0000-4000-8000-0000000000cc') }],
      // The file ends mid-line, without a newline.
      ['rejected', 5, expect.stringMatching(/^not valid JSON \(Unterminated string/)],
    ]);
    expect(kinds).toEqual({ record: 1, skipped: 2, rejected: 2 });
  });

  it('claude-code-legacy-costusd.fabricated.jsonl: no type field; costUSD → the logged cost as its exact decimal; speed "fast" → the fast tier', async () => {
    const { views, kinds } = await sample('claude-code-legacy-costusd.fabricated.jsonl');
    const tags = { session: 'session-alpha' };
    expect(views).toEqual([
      [1, 'claude-code', 'claude-sonnet-4-20250514', '2026-01-09T10:00:00.000Z', t(100, 10, 25, 0, 50, 0), { cost: '0.12 USD', tags }],
      [2, 'claude-code', 'claude-opus-4-20250514', '2026-01-09T12:30:00.000Z', t(200, 20, 50, 0, 75, 0), { serviceTier: 'fast', cost: '0.34 USD', tags }],
      [3, 'claude-code', 'claude-sonnet-4-20250514', '2026-01-10T09:15:00.000Z', t(300, 40, 0, 0, 125, 0), { cost: '0.56 USD', tags }],
    ]);
    expect(kinds).toEqual({ record: 3, skipped: 0, rejected: 0 });
  });
});

describe('shared samples: Codex CLI', () => {
  it('codex-cli-rollout.jsonl: last_token_usage per turn (16007 + 80; then 16142 of which 15104 cached, + 46); 17 non-usage lines skipped', async () => {
    const { views, kinds } = await sample('codex-cli-rollout.jsonl');
    const tags = { session: '01a01ee3-393c-7cb1-818e-268d8e2ae938', project: 'C:\\Users\\<user>\\CLEANROOM\\work\\fixture-gen' };
    const records = views.filter((v) => v[0] !== 'skipped');
    expect(records).toEqual([
      [15, 'codex', 'gpt-5.6-sol', '2026-08-20T11:16:51.257Z', t(16007, 0, 0, 0, 80, 0), { tags }],
      [18, 'codex', 'gpt-5.6-sol', '2026-08-20T11:16:52.771Z', t(1038, 15104, 0, 0, 46, 0), { tags }],
    ]);
    expect(views.find((v) => v[1] === 8)).toEqual(['skipped', 8, 'a Codex turn_context line (sets the model for the token counts that follow): no usage']);
    expect(views.find((v) => v[1] === 3)).toEqual(['skipped', 3, 'a Codex response_item line: no token usage, nothing to price']);
    expect(kinds).toEqual({ record: 2, skipped: 17, rejected: 0 });
  });

  it('codex-cli-rollout-reasoning.jsonl: cumulative totals only → per-turn deltas summing to the final total; 4 repeats skipped; no turn_context → placeholder model', async () => {
    const events = await collect([SAMPLES + 'codex-cli-rollout-reasoning.jsonl']);
    const records = events.flatMap((e) => (e.kind === 'record' ? [e.record] : []));
    expect(records).toHaveLength(57);
    expect(new Set(records.map((r) => r.model))).toEqual(new Set(['(no model: Codex rollout without turn_context)']));
    expect(view(events.find((e) => e.kind === 'record') as IngestEvent).slice(0, 5)).toEqual([
      4,
      'codex',
      '(no model: Codex rollout without turn_context)',
      '2026-08-20T06:10:31.084Z',
      // The first total is the first turn: 24312 input of which 6912 cached, 967 output of which 412 reasoning.
      t(17400, 6912, 0, 0, 967, 412),
    ]);
    const sum = records.reduce((a, r) => ({ input: a.input + (r.tokens?.input ?? 0), cacheRead: a.cacheRead + (r.tokens?.cacheRead ?? 0), output: a.output + (r.tokens?.output ?? 0), reasoning: a.reasoning + (r.tokens?.reasoning ?? 0) }), { input: 0, cacheRead: 0, output: 0, reasoning: 0 });
    // Last total_token_usage: input 6148794 (cached 5857024), output 37474 (reasoning 15528).
    expect(sum).toEqual({ input: 6148794 - 5857024, cacheRead: 5857024, output: 37474, reasoning: 15528 });
    const repeats = events.filter((e) => e.kind === 'skipped' && e.problem.reason.startsWith('repeats the previous token_count'));
    expect(repeats.map(lineOf)).toEqual([39, 44, 60, 132]);
    expect(events.map((e) => e.kind).filter((k) => k === 'skipped')).toHaveLength(99);
    expect(events).toHaveLength(nonBlankLines('codex-cli-rollout-reasoning.jsonl'));
  });

  const parent = 'codex-cli-branch-parent.fabricated.jsonl';
  const child = 'codex-cli-branch-child.fabricated.jsonl';

  it('codex-cli-branch-parent.fabricated.jsonl alone: 1000 input (100 cached), 200 output (20 reasoning)', async () => {
    const { views, kinds } = await sample(parent);
    expect(views).toEqual([
      ['skipped', 1, 'a Codex turn_context line (sets the model for the token counts that follow): no usage'],
      [2, 'codex', 'gpt-5.2', '2026-05-12T08:01:00.000Z', t(900, 100, 0, 0, 200, 20), {}],
    ]);
    expect(kinds).toEqual({ record: 1, skipped: 1, rejected: 0 });
  });

  it('codex-cli-branch-child.fabricated.jsonl after its parent: the replayed parent total is skipped, only the delta beyond it counts', async () => {
    const events = await collect([SAMPLES + parent, SAMPLES + child]);
    const childViews = events.filter((e) => (e.kind === 'record' ? e.record.where.file : e.problem.file).endsWith(child)).map(view);
    expect(childViews).toEqual([
      ['skipped', 1, 'a Codex turn_context line (sets the model for the token counts that follow): no usage'],
      ['skipped', 2, 'a copy: replays cumulative totals already read from another rollout (a forked or resumed session): counted there, not again'],
      // 1600 − 1000 input, 300 − 100 cached, 450 − 200 output, 40 − 20 reasoning.
      [3, 'codex', 'gpt-5.2', '2026-05-12T08:02:00.000Z', t(400, 200, 0, 0, 250, 20), {}],
    ]);
  });

  it('a Codex fork is counted once in either reading order: parent + child = the child\'s final totals', async () => {
    for (const order of [
      [parent, child],
      [child, parent],
    ]) {
      const events = await collect(order.map((f) => SAMPLES + f));
      const tokens = events.flatMap((e) => (e.kind === 'record' && e.record.tokens ? [e.record.tokens] : []));
      const sum = emptyBuckets();
      for (const x of tokens) addBuckets(sum, x);
      expect(sum).toEqual(t(1300, 300, 0, 0, 450, 40));
      expect(events.filter((e) => e.kind === 'record')).toHaveLength(2);
      expect(events).toHaveLength(5);
    }
  });
});

describe('shared samples: gateways and exports', () => {
  it('litellm-spendlogs.jsonl: spend → exact logged cost; metadata JSON string decoded (no cache counts in it); naive startTime = UTC', async () => {
    const { views, kinds } = await sample('litellm-spendlogs.jsonl');
    expect(views).toEqual([
      [1, 'litellm-spendlogs', 'gpt-4o', '2025-01-24T09:20:46.847Z', t(10, 0, 0, 0, 20, 0), { cost: '0.000225 USD', tags: { session: '1234567890' } }],
    ]);
    expect(kinds).toEqual({ record: 1, skipped: 0, rejected: 0 });
  });

  it('litellm-standard-logging-payload.jsonl: response_cost → logged cost; counts from the payload', async () => {
    const { views, kinds } = await sample('litellm-standard-logging-payload.jsonl');
    expect(views).toEqual([[1, 'litellm-payload', 'gpt-4o', '2025-01-24T09:20:46.847Z', t(10, 0, 0, 0, 20, 0), { cost: '0.000225 USD' }]]);
    expect(kinds).toEqual({ record: 1, skipped: 0, rejected: 0 });
  });

  it('langfuse-ingestion-batch.jsonl: one line, two batch events → two rows: the trace skipped, the generation a record (offset time → UTC)', async () => {
    const { views, kinds } = await sample('langfuse-ingestion-batch.jsonl');
    expect(views).toEqual([
      ['skipped', 1, 'a Langfuse trace-create event: not a generation, no usage'],
      [1, 'langfuse-batch', 'gpt-3.5-turbo', '2025-01-16T19:28:54.796Z', t(10, 0, 0, 0, 20, 0), { cost: '0.000055 USD' }],
    ]);
    expect(kinds).toEqual({ record: 1, skipped: 1, rejected: 0 });
  });

  it.each(['helicone-export.header.csv', 'openrouter-activity-generations.header.csv'])('%s: header only → zero rows, no error', async (file) => {
    expect(await collect([SAMPLES + file])).toEqual([]);
  });

  it('openrouter-activity-daily.csv: a row is Requests requests; Usage → logged cost', async () => {
    const { views, kinds } = await sample('openrouter-activity-daily.csv');
    expect(views).toEqual([
      [2, 'openrouter-daily', 'anthropic/claude-opus-4.7', '2026-05-12T00:00:00.000Z', t(70965665, 0, 0, 0, 3009973, 0), { requests: 4115, cost: '430.07 USD' }],
      [3, 'openrouter-daily', 'anthropic/claude-opus-4.7', '2026-05-13T00:00:00.000Z', t(87199493, 0, 0, 0, 2795119, 0), { requests: 4254, cost: '505.87 USD' }],
    ]);
    expect(kinds).toEqual({ record: 2, skipped: 0, rejected: 0 });
  });

  it('cursor-usage-export.csv: Total = all four columns → "w/ Cache Write" is the write, "w/o" the input; Cost "Included" is no cost', async () => {
    const { views, kinds } = await sample('cursor-usage-export.csv');
    const tags = (agent: string) => ({ kind: 'Included', max_mode: 'false', agent });
    expect(views).toEqual([
      // 100 + 200 + 300 + 50 = 650
      [2, 'cursor', 'composer-2.5', '2026-07-19T12:00:00.000Z', t(200, 300, 100, 0, 50, 0), { tags: tags('bc-agent-planning-001') }],
      [3, 'cursor', 'composer-2.5', '2026-07-19T12:01:00.000Z', t(150, 400, 0, 0, 25, 0), { tags: tags('bc-agent-planning-001') }],
      [4, 'cursor', 'composer-2.5', '2026-07-19T13:00:00.000Z', t(100, 200, 50, 0, 40, 0), { tags: tags('bc-agent-planreview-001') }],
    ]);
    expect(kinds).toEqual({ record: 3, skipped: 0, rejected: 0 });
  });

  it('cursor-usage-export-quoted.csv: Total = w/o + Cache Read + Output → w/ includes w/o, the write is the difference (10)', async () => {
    const { views, kinds } = await sample('cursor-usage-export-quoted.csv');
    expect(views).toEqual([
      [2, 'cursor', 'composer-2-fast', '2026-03-20T06:56:12.521Z', t(159990, 578207, 10, 0, 2055, 0), { cost: '0.49 USD', tags: { kind: 'Included', max_mode: 'No' } }],
    ]);
    expect(kinds).toEqual({ record: 1, skipped: 0, rejected: 0 });
  });
});

describe('the whole samples folder in one run', () => {
  /** The format each sample is detected as (from its records, or its skipped rows when it has no record). */
  const EXPECTED_FORMATS: Record<string, string[]> = {
    'anthropic-batch-results.jsonl': ['anthropic-batch'],
    'anthropic-console-cost.csv': ['anthropic-console-cost'],
    'anthropic-console-usage.csv': ['anthropic-console-usage'],
    'anthropic-messages.jsonl': ['anthropic-messages'],
    'claude-code-legacy-costusd.fabricated.jsonl': ['claude-code'],
    'claude-code-session-cache-tiers.fabricated.jsonl': ['claude-code'],
    'claude-code-session-edge-cases.fabricated.jsonl': ['claude-code'],
    'claude-code-session.jsonl': ['claude-code'],
    'claude-code-streaming-partials.jsonl': ['claude-code'],
    'codex-cli-branch-child.fabricated.jsonl': ['codex'],
    'codex-cli-branch-parent.fabricated.jsonl': ['codex'],
    'codex-cli-rollout-reasoning.jsonl': ['codex'],
    'codex-cli-rollout.jsonl': ['codex'],
    'cursor-usage-export-quoted.csv': ['cursor'],
    'cursor-usage-export.csv': ['cursor'],
    'dashscope-qwen.jsonl': ['dashscope', 'dashscope-native'],
    'deepseek-chat-completion.jsonl': ['deepseek'],
    'gemini-generatecontent.jsonl': ['gemini'],
    'langfuse-ingestion-batch.jsonl': ['langfuse-batch'],
    'litellm-spendlogs.jsonl': ['litellm-spendlogs'],
    'litellm-standard-logging-payload.jsonl': ['litellm-payload'],
    'openai-batch-input.jsonl': ['openai-batch-input'],
    'openai-batch-output.jsonl': ['openai-batch-output'],
    'openai-chat-completions.jsonl': ['openai-chat'],
    'openai-responses.jsonl': ['openai-responses'],
    'openai-usage-api-buckets.jsonl': ['openai-usage-api'],
    'openrouter-activity-daily.csv': ['openrouter-daily'],
  };
  const HEADER_ONLY = ['helicone-export.header.csv', 'openrouter-activity-generations.header.csv'];

  it('detects every file, accounts for every line, and rejects only the two broken lines of the edge-case fixture', async () => {
    const files = readdirSync(SAMPLES).filter((f) => f !== 'README.md');
    expect(files.sort()).toEqual([...Object.keys(EXPECTED_FORMATS), ...HEADER_ONLY].sort());
    const events = await collect([SAMPLES]);
    const byFile = new Map<string, IngestEvent[]>();
    for (const e of events) {
      const file = (e.kind === 'record' ? e.record.where.file : e.problem.file).slice(SAMPLES.length);
      byFile.set(file, [...(byFile.get(file) ?? []), e]);
    }
    for (const file of HEADER_ONLY) expect(byFile.get(file)).toBeUndefined();
    for (const [file, formats] of Object.entries(EXPECTED_FORMATS)) {
      const list = byFile.get(file) ?? [];
      const records = list.flatMap((e) => (e.kind === 'record' ? [e.record.format] : []));
      const detected = new Set(records.length > 0 ? records : list.flatMap((e) => (e.kind === 'skipped' && e.format ? [e.format] : [])));
      expect([file, [...detected].sort()]).toEqual([file, formats]);
      // One event per non-blank line (CSV: per data row), except the Langfuse batch line: one per batch event.
      const lines = nonBlankLines(file) - (file.endsWith('.csv') ? 1 : 0);
      expect([file, list.length]).toEqual([file, file === 'langfuse-ingestion-batch.jsonl' ? lines + 1 : lines]);
    }
    const rejected = events.filter((e) => e.kind === 'rejected');
    expect(rejected.map((e) => (e.kind === 'rejected' ? `${e.problem.file.slice(SAMPLES.length)}:${e.problem.line}` : ''))).toEqual([
      'claude-code-session-edge-cases.fabricated.jsonl:2',
      'claude-code-session-edge-cases.fabricated.jsonl:5',
    ]);
    const kinds = { record: 0, skipped: 0, rejected: 0 };
    for (const e of events) kinds[e.kind] += 1;
    // 250 events: 249 non-blank data lines, plus one for the second event of the Langfuse batch line.
    expect(kinds).toEqual({ record: 105, skipped: 143, rejected: 2 });
  });

  it('Claude Code streaming output is the final count; Gemini thoughts are output; a Codex fork counts once (child sorts first here)', async () => {
    const events = await collect([SAMPLES]);
    const records = events.flatMap((e) => (e.kind === 'record' ? [e.record] : []));
    const of = (file: string) => records.filter((r) => r.where.file === SAMPLES + file);
    expect(of('claude-code-streaming-partials.jsonl').reduce((n, r) => n + (r.tokens?.output ?? 0), 0)).toBe(1628);
    expect(of('gemini-generatecontent.jsonl')[0]?.tokens).toEqual(t(15, 0, 0, 0, 293, 285));
    const fork = [...of('codex-cli-branch-child.fabricated.jsonl'), ...of('codex-cli-branch-parent.fabricated.jsonl')];
    expect(fork.reduce((n, r) => n + (r.tokens?.input ?? 0) + (r.tokens?.cacheRead ?? 0), 0)).toBe(1600);
    expect(of('codex-cli-branch-parent.fabricated.jsonl')).toEqual([]);
  });
});

// The coding agents whose data are files (issue 14.2): each read from its default location under the
// fake home fixtures/agents-home (see its README), by `llm-audit agents --source NAME`. Expected
// numbers are worked out by hand from the fixture files (the comment before each says how); where
// ccusage's own tests state totals for the same sample, the fixture reuses that sample and matches.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_SOURCES } from '../../src/ingest/agents/discover.ts';
import { FROZEN_PRICING, ROOT, runJsonIn } from './run.ts';

const HOME = join(ROOT, 'fixtures/agents-home');
/** Only the fake home: every agent variable of the machine running the tests cleared. */
const env = Object.fromEntries([['HOME', HOME], ['XDG_CONFIG_HOME', ''], ...AGENT_SOURCES.flatMap((s) => (s.env ? [[s.env, '']] : []))]);

interface Group {
  key: Record<string, string>;
  requests: number;
  period: { from: string; to: string };
  tokens: { input: number; cacheRead: number; cacheWrite: number; output: number; reasoning: number };
}

/** Requests and tokens per model and session (priced and unpriced), rows, and the skip and reject reasons. */
async function agent(source: string, extra: string[] = [], vars: Record<string, string> = {}) {
  const { code, report } = await runJsonIn(['agents', '--source', source, '--group-by', 'model,session', '--pricing-dir', FROZEN_PRICING, '--max-problems', '100', ...extra], { env: { ...env, ...vars } });
  expect(code).toBe(0);
  const groups = [...report.groups, ...report.unpricedGroups] as Group[];
  const by: Record<string, { requests: number; from: string; to: string; input: number; cacheRead: number; cacheWrite: number; output: number; reasoning: number }> = {};
  for (const g of groups) {
    by[`${g.key.model} | ${g.key.session}`] = { requests: g.requests, from: g.period.from, to: g.period.to, input: g.tokens.input, cacheRead: g.tokens.cacheRead, cacheWrite: g.tokens.cacheWrite, output: g.tokens.output, reasoning: g.tokens.reasoning };
  }
  const problems = report.problems as { kind: string; file: string; line: number; reason: string }[];
  const rows = report.rows as { read: number; priced: number; unpriced: number; skipped: number; rejected: number };
  // Priced or unpriced depends on the pricing folder (the frozen one lacks most of these models): counted together.
  return { by, rows: { read: rows.read, requests: rows.priced + rows.unpriced, skipped: rows.skipped, rejected: rows.rejected }, copies: report.copies, agents: report.agents, problems: problems.map((p) => `${p.kind} ${p.file.startsWith(HOME) ? p.file.slice(HOME.length + 1) : p.file}:${p.line} ${p.reason}`) };
}

describe('agents stored as files', () => {
  it('Gemini CLI: chat documents and JSONL chats; cached inside input when total says so; thoughts billed as output; logs.json not read', async () => {
    const r = await agent('gemini');
    // m2 (ccusage's sample): total 16276 = 15327 + 23 + 919 + 7, so input includes the 11526 cached:
    // input 15327 − 11526 + tool 7 = 3808 (ccusage: 3808), output 23 + thoughts 919 = 942.
    // b1: last line kept (output 90); 1330 = 1200 + 90 + 40, so input 1200 − 1000 = 200; output 130.
    // b2: no model on the line: gemini-2.5-flash carried from b1; no cached, input 500, output 20.
    expect(r.by).toEqual({
      'gemini-3-flash-preview | a1b2c3d4-1111-4222-8333-444455556666': { requests: 1, from: '2026-05-17T11:07:32.000Z', to: '2026-05-17T11:07:32.000Z', input: 3808, cacheRead: 11526, cacheWrite: 0, output: 942, reasoning: 919 },
      'gemini-2.5-pro | a1b2c3d4-1111-4222-8333-444455556666': { requests: 1, from: '2026-05-17T11:08:05.000Z', to: '2026-05-17T11:08:05.000Z', input: 2000, cacheRead: 0, cacheWrite: 0, output: 150, reasoning: 0 },
      'gemini-2.5-flash | b7e8f9a0-2222-4333-8444-555566667777': { requests: 2, from: '2026-05-18T09:00:05.000Z', to: '2026-05-18T09:01:00.000Z', input: 700, cacheRead: 1000, cacheWrite: 0, output: 150, reasoning: 40 },
    });
    // 5 messages + 5 lines; logs.json (the prompts typed) is not read.
    expect(r.rows).toEqual({ read: 10, requests: 4, skipped: 6, rejected: 0 });
    expect(r.problems).toContain('skipped .gemini/tmp/9f2c4e7a1b3d/chats/session-2026-05-17T11-07-a1b2c3d4.json:50 $.messages[3]: a Gemini CLI info message: no model call of its own');
  });

  it('Amp: message usage, else the ledger with the cache counts of the message it points to; a total alone is rejected', async () => {
    const r = await agent('amp');
    // Thread T-5c1e (ccusage's sample): 10 + 5 input, 178 + 42 output, 986 written, 11372 + 12000 read.
    // Thread T-0a9b: ledger event ev-1 (120 in, 340 out) with message 1's 500 written and 2000 read.
    expect(r.by).toEqual({
      'claude-haiku-4-5-20251001 | T-5c1e9d2a-0b7f-4c3e-9a21-6d8e4f0b1c2d': { requests: 2, from: '2026-01-19T11:42:10.652Z', to: '2026-01-19T11:43:00.000Z', input: 15, cacheRead: 23372, cacheWrite: 986, output: 220, reasoning: 0 },
      'claude-sonnet-4-5-20250929 | T-0a9b8c7d-1e2f-4a5b-8c6d-7e8f9a0b1c2d': { requests: 1, from: '2026-01-20T09:00:00.000Z', to: '2026-01-20T09:00:00.000Z', input: 120, cacheRead: 2000, cacheWrite: 500, output: 340, reasoning: 0 },
    });
    expect(r.rows).toEqual({ read: 7, requests: 3, skipped: 3, rejected: 1 });
    expect(r.problems.filter((p) => p.startsWith('rejected'))).toEqual([
      'rejected .local/share/amp/threads/T-0a9b8c7d-1e2f-4a5b-8c6d-7e8f9a0b1c2d.json:50 $.usageLedger.events[1]: only a total token count (item.tokens.total or item.usage.totalTokens = 345): how much of it is input and how much output is unknown, so it is not priced',
    ]);
  });

  it('Droid: one row per session settings file; the transcript beside it is not read; an archived copy is a copy', async () => {
    const r = await agent('droid');
    // ccusage's sample: 100 in, 50 + thinking 5 out, 20 written, 10 read, at providerLockTimestamp.
    expect(r.by).toEqual({
      'claude-sonnet-4-5-20250929 | 3f6a2b1c-9d8e-4f7a-b6c5-d4e3f2a1b0c9': { requests: 1, from: '2026-05-01T01:02:03.000Z', to: '2026-05-01T01:02:03.000Z', input: 100, cacheRead: 10, cacheWrite: 20, output: 55, reasoning: 5 },
    });
    // Three settings files: the session, an all-zero one, the archived copy (after it in path order).
    expect(r.rows).toEqual({ read: 3, requests: 1, skipped: 2, rejected: 0 });
    expect(r.copies).toBe(1);
  });

  it('Codebuff: the assistant messages of a chat-messages.json array; session and project from the path', async () => {
    const r = await agent('codebuff');
    // ai-1 (ccusage's sample) 100/50/20/10; ai-2 (metadata.codebuff.usage, epoch-seconds time) 300 in, 60 out, 4000 read.
    expect(r.by).toEqual({
      'claude-sonnet-4-20250514 | 2026-01-02T03-04-05.000Z': { requests: 2, from: '2026-01-02T03:04:06.000Z', to: '2026-01-02T03:05:00.000Z', input: 400, cacheRead: 4010, cacheWrite: 20, output: 110, reasoning: 0 },
    });
    expect(r.rows).toEqual({ read: 4, requests: 2, skipped: 2, rejected: 0 });
  });

  it('pi-agent: session from the header, model from the message, a repeated entry counted once, the logged cost kept', async () => {
    const r = await agent('pi');
    expect(r.by).toEqual({
      'claude-sonnet-4-5 | 7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d': { requests: 1, from: '2026-03-01T10:00:09.000Z', to: '2026-03-01T10:00:09.000Z', input: 12, cacheRead: 4000, cacheWrite: 800, output: 340, reasoning: 0 },
    });
    // session, model_change, user, assistant ×2 (one superseded), toolResult, all-zero assistant.
    expect(r.rows).toEqual({ read: 7, requests: 1, skipped: 6, rejected: 0 });
  });

  it('OpenClaw: model from model_change or a model snapshot, archived .deleted/.reset files read, a copy in an archive counted once', async () => {
    const r = await agent('openclaw');
    // abc (ccusage's sample): gpt-5.2 from model_change, 1660/55/108928, at message.timestamp 1769753935279 (2026-01-30);
    // its .deleted copy is a copy; def (a .reset archive): claude-opus-4-5 from the snapshot, session from the header.
    expect(r.by).toEqual({
      'gpt-5.2 | abc': { requests: 1, from: '2026-01-30T06:18:55.279Z', to: '2026-01-30T06:18:55.279Z', input: 1660, cacheRead: 108928, cacheWrite: 0, output: 55, reasoning: 0 },
      'claude-opus-4-5 | def': { requests: 1, from: '2026-01-31T23:10:00.000Z', to: '2026-01-31T23:10:00.000Z', input: 40, cacheRead: 20000, cacheWrite: 1500, output: 900, reasoning: 0 },
    });
    expect(r.rows).toEqual({ read: 7, requests: 2, skipped: 5, rejected: 0 });
    expect(r.copies).toBe(1);
  });

  it('Kimi CLI: StatusUpdate token usage per session folder; no model in the log: --default-model names it, else unpriced', async () => {
    const r = await agent('kimi');
    // msg-1 (ccusage's sample) 100/50/10 read/20 written, msg-2 200/80/500 read; the all-zero update skipped.
    expect(r.by).toEqual({
      '(no model: Kimi wire log; give --default-model) | sess-a': { requests: 2, from: '2026-02-13T11:50:27.123Z', to: '2026-02-13T11:50:40.250Z', input: 300, cacheRead: 510, cacheWrite: 20, output: 130, reasoning: 0 },
    });
    expect(r.rows).toEqual({ read: 6, requests: 2, skipped: 4, rejected: 0 });
    const named = await agent('kimi', ['--default-model', 'kimi-k2']);
    expect(Object.keys(named.by)).toEqual(['kimi-k2 | sess-a']);
  });

  it('Qwen Code: told from Claude Code lines; prompt includes cached, candidates include thoughts; a repeated record counted once', async () => {
    const r = await agent('qwen');
    // q-a1: 12000 − 8000 cached = 4000 in, 300 out; q-a2: 5000 in, 900 out of which 400 thoughts.
    expect(r.by).toEqual({
      'qwen3-coder-plus | 5e0c1d2b-3a4f-4b5c-9d6e-7f8a9b0c1d2e': { requests: 2, from: '2026-04-10T08:00:10.000Z', to: '2026-04-10T08:00:30.000Z', input: 9000, cacheRead: 8000, cacheWrite: 0, output: 1200, reasoning: 400 },
    });
    expect(r.rows).toEqual({ read: 5, requests: 2, skipped: 3, rejected: 0 });
  });
});

// GitHub Copilot CLI: ~/.copilot/otel/copilot-otel-20260411-190400.jsonl, 14 lines, reusing ccusage's
// test samples (trace-1, trace-dupe, trace-6's total alone). Each request, by hand (input includes
// cache reads, reasoning is on top of output, as ccusage reads them):
//   line 2  trace-1 chat span: 19452 − 123 read = 19329 in, 281 + 128 reasoning = 409 out, 25 written;
//           endTime [1775934264, 967317833] = 19:04:24.967 (ccusage: 19329, 281 + 128, 2026-04-11T19:04:24.967Z).
//   line 6  trace-dupe chat span: 60 in, 10 out, endTime [1775934265, 5e8] = 19:04:25.500 (ccusage keeps this
//           record of the three); its invoke_agent span (line 4) and the inference log of its response
//           resp-dupe (line 5, no trace id) are superseded.
//   line 8  trace-3 inference log: names no model nor session: claude-sonnet-4.5 and conv-3 from the trace's
//           invoke_agent span (line 7, no usage, skipped); 5000 − 3000 = 2000 in, 400 out; timeUnixNano
//           "1775935000123456789" = 19:16:40.123. Its agent-turn log (line 9) is superseded.
//   line 11 trace-4 inference log: its chat span (line 10) has no usage, so supersedes nothing; 1200 in,
//           300 + 64 = 364 out; timestamp 1775936000000 ms = 19:33:20.
//   line 12 trace-5 agent-turn log alone: 800 in, 50 out, 100 written; session copilot_chat.session_id sess-5;
//           hrTime [1775937000, 2.5e8] = 19:50:00.250.
//   line 13 trace-6 chat span with only total_tokens 567: all output (ccusage: 567); no session id: the trace's.
// Skipped: the metric (1), the execute_tool span (3), lines 4, 5, 7, 9, 10. Rejected: line 14's endTime "yesterday".
describe('GitHub Copilot CLI (OpenTelemetry export)', () => {
  const COPILOT_FILE = '.copilot/otel/copilot-otel-20260411-190400.jsonl';
  const expected = {
    'claude-sonnet-4 | conv-1': { requests: 1, from: '2026-04-11T19:04:24.967Z', to: '2026-04-11T19:04:24.967Z', input: 19329, cacheRead: 123, cacheWrite: 25, output: 409, reasoning: 128 },
    'gpt-5.4-mini | conv-dupe': { requests: 1, from: '2026-04-11T19:04:25.500Z', to: '2026-04-11T19:04:25.500Z', input: 60, cacheRead: 0, cacheWrite: 0, output: 10, reasoning: 0 },
    'claude-sonnet-4.5 | conv-3': { requests: 1, from: '2026-04-11T19:16:40.123Z', to: '2026-04-11T19:16:40.123Z', input: 2000, cacheRead: 3000, cacheWrite: 0, output: 400, reasoning: 0 },
    'gpt-5-mini | conv-4': { requests: 1, from: '2026-04-11T19:33:20.000Z', to: '2026-04-11T19:33:20.000Z', input: 1200, cacheRead: 0, cacheWrite: 0, output: 364, reasoning: 64 },
    'claude-haiku-4.5 | sess-5': { requests: 1, from: '2026-04-11T19:50:00.250Z', to: '2026-04-11T19:50:00.250Z', input: 800, cacheRead: 0, cacheWrite: 100, output: 50, reasoning: 0 },
    'gpt-4.1 | trace-6': { requests: 1, from: '2026-04-11T20:06:40.000Z', to: '2026-04-11T20:06:40.000Z', input: 0, cacheRead: 0, cacheWrite: 0, output: 567, reasoning: 0 },
  };

  it('per trace, the chat span is the request, else the inference log, else the agent-turn log; model and session from the trace', async () => {
    const r = await agent('copilot');
    expect(r.by).toEqual(expected);
    expect(r.rows).toEqual({ read: 14, requests: 6, skipped: 7, rejected: 1 });
    const at = (line: number): string[] => r.problems.filter((p) => p.includes(`${COPILOT_FILE}:${line} `));
    expect(at(1)).toEqual([`skipped ${COPILOT_FILE}:1 a Copilot CLI OTEL metric (gen_ai.client.token.usage): a sum over requests, not one`]);
    expect(at(3)).toEqual([`skipped ${COPILOT_FILE}:3 a Copilot CLI OTEL execute_tool view span: not a model call (no chat, inference or agent-turn usage)`]);
    expect(at(4)).toEqual([`skipped ${COPILOT_FILE}:4 superseded by the chat span of its trace (trace-dupe): the same model call, counted from that record`]);
    expect(at(5)).toEqual([`skipped ${COPILOT_FILE}:5 superseded by the chat span of the same response (resp-dupe): counted from that record`]);
    expect(at(7)).toEqual([`skipped ${COPILOT_FILE}:7 a Copilot CLI invoke_agent span (the sum of an agent turn) without token usage: nothing to price`]);
    expect(at(9)).toEqual([`skipped ${COPILOT_FILE}:9 superseded by the inference log (gen_ai.client.inference.operation.details) of its trace (trace-3): the same model call, counted from that record`]);
    expect(at(10)).toEqual([`skipped ${COPILOT_FILE}:10 a Copilot CLI chat span without token usage: nothing to price`]);
    expect(at(14)).toEqual([expect.stringMatching(new RegExp(`^rejected ${COPILOT_FILE}:14 endTime is "yesterday": not a timestamp`))]);
  });

  it('the file COPILOT_OTEL_FILE_EXPORTER_PATH names is read besides ~/.copilot/otel, once when it is in it; a missing one is only looked for', async () => {
    const exported = join(ROOT, 'fixtures/logs/copilot-otel/exported.jsonl');
    const withFile = await agent('copilot', [], { COPILOT_OTEL_FILE_EXPORTER_PATH: exported });
    expect(withFile.agents[0].env).toBe('COPILOT_OTEL_FILE_EXPORTER_PATH');
    expect(withFile.agents[0].paths).toEqual(['~/.copilot/otel', exported]);
    // The exported file's one chat span: 1000 in, 100 out, at endTime 1776000000.
    expect(withFile.by).toEqual({ ...expected, 'claude-sonnet-4 | conv-x': { requests: 1, from: '2026-04-12T13:20:00.000Z', to: '2026-04-12T13:20:00.000Z', input: 1000, cacheRead: 0, cacheWrite: 0, output: 100, reasoning: 0 } });

    const inside = await agent('copilot', [], { COPILOT_OTEL_FILE_EXPORTER_PATH: join(HOME, COPILOT_FILE) });
    expect(inside.agents[0].paths).toEqual(['~/.copilot/otel']);
    expect(inside.rows.read).toBe(14);

    const missing = await agent('copilot', [], { COPILOT_OTEL_FILE_EXPORTER_PATH: '~/.copilot/otel/not-yet.jsonl' });
    expect(missing.agents[0].searched).toEqual(['~/.copilot', '~/.copilot/otel/not-yet.jsonl']);
    expect(missing.agents[0].paths).toEqual(['~/.copilot/otel']);
  });
});

// Issue 14's "done when": every agent llm-audit knows is found under the fake home, and reading them
// all together counts what reading each alone counts.
describe('all the coding agents together', () => {
  it(`finds all ${AGENT_SOURCES.length} agents under fixtures/agents-home, and the requests total is the sum of each --source alone`, async () => {
    expect(AGENT_SOURCES).toHaveLength(15);
    const all = await runJsonIn(['agents', '--pricing-dir', FROZEN_PRICING], { env });
    expect(all.code).toBe(0);
    const agents = all.report.agents as { source: string; found: boolean }[];
    expect(agents.map((a) => a.source)).toEqual(AGENT_SOURCES.map((s) => s.id));
    expect(agents.filter((a) => !a.found)).toEqual([]);
    const requests = (r: { rows: { priced: number; unpriced: number } }): number => r.rows.priced + r.rows.unpriced;
    let sum = 0;
    let read = 0;
    for (const source of AGENT_SOURCES) {
      const alone = await runJsonIn(['agents', '--source', source.id, '--pricing-dir', FROZEN_PRICING], { env });
      expect(requests(alone.report), source.id).toBeGreaterThan(0);
      sum += requests(alone.report);
      read += alone.report.rows.read;
    }
    expect(requests(all.report)).toBe(sum);
    expect(all.report.rows.read).toBe(read);
  });
});

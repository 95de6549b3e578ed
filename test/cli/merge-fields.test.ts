// `llm-audit merge` on reports made by the CLI itself (so with the what-if ranking, fit and token
// counts it adds), for the report fields added since the merge was written: shard reports merged
// must be the JSON of one run over all their inputs, byte for byte; what cannot be exact is refused
// with the reason. In process (runIn); the shards are files, as they travel between machines.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIn } from './run.ts';

const dir = mkdtempSync(join(tmpdir(), 'llm-audit-merge-fields-'));
let made = 0;

/** A JSONL log of OpenAI-shaped usage rows, written to the temporary folder. */
function log(name: string, rows: { at: string; model: string; prompt: number; completion: number }[]): string {
  const file = join(dir, name);
  writeFileSync(file, rows.map((r) => JSON.stringify({ timestamp: r.at, model: r.model, prompt_tokens: r.prompt, completion_tokens: r.completion })).join('\n') + '\n');
  return file;
}

/** Each shard's report (the report command, `args`), written to a file. */
async function shardReports(shards: readonly string[][], args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const paths of shards) {
    const file = join(dir, `shard-${(made += 1)}.json`);
    const result = await runIn([...paths, ...args, '--format', 'json', '--out', file]);
    expect(result.code, result.stderr).toBe(0);
    files.push(file);
  }
  return files;
}

/** One run over all the shards' inputs, and the merge of the shards' reports: both JSON texts. */
async function wholeAndMerged(shards: readonly string[][], args: readonly string[]): Promise<{ whole: string; merged: string; stderr: string; code: number; files: string[] }> {
  const whole = await runIn([...shards.flat(), ...args, '--format', 'json']);
  expect(whole.code, whole.stderr).toBe(0);
  const files = await shardReports(shards, args);
  const merged = await runIn(['merge', ...files, '--format', 'json']);
  return { whole: whole.stdout, merged: merged.stdout, stderr: merged.stderr, code: merged.code, files };
}

/** The merged JSON is the whole run's, byte for byte; the whole report parsed, and the shards' files. */
async function expectExact(shards: readonly string[][], args: readonly string[]): Promise<{ report: any; files: string[] }> {
  const { whole, merged, stderr, code, files } = await wholeAndMerged(shards, args);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(merged).toBe(whole);
  return { report: JSON.parse(whole), files };
}

/** Shipped prices plus the fit test set's models (acme-*: known context windows and max outputs). */
const FIT_PRICING = ['--pricing', 'fixtures/pricing/fit/acme.json'];

describe('merge: what-if fields of the report command', () => {
  it('recounted text, requests that do not fit, token-count notes, limits, coverage and the ranking', async () => {
    const big = log('big.jsonl', [
      { at: '2025-10-02T10:00:00Z', model: 'gpt-4o', prompt: 300_000, completion: 500 },
      { at: '2025-10-02T11:00:00Z', model: 'gpt-4o', prompt: 2_000, completion: 20_000 },
    ]);
    const bigger = log('bigger.jsonl', [
      { at: '2025-10-03T10:00:00Z', model: 'gpt-4o', prompt: 200_000, completion: 150_000 },
      { at: '2025-10-03T11:00:00Z', model: 'gpt-4o', prompt: 1_000, completion: 200 },
    ]);
    const shards = [['fixtures/logs/text-teams.jsonl'], [big], ['fixtures/logs/quickstart.jsonl', bigger]];
    const { report } = await expectExact(shards, ['--group-by', 'tag:team', '--compare', 'qwen3-max,acme-small-128k,gpt-5,acme-nolimits', ...FIT_PRICING]);
    const byModel = (model: string) => report.whatIf.find((w: any) => w.model === model);
    // qwen3-max counts the logs' text with its own tokenizer; the fit failures of two shards are one list, with the larger request.
    expect(byModel('qwen3-max').tokenCounts.counted).toBeGreaterThan(0);
    expect(byModel('acme-small-128k').doesNotFit).toMatchObject({ requests: 3 });
    expect(byModel('acme-small-128k').doesNotFit.reasons[0]).toBe('prompt 200,000 + output 150,000 = 350,000 tokens > context window 128,000 (2 requests, the largest shown)');
    expect(byModel('acme-small-128k').coverage).toBe('partial');
    expect(report.whatIfRanking.cheapest).toBe(report.whatIf.find((w: any) => w.coverage === 'complete').model);
    // Counting the text with three tokenizers, twice: seconds on a loaded machine.
  }, 60_000);
});

/** Claude Code trees, one project folder each (each tree's projects/-home-dev-app holds one fixture's sessions, subagents and sidechains). */
const CLAUDE = ['claude-resume', 'claude-progress', 'claude-sidechain-in-order', 'claude-complete', 'claude-newer-older'].map((name) => `fixtures/agents/${name}`);

describe('merge: views and agent logs', () => {
  it('--group-by week with --week-start and --breakdown (time order, each row its models)', async () => {
    const shards = [['fixtures/logs/quickstart.jsonl'], ['fixtures/logs/three-models-teams.csv', 'fixtures/logs/generic.csv'], ['fixtures/samples/dashscope-qwen.jsonl']];
    const args = ['--group-by', 'week', '--week-start', 'sunday', '--breakdown', '--compare', 'gpt-5'];
    const { report, files } = await expectExact(shards, args);
    expect(report.groups.length).toBeGreaterThan(2);
    expect(report.groups.some((g: any) => g.breakdown.length > 1)).toBe(true);
    expect(report.notes).toContain('Weeks start on sunday and are labelled by their first day.');
    // The table as the report command draws it: --compact, or by itself on a narrow terminal.
    for (const [flags, env] of [[['--compact'], {}], [[], { COLUMNS: '80' }]] as const) {
      const whole = await runIn([...shards.flat(), ...args, ...flags], { env });
      const merged = await runIn(['merge', ...files, ...flags], { env });
      expect(merged.stdout).toBe(whole.stdout);
      expect(merged.stdout).toContain('│ Week ');
    }
  });

  it('--group-by project,session and copies of agent usage, sharded by project folder', async () => {
    const { report } = await expectExact(CLAUDE.map((tree) => [tree]), ['--group-by', 'project,session', '--breakdown']);
    expect(report.copies).toBeGreaterThan(1);
  });

  it('sharded by file instead, a copy in another shard than its original is counted twice (why the README shards agent trees by project folder)', async () => {
    const folder = 'fixtures/agents/claude-resume/projects/-home-dev-app';
    const sessions = ['0b6c2a7e-1f0e-4c55-9d0e-6a1f3c2b9a01.jsonl', '7d2e9f10-3a4b-4c5d-8e6f-0a1b2c3d4e5f.jsonl'].map((f) => `${folder}/${f}`);
    const { whole, merged, code } = await wholeAndMerged([[sessions[0] as string], [sessions[1] as string]], []);
    expect(code).toBe(0);
    const [w, m] = [JSON.parse(whole), JSON.parse(merged)];
    expect(w.copies).toBe(1);
    expect(m.copies).toBe(0);
    expect(m.totals.requests).toBe(w.totals.requests + 1);
  });

  it('--project, --last and --tz: the notes count the rows of other projects and outside the range in every shard', async () => {
    const { report } = await expectExact([[CLAUDE[0] as string, 'fixtures/logs/quickstart.jsonl'], [CLAUDE[1] as string, 'fixtures/logs/generic.csv']], ['--project', '/home/dev/app', '--last', '500', '--now', '2026-06-01T00:00:00Z', '--tz', 'Europe/Berlin', '--group-by', 'day']);
    expect(report.notes.some((n: string) => /^--project \/home\/dev\/app: \d+ rows of other projects/.test(n))).toBe(true);
    expect(report.notes.some((n: string) => /^\d+ rows fall outside from .* \(--last 500 in Europe\/Berlin\)/.test(n))).toBe(true);
  });
});

describe('merge: refused', () => {
  it('5-hour blocks (llm-audit blocks, --group-by block): exit 2 with the reason', async () => {
    const files: string[] = [];
    for (const tree of CLAUDE.slice(0, 2)) {
      const file = join(dir, `blocks-${files.length}.json`);
      expect((await runIn(['blocks', tree, '--now', '2026-01-01T00:00:00Z', '--format', 'json', '--out', file])).code).toBe(0);
      files.push(file);
    }
    const result = await runIn(['merge', ...files]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`llm-audit: ${files[0]} is grouped by 5-hour block (--group-by block, llm-audit blocks), and blocks cannot be merged: where a block starts and ends depends on every request before it in all the inputs (a request in one shard can start or extend a block of another), and which block is active on the instant each shard was made; run it over all the inputs at once\n`);
  });

  it('another --target-tokens (not among the options: read from the what-if note)', async () => {
    const [recount] = await shardReports([['fixtures/logs/quickstart.jsonl']], ['--compare', 'qwen3-max']);
    const [logged] = await shardReports([['fixtures/logs/generic.csv']], ['--compare', 'qwen3-max', '--target-tokens', 'logged']);
    const result = await runIn(['merge', recount as string, logged as string]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`llm-audit: ${logged} cannot be merged with ${recount}: made with --target-tokens logged, not recount; make every shard with the same llm-audit version, options and pricing data\n`);
  });
});

/** The fit test set alone: acme-* priced in USD, yuan-chat in CNY, and its own FX table (USDCNY for 2025-09 and 2025-10). */
const FIT_ONLY = ['--pricing-dir', 'fixtures/pricing/fit'];

describe('merge: the what-if ranking across currencies', () => {
  const september = log('usd-sep.jsonl', [
    { at: '2025-09-20T10:00:00Z', model: 'acme-big', prompt: 12_345, completion: 678 },
    { at: '2025-09-21T10:00:00Z', model: 'acme-big', prompt: 1_111, completion: 2_222 },
  ]);
  const october = log('usd-oct.jsonl', [{ at: '2025-10-02T10:00:00Z', model: 'acme-big', prompt: 33_333, completion: 4_444 }]);
  const septemberToo = log('usd-sep-2.jsonl', [{ at: '2025-09-25T10:00:00Z', model: 'acme-big', prompt: 7_777, completion: 333 }]);
  const yuan = log('cny-sep.jsonl', [
    { at: '2025-09-20T10:00:00Z', model: 'yuan-chat', prompt: 54_321, completion: 999 },
    { at: '2025-09-22T10:00:00Z', model: 'yuan-chat', prompt: 3_333, completion: 1_234 },
  ]);
  const yuanToo = log('cny-sep-2.jsonl', [{ at: '2025-09-28T10:00:00Z', model: 'yuan-chat', prompt: 11_111, completion: 2_345 }]);

  it('adds the ranked amounts of a target converted by division when each month is in one shard', async () => {
    const { report } = await expectExact([[september], [october]], ['--compare', 'yuan-chat,acme-mid', ...FIT_ONLY]);
    const onYuan = report.whatIf.find((w: any) => w.model === 'yuan-chat');
    expect(Object.keys(onYuan.cost)).toEqual(['CNY']);
    expect(onYuan.ranked).toMatchObject({ currency: 'USD', complete: true });
    expect(report.whatIfRanking.rates.map((r: any) => `${r.pair} ${r.month} ${r.operation}`)).toEqual(['USDCNY 2025-09 divide', 'USDCNY 2025-10 divide']);
  });

  it('adds the ranked amounts of a target converted by multiplication, months split or not', async () => {
    const { report } = await expectExact([[yuan], [yuanToo]], ['--compare', 'acme-mid,yuan-chat', ...FIT_ONLY]);
    expect(report.whatIfRanking.currency).toBe('CNY');
    expect(report.whatIfRanking.rates.map((r: any) => `${r.pair} ${r.month} ${r.operation}`)).toEqual(['USDCNY 2025-09 multiply']);
  });

  it('refuses a month converted by division in two shards, and a shard ranked in another currency, with the reason', async () => {
    const divided = await wholeAndMerged([[september], [septemberToo]], ['--compare', 'yuan-chat', ...FIT_ONLY]);
    expect(divided.code).toBe(2);
    expect(divided.merged).toBe('');
    expect(divided.stderr).toMatch(/^llm-audit: \S+shard-\d+\.json and \S+shard-\d+\.json both ranked yuan-chat by converting CNY amounts of 2025-09 into USD, dividing by the USDCNY rate \(rounded to 8 places per month\): added up they may differ from one run's amount in the last place; shard by time, so that each month is in one shard only\n$/);
    const currencies = await wholeAndMerged([[yuan], [september]], ['--compare', 'yuan-chat,acme-mid', ...FIT_ONLY]);
    expect(currencies.code).toBe(2);
    expect(currencies.stderr).toMatch(/^llm-audit: \S+shard-\d+\.json ranked its what-if in CNY \(the one currency of its costs\), and the merged report ranks it in USD: yuan-chat's CNY cost there would have to be converted month by month, and a report does not carry a target's cost by month; make shards whose costs are in the same currencies\n$/);
  });

  it('refuses shards ranked with other rates for the same month (--fx)', async () => {
    // --fx without --currency converts a budget's limit, and ranks the what-if with it too.
    const [own] = await shardReports([[yuan]], ['--compare', 'acme-mid', '--max-cost', '1000CNY', '--fx', 'USDCNY=7', ...FIT_ONLY]);
    const [shipped] = await shardReports([[yuanToo]], ['--compare', 'acme-mid', '--max-cost', '1000CNY', ...FIT_ONLY]);
    const result = await runIn(['merge', own as string, shipped as string]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`llm-audit: ${shipped} ranked its what-if with USDCNY 2025-09 = 7.1 (test fixture), ${own} with 7 (--fx USDCNY=7): make every shard with the same --fx and --fx-file\n`);
  });

  it('--compare all: a target left out of one shard (no price at its dates) is merged from the others, and the merged traffic decides what is current', async () => {
    const early = log('usd-early-sep.jsonl', [{ at: '2025-09-05T10:00:00Z', model: 'acme-big', prompt: 5_000, completion: 500 }]);
    const { whole, merged, stderr, code, files } = await wholeAndMerged([[early], [october]], ['--compare', 'all', ...FIT_ONLY]);
    expect(code).toBe(0);
    const [w, m] = [JSON.parse(whole), JSON.parse(merged)];
    // acme-late has no price before 2025-09-15: the early shard left it out, and its reason with it.
    expect(stderr).toMatch(/^llm-audit: merge: \S+ left acme-late out of their what-if \(no price at their dates\), so the reasons their requests were not priced on it are not in them/);
    const late = (r: any) => r.whatIf.find((x: any) => x.model === 'acme-late');
    expect(late(w).notPriced).toEqual({ requests: 1, reasons: ['"acme-late" has no price before 2025-09-15 (region global)'] });
    expect(late(m).notPriced).toEqual({ requests: 1, reasons: [] });
    late(m).notPriced.reasons = late(w).notPriced.reasons;
    expect(m).toEqual(w);
    // Retired 2025-09-10: current for the early shard (listed there), not for the merged traffic.
    expect(JSON.parse(readFileSync(files[0] as string, 'utf8')).whatIf.map((x: any) => x.model)).toContain('acme-retired');
    expect(w.whatIfRanking.omitted).toEqual([
      { model: 'acme-future', reason: "no price at the traffic's dates" },
      { model: 'acme-retired', reason: "retired 2025-09-10, before the traffic's last request (2025-10-02)" },
    ]);
  });
});

describe('merge: the 50,000-request generated log (issue 16 done-when)', () => {
  it('split into 4 shards, audited each and merged, is the report of auditing it whole, byte for byte', async () => {
    const { generatedLog } = await import('../../scripts/bench/sql-log.mjs');
    const lines = [...generatedLog(50_000)];
    const quarter = Math.ceil(lines.length / 4);
    const shards = [0, 1, 2, 3].map((i) => {
      const file = join(dir, `generated-${i}.jsonl`);
      writeFileSync(file, lines.slice(i * quarter, (i + 1) * quarter).join(''));
      return [file];
    });
    // Tiers, windows, cached, batch and audio requests; groups by model and month; a what-if of three targets on the logged counts.
    const { report } = await expectExact(shards, ['--group-by', 'model,month', '--compare', 'gpt-4o-mini,qwen3-max,deepseek-v4-flash', '--target-tokens', 'logged', '--no-cache']);
    expect(report.rows.read).toBe(50_000);
    expect(report.rows.unpriced).toBeGreaterThan(0);
    expect(report.groups.length).toBeGreaterThan(50);
  });
});

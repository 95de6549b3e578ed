// `llm-audit statusline` reads only the files modified since the window it needs, and its figures
// (this session, today, the running 5-hour block with its burn rate and projection) are those of a
// full run over every file: checked on generated Claude Code histories with old files left out,
// activity that chains blocks across days, a resumed session's copies, and unpriced requests.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { add, parseDecimal, toPlainString } from '../../src/core/money.ts';
import { ROOT, run, runIn } from '../cli/run.ts';

const temp = mkdtempSync(join(tmpdir(), 'llm-audit-statusline-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let trees = 0;

const HOUR = 3_600_000;
const MODEL = 'claude-sonnet-4-5-20250929';

interface Req {
  at: number;
  id?: string;
  model?: string;
  input?: number;
  output?: number;
}

/** One Claude Code session file: a user line, then an assistant line per request; the file's mtime is its last line's time. */
function session(projects: string, project: string, id: string, reqs: readonly Req[], copies: readonly string[] = []): string {
  const dir = join(projects, project);
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [...copies];
  for (const [i, r] of reqs.entries()) {
    const timestamp = new Date(r.at).toISOString();
    lines.push(JSON.stringify({ type: 'user', sessionId: id, cwd: `/work/${project}`, message: { role: 'user', content: 'go' }, timestamp }));
    lines.push(
      JSON.stringify({
        type: 'assistant',
        sessionId: id,
        cwd: `/work/${project}`,
        isSidechain: false,
        requestId: `req_${id}_${r.id ?? i}`,
        message: { id: `msg_${id}_${r.id ?? i}`, type: 'message', role: 'assistant', model: r.model ?? MODEL, content: [], usage: { input_tokens: r.input ?? 1000, cache_read_input_tokens: 20_000, cache_creation_input_tokens: 500, output_tokens: r.output ?? 400 } },
        timestamp: new Date(r.at + 2000).toISOString(),
      }),
    );
  }
  const file = join(dir, `${id}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const last = Math.max(...reqs.map((r) => r.at)) + 3000;
  utimesSync(file, new Date(last), new Date(last));
  return file;
}

function newTree(): string {
  const projects = join(temp, `tree-${++trees}`, 'projects');
  mkdirSync(projects, { recursive: true });
  return projects;
}

const hook = (sessionId: string, transcript: string, extra: object = {}): string =>
  JSON.stringify({ session_id: sessionId, transcript_path: transcript, model: { id: MODEL, display_name: 'Sonnet 4.5' }, ...extra });

async function status(projects: string, input: string, now: string, more: string[] = []): Promise<any> {
  const cache = more.includes('--cache-dir') ? [] : ['--no-cache'];
  const r = await runIn(['statusline', projects, '--now', now, '--tz', 'UTC', '--format', 'json', ...cache, ...more], { input });
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

interface Sums {
  requests: number;
  cost: Record<string, string>;
  unpriced: number;
}

/** What a full run over every file says of the same windows. */
async function fullRun(projects: string, now: string, sessionId: string): Promise<{ session: Sums; today: Sums; block: any }> {
  const r = await runIn([projects, '--group-by', 'session,day,block', '--now', now, '--tz', 'UTC', '--format', 'json', '--no-cache']);
  const report = JSON.parse(r.stdout);
  const day = now.slice(0, 10);
  const active = report.blocks.list.find((b: any) => b.active);
  const sums = (keep: (k: any) => boolean): Sums => {
    const cost: Record<string, string> = {};
    let requests = 0;
    for (const g of report.groups) {
      if (!keep(g.key)) continue;
      requests += g.requests;
      for (const [c, a] of Object.entries(g.cost)) cost[c] = toPlainString(add(parseDecimal(cost[c] ?? '0'), parseDecimal(a as string)));
    }
    const unpriced = report.unpricedGroups.filter((g: any) => keep(g.key)).reduce((n: number, g: any) => n + g.requests, 0);
    return { requests, cost, unpriced };
  };
  return { session: sums((k) => k.session === sessionId), today: sums((k) => k.day === day), block: active ? { ...active, ...sums((k) => k.block === active.key) } : null };
}

const pick = (s: any): Sums => ({ requests: s.requests, cost: Object.fromEntries(Object.entries(s.cost).map(([c, a]) => [c, toPlainString(parseDecimal(a as string))])), unpriced: s.unpriced });

async function expectFullRunFigures(projects: string, input: string, now: string, sessionId: string): Promise<any> {
  const view = await status(projects, input, now);
  const full = await fullRun(projects, now, sessionId);
  expect(pick(view.session)).toEqual(full.session);
  expect(pick(view.today)).toEqual(full.today);
  if (full.block === null) expect(view.block).toBeNull();
  else {
    expect(pick(view.block)).toEqual(pick(full.block));
    expect({ start: view.block.start, end: view.block.end, burnRate: view.block.burnRate, projection: view.block.projection }).toEqual({ start: full.block.start, end: full.block.end, burnRate: full.block.burnRate, projection: full.block.projection });
  }
  return view;
}

describe('statusline figures equal a full run, reading only recent files', () => {
  it('a month of daily sessions: today, the session and the active block; old files not read', async () => {
    const projects = newTree();
    const day0 = Date.parse('2026-11-01T09:00:00Z');
    let current = '';
    for (let d = 0; d < 30; d++) {
      const start = day0 + d * 24 * HOUR;
      const reqs = Array.from({ length: 6 }, (_, i) => ({ at: start + i * 25 * 60_000, output: 100 * (d + i + 1) }));
      current = session(projects, d % 2 === 0 ? '-work-a' : '-work-b', `s${d}`, reqs);
    }
    const now = '2026-11-30T12:30:00Z';
    const view = await expectFullRunFigures(projects, hook('s29', current), now, 's29');
    expect(view.session.requests).toBe(6);
    expect(view.block).not.toBeNull();
    // Today's file alone: yesterday's ended at 11:05, before the day looked back (from 12:30, less an hour's slack).
    expect(view.read.files).toBe(1);
    expect(view.read.of).toBe(30);
    // Later the same day, after the block ended: no block, the same day's figures.
    const evening = await expectFullRunFigures(projects, hook('s29', current), '2026-11-30T20:00:00Z', 's29');
    expect(evening.block).toBeNull();
    expect(evening.today).toEqual({ ...view.today });
  });

  it('requests every 3 hours for 4 days chain the blocks: the window reaches back to the last gap', async () => {
    const projects = newTree();
    const start = Date.parse('2026-11-26T00:40:00Z');
    const old = session(projects, '-work-a', 'old', [{ at: start - 40 * HOUR }]);
    expect(old).toBeTruthy();
    let file = '';
    for (let d = 0; d < 4; d++) file = session(projects, '-work-a', `c${d}`, Array.from({ length: 8 }, (_, i) => ({ at: start + (d * 8 + i) * 3 * HOUR })));
    const now = new Date(start + 31 * 3 * HOUR + 40 * 60_000).toISOString();
    const view = await expectFullRunFigures(projects, hook('c3', file), now, 'c3');
    expect(view.block).not.toBeNull();
    // Blocks chained all along: the first day looked back was not enough.
    expect(Date.parse(view.read.since)).toBeLessThan(Date.parse(now) - 48 * HOUR);
  });

  it("a resumed session's copies of yesterday's lines are counted once, where a full run counts them", async () => {
    const projects = newTree();
    const y = Date.parse('2026-11-29T22:00:00Z');
    const first = session(projects, '-work-a', 'first', [{ at: y }, { at: y + HOUR }, { at: y + 2 * HOUR + 30 * 60_000 }]);
    const copied = (await import('node:fs')).readFileSync(first, 'utf8').trim().split('\n');
    const resumed = session(projects, '-work-a', 'second', [{ at: y + 4 * HOUR }, { at: y + 5 * HOUR }], copied);
    const view = await expectFullRunFigures(projects, hook('second', resumed), '2026-11-30T04:00:00Z', 'second');
    expect(view.session.requests).toBe(2);
  });

  it('unpriced requests are counted beside the cost in every window, and named', async () => {
    const projects = newTree();
    const t = Date.parse('2026-11-30T08:00:00Z');
    const file = session(projects, '-work-a', 'u', [{ at: t }, { at: t + 600_000, model: 'claude-mystery-9' }, { at: t + 1_200_000 }]);
    const view = await expectFullRunFigures(projects, hook('u', file), '2026-11-30T09:00:00Z', 'u');
    expect(view.today.unpriced).toBe(1);
    expect(view.block.unpriced).toBe(1);
    expect(view.unpricedModels).toEqual(['claude-mystery-9']);
    const r = await runIn(['statusline', projects, '--now', '2026-11-30T09:00:00Z', '--tz', 'UTC', '--no-cache'], { input: hook('u', file) });
    expect(r.stdout).toMatch(/^Sonnet 4\.5 \| session \$\d+\.\d\d \+ 1 unpriced \| today \$\d+\.\d\d \+ 1 unpriced \| block \$\d+\.\d\d \+ 1 unpriced, 4h 0m left, \$\d+\.\d\d\/h → \$\d+\.\d\d \| ctx 21,500 \(11%\)\n$/);
  });
});

describe('statusline input and output', () => {
  const projects = newTree();
  const t = Date.parse('2026-11-30T08:00:00Z');
  const file = session(projects, '-work-a', 'x', [{ at: t }, { at: t + 3_600_000 }]);

  it("prefers Claude Code's own context figures to the session file's", async () => {
    const current = { input_tokens: 10, cache_creation_input_tokens: 5_000, cache_read_input_tokens: 45_000, output_tokens: 9 };
    const view = await status(projects, hook('x', file, { context_window: { context_window_size: 1_000_000, current_usage: current } }), '2026-11-30T10:00:00Z');
    expect(view.context).toEqual({ tokens: 50_010, size: 1_000_000, percent: 5 });
    const pct = await status(projects, hook('x', file, { context_window: { context_window_size: 200_000, used_percentage: 42.4 } }), '2026-11-30T10:00:00Z');
    expect(pct.context).toEqual({ tokens: 21_500, size: 200_000, percent: 42 });
  });

  it('with no input (run by hand on a terminal): today and the block, no session', async () => {
    const r = await runIn(['statusline', projects, '--now', '2026-11-30T10:00:00Z', '--tz', 'UTC', '--no-cache'], { stdinIsTTY: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^today \$\d+\.\d\d \| block \$\d+\.\d\d, 3h 0m left, \$\d+\.\d\d\/h → \$\d+\.\d\d\n$/);
  });

  it("a session file outside the folders read is read with its project folder", async () => {
    const elsewhere = newTree();
    const other = session(elsewhere, '-work-z', 'z', [{ at: t }, { at: t + 60_000 }, { at: t + 120_000 }]);
    const view = await status(projects, hook('z', other), '2026-11-30T10:00:00Z');
    expect(view.session.requests).toBe(3);
    expect(view.today.requests).toBe(5);
  });

  it('bad input says what and where, exit 2', async () => {
    const notJson = await runIn(['statusline', projects, '--no-cache'], { input: '{"session_id": ' });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/statusline: the input on stdin is not JSON/);
    const wrong = await runIn(['statusline', projects, '--no-cache'], { input: JSON.stringify({ session_id: 'x', context_window: { current_usage: { input_tokens: 'many' } } }) });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('$.context_window.current_usage.input_tokens in the input is string, not a number');
    const nobody = { HOME: join(temp, 'nobody'), CLAUDE_CONFIG_DIR: '', XDG_CONFIG_HOME: '' };
    const none = await runIn(['statusline', '--no-cache'], { input: hook('x', join(temp, 'gone.jsonl')), env: nobody });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/statusline: no Claude Code data found \(looked in .*\); the session file .* is not in them/);
    // No data folder found, but the session file exists: its folder is read.
    const found = await runIn(['statusline', '--no-cache', '--tz', 'UTC', '--now', '2026-11-30T10:00:00Z', '--format', 'json'], { input: hook('x', file), env: nobody });
    expect(found.code, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout).session.requests).toBe(2);
  });

  it('the cache gives the same figures, filling and warm', async () => {
    const cache = join(temp, 'cache');
    const plain = await status(projects, hook('x', file), '2026-11-30T10:00:00Z');
    await new Promise((r) => setTimeout(r, 150));
    for (let i = 0; i < 2; i++) expect(await status(projects, hook('x', file), '2026-11-30T10:00:00Z', ['--cache-dir', cache])).toEqual(plain);
  });
});

describe('kept figures (statusline/state.ts)', () => {
  const projects = newTree();
  const t = Date.parse('2026-11-30T08:00:00Z');
  const file = session(projects, '-work-a', 'k', [{ at: t }, { at: t + 3_600_000 }]);
  const cache = join(temp, 'kept-cache');
  const stateFiles = (): string[] => {
    try {
      return readdirSync(join(cache, 'statusline')).map((n) => join(cache, 'statusline', n));
    } catch {
      return [];
    }
  };
  const kept = async (now: string): Promise<any> => status(projects, hook('k', file), now, ['--cache-dir', cache]);
  // Which window the figures were made from (read.since) depends on when they were made.
  const figures = (view: any): any => ({ ...view, read: { ...view.read, since: undefined } });

  it('are drawn again at a later instant of the same day, without reading; a new day, a new request or a damaged file makes them again', async () => {
    await new Promise((r) => setTimeout(r, 150));
    const first = await kept('2026-11-30T10:00:00Z');
    const [state] = stateFiles();
    expect(state).toBeDefined();
    const written = readFileSync(state as string, 'utf8');
    // An hour later: the same sums, the block's time left moves, the state file is not rewritten.
    const later = await kept('2026-11-30T11:00:00Z');
    expect(readFileSync(state as string, 'utf8')).toBe(written);
    expect(later.today).toEqual(first.today);
    expect(later.block.remainingMinutes).toBe(first.block.remainingMinutes - 60);
    expect(figures(later)).toEqual(figures(await status(projects, hook('k', file), '2026-11-30T11:00:00Z')));
    // The next day: today starts again.
    const tomorrow = await kept('2026-12-01T09:00:00Z');
    expect(tomorrow.today.requests).toBe(0);
    expect(figures(tomorrow)).toEqual(figures(await status(projects, hook('k', file), '2026-12-01T09:00:00Z')));
    // A new request in the session: new figures, equal to a run without the cache.
    session(projects, '-work-a', 'k', [{ at: t }, { at: t + 3_600_000 }, { at: Date.parse('2026-12-01T08:30:00Z') }]);
    await new Promise((r) => setTimeout(r, 150));
    const more = await kept('2026-12-01T09:00:00Z');
    expect(more.session.requests).toBe(3);
    expect(figures(more)).toEqual(figures(await status(projects, hook('k', file), '2026-12-01T09:00:00Z')));
    // Damaged kept files are misses, never trusted.
    for (const damage of ['', '{', JSON.stringify({ format: 1 }), readFileSync(state as string, 'utf8').replace(/"requests":3/g, '"requests":99')]) {
      writeFileSync(state as string, damage);
      expect(await kept('2026-12-01T09:00:00Z')).toEqual(more);
    }
  });
});

describe('the quick entry (bin → dist/bundle/statusline.js)', () => {
  it('answers from kept figures with the full command’s line, and hands everything else to the full command', () => {
    const projects = newTree();
    const now = Date.now();
    const file = session(projects, '-work-a', 'q', [{ at: now - 2 * HOUR }, { at: now - HOUR }]);
    const cache = join(temp, 'quick-cache');
    const args = ['statusline', projects, '--tz', 'UTC', '--cache-dir', cache];
    const full = run(args, { input: hook('q', file) });
    expect(full.code).toBe(0);
    // --tz keeps the full command; without it (this machine's zone: UTC in tests) the quick entry may answer.
    const quick = run(['statusline', projects, '--cache-dir', cache], { input: hook('q', file) });
    const again = run(['statusline', projects, '--cache-dir', cache], { input: hook('q', file) });
    expect(quick.code).toBe(0);
    expect(again.stdout).toBe(quick.stdout);
    expect(quick.stdout.replace(/\d+h \d+m left/, '')).toBe(full.stdout.replace(/\d+h \d+m left/, ''));
    // Bad input and --help go to the full command, which says what is wrong.
    const bad = run(['statusline', projects, '--cache-dir', cache], { input: '{"session_id": 3}' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('statusline: $.session_id in the input is number, not a string');
    const help = run(['statusline', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Claude Code's status line");
  });
});

describe('kept figures are swept', () => {
  it('files unused for a week and stale temp files go, at most once a day; recent ones stay', async () => {
    const { sweep } = await import('../../src/statusline/state.ts');
    const folder = join(temp, 'sweep');
    mkdirSync(folder, { recursive: true });
    const now = Date.parse('2026-12-06T12:00:00Z');
    const at = (name: string, ageMs: number): void => {
      writeFileSync(join(folder, name), '{}');
      utimesSync(join(folder, name), new Date(now - ageMs), new Date(now - ageMs));
    };
    at('old.json', 8 * 24 * HOUR);
    at('recent.json', 6 * 24 * HOUR);
    at('x.json.1.2.tmp', 2 * HOUR);
    at('fresh.json.1.3.tmp', 10 * 60_000);
    sweep(folder, now);
    expect(readdirSync(folder).sort()).toEqual(['.swept', 'fresh.json.1.3.tmp', 'recent.json']);
    // Within the day, no second sweep.
    at('old2.json', 30 * 24 * HOUR);
    utimesSync(join(folder, '.swept'), new Date(now), new Date(now));
    sweep(folder, now + HOUR);
    expect(readdirSync(folder)).toContain('old2.json');
  });
});

describe('the quick entry stays small', () => {
  it('statically loads no log reader, pricing loader or commander (a dynamic import on a miss only)', () => {
    const bundle = join(ROOT, 'dist/bundle');
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const text = readFileSync(join(bundle, name), 'utf8');
      // Static imports only: `import … from "./x.js"` (dynamic ones are `import("./x.js")`).
      for (const m of text.matchAll(/^import [^(]*? from "\.\/([^"]+)";$/gm)) visit(m[1] as string);
    };
    visit('statusline.js');
    const text = [...seen].map((n) => readFileSync(join(bundle, n), 'utf8')).join('\n');
    expect(text).toContain('// dist/statusline/state.js');
    for (const heavy of ['// dist/ingest/formats/index.js', '// dist/pricing/load.js', '// dist/cache/store.js', 'commander']) expect(text, heavy).not.toContain(heavy);
    expect(text.length).toBeLessThan(120_000);
  });
});

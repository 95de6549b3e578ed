// The persistent cache (src/cache/, docs/cache.md) never changes a report: every run with it
// (filling it, warm, after the input changed, with its files damaged, two at once) gives the report
// of --no-cache byte for byte. And it is used: a valid cache file's content is what a warm run reports.
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildId } from '../../src/cache/build.ts';
import { CACHE_FORMAT, decodeAll, decodeCacheFile, PayloadWriter, readEntry } from '../../src/cache/file.ts';
import { FROZEN_PRICING, ROOT, runIn } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING, '--now', '2026-06-01'];
const temp = mkdtempSync(join(tmpdir(), 'llm-audit-cache-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(temp, `cache-${++dirs}`);

async function json(args: string[], env: Record<string, string> = {}): Promise<string> {
  // The pinned options before the test's own (after the command or first path): its --pricing-dir wins.
  const [first = '', ...rest] = args;
  const r = await runIn([first, ...frozen, '--format', 'json', ...rest], { env });
  if (r.stdout.trim() === '') throw new Error(`no JSON (exit ${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** Every per-file cache entry under a cache folder (temp files included; not the sweep's marker, prune.ts; not the whole reports, cache/report.ts, nor validated pricing, pricing/snapshot.ts). */
function cacheFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== '.swept' && !e.parentPath.includes('reports-v') && !e.parentPath.includes('pricing-v'))
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/** The whole reports kept (cache/report.ts) removed, so that the next run goes through the per-file entries. */
function forgetReports(dir: string): void {
  rmSync(join(dir, 'reports-v1'), { recursive: true, force: true });
}

/** The uncached report, then a run filling `cache` and a warm one: all three the same. */
async function expectSameWithCache(args: string[], cache: string, env: Record<string, string> = {}): Promise<string> {
  const plain = await json([...args, '--no-cache'], env);
  expect(await json([...args, '--cache-dir', cache], env)).toBe(plain);
  expect(await json([...args, '--cache-dir', cache], env)).toBe(plain);
  return plain;
}

/** A Claude Code assistant line: the final one of response `i` of session `s` (output `out`), or a streaming partial (output 1). */
function assistantLine(s: string, i: number, out: number): string {
  const id = `${s}${String(i).padStart(5, '0')}`;
  const time = new Date(Date.UTC(2026, 0, 5, 10) + i * 60_000).toISOString();
  const text = `answer ${id} `.repeat(20);
  return `${JSON.stringify({ parentUuid: null, isSidechain: false, cwd: '/home/dev/grow', sessionId: `sess-${s}`, version: '2.1.0', type: 'assistant', message: { id: `msg_${id}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'text', text }], usage: { input_tokens: 3 + i, cache_read_input_tokens: 5000, cache_creation_input_tokens: 200, output_tokens: out } }, timestamp: time, requestId: `req_${id}` })}\n`;
}

function finalLine(s: string, i: number, extra: number): string {
  return assistantLine(s, i, 10 + i + extra);
}

/** Responses `from` … `from + n - 1` of session `s`: a user line, a partial and a final line each. */
function session(s: string, from: number, n: number): string {
  let out = '';
  for (let i = from; i < from + n; i++) {
    const time = new Date(Date.UTC(2026, 0, 5, 10) + i * 60_000).toISOString();
    out += `${JSON.stringify({ type: 'user', sessionId: `sess-${s}`, cwd: '/home/dev/grow', message: { role: 'user', content: `question ${i} `.repeat(8) }, timestamp: time })}\n`;
    out += assistantLine(s, i, 1);
    // Every tenth response is left unfinished (its final line comes later, maybe after a grow point).
    if (i % 10 !== 0) out += finalLine(s, i, 0);
  }
  return out;
}

/** Files changed this recently are not cached (racy, see store.ts): wait past the margin. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 150));

describe('the cache gives the report of --no-cache', () => {
  it.each(['fixtures/samples', 'fixtures/logs'])('on every file of %s, filling and warm', async (folder) => {
    const cache = freshDir();
    await expectSameWithCache([join(ROOT, folder)], cache);
    expect(cacheFiles(cache).length).toBeGreaterThan(5);
  });

  it('on the coding agents of fixtures/agents-home (`agents`): Codex rollouts cached, databases read as without it', async () => {
    const cache = freshDir();
    const env = { HOME: join(ROOT, 'fixtures/agents-home'), XDG_CONFIG_HOME: '', CODEX_HOME: '', OPENCODE_DATA_DIR: '', GOOSE_PATH_ROOT: '', HERMES_HOME: '', KILO_DATA_DIR: '' };
    await expectSameWithCache(['agents'], cache, env);
    const kept = cacheFiles(cache);
    expect(kept.length).toBeGreaterThan(5);
    // Not cached: the databases. Cached: the rollouts, with their questions to the family (cache/family.ts).
    const texts = kept.map((f) => readFileSync(f).toString('latin1'));
    for (const text of texts) expect(text).not.toMatch(/\.db\\"/);
    expect(texts.filter((t) => t.includes('rollout-') && t.includes('"family":[')).length).toBeGreaterThan(0);
  });

  it('on a Claude Code tree changed between runs: appended, truncated, rewritten in place (same size, mtime put back), deleted, renamed, a session copied', async () => {
    const tree = join(temp, 'tree');
    const project = join(tree, 'projects', '-home-dev-app');
    mkdirSync(project, { recursive: true });
    for (const dir of ['claude-resume', 'claude-progress', 'claude-sidechain-in-order', 'claude-complete']) cpSync(join(ROOT, 'fixtures/agents', dir, 'projects/-home-dev-app'), project, { recursive: true });
    copyFileSync(join(ROOT, 'fixtures/agents-home/.claude/projects/-Users-dev-app/sess-1.jsonl'), join(project, 'sess-1.jsonl'));
    const files = readdirSync(project).filter((f) => f.endsWith('.jsonl')).sort();
    // Whole-second mtimes, so that one can be put back exactly (utimes takes seconds as a float).
    for (const f of readdirSync(tree, { recursive: true, withFileTypes: true })) if (f.isFile()) utimesSync(join(f.parentPath, f.name), 1767225600, 1767225600);
    const [a, b, c, d, , s] = files.map((f) => join(project, f)) as [string, string, string, string, string, string];
    const cache = freshDir();
    await settle();
    // By session, every problem listed: a copy counted in another file shows.
    const args = [tree, '--group-by', 'session', '--max-problems', '1000'];
    let last = await expectSameWithCache(args, cache);
    const step = async (change: () => void): Promise<void> => {
      change();
      await settle();
      const now = await expectSameWithCache(args, cache);
      expect(now).not.toBe(last); // each change shows in the report: a stale cache would be seen
      last = now;
    };
    expect([a, b, c, d].map((f) => f.slice(project.length + 1, project.length + 5))).toEqual(['0b6c', '5e1d', '7d2e', 'a9e5']);
    // Appended: a response of another file copied at the end (a resumed session), so also a copy across files.
    const line = readFileSync(d, 'utf8').split('\n').find((l) => l.includes('"usage"')) as string;
    await step(() => appendFileSync(a, `${line}\n`));
    // Truncated to its first half.
    await step(() => truncateSync(b, Math.floor(statSync(b).size / 2)));
    // Rewritten in place with the same size, its mtime put back: a digit of each output count changed.
    const before = statSync(s);
    const text = readFileSync(s, 'utf8');
    const changed = text.replace(/"output_tokens":(\d)/g, (_m, digit: string) => `"output_tokens":${(Number(digit) + 1) % 10}`);
    expect(changed.length).toBe(text.length);
    await step(() => {
      writeFileSync(s, changed);
      utimesSync(s, 1767225600, 1767225600);
    });
    expect(statSync(s).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(s).size).toBe(before.size);
    // Renamed to be read first: c resumes a's session, so which of them has the copy changes.
    await step(() => renameSync(c, join(project, '000-first.jsonl')));
    // Deleted.
    await step(() => rmSync(a));
    // A copy of a session added: all its responses become copies.
    await step(() => copyFileSync(d, join(project, 'zzz-copy.jsonl')));
  });

  it('on sessions that grow (read on from the grow point): appended, a response finished after the point (the later line wins), a partial last line then completed, then truncated', async () => {
    const tree = join(temp, 'growing');
    const project = join(tree, 'projects', '-home-dev-grow');
    mkdirSync(project, { recursive: true });
    const long = join(project, 'long.jsonl');
    const other = join(project, 'other.jsonl');
    // Over three read chunks (256 KB): the grow point is the last chunk's start.
    const text = session('L', 0, 700);
    writeFileSync(long, text);
    writeFileSync(other, session('O', 0, 40));
    // The last unfinished response (every tenth) whose partial line ends before the grow point: still held there.
    const at = text.length - (text.length % (256 * 1024));
    let open = 0;
    for (let i = 0; i < 700; i += 10) if (text.indexOf(assistantLine('L', i, 1)) + assistantLine('L', i, 1).length < at) open = i;
    expect(open).toBeGreaterThan(0);
    await settle();
    const cache = freshDir();
    const args = [tree, '--group-by', 'session', '--max-problems', '5000'];
    let last = await expectSameWithCache(args, cache);
    const step = async (change: () => void): Promise<void> => {
      change();
      await settle();
      const now = await expectSameWithCache(args, cache);
      expect(now).not.toBe(last);
      last = now;
    };
    // New responses, and the final line of a response whose partial line is before the grow point
    // (and still held there): the later line wins, as in a read of the whole file.
    const finished = finalLine('L', open, 5000);
    await step(() => appendFileSync(long, session('L', 700, 10) + finished));
    // A response copied from the other file (a resumed session): a copy across files.
    await step(() => appendFileSync(long, finalLine('O', 3, 0)));
    // A last line without its newline (being written), then completed.
    const next = session('L', 710, 1);
    await step(() => appendFileSync(long, next.slice(0, -30)));
    await step(() => appendFileSync(long, next.slice(-30)));
    // Truncated below its grow point: read whole again.
    await step(() => truncateSync(long, 300_000));
  });

  it('a grown session is read on from the cached grow point (a planted count in the held records shows)', async () => {
    const tree = join(temp, 'growing-planted');
    const project = join(tree, 'projects', '-home-dev-grow');
    mkdirSync(project, { recursive: true });
    const long = join(project, 'long.jsonl');
    writeFileSync(long, session('P', 0, 700));
    await settle();
    const cache = freshDir();
    const args = [tree];
    await expectSameWithCache(args, cache);
    const [file] = cacheFiles(cache);
    const bytes = readFileSync(file as string);
    const found = readEntry(bytes, buildId(), () => true);
    const decoded = found && decodeAll(found);
    const entry = found && decoded && { key: found.key, grow: found.grow, ...decoded };
    // The last chunk's start (chunks are 256 KB).
    expect(entry?.grow?.at).toBe(statSync(long).size - (statSync(long).size % (256 * 1024)));
    // A held record released after the point is kept as its candidate's index (cache/resume.ts).
    const state = entry?.state as { keepLast: { held: unknown[] }[] };
    const ref = state.keepLast[0]?.held[0] as number;
    expect(ref).toBeGreaterThanOrEqual(entry?.grow?.events as number);
    const writer = new PayloadWriter();
    for (const [i, e] of (entry?.events ?? []).entries()) {
      if (i === ref && e.kind === 'candidate' && e.event.record.tokens) e.event.record.tokens.output += 1_000_000;
      writer.add(e);
    }
    writeFileSync(file as string, writer.finish(buildId(), entry?.key as string, { grow: entry?.grow as NonNullable<typeof entry>['grow'] & object, state: entry?.state }));
    appendFileSync(long, session('P', 700, 3));
    await settle();
    const plain = JSON.parse(await json([...args, '--no-cache']));
    const grown = JSON.parse(await json([...args, '--cache-dir', cache]));
    expect(grown.totals.tokens.output).toBe(plain.totals.tokens.output + 1_000_000);
    // The grown read left a grow point of its own, and the next growth goes on from it (the planted count with it).
    appendFileSync(long, session('P', 703, 1));
    await settle();
    const again = JSON.parse(await json([...args, '--no-cache']));
    expect(JSON.parse(await json([...args, '--cache-dir', cache])).totals.tokens.output).toBe(again.totals.tokens.output + 1_000_000);
    // Truncated: read whole, the planted count gone.
    truncateSync(long, 400_000);
    await settle();
    expect(await json([...args, '--cache-dir', cache])).toBe(await json([...args, '--no-cache']));
  });

  it('is pruned once a day: entries of deleted inputs, damaged entries, stale temp files, and folders of other builds or formats unused for a week', async () => {
    const tree = join(temp, 'pruned');
    mkdirSync(tree, { recursive: true });
    for (const f of ['claude-code-session.jsonl', 'anthropic-messages.jsonl', 'deepseek-chat-completion.jsonl']) copyFileSync(join(ROOT, 'fixtures/samples', f), join(tree, f));
    await settle();
    const cache = freshDir();
    await expectSameWithCache([tree], cache);
    const format = join(cache, `files-v${CACHE_FORMAT}`);
    const [build] = readdirSync(format);
    const current = join(format, build as string);
    const entries = (): string[] => cacheFiles(current).filter((f) => f.endsWith('.bin'));
    expect(entries().length).toBe(3);
    const weekAgo = Date.now() / 1000 - 8 * 24 * 3600;
    const plant = (path: string, seconds: number): void => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, 'x');
      for (let p = path; p.startsWith(cache) && p !== cache; p = dirname(p)) utimesSync(p, seconds, seconds);
    };
    plant(join(format, '0000000000000000', 'ab', 'old.bin'), weekAgo);
    plant(join(cache, 'files-v1', 'ab', 'old.bin'), weekAgo);
    plant(join(format, '1111111111111111', 'ab', 'recent.bin'), Date.now() / 1000 - 24 * 3600);
    plant(join(current, 'ab', 'x.bin.1-0-ab-1.tmp'), Date.now() / 1000 - 2 * 3600);
    plant(join(current, 'ab', 'damaged.bin'), Date.now() / 1000);
    rmSync(join(tree, 'anthropic-messages.jsonl'));
    // Swept a day ago: the next run sweeps again.
    utimesSync(join(current, '.swept'), Date.now() / 1000 - 25 * 3600, Date.now() / 1000 - 25 * 3600);
    expect(await json([tree, '--cache-dir', cache])).toBe(await json([tree, '--no-cache']));
    expect(entries().length).toBe(2);
    expect(readdirSync(format).sort()).toEqual(['1111111111111111', build].sort());
    expect(readdirSync(cache).sort()).toEqual([`files-v${CACHE_FORMAT}`, 'pricing-v1', 'reports-v1']);
    expect(cacheFiles(current).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Within the day, no sweep: a deleted input's entry stays until the next one.
    rmSync(join(tree, 'deepseek-chat-completion.jsonl'));
    expect(await json([tree, '--cache-dir', cache])).toBe(await json([tree, '--no-cache']));
    expect(entries().length).toBe(2);
  });

  it('on Codex rollouts whose family changes before them: a parent moved after its branch, removed, put back (the branch read again only when its answers change)', async () => {
    const tree = join(temp, 'codex');
    mkdirSync(tree, { recursive: true });
    for (const dir of ['codex-branch', 'codex-copied-turn']) cpSync(join(ROOT, 'fixtures/agents', dir), tree, { recursive: true });
    const parent = join(tree, '2026-05-12T08-00-00-parent.jsonl');
    const later = join(tree, '2026-05-12T08-09-00-parent.jsonl');
    const original = readFileSync(join(ROOT, 'fixtures/agents/codex-branch/2026-05-12T08-00-00-parent.jsonl'));
    await settle();
    const cache = freshDir();
    const args = [tree, '--group-by', 'session', '--max-problems', '1000'];
    let last = await expectSameWithCache(args, cache);
    const branchEntry = (): string => cacheFiles(cache).find((f) => readFileSync(f).toString('latin1').includes('08-02-00-branch.jsonl')) as string;
    const written = (): number => statSync(branchEntry()).mtimeMs;
    const step = async (change: () => void, reread: boolean): Promise<void> => {
      const before = written();
      change();
      await settle();
      const now = await expectSameWithCache(args, cache);
      expect(now).not.toBe(last);
      expect(written() !== before).toBe(reread);
      last = now;
    };
    // The parent read after the branch: the branch's replayed totals are its own now.
    await step(() => renameSync(parent, later), true);
    // Removed from after the branch: the branch asks the same, and is taken from the cache.
    await step(() => rmSync(later), false);
    // Back before it: its totals are replays again.
    await step(() => writeFileSync(parent, original), true);
  });

  it('a new pricing table with the cache warm: the new prices, as without the cache', async () => {
    const cache = freshDir();
    const log = join(ROOT, 'fixtures/samples');
    await expectSameWithCache([log], cache);
    // The same prices, every one doubled.
    const doubled = join(temp, 'pricing-doubled');
    cpSync(join(ROOT, FROZEN_PRICING), doubled, { recursive: true });
    for (const f of readdirSync(doubled).filter((n) => n !== 'fx.json')) {
      const path = join(doubled, f);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/("(?:input|output|cache_read|cache_write_5m|cache_write_1h)": *")(\d+(?:\.\d+)?)"/g, (_m, k: string, v: string) => `${k}${Number(v) * 2}"`));
    }
    const plain = await json([log, '--no-cache', '--pricing-dir', doubled]);
    const warm = await json([log, '--cache-dir', cache, '--pricing-dir', doubled]);
    expect(warm).toBe(plain);
    const first = JSON.parse(await json([log, '--cache-dir', cache]));
    expect(JSON.parse(warm).totals.cost).not.toEqual(first.totals.cost);
  });
});

describe('cache files are checked, never trusted', () => {
  it('a valid cache file is what a warm run reads (so the tests above do use the cache)', async () => {
    const cache = freshDir();
    const log = join(ROOT, 'fixtures/samples/claude-code-session.jsonl');
    const plain = await expectSameWithCache([log], cache);
    const [file] = cacheFiles(cache);
    const bytes = readFileSync(file as string);
    const key = JSON.parse(bytes.toString('utf8', 19, 19 + bytes.readUInt32LE(15))).key as string;
    const events = decodeCacheFile(bytes, buildId(), key);
    expect(events).toBeDefined();
    // The same events with one count changed, in a file that passes every check: the report shows it.
    const writer = new PayloadWriter();
    let bumped = false;
    for (const e of events ?? []) {
      const record = e.kind === 'record' ? e.record : e.kind === 'candidate' ? e.event.record : undefined;
      if (!bumped && record?.tokens) {
        record.tokens.output += 1_000_000;
        bumped = true;
      }
      writer.add(e);
    }
    writeFileSync(file as string, writer.finish(buildId(), key));
    // The whole report kept by the warm run answers first while nothing changed: it shows the planted count only once gone.
    expect(await json([log, '--cache-dir', cache])).toBe(plain);
    forgetReports(cache);
    const planted = JSON.parse(await json([log, '--cache-dir', cache]));
    const output = (r: any): number => r.totals.tokens.output + r.totals.unpriced.tokens.output;
    expect(output(planted)).toBe(output(JSON.parse(plain)) + 1_000_000);
  });

  it('a whole report kept (cache/report.ts) is what a run over unchanged inputs gives; a damaged one is ignored; a changed input, other options or blocks are not answered by it', async () => {
    const cache = freshDir();
    const log = join(ROOT, 'fixtures/samples/claude-code-session.jsonl');
    const plain = await expectSameWithCache([log], cache);
    const [kept] = readdirSync(join(cache, 'reports-v1')).filter((n) => n.endsWith('.json'));
    const file = join(cache, 'reports-v1', kept as string);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { key: string; sum: string; report: any };
    // A planted report that passes the checksum is what the next run gives (so the kept report is used).
    const report = { ...stored.report, totals: { ...stored.report.totals, requests: 424242 } };
    const { createHash } = await import('node:crypto');
    const text = JSON.stringify(report);
    writeFileSync(file, JSON.stringify({ key: stored.key, sum: createHash('sha256').update(text).digest('hex'), report }));
    expect(JSON.parse(await json([log, '--cache-dir', cache])).totals.requests).toBe(424242);
    // Changed without its checksum: ignored, the report made again and kept again.
    writeFileSync(file, JSON.stringify({ ...stored, report }));
    expect(await json([log, '--cache-dir', cache])).toBe(plain);
    expect(JSON.parse(readFileSync(file, 'utf8')).report.totals.requests).toBe(JSON.parse(plain).totals.requests);
    // Other options: another key (their own report); every format drawn from a kept report is the same as without the cache.
    for (const format of ['table', 'csv', 'markdown']) {
      const args = [log, ...frozen, '--format', format, '--group-by', 'day,model'];
      const without = await runIn([...args, '--no-cache']);
      for (let i = 0; i < 2; i++) expect((await runIn([...args, '--cache-dir', cache])).stdout).toBe(without.stdout);
    }
    // Blocks depend on the clock: never kept.
    const before = readdirSync(join(cache, 'reports-v1')).length;
    await runIn(['blocks', log, ...frozen, '--format', 'json', '--cache-dir', cache]);
    expect(readdirSync(join(cache, 'reports-v1')).length).toBe(before);
  });

  const damages: [string, (bytes: Buffer) => Buffer][] = [
    ['empty', () => Buffer.alloc(0)],
    ['truncated', (b) => b.subarray(0, b.length - 7)],
    ['cut in its header', (b) => b.subarray(0, 30)],
    ['a payload byte flipped', (b) => Buffer.concat([b.subarray(0, b.length - 20), Buffer.from([(b[b.length - 20] ?? 0) ^ 0x55]), b.subarray(b.length - 19)])],
    ['of another format version', (b) => Buffer.from(b.toString('latin1').replace('"format":2,', '"format":9,'), 'latin1')],
    ['of another build', (b) => Buffer.from(b.toString('latin1').replace('"build":"', '"build":"0.0.1|'), 'latin1')],
    ['random bytes', (b) => Buffer.from(b.map((_, i) => (i * 7919) & 0xff))],
  ];

  it.each(damages)('a cache file %s is ignored and rebuilt', async (_name, damage) => {
    const cache = freshDir();
    const log = join(ROOT, 'fixtures/samples');
    const plain = await expectSameWithCache([log], cache);
    const files = cacheFiles(cache);
    const good = new Map(files.map((f) => [f, readFileSync(f)]));
    for (const f of files) writeFileSync(f, damage(readFileSync(f)));
    forgetReports(cache);
    expect(await json([log, '--cache-dir', cache])).toBe(plain);
    // Rebuilt: each file is whole again (the same bytes as first written).
    for (const f of files) expect(readFileSync(f).equals(good.get(f) as Buffer)).toBe(true);
  });

  it('two runs at once on one cache folder: both right, no file left half-written (spawned processes)', async () => {
    const cache = freshDir();
    // The samples folder (30 files): both processes fill the same entries at once.
    const args = ['bin/llm-audit.js', join(ROOT, 'fixtures/samples'), ...frozen, '--format', 'json', '--cache-dir', cache];
    const plain = await json([join(ROOT, 'fixtures/samples'), '--no-cache']);
    const once = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' } });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('error', reject);
        child.on('close', () => resolve(out));
      });
    const outs = await Promise.all([once(), once()]);
    for (const out of outs) expect(out).toBe(plain);
    expect(cacheFiles(cache).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(cacheFiles(cache).length).toBeGreaterThan(0);
    expect(await json([join(ROOT, 'fixtures/samples'), '--cache-dir', cache])).toBe(plain);
  }, 90_000);

  it('--no-cache neither reads nor writes; LLM_AUDIT_CACHE=0 turns the default folder off', async () => {
    const xdg = join(temp, 'xdg');
    const log = join(ROOT, 'fixtures/samples/claude-code-session.jsonl');
    await json([log, '--no-cache'], { LLM_AUDIT_CACHE: '', XDG_CACHE_HOME: xdg });
    expect(cacheFiles(xdg)).toEqual([]);
    await json([log], { LLM_AUDIT_CACHE: '0', XDG_CACHE_HOME: xdg });
    expect(cacheFiles(xdg)).toEqual([]);
    await json([log], { LLM_AUDIT_CACHE: '', XDG_CACHE_HOME: xdg });
    expect(cacheFiles(join(xdg, 'llm-audit')).length).toBe(1);
  });
});

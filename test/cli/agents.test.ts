// `llm-audit agents`: finds the coding agents' data under a home folder (built here from the
// fixtures), says what it read and from where, and reports it as a run over those paths would.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_SOURCES, expandPath } from '../../src/ingest/agents/discover.ts';
import { FROZEN_PRICING, ROOT, runIn, runJsonIn } from './run.ts';

const CLAUDE_PROJECTS = join(ROOT, 'fixtures/logs/claude-code-project');
const CODEX_ROLLOUTS = join(ROOT, 'fixtures/logs/codex-fork');
const frozen = ['--pricing-dir', FROZEN_PRICING];

let dir: string;
/** A home folder holding Claude Code (~/.claude/projects) and Codex (~/.codex/sessions) data. */
let home: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-audit-agents-'));
  home = join(dir, 'home');
  cpSync(CLAUDE_PROJECTS, join(home, '.claude/projects'), { recursive: true });
  cpSync(CODEX_ROLLOUTS, join(home, '.codex/sessions'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An environment with only this home (no agent variable of the machine running the tests leaks in). */
const envOf = (extra: Record<string, string> = {}): Record<string, string> => ({
  HOME: home,
  XDG_CONFIG_HOME: '',
  ...Object.fromEntries(AGENT_SOURCES.flatMap((s) => (s.env ? [[s.env, '']] : []))),
  ...extra,
});

describe('llm-audit agents', () => {
  it('reads every agent found, says where, and totals what each read alone totals', async () => {
    const all = await runJsonIn(['agents', ...frozen], { env: envOf() });
    expect(all.code).toBe(0);
    const found = all.report.agents.filter((a: { found: boolean }) => a.found);
    expect(found.map((a: { source: string; paths: string[] }) => [a.source, a.paths])).toEqual([
      ['claude', ['~/.claude/projects']],
      ['codex', ['~/.codex/sessions']],
    ]);
    expect(found.map((a: { files: number }) => a.files)).toEqual([2, 3]);
    expect(all.report.inputs.map((i: { path: string; agent: string }) => [i.path, i.agent])).toEqual([
      ['~/.claude/projects', 'claude'],
      ['~/.codex/sessions', 'codex'],
    ]);
    // The home folder's name is in no path of the report's agents and inputs.
    expect(JSON.stringify([all.report.agents, all.report.inputs])).not.toContain(home);

    const claude = await runJsonIn([join(home, '.claude/projects'), ...frozen], { env: envOf() });
    const codex = await runJsonIn([join(home, '.codex/sessions'), ...frozen], { env: envOf() });
    expect(claude.report.totals.requests + codex.report.totals.requests).toBe(all.report.totals.requests);
    expect(all.report.totals.requests).toBeGreaterThan(0);
    for (const bucket of ['input', 'output', 'cacheRead', 'cacheWrite']) {
      expect(claude.report.totals.tokens[bucket] + codex.report.totals.tokens[bucket]).toBe(all.report.totals.tokens[bucket]);
    }
    expect(claude.report.rows.read + codex.report.rows.read).toBe(all.report.rows.read);
  });

  it('--source narrows to the agents named; an unknown one is a usage error naming the known ones', async () => {
    const codex = await runJsonIn(['agents', '--source', 'codex', ...frozen], { env: envOf() });
    expect(codex.report.agents.map((a: { source: string }) => a.source)).toEqual(['codex']);
    expect(codex.report.inputs.map((i: { path: string }) => i.path)).toEqual(['~/.codex/sessions']);
    const bad = await runIn(['agents', '--source', 'cursor', ...frozen], { env: envOf() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--source: "cursor" is not an agent llm-audit knows; use one of claude, codex/);
    const withPaths = await runIn(['agents', 'fixtures/logs/quickstart.jsonl', '--source', 'codex', ...frozen], { env: envOf() });
    expect(withPaths.code).toBe(2);
    expect(withPaths.stderr).toMatch(/--source chooses among the agent data found/);
  });

  it('the table says which agents it read and which it did not find', async () => {
    const result = await runIn(['agents', '--source', 'claude', ...frozen], { env: envOf() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Agents read: Claude Code \(~\/\.claude\/projects: 2 files\)/);
    const both = await runIn(['agents', ...frozen], { env: envOf({ CODEX_HOME: join(dir, 'nowhere') }) });
    expect(both.stdout).toMatch(/Agents read: Claude Code \(~\/\.claude\/projects: 2 files\)\. Not found: Codex CLI/);
  });

  it('an agent variable, when set, replaces the default folders (a list for CLAUDE_CONFIG_DIR, a projects folder itself accepted)', async () => {
    const other = join(dir, 'other-claude');
    cpSync(CLAUDE_PROJECTS, join(other, 'projects'), { recursive: true });
    const second = join(dir, 'second/projects');
    cpSync(CLAUDE_PROJECTS, second, { recursive: true });
    const result = await runJsonIn(['agents', '--source', 'claude', ...frozen], { env: envOf({ CLAUDE_CONFIG_DIR: `${other}, ${second}` }) });
    const [claude] = result.report.agents;
    expect(claude.env).toBe('CLAUDE_CONFIG_DIR');
    expect(claude.paths).toEqual([join(other, 'projects'), second]);
    expect(claude.searched).not.toContain('~/.claude');
    // The same session files in two config folders are one project's copies: counted once.
    const alone = await runJsonIn([join(home, '.claude/projects'), ...frozen], { env: envOf() });
    expect(result.report.totals.requests).toBe(alone.report.totals.requests);
  });

  it('finds Claude Code under $XDG_CONFIG_HOME/claude, and Codex rollouts kept directly in CODEX_HOME', async () => {
    const xdg = join(dir, 'xdg');
    cpSync(CLAUDE_PROJECTS, join(xdg, 'claude/projects'), { recursive: true });
    const bare = join(dir, 'codex-bare');
    cpSync(CODEX_ROLLOUTS, bare, { recursive: true });
    const result = await runJsonIn(['agents', ...frozen], { env: envOf({ XDG_CONFIG_HOME: xdg, CODEX_HOME: bare }) });
    const found = result.report.agents.filter((a: { found: boolean }) => a.found);
    const paths = Object.fromEntries(found.map((a: { source: string; paths: string[] }) => [a.source, a.paths]));
    expect(paths).toEqual({ claude: [join(xdg, 'claude/projects'), '~/.claude/projects'], codex: [bare] });
  });

  it('with no agent data: `agents` says where it looked; `llm-audit` with no path on a terminal too, and reads the agents when there are some', async () => {
    const empty = join(dir, 'empty-home');
    mkdirSync(empty, { recursive: true });
    const none = await runIn(['agents', ...frozen], { env: { ...envOf(), HOME: empty } });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no coding agent data found on this machine \(looked for Claude Code in ~\/\.config\/claude, ~\/\.claude; Codex CLI in ~\/\.codex; OpenCode in ~\/\.local\/share\/opencode; Gemini CLI in ~\/\.gemini\/tmp; .*; Qwen Code in ~\/\.qwen; Goose in .*Hermes Agent in ~\/\.hermes; Kilo CLI in ~\/\.local\/share\/kilo; GitHub Copilot CLI in ~\/\.copilot\); pass log files or folders/);
    const bare = await runIn([...frozen], { env: { ...envOf(), HOME: empty }, stdinIsTTY: true });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/no input: pass log files or folders, or - to read stdin .*; no coding agent data was found on this machine either/);
    const agents = await runJsonIn([...frozen], { env: envOf(), stdinIsTTY: true });
    expect(agents.code).toBe(0);
    expect(agents.report.agents.filter((a: { found: boolean }) => a.found)).toHaveLength(2);
  });
});

describe('expandPath', () => {
  it('expands ~ and ${NAME:-fallback}', () => {
    const env = { XDG_CONFIG_HOME: '/x' };
    expect(expandPath('~/.claude', env, '/h')).toBe('/h/.claude');
    expect(expandPath('${XDG_CONFIG_HOME:-~/.config}/claude', env, '/h')).toBe('/x/claude');
    expect(expandPath('${XDG_CONFIG_HOME:-~/.config}/claude', {}, '/h')).toBe('/h/.config/claude');
    expect(expandPath('${XDG_CONFIG_HOME:-~/.config}/claude', { XDG_CONFIG_HOME: '' }, '/h')).toBe('/h/.config/claude');
    expect(expandPath('~/.codex', {}, '')).toBe('');
  });
});

// The agents that keep SQLite databases, read from the committed fake home (fixtures/agents-home,
// made by scripts/fixtures/make-agent-dbs.mjs). Counts worked out by hand from the script's rows:
// see src/ingest/agents/sqlite-agents.test.ts for each request.
describe("llm-audit agents: OpenCode's database and its legacy message files together", () => {
  it('reads storage/message after the database; a message in both is counted once, from the database', async () => {
    const openHome = join(dir, 'opencode-home');
    const data = join(openHome, '.local/share/opencode');
    cpSync(join(ROOT, 'fixtures/agents-home/.local/share/opencode'), data, { recursive: true });
    cpSync(join(ROOT, 'fixtures/logs/opencode-storage'), join(data, 'storage'), { recursive: true });
    // The database's msg_002 (scripts/fixtures/make-agent-dbs.mjs) as an older OpenCode also wrote it to a file.
    mkdirSync(join(data, 'storage/message/ses_a'), { recursive: true });
    const copy = { id: 'msg_002', sessionID: 'ses_a', role: 'assistant', providerID: 'anthropic', modelID: 'claude-sonnet-4-5', mode: 'build', path: { cwd: '/work/app', root: '/work/app' }, time: { created: Date.UTC(2026, 0, 1) }, tokens: { input: 1200, output: 300, reasoning: 0, cache: { read: 5000, write: 800 } }, cost: 0 };
    writeFileSync(join(data, 'storage/message/ses_a/msg_002.json'), JSON.stringify(copy, null, 2));
    const both = await runJsonIn(['agents', '--source', 'opencode', ...frozen], { env: envOf({ HOME: openHome }) });
    expect(both.report.agents[0].paths).toEqual(['~/.local/share/opencode/opencode.db', '~/.local/share/opencode/storage/message', '~/.local/share/opencode/opencode-beta.db']);
    const dbOnly = await runJsonIn([join(data, 'opencode.db'), join(data, 'opencode-beta.db'), ...frozen], { env: envOf({ HOME: openHome }) });
    const filesOnly = await runJsonIn([join(data, 'storage/message'), ...frozen], { env: envOf({ HOME: openHome }) });
    const requests = (r: { rows: { priced: number; unpriced: number } }): number => r.rows.priced + r.rows.unpriced;
    expect(both.report.rows.read).toBe(dbOnly.report.rows.read + filesOnly.report.rows.read);
    expect(requests(filesOnly.report)).toBeGreaterThan(1);
    // msg_002 is read twice and counted once: the file's copy is skipped as a copy.
    expect(requests(both.report)).toBe(requests(dbOnly.report) + requests(filesOnly.report) - 1);
    expect(both.report.copies).toBe((dbOnly.report.copies ?? 0) + 1);
  });
});

describe('llm-audit agents: SQLite databases (OpenCode, Goose, Hermes Agent, Kilo)', () => {
  const HOME_FIXTURE = join(ROOT, 'fixtures/agents-home');
  const sqliteEnv = { HOME: HOME_FIXTURE, OPENCODE_DATA_DIR: '', GOOSE_PATH_ROOT: '', HERMES_HOME: '', KILO_DATA_DIR: '', XDG_CONFIG_HOME: '' };

  it('reads each database at its default location, WAL rows included, and counts every row', async () => {
    const result = await runJsonIn(['agents', '--source', 'opencode,goose,hermes,kilo', ...frozen], { env: sqliteEnv });
    expect(result.code).toBe(0);
    const found = result.report.agents.filter((a: { found: boolean }) => a.found).map((a: { source: string; paths: string[] }) => [a.source, a.paths]);
    expect(found).toEqual([
      ['opencode', ['~/.local/share/opencode/opencode.db', '~/.local/share/opencode/opencode-beta.db']],
      ['goose', ['~/.local/share/goose/sessions/sessions.db']],
      ['hermes', ['~/.hermes/state.db']],
      ['kilo', ['~/.local/share/kilo/kilo.db']],
    ]);
    expect(result.report.inputs.map((i: { path: string; files: number }) => [i.path, i.files])).toEqual([
      ['~/.local/share/opencode/opencode.db', 1],
      ['~/.local/share/opencode/opencode-beta.db', 1],
      ['~/.local/share/goose/sessions/sessions.db', 1],
      ['~/.hermes/state.db', 1],
      ['~/.local/share/kilo/kilo.db', 1],
    ]);
    // OpenCode 7 + 1 (WAL) + 2 (beta), Goose 5, Hermes 3, Kilo 4 rows.
    // 15 requests (priced or not, by the frozen prices), 6 skipped, 1 rejected.
    const { rows, totals } = result.report;
    expect([rows.read, rows.priced + rows.unpriced, rows.skipped, rows.rejected]).toEqual([22, 15, 6, 1]);
    const all = (bucket: string): number => totals.tokens[bucket] + totals.unpriced.tokens[bucket];
    expect(['input', 'cacheRead', 'cacheWrite', 'output', 'reasoning'].map(all)).toEqual([4200 + 650, 5110 + 50, 840, 1439 + 120, 55]);
    expect(result.report.copies).toBe(1);
    const rejected = result.report.problems.filter((p: { kind: string }) => p.kind === 'rejected');
    expect(rejected).toEqual([{ kind: 'rejected', file: join(HOME_FIXTURE, '.local/share/opencode/opencode.db'), line: 7, table: 'message', reason: expect.stringMatching(/^column data is not valid JSON/) }]);
    const text = await runIn(['agents', '--source', 'opencode', ...frozen], { env: sqliteEnv });
    expect(text.stdout).toContain('opencode.db message#7: column data is not valid JSON');
  });

  it('each variable replaces the defaults, as the agent does', async () => {
    const opencode = await runJsonIn(['agents', '--source', 'opencode', ...frozen], { env: { ...sqliteEnv, HOME: dir, OPENCODE_DATA_DIR: join(HOME_FIXTURE, '.local/share/opencode') } });
    expect(opencode.report.agents[0].env).toBe('OPENCODE_DATA_DIR');
    expect(opencode.report.rows.read).toBe(10);
    const goose = await runJsonIn(['agents', '--source', 'goose', ...frozen], { env: { ...sqliteEnv, HOME: dir, GOOSE_PATH_ROOT: join(HOME_FIXTURE, '.local/share/goose') } });
    // GOOSE_PATH_ROOT holds data/sessions/sessions.db; the fixture keeps the default layout, so it is found by the other name.
    expect(goose.report.agents[0].paths).toEqual([join(HOME_FIXTURE, '.local/share/goose/sessions/sessions.db')]);
  });
});

// The agents that keep usage in SQLite (OpenCode, Kilo, Goose, Hermes Agent), read from the fake home
// that scripts/fixtures/make-agent-dbs.mjs writes. Each expectation is worked out by hand from the
// script's rows: disjoint input / cache read / cache write; reasoning and a total above the parts
// billed as output (output = output + reasoning + remainder); ms, seconds or naive UTC times.
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest, type IngestEvent } from '../index.ts';
// @ts-expect-error: a plain .mjs script, no types
import { makeAgentDbs } from '../../../scripts/fixtures/make-agent-dbs.mjs';

const HOME = join(import.meta.dirname, '../../../fixtures/agents-home');
const OPENCODE = join(HOME, '.local/share/opencode');
const work = mkdtempSync(join(tmpdir(), 'llm-audit-sqlite-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function read(paths: string[]): Promise<IngestEvent[]> {
  const events: IngestEvent[] = [];
  await ingest(paths, {}, (e) => events.push(e));
  return events;
}

/** Each request as [rowid, model, ISO time, session, input, cacheRead, cacheWrite, output, reasoning]. */
function requests(events: IngestEvent[]): unknown[][] {
  return events.flatMap((e) => {
    if (e.kind !== 'record') return [];
    const { where, model, timestamp, tokens, tags } = e.record;
    const t = tokens;
    return [[where.line, model, new Date(timestamp).toISOString(), tags?.session, t?.input, t?.cacheRead, t?.cacheWrite5m, t?.output, t?.reasoning]];
  });
}

const others = (events: IngestEvent[]): string[] => events.flatMap((e) => (e.kind === 'record' ? [] : [`${e.kind} ${e.problem.table}#${e.problem.line}`]));

const T = '2026-01-02T00:';

describe('OpenCode (opencode.db in WAL mode, opencode-beta.db)', () => {
  it('reads every message row, the last one only in the -wal file, and counts a copy in another channel once', async () => {
    const events = await read([join(OPENCODE, 'opencode.db'), join(OPENCODE, 'opencode-beta.db')]);
    expect(requests(events)).toEqual([
      [2, 'claude-sonnet-4-5', `${T}01:00.000Z`, 'ses_a', 1200, 5000, 800, 300, 0],
      // output 10 + reasoning 40 + (total 250 − parts 200) = 100
      [3, 'gpt-5', `${T}02:00.000Z`, 'ses_a', 100, 50, 0, 100, 40],
      [4, 'claude-haiku-4-5', `${T}03:00.000Z`, 'ses_b', 0, 0, 0, 123, 0],
      [5, 'k2p6', `${T}04:00.000Z`, 'ses_b', 100, 50, 0, 10, 0],
      [8, 'claude-sonnet-4-5', '2026-01-03T00:00:00.000Z', 'ses_c', 10, 0, 0, 5, 0],
      [2, 'claude-sonnet-4-5', `${T}10:00.000Z`, 'ses_beta', 20, 0, 0, 2, 0],
    ]);
    expect(others(events)).toEqual(['skipped message#1', 'skipped message#6', 'rejected message#7', 'skipped message#1']);
    const copy = events.filter((e) => e.kind === 'skipped').at(-1);
    expect(copy?.kind === 'skipped' && copy.problem.reason).toMatch(/^a copy: an OpenCode message \(id\) already counted/);
  });

  it('never changes the database, its -wal or -shm: the WAL rows are still only in the -wal after reading', async () => {
    const before = readdirSync(OPENCODE).map((f) => [f, readFileSync(join(OPENCODE, f)).toString('base64')]);
    await read([OPENCODE]);
    expect(readdirSync(OPENCODE).map((f) => [f, readFileSync(join(OPENCODE, f)).toString('base64')])).toEqual(before);
    // Without the -wal, the newest row is not there.
    const alone = join(work, 'no-wal.db');
    copyFileSync(join(OPENCODE, 'opencode.db'), alone);
    expect(requests(await read([alone])).map((r) => r[0])).toEqual([2, 3, 4, 5]);
  });
});

describe('Kilo, Goose, Hermes Agent', () => {
  it('Kilo: assistant messages only; data.session_id wins over the row; reasoning and a lone total are output', async () => {
    const events = await read([join(HOME, '.local/share/kilo/kilo.db')]);
    expect(requests(events)).toEqual([
      [1, 'claude-sonnet-4-20250514', `${T}00:00.000Z`, 'session-a', 100, 10, 20, 55, 5],
      [3, 'gpt-5', `${T}02:00.000Z`, 'session-a', 0, 0, 0, 234, 0],
      [4, 'gpt-5', `${T}03:00.000Z`, 'session-b', 1000, 0, 0, 100, 0],
    ]);
    expect(others(events)).toEqual(['skipped message#2']);
  });

  it('Goose: one record per session; accumulated columns above 0 win; total − input − output is output', async () => {
    const events = await read([join(HOME, '.local/share/goose/sessions/sessions.db')]);
    expect(requests(events)).toEqual([
      [1, 'claude-sonnet-4-20250514', '2026-05-01T01:02:03.000Z', '20260501_1', 100, 0, 0, 80, 0],
      [2, 'gpt-4o', '2026-05-02T10:00:00.000Z', '20260502_1', 400, 0, 0, 100, 0],
      [3, 'gpt-4o', '2026-05-03T08:30:00.000Z', '20260503_1', 70, 0, 0, 30, 0],
      [5, '(no model: Goose session without model_config_json.model_name)', '2026-05-05T12:00:00.000Z', '20260505_1', 50, 0, 0, 10, 0],
    ]);
    expect(others(events)).toEqual(['skipped sessions#4']);
  });

  it('Hermes: one record per session at started_at (epoch seconds); reasoning is output; the actual cost is the logged one', async () => {
    const events = await read([join(HOME, '.hermes/state.db')]);
    expect(requests(events)).toEqual([
      [1, 'claude-sonnet-4-20250514', '2025-06-15T15:06:40.250Z', 'session-1', 1200, 50, 20, 310, 10],
      [3, 'hermes-local-7b', '2025-06-15T17:06:40.000Z', 'session-3', 500, 0, 0, 100, 0],
    ]);
    const first = events.find((e) => e.kind === 'record');
    expect(first?.kind === 'record' && first.record.loggedCost?.amount.toString()).toBe('0.34');
    expect(others(events)).toEqual(['skipped sessions#2']);
    // The same state.db under two HERMES_HOME folders: each session once.
    const twice = join(work, 'hermes-copy.db');
    copyFileSync(join(HOME, '.hermes/state.db'), twice);
    const both = await read([join(HOME, '.hermes/state.db'), twice]);
    expect(requests(both)).toHaveLength(2);
  });
});

describe('hostile databases', () => {
  const { Database } = createRequire(import.meta.url)('node-sqlite3-wasm') as typeof import('node-sqlite3-wasm');

  it('a database of another schema is one rejected row naming the tables expected', async () => {
    const path = join(work, 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); CREATE TABLE message (id TEXT, body TEXT)');
    db.close();
    const events = await read([path]);
    expect(events).toHaveLength(1);
    expect(events[0]?.kind === 'rejected' && events[0].problem.reason).toMatch(
      /^a SQLite database of no schema llm-audit reads: tables message, notes; expected one of: Kilo \(table message with id, session_id, data\); OpenCode .*; Goose \(table sessions .*; Hermes Agent/,
    );
  });

  it('a corrupt database and a .db that is not SQLite are each one rejected row; the run goes on', async () => {
    const cut = join(work, 'cut.db');
    writeFileSync(cut, Buffer.concat([readFileSync(join(HOME, '.hermes/state.db')).subarray(0, 100), Buffer.alloc(5000, 0xab)]));
    const text = join(work, 'notes.db');
    writeFileSync(text, 'not a database\n');
    const events = await read([cut, text, join(HOME, '.local/share/kilo/kilo.db')]);
    const rejected = events.filter((e) => e.kind === 'rejected');
    expect(rejected.map((e) => e.kind === 'rejected' && [e.problem.file.replace(work, ''), e.problem.line])).toEqual([
      ['/cut.db', 1],
      ['/notes.db', 1],
    ]);
    expect(rejected[0]?.kind === 'rejected' && rejected[0].problem.reason).toMatch(/SQLite\); the file is damaged or not a database|no schema/);
    expect(rejected[1]?.kind === 'rejected' && rejected[1].problem.reason).toMatch(/named like a SQLite database but not one/);
    expect(requests(events)).toHaveLength(3);
  });
});

describe('the fixture script', () => {
  it('reproduces the committed databases (their rows; the WAL salts are random)', async () => {
    const home = join(work, 'home');
    makeAgentDbs(home);
    for (const db of ['.local/share/opencode', '.local/share/kilo/kilo.db', '.local/share/goose/sessions/sessions.db', '.hermes/state.db']) {
      const dump = async (root: string): Promise<unknown[]> => (await read([join(root, db)])).map((e) => (e.kind === 'record' ? { ...e.record, where: { ...e.record.where, file: '' } } : { ...e, problem: { ...e.problem, file: '' } }));
      expect(await dump(home)).toEqual(await dump(HOME));
    }
  });
});

// --format json is written in chunks (src/report/render/json.ts): the text on stdout and in --out is
// still exactly JSON.stringify(report, null, 2), and the write errors of io.ts hold for every chunk.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FROZEN_PRICING, ROOT, run } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];
let dir: string;
let log: string;
const env = { ...process.env, TZ: 'UTC', NO_COLOR: '1' };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-audit-json-stream-'));
  log = join(dir, 'users.jsonl');
  // 400 users, one group each: a report of ~800 kB, a dozen chunks of 64 K characters.
  const lines = Array.from({ length: 400 }, (_, i) => JSON.stringify({ model: i % 7 === 0 ? 'no-such-model' : 'gpt-4o-2024-08-06', timestamp: '2025-09-28T00:00:00Z', input: 10 + i, output: 5, user: `u${i}` }));
  writeFileSync(log, `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const restringified = (text: string) => `${JSON.stringify(JSON.parse(text), null, 2)}\n`;

describe('--format json in chunks', () => {
  it('writes stdout and --out byte for byte as JSON.stringify(report, null, 2)', () => {
    const args = [log, ...frozen, '--group-by', 'tag:user', '--compare', 'gpt-5', '--format', 'json'];
    const stdout = run(args);
    expect(stdout.code).toBe(0);
    expect(stdout.stdout.length).toBeGreaterThan(5 * 65_536);
    expect(stdout.stdout).toBe(restringified(stdout.stdout));
    const report = JSON.parse(stdout.stdout);
    expect(report.groups).toHaveLength(342);
    expect(report.unpriced[0].requests).toBe(58);
    const out = join(dir, 'report.json');
    expect(run([...args, '--out', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(stdout.stdout);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('writes an empty report the same way', () => {
    const result = run(['-', ...frozen, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(restringified(result.stdout));
    expect(JSON.parse(result.stdout).groups).toEqual([]);
  });

  it.skipIf(!existsSync('/dev/full'))('stops at a full disk with exit 2 and one sentence, on stdout and --out', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, ['bin/llm-audit.js', log, ...frozen, '--group-by', 'tag:user', '--format', 'json'], { cwd: ROOT, stdio: ['ignore', full, 'pipe'], env, encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr.match(/cannot write/g)).toHaveLength(1);
      expect(result.stderr).toContain('llm-audit: cannot write the report to stdout: ENOSPC (no space left on device); free some space, or write elsewhere\n');
      expect(result.stderr).not.toMatch(/^\s+at |internal error/m);
    } finally {
      closeSync(full);
    }
    const out = run([log, ...frozen, '--group-by', 'tag:user', '--format', 'json', '--out', '/dev/full']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^llm-audit: cannot write \/dev\/full: ENOSPC/m);
  });

  it('ends quietly with exit 0 when the reader leaves after the first chunk (EPIPE)', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/llm-audit.js', log, ...frozen, '--group-by', 'tag:user', '--format', 'json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/EPIPE|cannot write|^\s+at /m);
  });
});

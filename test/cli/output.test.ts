// Where the report goes: --out never destroys an input nor becomes one, stdout errors are exit 2
// with a sentence (not a Node trace), and a reader that leaves early (EPIPE) ends the run quietly.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FROZEN_PRICING, ROOT, run } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];
const LOG = 'fixtures/logs/quickstart.jsonl';
let dir: string;
const at = (...parts: string[]) => join(dir, ...parts);
const original = readFileSync(join(ROOT, LOG), 'utf8');

/** A log of one request a day for 4,000 days: grouped by day, its CSV report is about 400 kB. */
function bigLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 4000; i++) {
    lines.push(JSON.stringify({ timestamp: new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString(), model: 'gpt-4o', prompt_tokens: 100 + i, completion_tokens: 20 }));
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-audit-output-'));
  mkdirSync(at('logs'));
  copyFileSync(join(ROOT, LOG), at('logs', 'a.jsonl'));
  symlinkSync(at('logs', 'a.jsonl'), at('link.jsonl'));
  writeFileSync(at('days.jsonl'), bigLog());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noTrace = (stderr: string) => expect(stderr).not.toMatch(/^\s+at |node:events|Unhandled 'error'|internal error/m);

describe('--out never overwrites an input', () => {
  it('refuses the input log itself: exit 2, names the input, suggests another path, the log is untouched', () => {
    const result = run([at('logs', 'a.jsonl'), ...frozen, '--format', 'json', '--out', at('logs', 'a.jsonl')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^llm-audit: --out .*a\.jsonl: it is .*logs\/a\.jsonl, an input of this run: writing there would destroy it; write the output elsewhere, such as .*a\.report\.json\n$/);
    expect(readFileSync(at('logs', 'a.jsonl'), 'utf8')).toBe(original);
  });

  it('sees through ./a/../b spellings and symlinks', () => {
    for (const out of [at('logs', '..', 'logs', 'a.jsonl'), at('link.jsonl')]) {
      const result = run([at('logs', 'a.jsonl'), ...frozen, '--out', out]);
      expect(result.code, out).toBe(2);
      expect(result.stderr).toMatch(/an input of this run/);
    }
    expect(readFileSync(at('logs', 'a.jsonl'), 'utf8')).toBe(original);
  });

  it('refuses the baseline it compares with, and diff refuses either of its reports', () => {
    expect(run([LOG, ...frozen, '--format', 'json', '--out', at('base.json')]).code).toBe(0);
    const base = readFileSync(at('base.json'), 'utf8');
    const gate = run([LOG, ...frozen, '--baseline', at('base.json'), '--out', at('base.json')]);
    expect(gate.code).toBe(2);
    expect(gate.stderr).toMatch(/base\.json, an input of this run/);
    const diff = run(['diff', at('base.json'), at('base.json'), '--out', at('base.json')]);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toMatch(/--out .*base\.json: it is .*base\.json, an input of this run/);
    expect(readFileSync(at('base.json'), 'utf8')).toBe(base);
  });

  it('reads stdin (no path) and writes --out', () => {
    const result = run(['-', ...frozen, '--format', 'json', '--out', at('from-stdin.json')], { input: original });
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(at('from-stdin.json'), 'utf8')).rows.read).toBe(57);
  });
});

describe('--out never becomes an input of the next run', () => {
  it('refuses a .json report inside an input folder, and suggests a path beside it', () => {
    const result = run([at('logs'), ...frozen, '--format', 'json', '--out', at('logs', 'report.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--out .*logs\/report\.json: it is inside the input folder .*logs, where the next run would read it as a log .*; write the output elsewhere, such as .*llm-audit-output-\w+\/report\.json\n$/);
    expect(existsSync(at('logs', 'report.json'))).toBe(false);
  });

  it('writes an extension the folder scan skips, and the next run does not read it', () => {
    expect(run([at('logs'), ...frozen, '--format', 'markdown', '--out', at('logs', 'report.md')]).code).toBe(0);
    const again = run([at('logs'), ...frozen, '--format', 'json']);
    expect(JSON.parse(again.stdout).rows.read).toBe(57);
  });

  it('replaces an existing report whole and leaves no temporary file', () => {
    writeFileSync(at('replaced.json'), 'an older report');
    expect(run([LOG, ...frozen, '--format', 'json', '--out', at('replaced.json')]).code).toBe(0);
    expect(JSON.parse(readFileSync(at('replaced.json'), 'utf8')).schemaVersion).toBe(1);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('write errors are exit 2 with a sentence, never a Node trace', () => {
  const hasFull = existsSync('/dev/full');

  it.skipIf(!hasFull)('stdout on a full disk (> /dev/full)', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, ['bin/llm-audit.js', LOG, ...frozen], { cwd: ROOT, stdio: ['ignore', full, 'pipe'], env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' }, encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('llm-audit: cannot write the report to stdout: ENOSPC (no space left on device); free some space, or write elsewhere\n');
      noTrace(result.stderr);
    } finally {
      closeSync(full);
    }
  });

  it.skipIf(!hasFull)('--out on a full disk', () => {
    const result = run([LOG, ...frozen, '--out', '/dev/full']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('llm-audit: cannot write /dev/full: ENOSPC (no space left on device); free some space, or write elsewhere\n');
  });

  it.skipIf(!hasFull)('--github: a full $GITHUB_STEP_SUMMARY, or one that is an input log', () => {
    const full = run([LOG, ...frozen, '--github'], { env: { GITHUB_STEP_SUMMARY: '/dev/full' } });
    expect(full.code).toBe(2);
    expect(full.stderr).toMatch(/^llm-audit: cannot append to \/dev\/full: ENOSPC \(no space left on device\)/m);
    noTrace(full.stderr);
    const input = run([at('logs', 'a.jsonl'), ...frozen, '--github'], { env: { GITHUB_STEP_SUMMARY: at('logs', 'a.jsonl') } });
    expect(input.code).toBe(2);
    expect(input.stderr).toMatch(/\$GITHUB_STEP_SUMMARY .*a\.jsonl: it is .*a\.jsonl, an input of this run/);
    expect(readFileSync(at('logs', 'a.jsonl'), 'utf8')).toBe(original);
  });
});

/** Runs the binary with stdout on a pipe that the test closes after the first chunk, as `| head -c N` does. */
function runClosingEarly(args: string[]): Promise<{ code: number | null; stderr: string; received: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/llm-audit.js', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' } });
    let stderr = '';
    let received = 0;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', (chunk: Buffer) => {
      received = chunk.length;
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, received }));
  });
}

describe('a reader that leaves early (EPIPE, `| head`)', () => {
  it('ends the run quietly with its own exit code, 0', async () => {
    const full = run([at('days.jsonl'), ...frozen, '--format', 'csv', '--group-by', 'day']);
    expect(full.stdout.length).toBeGreaterThan(300_000); // several pipe buffers' worth
    const result = await runClosingEarly([at('days.jsonl'), ...frozen, '--format', 'csv', '--group-by', 'day']);
    expect(result.received).toBeLessThan(full.stdout.length);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/EPIPE|cannot write/);
    noTrace(result.stderr);
  });

  it('keeps exit 1 when a policy failed', async () => {
    expect(run([at('days.jsonl'), ...frozen, '--group-by', 'day', '--format', 'json', '--out', at('days-base.json')]).code).toBe(0);
    const result = await runClosingEarly(['diff', at('days-base.json'), at('days-base.json'), '--format', 'csv', '--max-cost', '0.01USD']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/policy failed: --max-cost/);
    noTrace(result.stderr);
  });
});

describe('diff given a log instead of a report', () => {
  it('suggests making a report at a path that is not the log', () => {
    const result = run(['diff', at('logs', 'a.jsonl'), at('logs', 'a.jsonl')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/a\.jsonl: not a JSON report .*; it looks like a request log: make a JSON report of it with: llm-audit .*a\.jsonl --format json --out llm-cost-baseline\.json\n$/);
    expect(result.stderr).not.toMatch(/--out \S*a\.jsonl/);
  });
});

// Spawns the built binary the way a user runs it, in a pinned environment.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FROZEN_PRICING = 'fixtures/pricing/frozen';
export const SAMPLES = fileURLToPath(new URL('../../fixtures/samples/', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}): Run {
  const result = spawnSync(process.execPath, ['bin/llm-audit.js', ...args], {
    cwd: ROOT,
    input: options.input ?? '',
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '160', ...options.env },
    encoding: 'utf8',
    // A what-if of every model is megabytes of JSON; spawnSync's default buffer (1 MiB) would cut it.
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs with --format json and parses the report. */
export function runJson(args: string[], options: Parameters<typeof run>[1] = {}): { code: number; report: any; stderr: string } {
  const result = run([...args, '--format', 'json'], options);
  if (result.stdout.trim() === '') throw new Error(`no JSON on stdout (exit ${result.code}): ${result.stderr}`);
  return { code: result.code, report: JSON.parse(result.stdout), stderr: result.stderr };
}

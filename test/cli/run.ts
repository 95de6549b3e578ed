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

/**
 * Runs the CLI in this process (src/cli/program.ts on a buffered Io), in the same pinned
 * environment as run(): for tests about what the CLI decides and prints, not about the process
 * edge (exit status of the process, stdout errors, worker threads, the built bundle), which keep
 * run(). A spawn costs ~0.25 s of CPU (Node start, loading the bundle); this, a few milliseconds.
 */
export async function runIn(args: string[], options: { input?: string | Buffer; env?: Record<string, string>; stdinIsTTY?: boolean } = {}): Promise<Run> {
  const [{ runCli }, { bufferedIo }, { Readable }] = await Promise.all([import('../../src/cli/program.ts'), import('../../src/cli/io.ts'), import('node:stream')]);
  const io = bufferedIo({ stdin: Readable.from([options.input ?? '']), env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '160', ...options.env }, stdinIsTTY: options.stdinIsTTY });
  const code = await runCli(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** runIn with --format json, the report parsed. */
export async function runJsonIn(args: string[], options: Parameters<typeof runIn>[1] = {}): Promise<{ code: number; report: any; stderr: string }> {
  const result = await runIn([...args, '--format', 'json'], options);
  if (result.stdout.trim() === '') throw new Error(`no JSON on stdout (exit ${result.code}): ${result.stderr}`);
  return { code: result.code, report: JSON.parse(result.stdout), stderr: result.stderr };
}

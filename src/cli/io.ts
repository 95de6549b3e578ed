// The process edge, in one object: commands write through it and set its exit code, and
// main.ts is the only place that touches process.stdout/stderr/exitCode.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors.ts';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  writeFile(path: string, text: string): void;
  appendFile(path: string, text: string): void;
  readFile(path: string): string;
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  noColorEnv: boolean;
  exitCode: number;
}

/** Wraps a file-system call so that a failure is a clear InputError (exit 2), not a stack trace. */
function guarded<T>(what: string, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new InputError(`cannot ${what} ${path}: ${why}`);
  }
}

export function processIo(): Io {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    writeFile: (path, text) => guarded('write', path, () => writeFileSync(path, text)),
    appendFile: (path, text) => guarded('append to', path, () => appendFileSync(path, text)),
    readFile: (path) => guarded('read', path, () => readFileSync(path, 'utf8')),
    env: process.env,
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    // https://no-color.org: any non-empty value disables colour.
    noColorEnv: (process.env.NO_COLOR ?? '') !== '',
    exitCode: 0,
  };
}

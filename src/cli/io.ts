// The process edge, in one object: commands write through it and set its exit code, and
// main.ts is the only place that touches process.stdout/stderr/exitCode.
import { writeFileSync } from 'node:fs';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  writeFile(path: string, text: string): void;
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  noColorEnv: boolean;
  exitCode: number;
}

export function processIo(): Io {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    writeFile: (path, text) => writeFileSync(path, text),
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    // https://no-color.org: any non-empty value disables colour.
    noColorEnv: (process.env.NO_COLOR ?? '') !== '',
    exitCode: 0,
  };
}

// The process edge, in one object: commands write through it and set its exit code, and
// main.ts is the only place that touches process.stdout/stderr/exitCode.
import { appendFileSync, readFileSync, writeSync } from 'node:fs';
import { InputError } from '../errors.ts';
import { describeWriteError, openAtomically, OutputError, type OutputFile, writeFileAtomically } from './outpath.ts';

export interface Io {
  stdout(text: string): void;
  /**
   * Writes `chunks` to stdout one at a time, each made only once the one before is taken (a JSON
   * report of 150,000 groups is ~300 MB: it is never one string). Stops taking chunks at the first
   * write error, which stdoutDone() then returns (EPIPE: the reader left, nothing more to make).
   */
  stdoutChunks(chunks: Iterable<string>): Promise<void>;
  /**
   * Writes `text` to stdout before returning (waiting while a pipe is full), so that output made
   * while input is read synchronously (the usage ledger: ingest reads files without giving the
   * event loop a turn) is never queued in memory. Errors are kept as stdoutChunks keeps them. Not
   * to be mixed with stdout()/stdoutChunks() in one run: the queued writes would come after.
   */
  stdoutNow(text: string): void;
  stderr(text: string): void;
  /** All or nothing (a temporary file renamed into place); OutputError (exit 2) on failure. Chunks are written as they are made. */
  writeFile(path: string, text: string | Iterable<string>): void;
  /** A file written chunk by chunk as a run goes (the usage ledger), put in place all or nothing by commit(). */
  openFile(path: string): OutputFile;
  appendFile(path: string, text: string): void;
  readFile(path: string): string;
  /**
   * Waits until everything written to stdout has been handed to the OS, and returns the error
   * that stopped it, if any: undefined when all went out, or when the reader went away (EPIPE).
   */
  stdoutDone(): Promise<NodeJS.ErrnoException | undefined>;
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  /** The terminal's width when stdout is one (process.stdout.columns). */
  stdoutColumns?: number;
  stderrIsTTY: boolean;
  noColorEnv: boolean;
  exitCode: number;
}

/** Wraps a file-system read so that a failure is a clear InputError (exit 2), not a stack trace. */
function guarded<T>(what: string, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new InputError(`cannot ${what} ${path}: ${why}`);
  }
}

/**
 * process.stdout with its errors caught. Without a listener, a write error is an uncaught 'error'
 * event: a Node stack trace and exit 1, which means "a policy failed". The first error stops all
 * further writes. EPIPE (`llm-audit … | head`: the reader has what it wanted and left) is not a
 * failure of the run, so it is dropped quietly; the run keeps its own exit code, so a failed gate
 * still fails a `set -o pipefail` pipeline. Any other error (ENOSPC on `> /dev/full`) is kept for
 * main.ts to report as exit 2.
 */
function guardedStdout(stream: NodeJS.WriteStream): { write(text: string): void; writeNow(text: string): void; writeChunks(chunks: Iterable<string>): Promise<void>; done(): Promise<NodeJS.ErrnoException | undefined> } {
  let failure: NodeJS.ErrnoException | undefined;
  let last: Promise<void> = Promise.resolve();
  let failed: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (failed = resolve));
  const fail = (error: NodeJS.ErrnoException): void => {
    failure ??= error;
    failed();
  };
  stream.on('error', fail);
  const write = (text: string): void => {
    if (failure) return;
    last = new Promise((resolve) => stream.write(text, (error) => (error ? fail(error) : undefined, resolve())));
  };
  return {
    write,
    writeNow(text) {
      if (failure) return;
      const bytes = Buffer.from(text, 'utf8');
      for (let offset = 0; offset < bytes.length; ) {
        try {
          offset += writeSync((stream as NodeJS.WriteStream & { fd: number }).fd, bytes, offset, bytes.length - offset);
        } catch (error) {
          // A pipe libuv made non-blocking is full: wait a millisecond for the reader, then go on.
          if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
            Atomics.wait(PAUSE, 0, 0, 1);
            continue;
          }
          fail(error as NodeJS.ErrnoException);
          return;
        }
      }
    },
    async writeChunks(chunks) {
      for (const chunk of chunks) {
        if (failure) return;
        // One chunk at a time, the next made once this one is taken: at once on a file or a pipe
        // (synchronous on Linux; the callback comes on the next tick), when flushed on a slower
        // stream. Not waiting would hold every chunk until the loop ends (a callback per write keeps
        // its chunk until it has run).
        const written = new Promise<void>((resolve) => stream.write(chunk, (error) => (error ? fail(error) : undefined, resolve())));
        last = written;
        await Promise.race([written, stopped]);
      }
    },
    async done() {
      await Promise.race([last, stopped]);
      return failure?.code === 'EPIPE' ? undefined : failure;
    },
  };
}

/** Something to Atomics.wait on: a blocking sleep, while a full pipe drains. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Files are the same for every Io: all-or-nothing writes, errors that say what and where. */
const FILES: Pick<Io, 'writeFile' | 'openFile' | 'appendFile' | 'readFile'> = {
  writeFile: (path, text) => writeFileAtomically(path, text),
  openFile: (path) => openAtomically(path),
  appendFile: (path, text) => {
    try {
      appendFileSync(path, text);
    } catch (error) {
      throw new OutputError(`cannot append to ${path}: ${describeWriteError(error)}`);
    }
  },
  readFile: (path) => guarded('read', path, () => readFileSync(path, 'utf8')),
};

/** An Io whose stdout and stderr are kept as text (a run in process: tests, embedding); no TTY unless stdin is said to be one. */
export function bufferedIo(options: { stdin: NodeJS.ReadableStream; env: Record<string, string | undefined>; stdinIsTTY?: boolean }): Io & { out(): string; err(): string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => void out.push(text),
    stdoutNow: (text) => void out.push(text),
    stdoutChunks: async (chunks) => {
      for (const chunk of chunks) out.push(chunk);
    },
    stderr: (text) => void err.push(text),
    ...FILES,
    stdoutDone: async () => undefined,
    env: options.env,
    stdin: options.stdin,
    stdinIsTTY: options.stdinIsTTY === true,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    noColorEnv: (options.env.NO_COLOR ?? '') !== '',
    exitCode: 0,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

export function processIo(): Io {
  const stdout = guardedStdout(process.stdout);
  // A diagnostic that cannot be written has nowhere to be reported (`2>&1 | head`); without a
  // listener it would crash the run with a trace on the same broken stream.
  process.stderr.on('error', () => {});
  return {
    stdout: (text) => stdout.write(text),
    stdoutNow: (text) => stdout.writeNow(text),
    stdoutChunks: (chunks) => stdout.writeChunks(chunks),
    stderr: (text) => void process.stderr.write(text),
    ...FILES,
    stdoutDone: () => stdout.done(),
    env: process.env,
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stdoutColumns: process.stdout.isTTY ? process.stdout.columns : undefined,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    // https://no-color.org: any non-empty value disables colour.
    noColorEnv: (process.env.NO_COLOR ?? '') !== '',
    exitCode: 0,
  };
}

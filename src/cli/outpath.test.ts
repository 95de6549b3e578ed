import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { assertOutputs, assertWritable, baselinePathFor, describeWriteError, OutputError, withSafeRegenerateHint, writeFileAtomically } from './outpath.ts';

let tmp: string;
const at = (...parts: string[]) => join(tmp, ...parts);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'llm-audit-outpath-'));
  mkdirSync(at('logs', 'nested'), { recursive: true });
  mkdirSync(at('pricing', 'sub'), { recursive: true });
  writeFileSync(at('logs', 'a.jsonl'), '{}\n');
  writeFileSync(at('single.csv'), 'model\n');
  writeFileSync(at('base.json'), '{}');
  symlinkSync(at('single.csv'), at('link.txt'));
  linkSync(at('single.csv'), at('hard.txt'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The message of the UsageError that assertWritable throws, or undefined when the path is allowed. */
function refusal(path: string, inputs: Parameters<typeof assertWritable>[3], format: Parameters<typeof assertWritable>[2] = 'json'): string | undefined {
  try {
    assertWritable('--out', path, format, inputs);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
}

describe('assertWritable: never over an input', () => {
  it('refuses an input file, however it is spelt: as given, via ../, a symlink or a hard link', () => {
    const inputs = { logs: [at('single.csv')] };
    expect(refusal(at('single.csv'), inputs)).toMatch(/single\.csv, an input of this run: writing there would destroy it; write the output elsewhere, such as .*single\.report\.json/);
    expect(refusal(at('logs', '..', 'single.csv'), inputs)).toMatch(/an input of this run/);
    expect(refusal(at('link.txt'), inputs)).toMatch(/an input of this run/);
    expect(refusal(at('hard.txt'), inputs)).toMatch(/an input of this run/);
    // A relative spelling of the same file, from the current folder.
    expect(refusal(relative(process.cwd(), at('single.csv')), { logs: [at('single.csv')] })).toMatch(/an input of this run/);
  });

  it('refuses a baseline, an --fx-file or a pricing file, and allows other paths', () => {
    expect(refusal(at('base.json'), { files: [at('base.json')] })).toMatch(/an input of this run/);
    expect(refusal(at('base.json'), { pricing: [at('base.json')] })).toMatch(/an input of this run/);
    expect(refusal(at('other.json'), { logs: [at('single.csv')], files: [at('base.json')] })).toBeUndefined();
  });

  it('ignores stdin and inputs that do not exist (reading them fails on its own)', () => {
    expect(refusal(at('report.json'), { logs: ['-', at('missing.jsonl')] })).toBeUndefined();
  });
});

describe('assertWritable: never where the next run reads it as input', () => {
  it('refuses the extensions the folder scan reads, at any depth, gzipped or not, in any case', () => {
    const inputs = { logs: [at('logs')] };
    for (const name of ['report.json', 'r.jsonl', 'r.ndjson', 'costs.csv', 'r.json.gz', 'R.JSON', join('nested', 'r.csv')]) {
      expect(refusal(at('logs', name), inputs), name).toMatch(/inside the input folder .*logs, where the next run would read it as a log/);
    }
    expect(refusal(at('logs', 'report.json'), inputs)).toMatch(/such as .*llm-audit-outpath-[^/]*\/report\.json$/);
  });

  it('allows the extensions it skips, and paths beside the folder', () => {
    const inputs = { logs: [at('logs')] };
    for (const name of ['report.md', 'report.txt', 'report.json.bak', join('nested', 'table.txt')]) expect(refusal(at('logs', name), inputs), name).toBeUndefined();
    expect(refusal(at('report.json'), inputs)).toBeUndefined();
    expect(refusal(at('logs-report.json'), inputs)).toBeUndefined();
  });

  it('refuses *.json directly in a pricing folder, not in its subfolders', () => {
    expect(refusal(at('pricing', 'report.json'), { pricing: [at('pricing')] })).toMatch(/inside the pricing folder .*pricing, whose \*\.json files are read as price lists/);
    expect(refusal(at('pricing', 'sub', 'report.json'), { pricing: [at('pricing')] })).toBeUndefined();
  });

  it('refuses a folder, and a path whose folder does not exist, before anything is read', () => {
    expect(refusal(at('logs'), {}, 'csv')).toMatch(/logs is a folder; name a file to write, such as .*logs\/llm-audit-report\.csv$/);
    expect(refusal(at('nope', 'r.json'), {})).toMatch(/the folder .*nope does not exist; create it first, or choose another path/);
  });

  it('checks $GITHUB_STEP_SUMMARY with --github only', () => {
    const env = { GITHUB_STEP_SUMMARY: at('logs', 'a.jsonl') };
    expect(() => assertOutputs(env, { format: 'table', github: true }, { logs: [at('logs')] })).toThrow(/\$GITHUB_STEP_SUMMARY .*a\.jsonl: it is inside the input folder/);
    expect(() => assertOutputs(env, { format: 'table' }, { logs: [at('logs')] })).not.toThrow();
  });
});

describe('writeFileAtomically', () => {
  const temps = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

  it('replaces a file whole, keeps its mode, and leaves no temporary file', () => {
    const file = at('atomic.txt');
    writeFileSync(file, 'old');
    chmodSync(file, 0o640);
    writeFileAtomically(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(temps(tmp)).toEqual([]);
  });

  it('on failure keeps the old file and removes the temporary one', () => {
    const file = at('kept.txt');
    writeFileSync(file, 'the old report');
    const failing = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    expect(() => writeFileAtomically(file, 'half a report', failing)).toThrow(OutputError);
    expect(() => writeFileAtomically(file, 'half a report', failing)).toThrow(/^cannot write .*kept\.txt: ENOSPC \(no space left on device\); free some space, or write elsewhere$/);
    expect(readFileSync(file, 'utf8')).toBe('the old report');
    expect(temps(tmp)).toEqual([]);
  });

  it('writes through a symlink (the link stays), and straight into a device such as /dev/null', () => {
    writeFileSync(at('target.txt'), 'old');
    symlinkSync(at('target.txt'), at('via-link.txt'));
    writeFileAtomically(at('via-link.txt'), 'new');
    expect(lstatSync(at('via-link.txt')).isSymbolicLink()).toBe(true);
    expect(readFileSync(at('target.txt'), 'utf8')).toBe('new');
    writeFileAtomically('/dev/null', 'discarded');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});

describe('write errors in words', () => {
  it('names the code, what it means and what to do', () => {
    expect(describeWriteError(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe('ENOSPC (no space left on device); free some space, or write elsewhere');
    expect(describeWriteError(Object.assign(new Error('boom'), { code: 'EWHAT' }))).toBe('EWHAT (boom)');
  });
});

describe('the hint to regenerate a baseline', () => {
  const hint = (file: string) => new UsageError(`${file}: not a JSON report (Unexpected token); regenerate it with this version: llm-audit <logs…> --format json --out ${file}`);

  it('never names a file that holds no report (a log given by mistake)', () => {
    const message = (withSafeRegenerateHint(hint('logs/a.jsonl'), 'logs/a.jsonl', '{"model":"x"}\n{"model":"y"}\n') as Error).message;
    expect(message).toBe('logs/a.jsonl: not a JSON report (Unexpected token); it looks like a request log: make a JSON report of it with: llm-audit logs/a.jsonl --format json --out llm-cost-baseline.json');
    expect((withSafeRegenerateHint(hint('table.json'), 'table.json', 'Model  Cost') as Error).message).toMatch(/make one with this version: llm-audit <logs…> --format json --out llm-cost-baseline\.json$/);
  });

  it('keeps the hint for a report of another version: regenerating it in place is right', () => {
    const error = hint('old.json');
    expect(withSafeRegenerateHint(error, 'old.json', '{"schemaVersion":0}')).toBe(error);
  });

  it('suggests a name next to the file when the file is llm-cost-baseline.json itself', () => {
    expect(baselinePathFor('logs/a.jsonl')).toBe('llm-cost-baseline.json');
    expect(baselinePathFor('llm-cost-baseline.json')).toBe('llm-cost-baseline.baseline.json');
  });
});

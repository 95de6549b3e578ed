// The GitHub Action (action.yml) runs scripts/action.sh from this repository's checkout; run it
// here as the action does, with its inputs as INPUT_* variables and GitHub's output files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run.ts';

const dir = mkdtempSync(join(tmpdir(), 'llm-audit-action-'));

function action(inputs: Record<string, string>, name: string) {
  const files = { GITHUB_STEP_SUMMARY: join(dir, `${name}.step-summary.md`), GITHUB_OUTPUT: join(dir, `${name}.output`) };
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', LLM_AUDIT_CACHE: '0', GITHUB_ACTION_PATH: ROOT, ...files };
  for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase().replace(/-/g, '_')}`] = value;
  const result = spawnSync('bash', [join(ROOT, 'scripts/action.sh')], { cwd: ROOT, env, encoding: 'utf8' });
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, summary: read(files.GITHUB_STEP_SUMMARY), outputs: read(files.GITHUB_OUTPUT) };
}

describe('the GitHub Action', () => {
  const baseline = join(dir, 'baseline.json');
  const onMain = action({ logs: 'fixtures/gate/base.jsonl', report: baseline, github: 'false' }, 'main');

  it('on main: writes the JSON report (the next baseline) and its Markdown, exit 0', () => {
    expect(onMain.code).toBe(0);
    const report = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(report.schemaVersion).toBe(1);
    expect(report.rows.priced).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'baseline.md'), 'utf8')).toMatch(/\| \*\*Total\*\* \|/);
    expect(onMain.outputs).toBe(`report=${baseline}\nsummary=${join(dir, 'baseline.md')}\nexit-code=0\n`);
    expect(onMain.summary).toBe('');
  });

  it('on a pull request: fails (exit 1) over the limit, with the verdict in the job summary and the outputs', () => {
    const pr = action({ logs: 'fixtures/gate/plus20.jsonl', baseline, 'max-increase': '10%', report: join(dir, 'pr.json') }, 'pr');
    expect(pr.code).toBe(1);
    expect(pr.summary).toMatch(/❌ LLM cost regression/);
    expect(pr.stdout).toBe(readFileSync(join(dir, 'pr.md'), 'utf8'));
    expect(pr.outputs).toMatch(/exit-code=1\n$/);
    const passes = action({ logs: 'fixtures/gate/plus20.jsonl', baseline, 'max-increase': '30%', report: join(dir, 'pr-ok.json') }, 'pr-ok');
    expect(passes.code).toBe(0);
    expect(passes.summary).toMatch(/✅/);
  });

  it('without a baseline, checks budgets on the logs themselves', () => {
    const over = action({ logs: 'fixtures/gate/base.jsonl', 'max-cost': '0.000001USD', report: join(dir, 'budget.json') }, 'budget');
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/policy failed/);
  });

  it('cannot run without logs, or on a log that does not exist: exit 2, said on stderr and in the outputs', () => {
    const none = action({ logs: ' \n ' }, 'none');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/the logs input is empty/);
    const missing = action({ logs: 'fixtures/gate/nope.jsonl', report: join(dir, 'missing.json') }, 'missing');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.jsonl/);
    expect(missing.outputs).toMatch(/exit-code=2\n$/);
  });
});

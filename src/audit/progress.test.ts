// The progress a run reports: every byte of input is told, and rows grow to the rows read.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../pricing/load.ts';
import { audit, type AuditProgress } from './index.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const TREE = join(ROOT, 'fixtures/cli/claude-tree');

function bytesUnder(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(jsonl|json|csv)(\.gz)?$/.test(e.name))
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
}

describe('audit progress', () => {
  it('tells every byte read, against the total, with rows growing to the rows read', async () => {
    const seen: AuditProgress[] = [];
    const report = await audit({
      paths: [TREE],
      catalogue: loadCatalogue([join(ROOT, 'fixtures/pricing/frozen')]),
      groupBy: ['model'],
      compare: [],
      defaultModel: 'claude-sonnet-4-5-20250929',
      problemLimit: 50,
      onProgress: (p) => seen.push(p),
    });
    const total = bytesUnder(TREE);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((p) => p.bytesTotal === total)).toBe(true);
    expect(seen.at(-1)?.bytes).toBe(total);
    const rows = seen.map((p) => p.rows);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(rows.at(-1)).toBeLessThanOrEqual(report.rows.read);
  });
});

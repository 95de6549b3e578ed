import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPricing } from './load.ts';

const temp = mkdtempSync(join(tmpdir(), 'llm-audit-snapshot-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The price points of a catalogue, as comparable text. */
function points(dirs: string[], snapshots?: string): string {
  const { catalogue, problems } = loadPricing(dirs, [], snapshots);
  expect(problems).toEqual([]);
  const c = catalogue as NonNullable<typeof catalogue>;
  return JSON.stringify(
    c.models.map((m) => ({ id: m.id, prices: m.prices })),
    (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof RegExp ? String(v) : v),
  ) + c.hash;
}

describe('validated pricing kept between runs (snapshot.ts)', () => {
  it('gives the catalogue of validating the files, is used when its checksum holds, and is ignored otherwise', () => {
    const pricing = join(temp, 'pricing');
    cpSync('fixtures/pricing/frozen', pricing, { recursive: true });
    const snapshots = join(temp, 'snapshots');
    const validated = points([pricing]);
    expect(points([pricing], snapshots)).toBe(validated); // fills
    expect(points([pricing], snapshots)).toBe(validated); // from the snapshot
    const folder = join(snapshots, 'pricing-v1');
    const [name] = readdirSync(folder).filter((n) => n.endsWith('.bin'));
    const file = join(folder, name as string);
    // A planted snapshot whose checksum holds is what a load gives (so it is used): a model renamed.
    const value = deserialize(readFileSync(file).subarray(32)) as { key: string; snapshot: { files: { models: { id: string }[] }[] } };
    const first = value.snapshot.files[0]?.models[0] as { id: string };
    const original = first.id;
    first.id = 'planted-model';
    const payload = serialize(value);
    writeFileSync(file, Buffer.concat([createHash('sha256').update(payload).digest(), payload]));
    expect(points([pricing], snapshots)).toContain('planted-model');
    // The same bytes with a flipped byte: ignored, validated again, kept again.
    const bytes = readFileSync(file);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] as number) ^ 0xff;
    writeFileSync(file, bytes);
    expect(points([pricing], snapshots)).toBe(validated);
    expect(points([pricing], snapshots)).not.toContain('planted-model');
    expect(original).not.toBe('planted-model');
    // An edited price file: another hash, another snapshot.
    const edited = readdirSync(pricing).find((n) => n === 'openai.json') as string;
    writeFileSync(join(pricing, edited), readFileSync(join(pricing, edited), 'utf8').replace(/"output": "([0-9.]+)"/, '"output": "99"'));
    const after = points([pricing], snapshots);
    expect(after).not.toBe(validated);
    expect(points([pricing])).toBe(after);
    expect(readdirSync(folder).filter((n) => n.endsWith('.bin'))).toHaveLength(2);
  });
});

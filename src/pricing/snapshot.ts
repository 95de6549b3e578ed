// Validated pricing kept between runs. Validating pricing/ is most of what loading it costs (~50 ms
// of a run, paid again by every run and every worker thread); a run whose pricing files have exactly
// the bytes a run of the same build validated before takes the validated data kept then
// (v8.serialize: plain objects, arrays, bigints and regular expressions, as validated). The key is the
// catalogue's own hash of every file's role, name and content, with the build; the payload is
// checked with a sha256. Anything else is a miss, and the files are validated as without it.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { buildId } from '../cache/build.ts';
import { sweepUnused } from '../cache/sweep.ts';
import type { HolidayCalendar, PricingFile } from './types.ts';

export interface Snapshot {
  files: PricingFile[];
  calendars: HolidayCalendar[];
}

const FOLDER = 'pricing-v1';
const UNUSED_MS = 30 * 24 * 3_600_000;

function fileOf(dir: string, digest: string): { file: string; key: string } {
  const key = `${digest}|${buildId()}`;
  return { file: join(dir, FOLDER, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.bin`), key };
}

export function readSnapshot(dir: string, digest: string): Snapshot | undefined {
  const { file, key } = fileOf(dir, digest);
  try {
    const bytes = readFileSync(file);
    const sum = bytes.subarray(0, 32);
    const payload = bytes.subarray(32);
    if (!createHash('sha256').update(payload).digest().equals(sum)) return undefined;
    const value = deserialize(payload) as { key?: unknown; snapshot?: Snapshot };
    if (value.key !== key || !Array.isArray(value.snapshot?.files) || !Array.isArray(value.snapshot?.calendars)) return undefined;
    return value.snapshot;
  } catch {
    return undefined;
  }
}

export function writeSnapshot(dir: string, digest: string, snapshot: Snapshot): void {
  const { file, key } = fileOf(dir, digest);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const payload = serialize({ key, snapshot });
    mkdirSync(join(dir, FOLDER), { recursive: true });
    writeFileSync(temp, Buffer.concat([createHash('sha256').update(payload).digest(), payload]));
    renameSync(temp, file);
    sweepUnused(join(dir, FOLDER), Date.now(), UNUSED_MS);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // never written
    }
  }
}

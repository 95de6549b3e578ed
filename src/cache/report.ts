// The whole report of a run kept beside the per-file entries (docs/cache.md, "Whole reports"): a run
// whose inputs have not changed at all since a run with the same options (same files, each with the
// same size, mtime and ctime, a database's -wal too; the same catalogue hash, build and options)
// takes the report that run made instead of replaying every file's events. Anything else is a miss,
// and a run that could differ for a reason the key does not hold is never kept: reports that depend
// on the clock (5-hour blocks), runs with a row listener (the ledger), stdin, --hash-inputs, files
// changed within the last 100 ms (still being written; 2 s on whole-second file systems), and reports over 32 MB of JSON.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Source } from '../ingest/read/walk.ts';
import { isDatabaseName } from '../ingest/read/walk.ts';
import type { Report } from '../report/contract.ts';
import { buildId } from './build.ts';
import { sweepUnused } from './sweep.ts';

const FORMAT = 1;
const MAX_JSON_CHARS = 32 * 1024 * 1024;
/**
 * A file changed this recently may still be written to within the same timestamp tick (git's
 * "racy" case, as the per-file entries, store.ts): 100 ms, or 2 s on a file system with whole-second
 * timestamps.
 */
const RACY_MS = 100;
const RACY_COARSE_MS = 2000;
const UNUSED_MS = 7 * 24 * 3_600_000;

export interface ReportSlot {
  /** The kept report, when the inputs and options are those it was made from. */
  hit(): Report | undefined;
  /** Keeps a report made now, unless an input changed too recently to be sure of it. */
  keep(report: Report): void;
}

/**
 * The slot of a run, or undefined when its report must not be kept. `options` is every option that
 * can change the report, as plain data (the catalogue by its hash).
 */
export function reportSlot(dir: string, options: unknown, sources: readonly Source[], now: number): ReportSlot | undefined {
  if (sources.some((s) => s.path === undefined || s.unreadable !== undefined)) return undefined;
  const listing = sources.map((s) => listed(s));
  const key = JSON.stringify({ format: FORMAT, build: buildId(), options, listing });
  const folder = join(dir, `reports-v${FORMAT}`);
  const file = join(folder, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
  let youngest = 0;
  let coarse = false;
  for (const l of listing) {
    for (const t of [l[2], l[3], l[5] ?? 0, l[6] ?? 0]) {
      youngest = Math.max(youngest, t);
      if (t > 0 && t % 1000 === 0) coarse = true;
    }
  }
  return {
    hit() {
      let kept: { key?: unknown; sum?: unknown; report?: unknown };
      try {
        kept = JSON.parse(readFileSync(file, 'utf8')) as typeof kept;
      } catch {
        return undefined;
      }
      if (kept.key !== key || typeof kept.report !== 'object' || kept.report === null) return undefined;
      if (kept.sum !== digest(JSON.stringify(kept.report))) return undefined;
      return kept.report as Report;
    },
    keep(report) {
      if (now - youngest < (coarse ? RACY_COARSE_MS : RACY_MS)) return;
      const text = JSON.stringify(report);
      if (text.length > MAX_JSON_CHARS) return;
      const temp = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(folder, { recursive: true });
        writeFileSync(temp, `{"key":${JSON.stringify(key)},"sum":"${digest(text)}","report":${text}}`);
        renameSync(temp, file);
        sweepUnused(folder, now, UNUSED_MS);
      } catch {
        try {
          unlinkSync(temp);
        } catch {
          // never written
        }
      }
    },
  };
}

type Listed = [string, number, number, number, number?, number?, number?];

/** A source as the key holds it: path, size, mtime, ctime; a database's -wal as well (its writes leave the database file alone). */
function listed(s: Source): Listed {
  const path = s.path as string;
  const entry: Listed = [path, s.size ?? -1, s.mtimeMs ?? -1, s.ctimeMs ?? -1];
  if (isDatabaseName(path)) {
    try {
      const wal = statSync(`${path}-wal`);
      entry.push(wal.size, wal.mtimeMs, wal.ctimeMs);
    } catch {
      entry.push(-1, -1, -1);
    }
  }
  return entry;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

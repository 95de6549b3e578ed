// Reads a saved JSON report back (a CI baseline). Refuses what it cannot compare, and says how
// to make one that it can.
import { UsageError } from '../errors.ts';
import { REPORT_SCHEMA_VERSION, type Report } from './contract.ts';

export const SUPPORTED_SCHEMA_VERSIONS: readonly number[] = [REPORT_SCHEMA_VERSION];

function regenerate(file: string): string {
  return `regenerate it with this version: llm-audit <logs…> --format json --out ${file}`;
}

export function parseReport(file: string, text: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not a JSON report (${(error as Error).message}); ${regenerate(file)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${file}: not an llm-audit JSON report; ${regenerate(file)}`);
  }
  const report = data as Partial<Report> & { schemaVersion?: unknown };
  if (report.schemaVersion === undefined) throw new UsageError(`${file}: has no schemaVersion, so it is not an llm-audit JSON report; ${regenerate(file)}`);
  if (!SUPPORTED_SCHEMA_VERSIONS.includes(report.schemaVersion as number)) {
    throw new UsageError(`${file}: report schemaVersion ${JSON.stringify(report.schemaVersion)} is not supported (this llm-audit reads ${SUPPORTED_SCHEMA_VERSIONS.join(', ')}); ${regenerate(file)}`);
  }
  const missing = ['options', 'rows', 'totals', 'groups', 'pricing'].filter((k) => !(k in report));
  const lines = [...(report.totals?.byCurrency ?? []), ...(report.groups ?? []).flatMap((g) => g.byCurrency ?? [])];
  if (missing.length > 0 || !Array.isArray(report.totals?.byCurrency) || lines.some((l) => l.costByBucket === undefined)) {
    throw new UsageError(`${file}: report is incomplete (missing ${missing.length > 0 ? missing.join(', ') : 'byCurrency cost lines'}); it may come from an older build; ${regenerate(file)}`);
  }
  return report as Report;
}

/** Both sides must be grouped the same way for their groups to line up. */
export function assertComparable(baselineFile: string, baseline: Report, current: Report): void {
  const a = baseline.options.groupBy.join(',');
  const b = current.options.groupBy.join(',');
  if (a !== b) {
    throw new UsageError(`${baselineFile} is grouped by ${a} but this run by ${b}; run with --group-by ${a}, or regenerate the baseline with --group-by ${b}`);
  }
}

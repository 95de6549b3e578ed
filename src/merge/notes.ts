// The merged report's notes and warnings, made by the same code as a run's (audit/notes.ts,
// audit/tags.ts) from the merged counts, so their words and numbers are those of one run over all
// the inputs. Pure.
import type { AuditOptions } from '../audit/options.ts';
import { reportNotes, TARGET_TOKENS_NOTES } from '../audit/notes.ts';
import { TARGET_TOKENS_MODES, type TargetTokensMode } from '../audit/target-tokens.ts';
import { WEEKDAYS, type Weekday } from '../core/calendar.ts';
import { TagCensus } from '../audit/tags.ts';
import { AUDIO_IMAGE_NOTE } from '../core/cost.ts';
import type { Report } from '../report/contract.ts';

const OUTSIDE_RANGE = /^(\d+) rows fall outside /;

/** The --target-tokens a report was made with, read back from its what-if note (a report's options do not list it); undefined without --compare. */
export function targetTokensOf(report: Report): TargetTokensMode | undefined {
  return TARGET_TOKENS_MODES.find((mode) => report.notes.includes(TARGET_TOKENS_NOTES[mode]));
}

/** The options notes.ts reads, from a report's own record of them (report.options holds their text as given). */
function noteOptions(report: Report): AuditOptions {
  const { options } = report;
  const instant = (text: string | null) => (text === null ? undefined : { at: 0, text });
  const weekStart = options.weekStart === undefined ? -1 : WEEKDAYS.indexOf(options.weekStart as Weekday);
  const known: Omit<AuditOptions, 'paths' | 'catalogue' | 'problemLimit'> = {
    groupBy: options.groupBy,
    timeZone: options.timeZone,
    since: instant(options.since),
    until: instant(options.until),
    asOf: instant(options.asOf),
    ...(weekStart >= 0 ? { weekStart } : {}),
    ...(options.project === undefined ? {} : { project: options.project }),
    serviceTier: (options.serviceTier ?? undefined) as AuditOptions['serviceTier'],
    compare: options.compare,
    targetTokens: targetTokensOf(report),
    scenarios: (options.scenarios ?? []).map((s) => ({ name: s.name, rules: s.rules })) as AuditOptions['scenarios'],
  };
  // Only these fields are read; the merge refuses --currency reports, so `conversion` stays unset.
  return known as AuditOptions;
}

/** A count a run writes in one of its notes (rows outside --since/--until, rows of other projects), summed over the reports. */
function noteCount(reports: readonly Report[], pattern: RegExp): number {
  let n = 0;
  for (const r of reports) for (const note of r.notes) n += Number(pattern.exec(note)?.[1] ?? 0);
  return n;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Rows outside --since/--until and rows of other projects than --project: counted as skipped and in problemsTotal, but never listed in problems. */
export function unlistedRows(reports: readonly Report[]): { outsideRange: number; outsideProject: number } {
  const project = reports[0]?.options.project;
  return {
    outsideRange: noteCount(reports, OUTSIDE_RANGE),
    outsideProject: project === undefined ? 0 : noteCount(reports, new RegExp(`^--project ${escape(project)}: (\\d+) rows of other projects`)),
  };
}

export function mergedNotes(reports: readonly Report[], merged: Pick<Report, 'usage' | 'timestamps' | 'totals'>, warnings: string[]): string[] {
  const first = reports[0] as Report;
  const { outsideRange, outsideProject } = unlistedRows(reports);
  const t = merged.totals.tokens;
  const media = (t.inputAudio ?? 0) + (t.inputImage ?? 0) + (t.outputAudio ?? 0);
  return [...reportNotes(noteOptions(first), merged.usage, merged.timestamps, outsideRange, outsideProject), ...(media > 0 ? [AUDIO_IMAGE_NOTE] : []), ...warnings];
}

const TAG_WARNING = /^--group-by tag:(.+?): no request carries the tag /;
const CARRIED = /\((?:these logs carry no tags|the tags these logs carry: (.*?)(?:, …)?)\)$/;

/**
 * A tag no request carries in any report is warned about, with the tags the reports saw (each
 * report names them in its own warning); a scenario rule that matched no row in any report too.
 */
export function mergedWarnings(reports: readonly Report[]): string[] {
  const grouping = reports.filter((r) => r.rows.priced + r.rows.unpriced > 0);
  const census = TagCensus.of(reports[0]?.options.groupBy ?? []);
  const out: string[] = [];
  if (census && grouping.length > 0) {
    const seen = new Set<string>();
    const warned = grouping.map((r) => {
      const names = new Set<string>();
      for (const w of r.warnings ?? []) {
        const name = TAG_WARNING.exec(w)?.[1];
        if (name === undefined) continue;
        names.add(name);
        for (const tag of CARRIED.exec(w)?.[1]?.split(', ') ?? []) seen.add(tag);
      }
      return names;
    });
    const carried = (reports[0]?.options.groupBy ?? []).filter((d) => d.startsWith('tag:')).map((d) => d.slice(4));
    census.absorb({ carried: carried.map((name) => [name, warned.every((names) => names.has(name)) ? 0 : 1]), seen: [...seen].sort() });
    out.push(...census.warnings(grouping.length));
  }
  // A rule matched nothing overall only if it matched nothing in every report: the same sentence in each.
  const scenarioWarnings = reports.map((r) => (r.warnings ?? []).filter((w) => w.startsWith('scenario "')));
  const [firstList = []] = scenarioWarnings;
  out.push(...firstList.filter((w) => scenarioWarnings.every((list) => list.includes(w))));
  return out;
}

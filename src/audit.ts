// The main job as a function: logs in, Report out. Streams records one at a time through
// ingest → tokens → pricing → ledgers; nothing holds all records. No stdout, no exit codes.
import { GroupLedger, UnpricedLedger, utcMonth, type GroupDimension } from './core/aggregate.ts';
import { RATE_FALLBACK_NOTES } from './core/cost.ts';
import type { RawRecord, ServiceTier, UsageRecord } from './core/types.ts';
import { WhatIfLedger } from './core/whatif.ts';
import { readLogs, type FormatName } from './ingest/index.ts';
import { isPriced, type Catalogue } from './pricing/catalog.ts';
import { buildReport } from './report/build.ts';
import type { ConversionRequest } from './report/convert.ts';
import type { Report, ReportProblem } from './report/contract.ts';
import { createTokenCounter, type TokenCounter } from './tokens/index.ts';
import { VERSION } from './version.ts';

export interface AuditOptions {
  paths: string[];
  catalogue: Catalogue;
  groupBy: GroupDimension[];
  /** Target model ids for the what-if, already expanded from "all". */
  compare: string[];
  /** Reprice everything with the tables in force at this instant (epoch ms). */
  asOf?: { at: number; text: string };
  /** Keep only requests in [since, until); others are counted as skipped. */
  since?: { at: number; text: string };
  until?: { at: number; text: string };
  /** IANA zone for day and month groups; UTC by default. */
  timeZone?: string;
  region?: string;
  /** The service tier of requests whose log does not say (--service-tier). */
  serviceTier?: ServiceTier;
  /** --currency: convert costs for display with these FX rates. */
  conversion?: ConversionRequest;
  inputFormat?: FormatName;
  /** --map: a custom shape's field paths. */
  map?: Record<string, string>;
  /** --default-model: for records whose log names no model. */
  defaultModel?: string;
  defaultTime?: number;
  stdin?: NodeJS.ReadableStream;
  /** How many problems the report lists (all are counted). */
  problemLimit: number;
}

export async function audit(options: AuditOptions): Promise<Report> {
  const { catalogue } = options;
  const trackMonths = options.conversion !== undefined;
  const groups = new GroupLedger({ dimensions: options.groupBy, timeZone: options.timeZone, trackMonths });
  const unpriced = new UnpricedLedger();
  const whatIf = new WhatIfLedger(options.compare);
  const rows = { read: 0, priced: 0, unpriced: 0, skipped: 0, rejected: 0 };
  const usage = { logged: 0, counted: 0, estimated: 0 };
  const timestamps = { logged: 0, default: 0, mtime: 0 };
  const problems: ReportProblem[] = [];
  let problemsTotal = 0;
  let outsideRange = 0;
  using counter = createTokenCounter();

  const priceAt = (record: UsageRecord) => options.asOf?.at ?? record.timestamp;
  const request = (record: UsageRecord) => ({
    tokens: record.tokens,
    requests: record.requests,
    serviceTier: record.serviceTier ?? options.serviceTier,
    region: options.region,
    requestTime: record.timestamp,
  });

  for await (const event of readLogs(options.paths, {
    inputFormat: options.inputFormat,
    map: options.map,
    defaultModel: options.defaultModel,
    defaultTime: options.defaultTime,
    stdin: options.stdin,
  })) {
    rows.read += 1;
    if (event.kind !== 'record') {
      rows[event.kind] += 1;
      problemsTotal += 1;
      if (problems.length < options.problemLimit) problems.push({ kind: event.kind, ...event.problem });
      continue;
    }
    if (!inRange(event.record.timestamp, options)) {
      // A filter, not a problem: counted as skipped, not listed row by row.
      rows.skipped += 1;
      outsideRange += 1;
      continue;
    }
    const record = resolveTokens(event.record, counter);
    timestamps[record.timeSource] += 1;
    const priceRequest = request(record);
    const price = catalogue.price(record.model, priceAt(record), priceRequest);
    if (!isPriced(price)) {
      rows.unpriced += 1;
      unpriced.add(record, price.detail, price.suggestions);
      continue;
    }
    rows.priced += 1;
    usage[record.usageSource] += record.requests;
    groups.add(record, price);
    const month = trackMonths ? utcMonth(record.timestamp) : '';
    for (const target of options.compare) {
      whatIf.add(target, record, price, catalogue.price(target, priceAt(record), priceRequest), month);
    }
  }

  return buildReport({
    version: VERSION,
    options: {
      groupBy: options.groupBy,
      timeZone: options.timeZone ?? 'UTC',
      since: options.since?.text ?? null,
      until: options.until?.text ?? null,
      asOf: options.asOf?.text ?? null,
      compare: options.compare,
      region: options.region ?? null,
      serviceTier: options.serviceTier ?? null,
      currency: options.conversion?.currency ?? null,
    },
    rows,
    usage,
    timestamps,
    groups: groups.all(),
    whatIf: whatIf.all(),
    unpriced: unpriced.all(),
    // Ingest may emit a held line (a streaming message kept until its last part) after later lines.
    problems: problems.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1)),
    problemsTotal,
    pricing: { hash: catalogue.hash, files: catalogue.fileNames, overrides: catalogue.overrideFiles, fx: options.conversion?.table.files ?? [] },
    conversion: options.conversion,
    notes: reportNotes(options, usage, timestamps, outsideRange),
  });
}

/** Completes a record in place (no copy: this runs once per row of possibly millions). */
function resolveTokens(raw: RawRecord, counter: TokenCounter): UsageRecord {
  const record = raw as RawRecord & Partial<Pick<UsageRecord, 'usageSource'>>;
  if (raw.tokens) {
    record.usageSource = 'logged';
  } else {
    const counted = counter.count(raw.model, raw.text ?? {});
    record.tokens = counted.tokens;
    record.usageSource = counted.source;
    // The text has served its purpose; do not keep it alive in the ledgers.
    record.text = undefined;
  }
  return record as UsageRecord;
}

function inRange(at: number, options: AuditOptions): boolean {
  return (options.since === undefined || at >= options.since.at) && (options.until === undefined || at < options.until.at);
}

function reportNotes(options: AuditOptions, usage: Report['usage'], timestamps: Report['timestamps'], outsideRange: number): string[] {
  const notes: string[] = [...RATE_FALLBACK_NOTES];
  if (outsideRange > 0) {
    const range = [options.since && `from ${options.since.text}`, options.until && `until ${options.until.text} (exclusive)`].filter(Boolean).join(' ');
    notes.push(`${outsideRange} rows fall outside ${range} and are counted as skipped.`);
  }
  if (options.timeZone && options.timeZone !== 'UTC') notes.push(`Days and months are calendar days in ${options.timeZone}; prices are still chosen by each request's UTC instant.`);
  notes.push(
    options.asOf
      ? `Every request is priced with the tables in force at ${options.asOf.text} (--as-of); time-of-day windows still follow each request's own time.`
      : "Every request is priced with the table in force at its own timestamp (UTC).",
  );
  if (options.serviceTier) notes.push(`Requests whose log names no service tier are priced as "${options.serviceTier}" (--service-tier).`);
  if (options.conversion) {
    notes.push(`Converted figures (${options.conversion.currency}) are for display: costs are computed and summed in each price's own currency, and each month is converted at its own rate (listed in "conversion").`);
  }
  if (options.compare.length > 0) {
    notes.push('What-if: token counts carry over to the target models as logged or counted; cached tokens go to the target\'s cache-read rate where it has one, else to its input rate.');
  }
  if (usage.counted + usage.estimated > 0) {
    notes.push(
      `${usage.counted} requests had no logged usage and were counted with tiktoken in their model's encoding; ${usage.estimated} were estimated ` +
        '(o200k_base where the model has no exact offline tokenizer, or very long repetitive text counted in chunks). ' +
        'Counted output excludes hidden reasoning tokens, which only logged usage shows.',
    );
  }
  if (timestamps.default > 0) notes.push(`${timestamps.default} rows had no timestamp and were priced at --default-time.`);
  if (timestamps.mtime > 0) notes.push(`${timestamps.mtime} rows had no timestamp and were priced at their file's modification time (pass --default-time to choose).`);
  return notes;
}

// One audit's running totals: events in (from ingest), ledgers and counters updated, one record at
// a time. A run on a worker thread sends its totals home as plain data (wire.ts), where they are
// absorbed into the main run; the report is built from the main run alone.
import { GroupLedger, UnpricedLedger, utcMonth } from '../core/aggregate.ts';
import type { RawRecord, UsageRecord } from '../core/types.ts';
import { WhatIfLedger } from '../core/whatif.ts';
import type { IngestEvent } from '../ingest/index.ts';
import { isPriced, type Catalogue, type PriceRequest } from '../pricing/catalog.ts';
import type { Report, ReportProblem } from '../report/contract.ts';
import type { TokenCounter } from '../tokens/index.ts';
import type { WorkerOptions } from './options.ts';

const MAX_SKIP_REASONS = 100;

const byPlace = (a: ReportProblem, b: ReportProblem): number => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1);
const OTHER_SKIPS = 'other reasons (see problems in the JSON report)';

export class AuditRun {
  readonly rows = { read: 0, priced: 0, unpriced: 0, skipped: 0, rejected: 0 };
  readonly usage: Report['usage'] = { logged: 0, counted: 0, estimated: 0 };
  readonly timestamps: Report['timestamps'] = { logged: 0, default: 0, mtime: 0 };
  readonly problems: ReportProblem[] = [];
  problemsTotal = 0;
  /** Rows left out by --since/--until (counted as skipped, not listed). */
  outsideRange = 0;
  /** Skipped rows per reason: most are ordinary (a user line of an agent log), so the table sums them up. */
  readonly skippedReasons = new Map<string, number>();
  readonly groups: GroupLedger;
  readonly unpriced = new UnpricedLedger();
  readonly whatIf: WhatIfLedger;
  readonly #options: WorkerOptions;
  readonly #catalogue: Catalogue;
  readonly #counter: TokenCounter;

  constructor(options: WorkerOptions, catalogue: Catalogue, counter: TokenCounter) {
    this.#options = options;
    this.#catalogue = catalogue;
    this.#counter = counter;
    this.groups = new GroupLedger({ dimensions: options.groupBy, timeZone: options.timeZone, trackMonths: options.trackMonths });
    this.whatIf = new WhatIfLedger(options.compare);
  }

  consume(event: IngestEvent): void {
    const options = this.#options;
    this.rows.read += 1;
    if (event.kind !== 'record') {
      this.rows[event.kind] += 1;
      this.addProblem({ kind: event.kind, ...event.problem });
      if (event.kind === 'skipped') this.countSkip(event.problem.reason, 1);
      return;
    }
    const at = event.record.timestamp;
    if ((options.since !== undefined && at < options.since.at) || (options.until !== undefined && at >= options.until.at)) {
      // A filter, not a problem: counted as skipped, not listed row by row.
      this.rows.skipped += 1;
      this.outsideRange += 1;
      this.countSkip('outside --since/--until', 1);
      return;
    }
    const record = this.#resolveTokens(event.record);
    this.timestamps[record.timeSource] += 1;
    const request: PriceRequest = {
      tokens: record.tokens,
      requests: record.requests,
      serviceTier: record.serviceTier ?? options.serviceTier,
      region: options.region,
      requestTime: record.timestamp,
    };
    const priceAt = options.asOf?.at ?? record.timestamp;
    const price = this.#catalogue.price(record.model, priceAt, request);
    if (!isPriced(price)) {
      this.rows.unpriced += 1;
      this.unpriced.add(record, price.detail, price.suggestions);
      return;
    }
    this.rows.priced += 1;
    this.usage[record.usageSource] += record.requests;
    this.groups.add(record, price);
    const month = options.trackMonths ? utcMonth(record.timestamp) : '';
    for (const target of options.compare) {
      this.whatIf.add(target, record, price, this.#catalogue.price(target, priceAt, request), month);
    }
  }

  countSkip(reason: string, rows: number): void {
    // Reasons are few (they come from format data); the cap only guards against one that embeds a value.
    const key = this.skippedReasons.has(reason) || this.skippedReasons.size < MAX_SKIP_REASONS ? reason : OTHER_SKIPS;
    this.skippedReasons.set(key, (this.skippedReasons.get(key) ?? 0) + rows);
  }

  /**
   * Keeps the first problemLimit problems by file and line, whatever order they come in: threads
   * read families in no fixed order, and each keeps its own first ones, so the merged list (and
   * the report) is the same however the work was shared.
   */
  addProblem(problem: ReportProblem): void {
    this.problemsTotal += 1;
    this.problems.push(problem);
    if (this.problems.length >= 2 * this.#options.problemLimit + 64) this.#trimProblems();
  }

  /** Problems as the report lists them: by file, then line, at most problemLimit. */
  sortedProblems(): ReportProblem[] {
    this.#trimProblems();
    return this.problems;
  }

  #trimProblems(): void {
    this.problems.sort(byPlace);
    this.problems.length = Math.min(this.problems.length, this.#options.problemLimit);
  }

  /** Completes a record in place (no copy: this runs once per row of possibly millions). */
  #resolveTokens(raw: RawRecord): UsageRecord {
    const record = raw as RawRecord & Partial<Pick<UsageRecord, 'usageSource'>>;
    if (raw.tokens) {
      record.usageSource = 'logged';
    } else {
      const counted = this.#counter.count(raw.model, raw.text ?? {});
      record.tokens = counted.tokens;
      record.usageSource = counted.source;
      // The text has served its purpose; do not keep it alive in the ledgers.
      record.text = undefined;
    }
    return record as UsageRecord;
  }
}

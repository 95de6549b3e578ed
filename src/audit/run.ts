// One audit's running totals: events in (from ingest), ledgers and counters updated, one record at
// a time. A run on a worker thread sends its totals home as plain data (wire.ts), where they are
// absorbed into the main run; the report is built from the main run alone.
import { GroupLedger, UnpricedGroupLedger, UnpricedLedger, utcMonth, type GroupDimension } from '../core/aggregate.ts';
import type { RawRecord, RowProblem, UsageRecord } from '../core/types.ts';
import { WhatIfLedger } from '../core/whatif.ts';
import { fitted } from '../core/fit.ts';
import { GroupWhatIfLedger } from '../core/group-whatif.ts';
import { ScenarioLedger } from '../core/scenario-ledger.ts';
import { isCopyReason, type IngestEvent } from '../ingest/index.ts';
import { projectMatches } from '../ingest/agents/claude-code/project.ts';
import { isPriced, type Catalogue, type PriceRequest } from '../pricing/catalog.ts';
import { billedMedia } from '../core/cost.ts';
import { SkipTally } from '../core/skips.ts';
import type { Report, ReportProblem } from '../report/contract.ts';
import type { TokenCounter } from '../tokens/index.ts';
import { groupThousands } from '../core/text.ts';
import { MAX_EXACT_SUM, TokenBudget } from './budget.ts';
import { TagCensus } from './tags.ts';
import { TargetRecount } from './target-tokens.ts';
import type { WorkerOptions } from './options.ts';
import type { RowListener } from './outcome.ts';


/** By file, then table (a file's lines before its database rows), then line or rowid. */
const byPlace = (a: RowProblem, b: RowProblem): number =>
  a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.table !== b.table ? ((a.table ?? '') < (b.table ?? '') ? -1 : 1) : a.line - b.line;

export class AuditRun {
  readonly rows = { read: 0, priced: 0, unpriced: 0, skipped: 0, rejected: 0 };
  readonly usage: Report['usage'] = { logged: 0, counted: 0, estimated: 0 };
  readonly timestamps: Report['timestamps'] = { logged: 0, default: 0, mtime: 0 };
  readonly problems: ProblemList;
  /** Byte ranges of files read so far (here, or on other threads once absorbed), to settle at the end. */
  readonly ranges: RangeResult[] = [];
  /** Rows left out by --since/--until (counted as skipped, not listed). */
  outsideRange = 0;
  /** Rows left out by --project (counted as skipped, not listed). */
  outsideProject = 0;
  /** Skipped rows per reason: most are ordinary (a user line of an agent log), so the table sums them up. */
  readonly skippedReasons = new SkipTally(isCopyReason);
  readonly groups: GroupLedger;
  readonly unpriced = new UnpricedLedger();
  /** The unpriced records again, grouped by --group-by (for the rows of a finance export). */
  readonly unpricedGroups: UnpricedGroupLedger;
  readonly whatIf: WhatIfLedger;
  /** Per group, each --compare target then each scenario (GroupLedger indices); only when there are some. */
  readonly groupWhatIf: GroupWhatIfLedger | undefined;
  /** --swap/--scenario totals; only when there are some. */
  readonly scenarios: ScenarioLedger | undefined;
  /** Keeps the sum of every count of the run exact (budget.ts). */
  readonly budget = new TokenBudget();
  /** With --group-by tag:NAME: which requests carry the tag (so a misspelt one is reported). */
  readonly tags: TagCensus | undefined;
  readonly #options: WorkerOptions;
  readonly #catalogue: Catalogue;
  readonly #counter: TokenCounter;
  /** The what-if's token counts as each target counts them. */
  readonly #recount: TargetRecount;
  /** The --compare targets that also get a column per group (all of them, or none with --compare all). */
  readonly #groupTargets: number;
  /** Told each row's outcome (the usage ledger); only on a run read by one thread, in input order. */
  readonly #onRow: RowListener | undefined;

  constructor(options: WorkerOptions, catalogue: Catalogue, counter: TokenCounter, onRow?: RowListener) {
    this.#onRow = onRow;
    this.#options = options;
    this.#catalogue = catalogue;
    this.#counter = counter;
    this.#recount = new TargetRecount(options.targetTokens);
    const dimensions = ledgerDimensions(options);
    this.groups = new GroupLedger({ dimensions, timeZone: options.timeZone, weekStart: options.weekStart, trackMonths: options.trackMonths });
    this.unpricedGroups = new UnpricedGroupLedger({ dimensions, timeZone: options.timeZone, weekStart: options.weekStart });
    this.whatIf = new WhatIfLedger(options.compare);
    const scenarios = options.scenarios ?? [];
    this.#groupTargets = options.groupCompare === false ? 0 : options.compare.length;
    const columns = this.#groupTargets + scenarios.length;
    this.groupWhatIf = columns > 0 ? new GroupWhatIfLedger(columns) : undefined;
    this.scenarios = scenarios.length > 0 ? new ScenarioLedger(scenarios, this.groupWhatIf, this.#groupTargets) : undefined;
    this.problems = new ProblemList(options.problemLimit);
    this.tags = TagCensus.of(options.groupBy);
  }

  /** Skipped + rejected rows, listed or not: rows outside --since/--until are skipped rows too (docs/report-contract.md). */
  get problemsTotal(): number {
    return this.problems.total + this.outsideRange + this.outsideProject;
  }

  /**
   * One event. Its problem, if any, goes to `problems`: a byte range of a file keeps its own, with
   * line numbers from the range's start, until the lines before it are known.
   */
  consume(event: IngestEvent, problems: ProblemList = this.problems): void {
    const options = this.#options;
    this.rows.read += 1;
    if (event.kind !== 'record') {
      this.rows[event.kind] += 1;
      problems.add(event.kind, event.problem);
      if (event.kind === 'skipped') this.countSkip(event.problem.reason, 1);
      this.#onRow?.({ status: event.kind, problem: event.problem });
      return;
    }
    const at = event.record.timestamp;
    if ((options.since !== undefined && at < options.since.at) || (options.until !== undefined && at >= options.until.at)) {
      // A filter, not a problem: counted as skipped, not listed row by row.
      this.rows.skipped += 1;
      this.outsideRange += 1;
      this.countSkip('outside --since/--until', 1);
      this.#onRow?.({ status: 'filtered', reason: 'outside --since/--until', record: event.record });
      return;
    }
    if (options.project !== undefined && !projectMatches(event.record.tags?.project, options.project)) {
      this.rows.skipped += 1;
      this.outsideProject += 1;
      this.countSkip('not in --project', 1);
      this.#onRow?.({ status: 'filtered', reason: 'not in --project', record: event.record });
      return;
    }
    // The text (present when the log has no usage) is counted again per what-if target below.
    const text = event.record.text;
    const record = this.#resolveTokens(event.record);
    // Billed per request (core/cost.ts billedMedia): the report, the ledger and the what-if all sum
    // these. The what-if's recount starts from the counts as logged.
    const logged = record.tokens;
    record.tokens = billedMedia(logged);
    const t = record.tokens;
    const counts = record.requests + t.input + t.cacheRead + t.cacheWrite5m + t.cacheWrite1h + t.output + t.webSearch;
    if (!this.budget.take(counts)) {
      this.rows.rejected += 1;
      const reason = `its token and request counts (${groupThousands(counts)}) would take the run's sum of counts past ${groupThousands(MAX_EXACT_SUM)} (2^53 − 1), beyond which sums are not exact: the row is rejected; audit such logs in smaller runs`;
      problems.add('rejected', { ...record.where, reason });
      this.#onRow?.({ status: 'rejected', reason, record });
      return;
    }
    this.timestamps[record.timeSource] += 1;
    this.tags?.add(record.tags);
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
      this.unpriced.add(record, price.unknownId ? undefined : price.detail, price.suggestions);
      this.unpricedGroups.add(record);
      this.#onRow?.({ status: 'unpriced', record, serviceTier: request.serviceTier, at: priceAt, price });
      return;
    }
    this.rows.priced += 1;
    this.#onRow?.({ status: 'priced', record, serviceTier: request.serviceTier, at: priceAt, price });
    this.usage[record.usageSource] += record.requests;
    const group = this.groups.add(record, price);
    if (options.compare.length === 0 && this.scenarios === undefined) return;
    // The target totals by month whenever there are targets: the what-if ranking converts them to
    // one currency at each month's rate. Group cells only when months are asked for (--currency,
    // finance CSV): a month per cell would split 150,000 groups' cells.
    const month = options.trackMonths || options.compare.length > 0 ? utcMonth(record.timestamp) : '';
    const groupMonth = options.trackMonths ? month : '';
    const onTarget = (target: string) => {
      const view = this.#recount.view(target, price.model.id, text, logged === record.tokens ? record : { ...record, tokens: logged }, request);
      return { ...view, tokens: billedMedia(view.tokens), repriced: this.#catalogue.price(target, priceAt, view.request) };
    };
    for (let column = 0; column < options.compare.length; column++) {
      const target = options.compare[column] as string;
      const { repriced, tokens, method } = onTarget(target);
      this.whatIf.add(target, record, price, repriced, month, tokens, method);
      // A request the target cannot take is, in its group's cell, one it did not reprice (with the reason).
      if (column < this.#groupTargets) this.groupWhatIf?.add(group, column, record, price, fitted(repriced, tokens, record.requests), groupMonth, tokens);
    }
    this.scenarios?.add(group, record, price, groupMonth, onTarget);
  }

  /** Frees what the what-if loaded (tokenizers); the run's totals stay. */
  dispose(): void {
    this.#recount.dispose();
  }

  /**
   * Gives the problems of every range their whole-file line numbers (a range's lines follow the
   * lines of the ranges before it) and keeps them; call once every range of every file is in.
   */
  settleRanges(): void {
    const byFile = new Map<string, RangeResult[]>();
    for (const r of this.ranges) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
    for (const [file, ranges] of byFile) {
      ranges.sort((a, b) => a.part - b.part);
      if (ranges.some((r, i) => r.part !== i)) throw new Error(`ranges of ${file} are missing: ${ranges.map((r) => r.part).join(',')}`);
      let before = 0;
      for (const r of ranges) {
        for (const p of r.problems) this.problems.keep({ ...p, line: p.line + before });
        this.problems.total += r.problemsTotal;
        before += r.lines;
      }
    }
    this.ranges.length = 0;
  }

  countSkip(reason: string, rows: number): void {
    this.skippedReasons.add(reason, rows);
  }

  /** Completes a record in place (no copy: this runs once per row of possibly millions). */
  #resolveTokens(raw: RawRecord): UsageRecord {
    const record = raw as RawRecord & Partial<Pick<UsageRecord, 'usageSource'>>;
    if (raw.tokens) {
      record.usageSource = 'logged';
    } else {
      const text = raw.text ?? {};
      const counted = this.#recount.countOwn(raw.model, text) ?? this.#counter.count(raw.model, text);
      record.tokens = counted.tokens;
      record.usageSource = counted.source;
      // The text has served its purpose; do not keep it alive in the ledgers.
      record.text = undefined;
    }
    return record as UsageRecord;
  }
}

/** The dimensions a run's ledgers group by: --group-by, and with --breakdown the model after them (audit/views.ts folds it back). */
export function ledgerDimensions(options: Pick<WorkerOptions, 'groupBy' | 'breakdown'>): GroupDimension[] {
  return options.breakdown && !options.groupBy.includes('model') ? [...options.groupBy, 'model'] : options.groupBy;
}

/** What a byte range of a file leaves to settle: its line count, and its problems numbered from its first line. */
export interface RangeResult {
  file: string;
  part: number;
  lines: number;
  problems: ReportProblem[];
  problemsTotal: number;
}

/**
 * The first `limit` problems by file and line, whatever order they come in (threads read files in
 * no fixed order, and each keeps its own first ones, so the merged list is the same however the
 * work was shared), and how many there were in all.
 */
export class ProblemList {
  total = 0;
  readonly #limit: number;
  #items: ReportProblem[] = [];
  /**
   * The last problem kept at the last trim, once the list was full: one that sorts after it cannot
   * be among the first N, and is dropped at once. Files are read in order, so that is nearly every
   * problem of a large log (a Claude Code tree skips 200k lines).
   */
  #last: ReportProblem | undefined;

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(kind: ReportProblem['kind'], problem: RowProblem): void {
    this.total += 1;
    if (this.#dropped(problem)) return;
    this.#push(problem.table === undefined ? { kind, file: problem.file, line: problem.line, reason: problem.reason } : { kind, file: problem.file, line: problem.line, table: problem.table, reason: problem.reason });
  }

  /** Keeps a problem already counted elsewhere (merged from another thread or a range). */
  keep(problem: ReportProblem): void {
    if (!this.#dropped(problem)) this.#push(problem);
  }

  /** The kept problems, by file then line. */
  sorted(): ReportProblem[] {
    this.#trim();
    return this.#items;
  }

  #dropped(problem: RowProblem): boolean {
    return this.#limit === 0 || (this.#last !== undefined && byPlace(problem, this.#last) >= 0);
  }

  #push(problem: ReportProblem): void {
    this.#items.push(problem);
    if (this.#items.length >= 2 * this.#limit + 64) this.#trim();
  }

  #trim(): void {
    this.#items.sort(byPlace);
    if (this.#items.length > this.#limit) this.#items.length = this.#limit;
    if (this.#items.length === this.#limit) this.#last = this.#items[this.#limit - 1];
  }
}

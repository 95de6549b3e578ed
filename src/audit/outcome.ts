// What became of one row read: the run tells a listener (AuditOptions.onRow) row by row, in the
// order it reads them, so that a usage ledger (src/ledger) can be written as the run goes, with
// nothing held. Every row read gets exactly one outcome, so the outcomes count rows.read.
import type { RawRecord, RowProblem, ServiceTier, UsageRecord } from '../core/types.ts';
import type { NoPrice, PricePoint } from '../pricing/catalog.ts';

export type RowOutcome =
  /** Not a request (skipped: carries no usage by nature, or a copy) or a malformed row (rejected), as ingest judged it. */
  | { status: 'skipped' | 'rejected'; problem: RowProblem; record?: undefined }
  /** A request left out by --since/--until or --project (the report counts it as skipped). */
  | { status: 'filtered'; reason: string; record: RawRecord }
  /** A request rejected by the run itself (its counts would make the run's sums inexact). */
  | { status: 'rejected'; reason: string; record: UsageRecord }
  /** A request with no price at its instant, and why; `at` is the instant prices were looked up at (--as-of, else its own). */
  | { status: 'unpriced'; record: UsageRecord; serviceTier: ServiceTier | undefined; at: number; price: NoPrice }
  | { status: 'priced'; record: UsageRecord; serviceTier: ServiceTier | undefined; at: number; price: PricePoint };

export type RowListener = (outcome: RowOutcome) => void;

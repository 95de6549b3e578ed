// The events ingest hands to the next stage. One per non-blank line or CSV data row.

import type { RawRecord, RowProblem } from '../core/types.ts';

export type IngestEvent =
  | { kind: 'record'; record: RawRecord }
  /**
   * A known non-usage line (an error response, a response with usage null, a streaming partial).
   * `format` names the detected format when the line was recognised as one.
   */
  | { kind: 'skipped'; problem: RowProblem; format?: string }
  /** Malformed: not JSON, wrong types, bad counts, unknown shape, no model, no time to use. */
  | { kind: 'rejected'; problem: RowProblem };

/** Called with every event, in file order (a held line may come after later lines of its file). */
export type EventSink = (event: IngestEvent) => void;

// One usage-ledger row per row read (docs/ledger.md): a row outcome of the run (audit/outcome.ts)
// as flat columns. Money is exact decimal text (core/money.ts), never a float; the point and
// version keys are the ones `pricing export` writes (pricing/keys.ts), so a warehouse can join the
// ledger to the exported prices. Pure.
import { BILLED_BUCKETS, costByBucket, totalOf, type BilledBucket } from '../core/cost.ts';
import { toPlainString, type Decimal } from '../core/money.ts';
import { placeOf, type RawRecord, type TokenBuckets } from '../core/types.ts';
import type { RowOutcome } from '../audit/outcome.ts';
import type { Catalogue } from '../pricing/catalog.ts';
import { pointKey, versionKey } from '../pricing/keys.ts';

/** The token columns, in order, and the bucket each is read from (`web_search_calls` counts calls, not tokens). */
export const TOKEN_COLUMNS = [
  ['input', 'input'],
  ['cache_read', 'cacheRead'],
  ['cache_write_5m', 'cacheWrite5m'],
  ['cache_write_1h', 'cacheWrite1h'],
  ['output', 'output'],
  ['reasoning', 'reasoning'],
  ['input_audio', 'inputAudio'],
  ['input_image', 'inputImage'],
  ['output_audio', 'outputAudio'],
  ['web_search_calls', 'webSearch'],
] as const satisfies readonly (readonly [string, keyof TokenBuckets])[];

/** The cost columns per billed line (core/cost.ts BILLED_BUCKETS). */
const COST_COLUMNS = {
  input: 'cost_input',
  cacheRead: 'cost_cache_read',
  cacheWrite5m: 'cost_cache_write_5m',
  cacheWrite1h: 'cost_cache_write_1h',
  output: 'cost_output',
  webSearch: 'cost_web_search',
} as const satisfies Record<BilledBucket, string>;

type Count = number | null;
type Text = string | null;

/** One ledger row: docs/ledger.md says what each column holds. Money is exact decimal text. */
export interface LedgerRow {
  status: (typeof LEDGER_STATUSES)[number];
  reason_code: Text;
  reason: Text;
  source: Text;
  file: Text;
  line: Count;
  format: Text;
  timestamp: Text;
  time_source: Text;
  model: Text;
  model_id: Text;
  provider: Text;
  service_tier: Text;
  requests: Count;
  input: Count;
  cache_read: Count;
  cache_write_5m: Count;
  cache_write_1h: Count;
  output: Count;
  reasoning: Count;
  input_audio: Count;
  input_image: Count;
  output_audio: Count;
  web_search_calls: Count;
  usage_source: Text;
  tags: Record<string, string> | null;
  logged_cost: Text;
  logged_currency: Text;
  catalogue_hash: Text;
  point_key: Text;
  version_key: Text;
  thinking: boolean | null;
  currency: Text;
  cost: Text;
  cost_input: Text;
  cost_cache_read: Text;
  cost_cache_write_5m: Text;
  cost_cache_write_1h: Text;
  cost_output: Text;
  cost_web_search: Text;
}

export type LedgerColumn = keyof LedgerRow;
export type Cell = LedgerRow[LedgerColumn];

export const LEDGER_STATUSES = ['priced', 'unpriced', 'skipped', 'rejected', 'filtered'] as const;

/**
 * A row with every column null, written out as one literal: its keys are the column order (the
 * CSV header, the NDJSON keys), and an object made by a literal keeps V8's fast shape, which
 * JSON.stringify writes three times faster than one filled key by key in a loop (measured). A new
 * column is only ever added at the end, so the columns before it keep their places.
 */
function emptyRow(status: LedgerRow['status']): LedgerRow {
  return {
    status,
    reason_code: null,
    reason: null,
    source: null,
    file: null,
    line: null,
    format: null,
    timestamp: null,
    time_source: null,
    model: null,
    model_id: null,
    provider: null,
    service_tier: null,
    requests: null,
    input: null,
    cache_read: null,
    cache_write_5m: null,
    cache_write_1h: null,
    output: null,
    reasoning: null,
    input_audio: null,
    input_image: null,
    output_audio: null,
    web_search_calls: null,
    usage_source: null,
    tags: null,
    logged_cost: null,
    logged_currency: null,
    catalogue_hash: null,
    point_key: null,
    version_key: null,
    thinking: null,
    currency: null,
    cost: null,
    cost_input: null,
    cost_cache_read: null,
    cost_cache_write_5m: null,
    cost_cache_write_1h: null,
    cost_output: null,
    cost_web_search: null,
  };
}

/** Every column, in order. */
export const LEDGER_COLUMNS = Object.keys(emptyRow('priced')) as readonly LedgerColumn[];

const iso = (ms: number): string => new Date(ms).toISOString();

/** What a record says whatever its outcome: where, when, what model as logged, its tags and logged cost. */
function fillRecord(row: LedgerRow, record: RawRecord): void {
  row.source = placeOf(record.where);
  row.file = record.where.file;
  row.line = record.where.line;
  row.format = record.format;
  row.timestamp = Number.isFinite(record.timestamp) ? iso(record.timestamp) : null;
  row.time_source = record.timeSource;
  row.model = record.model;
  row.service_tier = record.serviceTier ?? null;
  row.requests = record.requests;
  if (record.tokens) for (const [column, bucket] of TOKEN_COLUMNS) row[column] = record.tokens[bucket];
  row.tags = record.tags && Object.keys(record.tags).length > 0 ? record.tags : null;
  row.logged_cost = record.loggedCost?.amount ?? null;
  row.logged_currency = record.loggedCost?.currency ?? null;
}

/** A priced row's cost in its price's currency, as the report bills it (core/cost.ts), and its total. */
export interface RowCost {
  currency: string;
  total: Decimal;
}

/**
 * The ledger row of one outcome, and the cost it carries (priced rows), which the writer sums to
 * check the ledger against the report's totals.
 */
export function ledgerRow(outcome: RowOutcome, catalogue: Catalogue): { row: LedgerRow; cost?: RowCost } {
  const row = emptyRow(outcome.status);
  if (outcome.record === undefined) {
    row.reason = outcome.problem.reason;
    row.source = placeOf(outcome.problem);
    row.file = outcome.problem.file;
    row.line = outcome.problem.line;
    return { row };
  }
  const record = outcome.record;
  fillRecord(row, record);
  switch (outcome.status) {
    case 'filtered':
    case 'rejected':
      row.reason = outcome.reason;
      return { row };
    case 'unpriced': {
      row.usage_source = outcome.record.usageSource;
      row.service_tier = outcome.serviceTier ?? 'standard';
      row.reason_code = outcome.price.reason;
      row.reason = outcome.price.detail;
      // The model the id means may be known (a date before its first price, a tier it is not sold in).
      const match = catalogue.resolveModel(record.model, outcome.at);
      if (match) {
        row.model_id = match.model.id;
        row.provider = match.model.provider;
      }
      return { row };
    }
    case 'priced': {
      const point = outcome.price;
      row.usage_source = outcome.record.usageSource;
      row.service_tier = point.serviceTier;
      row.model_id = point.model.id;
      row.provider = point.model.provider;
      row.catalogue_hash = catalogue.hash;
      row.point_key = pointKey(point.ref);
      row.version_key = versionKey(point.model.id, point.version);
      row.thinking = point.thinking;
      row.currency = point.currency;
      const costs = costByBucket(outcome.record.tokens, point.rates, point.fees);
      const total = totalOf(costs);
      row.cost = toPlainString(total);
      for (const bucket of BILLED_BUCKETS) row[COST_COLUMNS[bucket]] = toPlainString(costs[bucket]);
      return { row, cost: { currency: point.currency, total } };
    }
  }
}

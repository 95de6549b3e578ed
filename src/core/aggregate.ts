// Aggregation: tokens are summed per (group, price point) and multiplied once per bucket at the
// end. Cost is linear in tokens, so this equals the sum of per-request costs to the last digit,
// at a fraction of the work.
import type { PricePoint } from '../pricing/catalog.ts';
import { costOfTokens } from './cost.ts';
import { add, addToBag, type Decimal, type MoneyBag, ZERO } from './money.ts';
import { addBuckets, emptyBuckets, type TokenBuckets, type UsageRecord } from './types.ts';

export const GROUP_DIMENSIONS = ['model', 'provider', 'day', 'month'] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];
export type GroupKey = Partial<Record<GroupDimension, string>>;

export interface CurrencyLine {
  requests: number;
  tokens: TokenBuckets;
  cost: Decimal;
}

/** Tokens and requests per price point: the unit that is multiplied by rates. */
export class PriceBuckets {
  private readonly buckets = new Map<PricePoint, { tokens: TokenBuckets; requests: number }>();

  add(point: PricePoint, tokens: TokenBuckets, requests: number): void {
    let bucket = this.buckets.get(point);
    if (!bucket) {
      bucket = { tokens: emptyBuckets(), requests: 0 };
      this.buckets.set(point, bucket);
    }
    addBuckets(bucket.tokens, tokens);
    bucket.requests += requests;
  }

  /** Cost per currency. */
  cost(): MoneyBag {
    const bag: MoneyBag = new Map();
    for (const [point, bucket] of this.buckets) addToBag(bag, point.currency, costOfTokens(bucket.tokens, point.rates));
    return bag;
  }

  /** Requests, tokens and cost per currency: a group priced in two currencies splits into two lines. */
  byCurrency(): Map<string, CurrencyLine> {
    const lines = new Map<string, CurrencyLine>();
    for (const [point, bucket] of this.buckets) {
      let line = lines.get(point.currency);
      if (!line) {
        line = { requests: 0, tokens: emptyBuckets(), cost: ZERO };
        lines.set(point.currency, line);
      }
      line.requests += bucket.requests;
      addBuckets(line.tokens, bucket.tokens);
      line.cost = add(line.cost, costOfTokens(bucket.tokens, point.rates));
    }
    return lines;
  }

  points(): PricePoint[] {
    return [...this.buckets.keys()];
  }
}

export interface GroupTotals {
  key: GroupKey;
  rows: number;
  requests: number;
  tokens: TokenBuckets;
  buckets: PriceBuckets;
}

/** Accumulates priced records into groups along the chosen dimensions. */
export class GroupLedger {
  private readonly groups = new Map<string, GroupTotals>();

  readonly dimensions: readonly GroupDimension[];
  constructor(dimensions: readonly GroupDimension[]) {
    this.dimensions = dimensions;
  }

  add(record: UsageRecord, point: PricePoint): void {
    const key = groupKey(this.dimensions, record, point);
    const id = JSON.stringify(this.dimensions.map((d) => key[d]));
    let group = this.groups.get(id);
    if (!group) {
      group = { key, rows: 0, requests: 0, tokens: emptyBuckets(), buckets: new PriceBuckets() };
      this.groups.set(id, group);
    }
    group.rows += 1;
    group.requests += record.requests;
    addBuckets(group.tokens, record.tokens);
    group.buckets.add(point, record.tokens, record.requests);
  }

  all(): GroupTotals[] {
    return [...this.groups.values()];
  }
}

export function groupKey(dimensions: readonly GroupDimension[], record: UsageRecord, point: PricePoint): GroupKey {
  const key: GroupKey = {};
  for (const dimension of dimensions) key[dimension] = dimensionValue(dimension, record, point);
  return key;
}

function dimensionValue(dimension: GroupDimension, record: UsageRecord, point: PricePoint): string {
  switch (dimension) {
    case 'model':
      return record.model;
    case 'provider':
      return point.model.provider;
    case 'day':
      return new Date(record.timestamp).toISOString().slice(0, 10);
    case 'month':
      return new Date(record.timestamp).toISOString().slice(0, 7);
    default:
      return dimension satisfies never;
  }
}

/** Totals for records that could not be priced, per logged model id. */
export interface UnpricedTotals {
  model: string;
  reason: string;
  rows: number;
  requests: number;
  tokens: TokenBuckets;
}

export class UnpricedLedger {
  private readonly byModel = new Map<string, UnpricedTotals>();

  add(record: UsageRecord, reason: string): void {
    let entry = this.byModel.get(record.model);
    if (!entry) {
      entry = { model: record.model, reason, rows: 0, requests: 0, tokens: emptyBuckets() };
      this.byModel.set(record.model, entry);
    }
    entry.rows += 1;
    entry.requests += record.requests;
    addBuckets(entry.tokens, record.tokens);
  }

  all(): UnpricedTotals[] {
    return [...this.byModel.values()].sort((a, b) => b.requests - a.requests || a.model.localeCompare(b.model));
  }
}

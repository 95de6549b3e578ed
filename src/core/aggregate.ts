// Aggregation: tokens are summed per (group, price point) and multiplied once per bucket at the
// end. Cost is linear in tokens, so this equals the sum of per-request costs to the last digit,
// at a fraction of the work.
import type { PricePoint } from '../pricing/catalog.ts';
import { addBucketCosts, costByBucket, totalOf, zeroBucketCosts, type BucketCosts } from './cost.ts';
import { add, addToBag, parseDecimal, type Decimal, type MoneyBag } from './money.ts';
import { addBuckets, emptyBuckets, type TokenBuckets, type UsageRecord } from './types.ts';
import { compareText, groupThousands } from './text.ts';

export const FIXED_DIMENSIONS = ['model', 'provider', 'day', 'month'] as const;
export type FixedDimension = (typeof FIXED_DIMENSIONS)[number];
/** `tag:NAME` groups by a label the log carries (team, user, project…). */
export type GroupDimension = FixedDimension | `tag:${string}`;
export type GroupKey = Record<string, string>;

/** The value a record without the tag is grouped under. */
export const MISSING_TAG = '(none)';

export interface CurrencyLine {
  requests: number;
  tokens: TokenBuckets;
  costs: BucketCosts;
}

export interface Bucket {
  point: PricePoint;
  /** "YYYY-MM" (UTC) when months are tracked for currency conversion, else "". */
  month: string;
  tokens: TokenBuckets;
  requests: number;
}

/**
 * Tokens and requests per price point (and per UTC month when costs will be converted with monthly
 * FX rates): the unit that is multiplied by rates.
 */
export class PriceBuckets {
  /**
   * The sum of every bucket's tokens. While there is one bucket (most groups of a run grouped
   * finely, by user or by day, see one price point), it is that bucket's very tokens object, not a
   * copy: a group keeps it as its own tokens too (GroupLedger), so a group holds one object of
   * token counts instead of three. The second bucket gets the first its own copy.
   */
  readonly tokens: TokenBuckets = emptyBuckets();
  /**
   * The first bucket, kept on its own: most groups of a run grouped finely (one user, one day) see
   * one price point, and a Map of Maps per group is most of their memory. The maps are made when a
   * second (point, month) arrives.
   */
  private first: Bucket | undefined;
  private buckets: Map<PricePoint, Map<string, Bucket>> | undefined;

  add(point: PricePoint, tokens: TokenBuckets, requests: number, month = ''): void {
    const first = this.first;
    let bucket: Bucket | undefined;
    if (first === undefined) {
      bucket = { point, month, tokens: this.tokens, requests: 0 };
      this.first = bucket;
    } else if (first.point === point && first.month === month) {
      bucket = first;
    } else {
      let buckets = this.buckets;
      if (!buckets) {
        // From now on the total and the first bucket part ways.
        const own = emptyBuckets();
        addBuckets(own, first.tokens);
        first.tokens = own;
        buckets = new Map([[first.point, new Map([[first.month, first]])]]);
        this.buckets = buckets;
      }
      let byMonth = buckets.get(point);
      if (!byMonth) {
        byMonth = new Map();
        buckets.set(point, byMonth);
      }
      bucket = byMonth.get(month);
      if (!bucket) {
        bucket = { point, month, tokens: emptyBuckets(), requests: 0 };
        byMonth.set(month, bucket);
      }
    }
    addBuckets(bucket.tokens, tokens);
    if (bucket.tokens !== this.tokens) addBuckets(this.tokens, tokens);
    bucket.requests += requests;
  }

  /** Every (point, month) bucket. */
  *all(): Generator<Bucket> {
    if (this.buckets) {
      for (const byMonth of this.buckets.values()) yield* byMonth.values();
    } else if (this.first) {
      yield this.first;
    }
  }

  /** True when nothing was added. */
  get empty(): boolean {
    return this.first === undefined;
  }

  /** How many (point, month) buckets there are. */
  get size(): number {
    if (!this.buckets) return this.first ? 1 : 0;
    let n = 0;
    for (const byMonth of this.buckets.values()) n += byMonth.size;
    return n;
  }

  /** Cost per (currency, month): what a conversion with monthly rates needs. */
  costByMonth(): { currency: string; month: string; amount: Decimal }[] {
    const sums = new Map<string, { currency: string; month: string; amount: Decimal }>();
    for (const bucket of this.all()) {
      const id = `${bucket.point.currency} ${bucket.month}`;
      const entry = sums.get(id) ?? { currency: bucket.point.currency, month: bucket.month, amount: parseDecimal('0') };
      entry.amount = add(entry.amount, totalOf(costByBucket(bucket.tokens, bucket.point.rates, bucket.point.fees)));
      sums.set(id, entry);
    }
    return [...sums.values()];
  }

  /** Cost per currency. */
  cost(): MoneyBag {
    const bag: MoneyBag = new Map();
    for (const [currency, line] of this.byCurrency()) bag.set(currency, totalOf(line.costs));
    return bag;
  }

  /** Requests, tokens and cost per currency: a group priced in two currencies splits into two lines. */
  byCurrency(): Map<string, CurrencyLine> {
    const lines = new Map<string, CurrencyLine>();
    for (const bucket of this.all()) {
      const { point } = bucket;
      let line = lines.get(point.currency);
      if (!line) {
        line = { requests: 0, tokens: emptyBuckets(), costs: zeroBucketCosts() };
        lines.set(point.currency, line);
      }
      line.requests += bucket.requests;
      addBuckets(line.tokens, bucket.tokens);
      addBucketCosts(line.costs, costByBucket(bucket.tokens, point.rates, point.fees));
    }
    return lines;
  }

  points(): PricePoint[] {
    if (this.buckets) return [...this.buckets.keys()];
    return this.first ? [this.first.point] : [];
  }

  /** Adds all of another's buckets (for totals across groups). */
  merge(other: PriceBuckets): void {
    for (const bucket of other.all()) this.add(bucket.point, bucket.tokens, bucket.requests, bucket.month);
  }
}

export interface LoggedTotals {
  cost: MoneyBag;
  requests: number;
  recomputed: PriceBuckets;
}

export interface GroupTotals {
  key: GroupKey;
  rows: number;
  requests: number;
  /** The sum of the buckets' tokens; in the ledger's own groups, the very object buckets.tokens. */
  tokens: TokenBuckets;
  buckets: PriceBuckets;
  /** Costs the log itself carried, and our cost of the same rows, for the rows that had one; undefined when none had (made on the first). */
  logged: LoggedTotals | undefined;
  /** First and last request time (epoch ms). */
  firstAt: number;
  lastAt: number;
}

export interface LedgerOptions {
  dimensions: readonly GroupDimension[];
  /** IANA time zone for day and month keys; UTC when undefined. */
  timeZone?: string;
  /** Keep costs per UTC month, for conversion with monthly FX rates. */
  trackMonths?: boolean;
}

/** "YYYY-MM" of an instant, UTC: the month whose FX rate converts it. */
export function utcMonth(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** Accumulates priced records into groups along the chosen dimensions. */
export class GroupLedger {
  private readonly groups = new Map<string, GroupTotals>();
  private readonly calendar: Calendar;
  private readonly trackMonths: boolean;
  readonly dimensions: readonly GroupDimension[];

  constructor(options: LedgerOptions) {
    this.dimensions = options.dimensions;
    this.calendar = calendarFor(options.timeZone);
    this.trackMonths = options.trackMonths ?? false;
  }

  add(record: UsageRecord, point: PricePoint): void {
    const values = this.dimensions.map((d) => this.dimensionValue(d, record, point));
    const id = groupId(values);
    let group = this.groups.get(id);
    if (!group) {
      const key: GroupKey = {};
      this.dimensions.forEach((d, i) => (key[d] = values[i] ?? ''));
      const buckets = new PriceBuckets();
      group = {
        key,
        rows: 0,
        requests: 0,
        // Shared, not copied: buckets.add keeps it.
        tokens: buckets.tokens,
        buckets,
        logged: undefined,
        firstAt: record.timestamp,
        lastAt: record.timestamp,
      };
      this.groups.set(id, group);
    }
    group.rows += 1;
    group.requests += record.requests;
    const month = this.trackMonths ? utcMonth(record.timestamp) : '';
    // Adds to group.tokens too: it is buckets.tokens.
    group.buckets.add(point, record.tokens, record.requests, month);
    group.firstAt = Math.min(group.firstAt, record.timestamp);
    group.lastAt = Math.max(group.lastAt, record.timestamp);
    if (record.loggedCost) {
      const logged = (group.logged ??= { cost: new Map(), requests: 0, recomputed: new PriceBuckets() });
      addToBag(logged.cost, record.loggedCost.currency, loggedAmount(record.loggedCost.amount));
      logged.requests += record.requests;
      logged.recomputed.add(point, record.tokens, record.requests, month);
    }
  }

  all(): GroupTotals[] {
    return [...this.groups.values()];
  }

  /** Every group, each removed from the ledger as it is read (the report keeps its own copy: memory is not held twice). */
  *drain(): Generator<GroupTotals> {
    for (const [id, group] of this.groups) {
      this.groups.delete(id);
      yield group;
    }
  }

  /** Adds a group accumulated elsewhere (another thread's share of the files). */
  absorb(other: GroupTotals): void {
    const id = groupId(this.dimensions.map((d) => other.key[d] ?? ''));
    const group = this.groups.get(id);
    if (!group) {
      // Its tokens are the sum of its buckets' (made elsewhere, they may be a copy): share them.
      if (other.tokens !== other.buckets.tokens && sameBuckets(other.tokens, other.buckets.tokens)) other.tokens = other.buckets.tokens;
      this.groups.set(id, other);
      return;
    }
    group.rows += other.rows;
    group.requests += other.requests;
    if (group.tokens !== group.buckets.tokens) addBuckets(group.tokens, other.tokens);
    group.buckets.merge(other.buckets);
    group.firstAt = Math.min(group.firstAt, other.firstAt);
    group.lastAt = Math.max(group.lastAt, other.lastAt);
    if (other.logged) {
      const logged = (group.logged ??= { cost: new Map(), requests: 0, recomputed: new PriceBuckets() });
      for (const [currency, amount] of other.logged.cost) addToBag(logged.cost, currency, amount);
      logged.requests += other.logged.requests;
      logged.recomputed.merge(other.logged.recomputed);
    }
  }

  private dimensionValue(dimension: GroupDimension, record: UsageRecord, point: PricePoint): string {
    switch (dimension) {
      case 'model':
        return record.model;
      case 'provider':
        return point.model.provider;
      case 'day':
        return this.calendar.day(record.timestamp);
      case 'month':
        return this.calendar.day(record.timestamp).slice(0, 7);
      default:
        return record.tags?.[dimension.slice('tag:'.length)] ?? MISSING_TAG;
    }
  }
}

function sameBuckets(a: TokenBuckets, b: TokenBuckets): boolean {
  return (
    a.input === b.input &&
    a.cacheRead === b.cacheRead &&
    a.cacheWrite5m === b.cacheWrite5m &&
    a.cacheWrite1h === b.cacheWrite1h &&
    a.output === b.output &&
    a.reasoning === b.reasoning &&
    a.inputAudio === b.inputAudio &&
    a.inputImage === b.inputImage &&
    a.outputAudio === b.outputAudio &&
    a.webSearch === b.webSearch
  );
}

/** A group's map key: its dimension values, length-prefixed so that no two lists give the same key. */
function groupId(values: readonly string[]): string {
  if (values.length === 1) return values[0] ?? '';
  let id = '';
  for (const v of values) id += `${v.length}:${v}|`;
  return id;
}

/** Logged amounts were validated as plain decimals by ingest; a bad one would be a bug there. */
function loggedAmount(text: string): Decimal {
  return parseDecimal(text);
}

export interface Calendar {
  /** YYYY-MM-DD of an instant in the calendar's zone. */
  day(at: number): string;
}

/** UTC by slicing ISO strings (fast); another zone through Intl, which knows its DST rules. */
export function calendarFor(timeZone: string | undefined): Calendar {
  if (timeZone === undefined || timeZone === 'UTC') return new UtcCalendar();
  // en-CA formats dates as YYYY-MM-DD.
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return { day: (at) => format.format(at) };
}

const DAY_MS = 86_400_000;

/** UTC days, the last one remembered: records of a log come mostly in time order. */
class UtcCalendar implements Calendar {
  #start = NaN;
  #text = '';

  day(at: number): string {
    const start = at - (((at % DAY_MS) + DAY_MS) % DAY_MS);
    if (start !== this.#start) {
      this.#start = start;
      this.#text = new Date(start).toISOString().slice(0, 10);
    }
    return this.#text;
  }
}

/** Totals for records that could not be priced, per logged model id. */
export interface UnpricedTotals {
  model: string;
  /** Why; undefined for an id the catalogue does not know at all (described, with suggestions, only when listed). */
  reason: string | undefined;
  /** Nearest known ids, for a model the catalogue does not know (filled only for listed models). */
  suggestions: string[];
  rows: number;
  requests: number;
  tokens: TokenBuckets;
  /** On the one entry that stands for the models not listed: how many they are. */
  more?: number;
}

/**
 * The most unpriced models a report lists one by one (those with the most requests); the rest are
 * summed in one "(N more models)" entry, so their requests and tokens stay in the report.
 */
export const MAX_LISTED_UNPRICED = 100;

const byRequests = (a: UnpricedTotals, b: UnpricedTotals): number => b.requests - a.requests || compareText(a.model, b.model);

export class UnpricedLedger {
  private readonly byModel = new Map<string, UnpricedTotals>();

  add(record: UsageRecord, reason: string | undefined, suggestions: string[] = []): void {
    let entry = this.byModel.get(record.model);
    if (!entry) {
      entry = { model: record.model, reason, suggestions, rows: 0, requests: 0, tokens: emptyBuckets() };
      this.byModel.set(record.model, entry);
    }
    entry.rows += 1;
    entry.requests += record.requests;
    addBuckets(entry.tokens, record.tokens);
  }

  /** Adds totals accumulated elsewhere (another thread's share of the files). */
  absorb(other: UnpricedTotals): void {
    const entry = this.byModel.get(other.model);
    if (!entry) {
      this.byModel.set(other.model, other);
      return;
    }
    entry.rows += other.rows;
    entry.requests += other.requests;
    addBuckets(entry.tokens, other.tokens);
  }

  /** Distinct unpriced model ids. */
  get size(): number {
    return this.byModel.size;
  }

  /** Every entry, most requests first (for another thread to absorb). */
  all(): UnpricedTotals[] {
    return [...this.byModel.values()].sort(byRequests);
  }

  /**
   * The `limit` models with the most requests (ties by id), described by `describe` when their
   * reason is not known yet, then one entry summing all the others. Selected in one pass, not by
   * sorting every id: a log may name a million distinct unknown models.
   */
  listed(describe: (model: string) => { reason: string; suggestions: string[] }, limit = MAX_LISTED_UNPRICED): UnpricedTotals[] {
    const top: UnpricedTotals[] = [];
    for (const entry of this.byModel.values()) {
      if (top.length === limit && limit > 0 && byRequests(entry, top[limit - 1] as UnpricedTotals) >= 0) continue;
      if (limit === 0) continue;
      let i = top.length;
      while (i > 0 && byRequests(entry, top[i - 1] as UnpricedTotals) < 0) i--;
      top.splice(i, 0, entry);
      if (top.length > limit) top.pop();
    }
    const out = top.map((e) => (e.reason === undefined ? { ...e, ...describe(e.model) } : e));
    const more = this.byModel.size - top.length;
    if (more > 0) {
      const listed = new Set(top);
      const rest: UnpricedTotals = {
        model: `(${groupThousands(more)} more ${more === 1 ? 'model' : 'models'})`,
        reason: `not listed one by one: a report lists the ${limit} unpriced models with the most requests; these are the others, summed`,
        suggestions: [],
        rows: 0,
        requests: 0,
        tokens: emptyBuckets(),
        more,
      };
      for (const e of this.byModel.values()) {
        if (listed.has(e)) continue;
        rest.rows += e.rows;
        rest.requests += e.requests;
        addBuckets(rest.tokens, e.tokens);
      }
      out.push(rest);
    }
    return out;
  }
}

// Aggregation: tokens are summed per (group, price point) and multiplied once per bucket at the
// end. Cost is linear in tokens, so this equals the sum of per-request costs to the last digit,
// at a fraction of the work.
import type { PricePoint } from '../pricing/catalog.ts';
import { addBucketCosts, costByBucket, totalOf, zeroBucketCosts, type BucketCosts } from './cost.ts';
import { add, addToBag, parseDecimal, type Decimal, type MoneyBag } from './money.ts';
import { addBuckets, emptyBuckets, type TokenBuckets, type UsageRecord } from './types.ts';
import { compareText, groupThousands } from './text.ts';
import { Interner } from './interner.ts';
import { calendarFor, hourFloor, type Calendar } from './calendar.ts';

export { calendarFor } from './calendar.ts';

/**
 * `week` is labelled by its first day (--week-start); `session` and `project` are the agent's session
 * id and project (tag session / project of any log: see docs/report-contract.md); `block` is the
 * 5-hour billing block (blocks.ts): during the run its value is the record's UTC hour slot, turned
 * into the block's start once every record is in (audit/views.ts).
 */
export const FIXED_DIMENSIONS = ['model', 'provider', 'day', 'week', 'month', 'session', 'project', 'block'] as const;
export type FixedDimension = (typeof FIXED_DIMENSIONS)[number];
/** `tag:NAME` groups by a label the log carries (team, user, project…). */
export type GroupDimension = FixedDimension | `tag:${string}`;
export type GroupKey = Record<string, string>;

/** Dimensions whose groups are listed in time order rather than by cost. */
export function isTimeDimension(dimension: GroupDimension): boolean {
  return dimension === 'day' || dimension === 'week' || dimension === 'month' || dimension === 'block';
}

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
  /** The group's index in the GroupLedger it was read from (what add() returned for it); absent on groups made elsewhere. */
  index?: number;
}

export interface LedgerOptions {
  dimensions: readonly GroupDimension[];
  /** IANA time zone for day and month keys; UTC when undefined. */
  timeZone?: string;
  /** Keep costs per UTC month, for conversion with monthly FX rates. */
  trackMonths?: boolean;
  /** First day of a week for `week` groups: 0 = Sunday, 1 = Monday (default). */
  weekStart?: number;
}

/** "YYYY-MM" of an instant, UTC: the month whose FX rate converts it. */
export function utcMonth(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** The token counts of a TokenBuckets, in the order a ledger keeps them (and a worker sends them). */
export const TOKEN_FIELDS = ['input', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'output', 'reasoning', 'inputAudio', 'inputImage', 'outputAudio', 'webSearch'] as const;
// Fails typecheck when TokenBuckets gains a field a ledger would not keep.
const EVERY_TOKEN_FIELD: Record<Exclude<keyof TokenBuckets, (typeof TOKEN_FIELDS)[number]>, never> = {};
void EVERY_TOKEN_FIELD;

// A group's numbers in a ledger block: rows, requests, first and last time, its price point and
// month (when it has one bucket; MULTI when its buckets are in a PriceBuckets), then its tokens.
const ROWS = 0;
const REQUESTS = 1;
const FIRST = 2;
const LAST = 3;
const POINT = 4;
const MONTH = 5;
const TOKENS = 6;
const FIELDS = TOKENS + TOKEN_FIELDS.length;
const MULTI = -1;
/** Groups per block: blocks are added as groups come, so nothing is copied and at most one block is part empty. */
const BLOCK_SHIFT = 12;
const BLOCK_MASK = (1 << BLOCK_SHIFT) - 1;

/**
 * Accumulates priced records into groups along the chosen dimensions. A run grouped finely (one
 * group per user) has hundreds of thousands of groups, so a group is not an object here: its
 * numbers are a row of a Float64Array block, its key values strings in one array; only a group
 * that meets a second price point (or month) or a logged cost gets objects. GroupTotals objects
 * are made as groups are read (all, drain): read while the report is built, each dies young,
 * instead of 70 MB of ledger objects left for a full collection while the report is made.
 */
export class GroupLedger {
  /** Group id (groupId of its key values) → index. */
  private readonly ids = new Map<string, number>();
  /** Key values, `dimensions.length` per group, by index. */
  private readonly values: string[] = [];
  private readonly blocks: Float64Array[] = [];
  /** The buckets of the groups that have more than one (POINT is MULTI), by index. */
  private readonly multi = new Map<number, PriceBuckets>();
  private readonly logged = new Map<number, LoggedTotals>();
  private readonly points = new Interner<PricePoint>();
  private readonly months = new Interner<string>();
  private count = 0;
  /** Groups already read by drain(): they are gone. */
  private drained = 0;
  private readonly calendar: Calendar;
  private readonly trackMonths: boolean;
  readonly dimensions: readonly GroupDimension[];

  constructor(options: LedgerOptions) {
    this.dimensions = options.dimensions;
    this.calendar = calendarFor(options.timeZone, options.weekStart);
    this.trackMonths = options.trackMonths ?? false;
  }

  /** Groups held (drained ones not counted). */
  get size(): number {
    return this.count - this.drained;
  }

  /** Adds a priced record; returns its group's index (the key of per-group state kept beside the ledger, as GroupWhatIfLedger). */
  add(record: UsageRecord, point: PricePoint): number {
    const values = this.dimensions.map((d) => this.dimensionValue(d, record, point));
    const index = this.indexOf(values, record.timestamp);
    const block = this.blocks[index >> BLOCK_SHIFT] as Float64Array;
    const at = (index & BLOCK_MASK) * FIELDS;
    block[at + ROWS] = (block[at + ROWS] as number) + 1;
    if (record.timestamp < (block[at + FIRST] as number)) block[at + FIRST] = record.timestamp;
    if (record.timestamp > (block[at + LAST] as number)) block[at + LAST] = record.timestamp;
    const month = this.trackMonths ? utcMonth(record.timestamp) : '';
    this.addBucket(index, point, month, record.tokens, record.requests);
    if (record.loggedCost) {
      const logged = this.loggedOf(index);
      addToBag(logged.cost, record.loggedCost.currency, loggedAmount(record.loggedCost.amount));
      logged.requests += record.requests;
      logged.recomputed.add(point, record.tokens, record.requests, month);
    }
    return index;
  }

  /** Every group, made as it is read; the ledger keeps them. */
  *groups(): Generator<GroupTotals> {
    for (let index = this.drained; index < this.count; index++) yield this.group(index);
  }

  all(): GroupTotals[] {
    return [...this.groups()];
  }

  /** Every group, each removed from the ledger as it is read (the report keeps its own copy: memory is not held twice). */
  *drain(): Generator<GroupTotals> {
    // Drained, a ledger takes no more records: its ids go at once.
    this.ids.clear();
    while (this.drained < this.count) {
      const index = this.drained;
      const group = this.group(index);
      this.drained += 1;
      this.forget(index);
      yield group;
    }
    this.values.length = 0;
  }

  /** Adds a group accumulated elsewhere (another thread's share of the files); returns its index here. */
  absorb(other: GroupTotals): number {
    const index = this.indexOf(
      this.dimensions.map((d) => other.key[d] ?? ''),
      other.firstAt,
    );
    const block = this.blocks[index >> BLOCK_SHIFT] as Float64Array;
    const at = (index & BLOCK_MASK) * FIELDS;
    block[at + ROWS] = (block[at + ROWS] as number) + other.rows;
    if (other.firstAt < (block[at + FIRST] as number)) block[at + FIRST] = other.firstAt;
    if (other.lastAt > (block[at + LAST] as number)) block[at + LAST] = other.lastAt;
    // A group's tokens and requests are the sums of its buckets'.
    for (const bucket of other.buckets.all()) this.addBucket(index, bucket.point, bucket.month, bucket.tokens, bucket.requests);
    if (other.logged) {
      const logged = this.loggedOf(index);
      for (const [currency, amount] of other.logged.cost) addToBag(logged.cost, currency, amount);
      logged.requests += other.logged.requests;
      logged.recomputed.merge(other.logged.recomputed);
    }
    return index;
  }

  /** The index of the group with these key values, made (empty, at `at`) when new. */
  private indexOf(values: readonly string[], at: number): number {
    const id = groupId(values);
    const known = this.ids.get(id);
    if (known !== undefined) return known;
    const index = this.count++;
    this.ids.set(id, index);
    for (const v of values) this.values.push(v);
    if ((index & BLOCK_MASK) === 0) this.blocks.push(new Float64Array(FIELDS << BLOCK_SHIFT));
    const block = this.blocks[index >> BLOCK_SHIFT] as Float64Array;
    const start = (index & BLOCK_MASK) * FIELDS;
    block[start + FIRST] = at;
    block[start + LAST] = at;
    // No bucket yet: the first one to come is the group's one bucket.
    block[start + POINT] = Number.NaN;
    return index;
  }

  /** Adds tokens priced at (point, month) to a group: its one bucket, or its PriceBuckets from the second bucket on. */
  private addBucket(index: number, point: PricePoint, month: string, tokens: TokenBuckets, requests: number): void {
    const block = this.blocks[index >> BLOCK_SHIFT] as Float64Array;
    const at = (index & BLOCK_MASK) * FIELDS;
    const pointId = this.points.id(point);
    const monthId = this.months.id(month);
    const current = block[at + POINT] as number;
    if (Number.isNaN(current)) {
      block[at + POINT] = pointId;
      block[at + MONTH] = monthId;
    } else if (current === MULTI) {
      (this.multi.get(index) as PriceBuckets).add(point, tokens, requests, month);
    } else if (current !== pointId || block[at + MONTH] !== monthId) {
      // A second bucket: the group's totals so far are its first.
      const buckets = new PriceBuckets();
      buckets.add(this.points.at(current), this.tokensOf(block, at), integer(block[at + REQUESTS] as number), this.months.at(block[at + MONTH] as number));
      buckets.add(point, tokens, requests, month);
      this.multi.set(index, buckets);
      block[at + POINT] = MULTI;
    }
    block[at + REQUESTS] = (block[at + REQUESTS] as number) + requests;
    // Field by field, in TOKEN_FIELDS order (a loop over the names is a keyed access per field, several times slower; this runs per record).
    const t = at + TOKENS;
    block[t] = (block[t] as number) + tokens.input;
    block[t + 1] = (block[t + 1] as number) + tokens.cacheRead;
    block[t + 2] = (block[t + 2] as number) + tokens.cacheWrite5m;
    block[t + 3] = (block[t + 3] as number) + tokens.cacheWrite1h;
    block[t + 4] = (block[t + 4] as number) + tokens.output;
    block[t + 5] = (block[t + 5] as number) + tokens.reasoning;
    block[t + 6] = (block[t + 6] as number) + tokens.inputAudio;
    block[t + 7] = (block[t + 7] as number) + tokens.inputImage;
    block[t + 8] = (block[t + 8] as number) + tokens.outputAudio;
    block[t + 9] = (block[t + 9] as number) + tokens.webSearch;
  }

  private loggedOf(index: number): LoggedTotals {
    let logged = this.logged.get(index);
    if (!logged) {
      logged = { cost: new Map(), requests: 0, recomputed: new PriceBuckets() };
      this.logged.set(index, logged);
    }
    return logged;
  }



  /** A group's tokens as an object (small integers where they are: a double would box every field of every TokenBuckets). */
  private tokensOf(block: Float64Array, at: number): TokenBuckets {
    const tokens = emptyBuckets();
    for (let f = 0; f < TOKEN_FIELDS.length; f++) tokens[TOKEN_FIELDS[f] as keyof TokenBuckets] = integer(block[at + TOKENS + f] as number);
    return tokens;
  }

  /** The group at `index` as objects: made now, kept by nobody but the reader. */
  private group(index: number): GroupTotals {
    const block = this.blocks[index >> BLOCK_SHIFT] as Float64Array;
    const at = (index & BLOCK_MASK) * FIELDS;
    const dimensions = this.dimensions;
    const key: GroupKey = {};
    for (let d = 0; d < dimensions.length; d++) key[dimensions[d] as string] = this.values[index * dimensions.length + d] as string;
    let buckets = this.multi.get(index);
    if (!buckets) {
      buckets = new PriceBuckets();
      const point = block[at + POINT] as number;
      if (!Number.isNaN(point)) buckets.add(this.points.at(point), this.tokensOf(block, at), integer(block[at + REQUESTS] as number), this.months.at(block[at + MONTH] as number));
    }
    return {
      key,
      rows: integer(block[at + ROWS] as number),
      requests: integer(block[at + REQUESTS] as number),
      tokens: buckets.tokens,
      buckets,
      logged: this.logged.get(index),
      firstAt: block[at + FIRST] as number,
      lastAt: block[at + LAST] as number,
      index,
    };
  }

  /** Lets go of a drained group's objects, and of a block once all its groups are drained. */
  private forget(index: number): void {
    this.multi.delete(index);
    this.logged.delete(index);
    if ((index & BLOCK_MASK) === BLOCK_MASK || index === this.count - 1) this.blocks[index >> BLOCK_SHIFT] = EMPTY_BLOCK;
  }

  private dimensionValue(dimension: GroupDimension, record: UsageRecord, point: PricePoint): string {
    return dimensionValue(dimension, record, point.model.provider, this.calendar);
  }
}

/** The value of one --group-by dimension for a record; `provider` is the priced model's (UNKNOWN_PROVIDER when unpriced). */
function dimensionValue(dimension: GroupDimension, record: UsageRecord, provider: string, calendar: Calendar): string {
  switch (dimension) {
    case 'model':
      return record.model;
    case 'provider':
      return provider;
    case 'day':
      return calendar.day(record.timestamp);
    case 'month':
      return calendar.day(record.timestamp).slice(0, 7);
    case 'week':
      return calendar.week(record.timestamp);
    case 'session':
    case 'project':
      return record.tags?.[dimension] ?? MISSING_TAG;
    case 'block':
      return blockSlot(record.timestamp);
    default:
      return record.tags?.[dimension.slice('tag:'.length)] ?? MISSING_TAG;
  }
}

/**
 * A record's hour slot, what blocks are made of: its UTC hour (epoch ms, base 36), with "=" for a
 * request exactly on the hour, which may still close the block that ends then (blocks.ts).
 */
export function blockSlot(at: number): string {
  const hour = hourFloor(at);
  return hour === at ? `${hour.toString(36)}=` : hour.toString(36);
}

/** The provider an unpriced record is grouped under: with no price, no provider is known. */
export const UNKNOWN_PROVIDER = '(unknown)';

/** Unpriced requests of one group that logged their cost in one currency ('' for those that logged none). */
export interface UnpricedLine {
  rows: number;
  requests: number;
  tokens: TokenBuckets;
  /** The sum of their logged costs, in the line's currency (zero for the '' line). */
  logged: Decimal;
}

/** The unpriced requests of one group (same --group-by key as the priced groups), by logged currency. */
export interface UnpricedGroupTotals {
  key: GroupKey;
  firstAt: number;
  lastAt: number;
  /** By the currency of the cost the rows logged, '' for rows that logged none. */
  lines: Map<string, UnpricedLine>;
}

/**
 * Unpriced records grouped like the priced ones, so that an export by month or team shows their
 * requests, tokens and logged cost in the same rows (the UnpricedLedger counts them per model id).
 */
export class UnpricedGroupLedger {
  private readonly groups = new Map<string, UnpricedGroupTotals>();
  private readonly calendar: Calendar;
  readonly dimensions: readonly GroupDimension[];

  constructor(options: LedgerOptions) {
    this.dimensions = options.dimensions;
    this.calendar = calendarFor(options.timeZone, options.weekStart);
  }

  add(record: UsageRecord): void {
    const values = this.dimensions.map((d) => dimensionValue(d, record, UNKNOWN_PROVIDER, this.calendar));
    const id = groupId(values);
    let group = this.groups.get(id);
    if (!group) {
      const key: GroupKey = {};
      this.dimensions.forEach((d, i) => (key[d] = values[i] ?? ''));
      group = { key, firstAt: record.timestamp, lastAt: record.timestamp, lines: new Map() };
      this.groups.set(id, group);
    }
    group.firstAt = Math.min(group.firstAt, record.timestamp);
    group.lastAt = Math.max(group.lastAt, record.timestamp);
    const currency = record.loggedCost?.currency ?? '';
    let line = group.lines.get(currency);
    if (!line) {
      line = { rows: 0, requests: 0, tokens: emptyBuckets(), logged: parseDecimal('0') };
      group.lines.set(currency, line);
    }
    line.rows += 1;
    line.requests += record.requests;
    addBuckets(line.tokens, record.tokens);
    if (record.loggedCost) line.logged = add(line.logged, loggedAmount(record.loggedCost.amount));
  }

  all(): UnpricedGroupTotals[] {
    return [...this.groups.values()];
  }

  /** Every group, each removed from the ledger as it is read. */
  *drain(): Generator<UnpricedGroupTotals> {
    for (const [id, group] of this.groups) {
      this.groups.delete(id);
      yield group;
    }
  }

  /** Adds a group accumulated elsewhere (another thread's share of the files). */
  absorb(other: UnpricedGroupTotals): void {
    const id = groupId(this.dimensions.map((d) => other.key[d] ?? ''));
    const group = this.groups.get(id);
    if (!group) {
      this.groups.set(id, other);
      return;
    }
    group.firstAt = Math.min(group.firstAt, other.firstAt);
    group.lastAt = Math.max(group.lastAt, other.lastAt);
    for (const [currency, line] of other.lines) {
      const into = group.lines.get(currency);
      if (!into) {
        group.lines.set(currency, line);
        continue;
      }
      into.rows += line.rows;
      into.requests += line.requests;
      addBuckets(into.tokens, line.tokens);
      into.logged = add(into.logged, line.logged);
    }
  }
}

const EMPTY_BLOCK = new Float64Array(0);

/**
 * A count read from a Float64Array, as a small integer where it is one. Kept as a double, it turns
 * the field it is stored in into a double field for every object of that shape (token counts,
 * requests: V8 then boxes each value, 16 bytes apiece), and the report built from it too.
 */
export function integer(value: number): number {
  return (value | 0) === value ? value | 0 : value;
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

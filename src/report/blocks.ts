// The 5-hour blocks of a report grouped by block: each block's priced requests, tokens and cost
// (summed from the report's groups), and for the block running at `now` its burn rate and where it
// will end if the rate holds (ccusage's rule: rate over the block's first to last request).
import { add, bagToRecord, divide, mul, parseDecimal, percentOf, type Decimal, type MoneyBag } from '../core/money.ts';
import type { ReportBlock, ReportBlocks, ReportGroup } from './contract.ts';

/** A block's span: its key (start in --tz), start and end, first and last request, and whether it runs at `now`. */
export interface BlockSpanInput {
  key: string;
  start: number;
  end: number;
  firstAt: number;
  lastAt: number;
  active: boolean;
}

export interface BlocksInput {
  list: readonly BlockSpanInput[];
  now: number;
  hours: number;
  tokenLimit?: number | 'max';
}

/** Decimals of a rate or projection (a division): costs themselves stay exact. */
const RATE_PLACES = 6;
/** Projected usage above this share of the limit is a warning (ccusage: 80%). */
const WARNING_SHARE = 0.8;

const decimal = (n: number): Decimal => parseDecimal(String(n));

/** ccusage's "total tokens": input, cache read, cache write and output (reasoning is inside output). */
export function blockTokens(t: { input: number; cacheRead: number; cacheWrite: number; output: number }): number {
  return t.input + t.cacheRead + t.cacheWrite + t.output;
}

export function buildBlocks(input: BlocksInput, groups: readonly ReportGroup[]): ReportBlocks {
  const sums = new Map<string, { requests: number; tokens: number; cost: MoneyBag }>();
  for (const g of groups) {
    const key = g.key.block ?? '';
    let s = sums.get(key);
    if (!s) {
      s = { requests: 0, tokens: 0, cost: new Map() };
      sums.set(key, s);
    }
    s.requests += g.requests;
    s.tokens += blockTokens(g.tokens);
    for (const [currency, amount] of Object.entries(g.cost)) s.cost.set(currency, add(s.cost.get(currency) ?? parseDecimal('0'), parseDecimal(amount)));
  }
  const built = input.list.map((b) => ({ b, s: sums.get(b.key) ?? { requests: 0, tokens: 0, cost: new Map<string, Decimal>() } }));
  let largest: number | null = null;
  for (const { b, s } of built) if (!b.active && (largest === null || s.tokens > largest)) largest = s.tokens;
  const limit = input.tokenLimit === 'max' ? largest : (input.tokenLimit ?? null);
  const list = built.map(({ b, s }): ReportBlock => {
    const { burnRate, projection } = burnFigures(b, s, input.now);
    const projected = projection?.tokens ?? null;
    return {
      key: b.key,
      start: iso(b.start),
      end: iso(b.end),
      firstRequest: iso(b.firstAt),
      lastRequest: iso(b.lastAt),
      active: b.active,
      requests: s.requests,
      tokens: s.tokens,
      cost: bagToRecord(s.cost),
      burnRate,
      projection,
      limit: limit === null || limit <= 0 ? null : limitStatus(s.tokens, projected, limit),
    };
  });
  return { now: iso(input.now), hours: input.hours, tokenLimit: limit, tokens: list.reduce((n, b) => n + b.tokens, 0), list };
}

/**
 * An active block's burn rate over its first to last request, and its totals at its end if the
 * rate holds (both null for a block not active at `now`, or with one request). Shared with the
 * status line, which draws them again from kept figures at a later instant.
 */
export function burnFigures(
  b: Pick<BlockSpanInput, 'active' | 'firstAt' | 'lastAt' | 'end'>,
  s: { tokens: number; cost: MoneyBag },
  now: number,
): Pick<ReportBlock, 'burnRate' | 'projection'> {
  const duration = b.lastAt - b.firstAt;
  if (!b.active || duration <= 0) return { burnRate: null, projection: null };
  const remaining = Math.max(0, b.end - now);
  return {
    burnRate: { tokensPerMinute: Math.round((s.tokens * 60_000) / duration), costPerHour: perBag(s.cost, 3_600_000, duration) },
    projection: {
      tokens: s.tokens + Math.round((s.tokens * remaining) / duration),
      cost: bagToRecord(new Map([...s.cost].map(([c, a]) => [c, add(a, prorate(a, remaining, duration))]))),
      remainingMinutes: Math.floor(remaining / 60_000),
    },
  };
}

function limitStatus(tokens: number, projected: number | null, limit: number): ReportBlock['limit'] {
  const judged = projected ?? tokens;
  return {
    tokens: limit,
    percentUsed: percentOf(decimal(tokens), decimal(limit)) ?? '0.00',
    projectedPercent: projected === null ? null : percentOf(decimal(projected), decimal(limit)),
    status: judged > limit ? 'exceeds' : judged > limit * WARNING_SHARE ? 'warning' : 'ok',
  };
}

/** amount × part / whole, to RATE_PLACES decimals. */
function prorate(amount: Decimal, part: number, whole: number): Decimal {
  return divide(mul(amount, decimal(part)), decimal(whole), RATE_PLACES);
}

function perBag(bag: MoneyBag, part: number, whole: number): Record<string, string> {
  return bagToRecord(new Map([...bag].map(([c, a]) => [c, prorate(a, part, whole)])));
}

function iso(at: number): string {
  return new Date(at).toISOString();
}


// Policies of the CI gate: parsed from flags into values, and checked against a comparison (or a
// single report when there is no baseline). A failed policy is a result (exit 1), not an error.
// Pure: the currencies a limit may be written in, and the rates that convert a limit into another
// currency, are worked out by the CLI (src/cli/gate.ts) and handed in.
import { compare, isZero, mul, parseDecimal, percentOf, toPlainString, tryParseDecimal, type Decimal } from './money.ts';

/** An amount in one currency: `5USD`, `5 USD`, `$5`, `¥5`, `5CNY`. */
export interface AmountLimit {
  kind: 'amount';
  value: Decimal;
  currency: string;
  /** Canonical: "5 USD". */
  text: string;
  /** As written on the command line, for messages. */
  given: string;
  /** This limit converted into other currencies (filled by the CLI from the FX table or --fx). */
  converted?: Record<string, ConvertedLimit>;
}

export interface ConvertedLimit {
  value: Decimal;
  /** "5 CNY = 0.69930070 USD at USDCNY 7.15 (2025-09, source)". */
  note: string;
}

/** `10%`: relative to the baseline. */
export interface PercentLimit {
  kind: 'percent';
  value: Decimal;
  text: string;
  given: string;
}

/** `--max-unpriced`: `baseline`, `N%` of the rows, or `N` rows (`0`, `3 requests`, `3 rows`). */
export type UnpricedLimit = { kind: 'baseline'; text: 'baseline' } | { kind: 'share'; value: Decimal; text: string } | { kind: 'count'; value: number; text: string };

export type Limit = AmountLimit | PercentLimit;

export interface Policies {
  maxIncrease: Limit[];
  /** Budgets on the current cost; work without a baseline. */
  maxCost: AmountLimit[];
  maxCostPerRequest: AmountLimit[];
  /** Empty: the default, `baseline` in a comparison and `0` without one. */
  maxUnpriced: UnpricedLimit[];
  perGroup: boolean;
}

export const NO_POLICIES: Policies = { maxIncrease: [], maxCost: [], maxCostPerRequest: [], maxUnpriced: [], perGroup: false };

/** Currency symbols accepted before an amount. ¥ is the yuan here (the CNY price books), not the yen. */
export const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { $: 'USD', '¥': 'CNY', '￥': 'CNY', '€': 'EUR', '£': 'GBP' };

export const LIMIT_FORMS = '10% (of the baseline), or an amount: 5USD, 5 USD, $5, ¥5 (CNY), 5CNY';
export const AMOUNT_FORMS = 'an amount: 5USD, 5 USD, $5, ¥5 (CNY), 5CNY';
export const UNPRICED_FORMS = '0, N (rows), N requests, N%, or baseline';

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const PERCENT = new RegExp(String.raw`^${NUMBER}\s*%$`);
const CODE_AFTER = new RegExp(String.raw`^${NUMBER}\s*([A-Za-z]{3})$`);
const SYMBOL_BEFORE = new RegExp(String.raw`^([$¥￥€£])\s*${NUMBER}$`);

/**
 * Parses one limit: `10%` (when a percentage is allowed), `5USD`, `5 USD`, `$5`, `¥5`. Returns an
 * error message (what, and the accepted forms) instead of throwing. Whether the currency code is
 * one the pricing data knows is checked later (`unknownCurrency`), once the data is loaded.
 */
export function parseLimit(text: string, allowPercent: boolean): Limit | string {
  const given = text.trim();
  const forms = allowPercent ? LIMIT_FORMS : AMOUNT_FORMS;
  const percent = PERCENT.exec(given);
  if (percent?.[1] !== undefined) {
    if (!allowPercent) return `"${text}": a percentage makes no sense here; write ${AMOUNT_FORMS}`;
    return { kind: 'percent', value: parseDecimal(percent[1]), text: `${percent[1]}%`, given };
  }
  const code = CODE_AFTER.exec(given);
  const symbol = SYMBOL_BEFORE.exec(given);
  const number = code?.[1] ?? symbol?.[2];
  const currency = code?.[2]?.toUpperCase() ?? (symbol?.[1] === undefined ? undefined : CURRENCY_SYMBOLS[symbol[1]]);
  const value = number === undefined ? undefined : tryParseDecimal(number);
  if (!value || !currency) return `"${text}" is not a limit; write ${forms}`;
  return { kind: 'amount', value, currency, text: `${number} ${currency}`, given };
}

/** `--max-unpriced`: `baseline`, `0`, `N`, `N requests` / `N rows`, or `N%` (0 to 100). */
export function parseUnpricedLimit(text: string): UnpricedLimit | string {
  const given = text.trim().toLowerCase();
  if (given === 'baseline') return { kind: 'baseline', text: 'baseline' };
  const percent = PERCENT.exec(given);
  if (percent?.[1] !== undefined) {
    const value = parseDecimal(percent[1]);
    if (compare(value, HUNDRED) > 0) return `"${text}": a share of the rows is at most 100%`;
    return { kind: 'share', value, text: `${percent[1]}%` };
  }
  const count = /^(\d+)(?:\s*(?:requests?|rows?))?$/.exec(given);
  if (count?.[1] !== undefined && Number.isSafeInteger(Number(count[1]))) {
    const value = Number(count[1]);
    return { kind: 'count', value, text: `${value} ${value === 1 ? 'row' : 'rows'}` };
  }
  return `"${text}" is not a limit on unpriced and rejected rows; write ${UNPRICED_FORMS}`;
}

/** The message for an amount limit whose currency the pricing data and FX table do not know, or undefined. */
export function unknownCurrency(option: string, limit: AmountLimit, known: ReadonlySet<string>): string | undefined {
  if (known.has(limit.currency)) return undefined;
  const list = [...known].sort().join(', ');
  return `${option}: "${limit.given}" is not a limit: ${limit.currency} is not a currency the pricing data or the FX table knows (${list || 'none'}); write ${option === '--max-increase' ? LIMIT_FORMS : AMOUNT_FORMS}`;
}

/** Every amount limit of the policies, with the option that set it. */
export function amountLimits(policies: Policies): { option: string; limit: AmountLimit; all: AmountLimit[] }[] {
  const out: { option: string; limit: AmountLimit; all: AmountLimit[] }[] = [];
  const increase = policies.maxIncrease.filter((l): l is AmountLimit => l.kind === 'amount');
  for (const [option, all] of [['--max-increase', increase], ['--max-cost', policies.maxCost], ['--max-cost-per-request', policies.maxCostPerRequest]] as const) {
    for (const limit of all) out.push({ option, limit, all });
  }
  return out;
}

/**
 * The limits of one option that apply to a line in `currency`: those written in that currency;
 * when there are none, every limit of the option, converted (see AmountLimit.converted).
 */
export function limitsFor(limits: readonly AmountLimit[], currency: string): AmountLimit[] {
  const own = limits.filter((l) => l.currency === currency);
  return own.length > 0 ? own : [...limits];
}

/** The currencies each amount limit must be converted into, given the currencies of the lines it is checked on. */
export function conversionsNeeded(policies: Policies, currencies: readonly string[]): { option: string; limit: AmountLimit; currency: string }[] {
  const out: { option: string; limit: AmountLimit; currency: string }[] = [];
  for (const { option, limit, all } of amountLimits(policies)) {
    for (const currency of currencies) {
      if (currency !== limit.currency && limitsFor(all, currency).includes(limit)) out.push({ option, limit, currency });
    }
  }
  return out;
}

// ── Checking ──────────────────────────────────────────────────────────────────────────────────

export interface SideTotals {
  requests: number;
  cost: string;
  /** cost / requests, 8 decimals; null without requests. */
  costPerRequest: string | null;
}

/** What a policy reads of one line (a group or the total, in one currency). */
export interface PolicyLine {
  /** Empty for the totals. */
  key: Record<string, string | undefined>;
  currency: string;
  /** null without a baseline. */
  baseline: SideTotals | null;
  current: SideTotals;
  /** current − baseline; null without a baseline. */
  delta: string | null;
  deltaPercent: string | null;
}

export interface RowCounts {
  read: number;
  priced: number;
  unpriced: number;
  skipped: number;
  rejected: number;
}

export interface PolicyResult {
  /** As the user wrote it, canonical: "--max-increase 10%"; the default policies read "(default)". */
  policy: string;
  /** "total", "input", or the group key as text. */
  scope: string;
  /** null for the policies on rows. */
  currency: string | null;
  actual: string;
  limit: string;
  passed: boolean;
  /** The exchange rate that converted the limit into `currency`, in words; null when none was needed. */
  fx: string | null;
}

const HUNDRED = parseDecimal('100');

/** Rows that are, or may be, requests: all rows read but the skipped ones (non-usage lines, duplicates, out of range). */
export function gatedRows(rows: RowCounts): number {
  return rows.priced + rows.unpriced + rows.rejected;
}

/** Unpriced + rejected rows. */
export function problemRows(rows: RowCounts): number {
  return rows.unpriced + rows.rejected;
}

function describeKey(key: PolicyLine['key']): string {
  const parts = Object.entries(key).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? 'total' : parts.join(', ');
}

export interface CheckInput {
  totals: PolicyLine[];
  groups: PolicyLine[];
  /** null without a baseline: then `--max-increase` cannot be set, and the unpriced default is 0. */
  baselineRows: RowCounts | null;
  currentRows: RowCounts;
}

export function checkPolicies(input: CheckInput, policies: Policies): PolicyResult[] {
  const results: PolicyResult[] = [...checkInput(input), ...checkUnpriced(input, policies)];
  const scopes = policies.perGroup ? [...input.totals, ...input.groups] : input.totals;
  for (const line of scopes) {
    for (const limit of policies.maxIncrease.filter((l): l is PercentLimit => l.kind === 'percent')) {
      const result = checkIncreasePercent(line, limit);
      if (result) results.push(result);
    }
    const increase = policies.maxIncrease.filter((l): l is AmountLimit => l.kind === 'amount');
    for (const limit of limitsFor(increase, line.currency)) {
      if (line.delta !== null) results.push(checkAtMost('--max-increase', line, parseDecimal(line.delta), limit));
    }
    for (const limit of limitsFor(policies.maxCost, line.currency)) results.push(checkAtMost('--max-cost', line, parseDecimal(line.current.cost), limit));
    if (line.current.costPerRequest !== null) {
      for (const limit of limitsFor(policies.maxCostPerRequest, line.currency)) {
        results.push(checkAtMost('--max-cost-per-request', line, parseDecimal(line.current.costPerRequest), limit));
      }
    }
  }
  // Nothing priced on either side: a budget still gets its line (0 spent), so the verdict shows it was checked.
  if (input.totals.length === 0) {
    for (const limit of policies.maxCost) {
      results.push({ policy: `--max-cost ${limit.text}`, scope: 'total', currency: limit.currency, actual: `0 ${limit.currency}`, limit: limit.text, passed: true, fx: null });
    }
  }
  return results;
}

/** Built in: a run that read no request rows (an empty log, a folder without logs) fails; so does an empty baseline. */
function checkInput(input: CheckInput): PolicyResult[] {
  const sides: [string, RowCounts | null][] = [
    ['current', input.currentRows],
    ['baseline', input.baselineRows],
  ];
  const results: PolicyResult[] = [];
  for (const [side, rows] of sides) {
    if (!rows) continue;
    // Listed only when it fails: every verdict shows the rows read of both sides anyway.
    if (gatedRows(rows) > 0) continue;
    const actual = rows.read === 0 ? 'no rows read' : `${rows.read} rows read, all skipped (none is a request)`;
    results.push({ policy: 'non-empty input (default)', scope: side, currency: null, actual, limit: 'at least 1 request row', passed: false, fx: null });
  }
  return results;
}

function share(rows: RowCounts): string {
  const n = gatedRows(rows);
  const pct = percentOf(parseDecimal(String(problemRows(rows))), parseDecimal(String(n)));
  return `${problemRows(rows)} of ${n} rows${pct === null ? '' : ` (${pct}%)`}`;
}

function checkUnpriced(input: CheckInput, policies: Policies): PolicyResult[] {
  const explicit = policies.maxUnpriced.length > 0;
  const limits: UnpricedLimit[] = explicit ? policies.maxUnpriced : [input.baselineRows ? { kind: 'baseline', text: 'baseline' } : { kind: 'count', value: 0, text: '0 rows' }];
  const cur = input.currentRows;
  const bad = problemRows(cur);
  const n = gatedRows(cur);
  const actual = `${share(cur)} unpriced or rejected`;
  return limits.map((limit) => {
    const policy = `--max-unpriced ${limit.text}${explicit ? '' : ' (default)'}`;
    const base = { policy, scope: 'total', currency: null, actual, fx: null };
    if (limit.kind === 'count') return { ...base, limit: limit.text, passed: bad <= limit.value };
    if (limit.kind === 'share') {
      // Exact: bad × 100 ≤ limit × n.
      const passed = compare(mul(parseDecimal(String(bad)), HUNDRED), mul(limit.value, parseDecimal(String(n)))) <= 0;
      return { ...base, limit: `${limit.text} of the rows`, passed };
    }
    const before = input.baselineRows;
    if (!before) return { ...base, limit: 'the baseline (none given)', passed: bad === 0 };
    // New problem rows: more of them than in the baseline AND a larger share of the rows
    // (bad/n > bad0/n0, cross-multiplied); more traffic at the same share passes.
    const bad0 = problemRows(before);
    const n0 = gatedRows(before);
    const largerShare = n0 === 0 ? bad > 0 : BigInt(bad) * BigInt(n0) > BigInt(bad0) * BigInt(n);
    return { ...base, limit: `the baseline's ${share(before)}`, passed: !(bad > bad0 && largerShare) };
  });
}

function checkIncreasePercent(line: PolicyLine, limit: PercentLimit): PolicyResult | undefined {
  // A group that is new has no baseline to be a percentage of: only amount limits apply to it.
  if (!line.baseline || line.delta === null) return undefined;
  const base = parseDecimal(line.baseline.cost);
  if (isZero(base) || line.deltaPercent === null) return undefined;
  // Exact: delta × 100 ≤ limit × baseline (the rounded percentage is for display only).
  const passed = compare(mul(parseDecimal(line.delta), HUNDRED), mul(limit.value, base)) <= 0;
  return { policy: `--max-increase ${limit.text}`, scope: describeKey(line.key), currency: line.currency, actual: `${line.deltaPercent}%`, limit: limit.text, passed, fx: null };
}

function checkAtMost(name: string, line: PolicyLine, actual: Decimal, limit: AmountLimit): PolicyResult {
  const own = limit.currency === line.currency;
  const converted = own ? undefined : limit.converted?.[line.currency];
  // The CLI converts every limit a line needs, or stops (exit 2); a missing one is a bug.
  if (!own && !converted) throw new Error(`internal: ${name} ${limit.text} has no rate into ${line.currency}`);
  const value = converted ? converted.value : limit.value;
  return {
    policy: `${name} ${limit.text}`,
    scope: describeKey(line.key),
    currency: line.currency,
    actual: `${toPlainString(actual)} ${line.currency}`,
    limit: converted ? `${toPlainString(value)} ${line.currency}` : limit.text,
    passed: compare(actual, value) <= 0,
    fx: converted ? converted.note : null,
  };
}

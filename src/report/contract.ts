// The versioned report contract (docs/report-contract.md). JSON output is this object as is;
// table and CSV renderers read it and never compute. Money is exact decimal strings.
import type { GroupDimension, GroupKey } from '../core/aggregate.ts';

export const REPORT_SCHEMA_VERSION = 1;

export interface ReportTokens {
  input: number;
  cacheRead: number;
  /** cacheWrite5m + cacheWrite1h. */
  cacheWrite: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  output: number;
  /** A subset of output. */
  reasoning: number;
  /** Audio and image tokens among the prompt's tokens (input + cacheRead); audio among the output. Absent in reports made before they were read. */
  inputAudio?: number;
  inputImage?: number;
  outputAudio?: number;
  /** Server-side web search calls (not tokens). */
  webSearch?: number;
}

/** Amounts per ISO currency code, as exact decimal strings. Never mixed across currencies. */
export type CostByCurrency = Record<string, string>;

export interface ReportPrice {
  model: string;
  provider: string;
  effectiveFrom: string;
  region: string;
  currency: string;
  tier?: number;
  window?: string;
  serviceTier: string;
  confidence: string;
  source: string;
}

/** Cost per billed bucket (reasoning is billed inside output), and per-call fees. Exact decimal strings. */
export interface ReportBucketCosts {
  input: string;
  cacheRead: string;
  cacheWrite5m: string;
  cacheWrite1h: string;
  output: string;
  /** Web search calls at the price's fee per 1,000 (absent in reports made before fees were priced). */
  webSearch?: string;
}

/** The part of a group (or of the totals) priced in one currency. */
export interface ReportCurrencyLine {
  currency: string;
  requests: number;
  tokens: ReportTokens;
  cost: string;
  costByBucket: ReportBucketCosts;
  /** With --currency: this line's cost converted. */
  converted: ReportConverted | null;
}

/** Costs the log itself carried, beside ours for the same requests. */
export interface ReportLoggedCost {
  /** Requests that carried a logged cost. */
  requests: number;
  /** As logged. */
  cost: CostByCurrency;
  /** As recomputed by llm-audit, for the same requests. */
  recomputed: CostByCurrency;
  /** recomputed − logged, per currency present in both. */
  difference: CostByCurrency;
}

/** A cost converted for display (--currency); the native `cost` stays the authoritative figure. */
export interface ReportConverted {
  currency: string;
  /** null when no part had a rate: nothing was converted, and it shows as n/a (never as 0). */
  amount: string | null;
  /** false when some month or currency had no rate and was left out (see conversion.missing). */
  complete: boolean;
  /** The rates applied, as text: "USDCNY 7.2 (2025-09)". */
  rates: string[];
}

/** Which rates converted the report's costs. */
export interface ReportConversion {
  currency: string;
  /** Decimal places kept when a conversion divides (a multiplication is exact). */
  places: number;
  rates: { pair: string; rate: string; month: string; operation: 'multiply' | 'divide'; source: string }[];
  /** "CNY 2025-09": amounts with no rate, left out of the converted figures. */
  missing: string[];
}

/** First and last request time, ISO 8601 UTC. */
export interface ReportPeriod {
  from: string;
  to: string;
}

export interface ReportGroup {
  key: GroupKey;
  period: ReportPeriod;
  requests: number;
  tokens: ReportTokens;
  cost: CostByCurrency;
  /** One line per currency; sums to the group. CSV rows are these lines. */
  byCurrency: ReportCurrencyLine[];
  /** Present when some of the group's rows carried their own cost. */
  logged: ReportLoggedCost | null;
  /** With --currency: the group's cost converted. */
  converted: ReportConverted | null;
  /** The price versions that priced this group's requests. */
  prices: ReportPrice[];
  /** With --compare: this group's requests on each target, in --compare order (absent otherwise). Each sums over the groups to `whatIf[]`. */
  whatIf?: ReportWhatIf[];
  /** With --swap/--scenario: this group under each scenario, in the order given (absent otherwise). Each sums over the groups to `scenarios[]`. */
  scenarios?: ReportScenarioFigures[];
  /**
   * With --breakdown: the group's requests by model (key: the group's key plus `model`), most
   * expensive first. Their requests, tokens and costs sum to the group's exactly. No what-if or
   * scenarios of their own. Absent otherwise.
   */
  breakdown?: ReportGroup[];
}

/** One 5-hour billing block (grouped by `block`): its priced requests. */
export interface ReportBlock {
  /** The block's start in --tz ("2026-01-05T09:00Z", "2026-01-05T10:00+01:00"): the `block` value of its groups. */
  key: string;
  /** Start (the first request's UTC hour) and end (start + 5 h), ISO 8601 UTC. */
  start: string;
  end: string;
  firstRequest: string;
  lastRequest: string;
  /** Running at `blocks.now`: last request less than 5 h before it, end not reached. */
  active: boolean;
  requests: number;
  /** input + cacheRead + cacheWrite + output of its priced requests (ccusage's total tokens). */
  tokens: number;
  cost: CostByCurrency;
  /** Active block only (null otherwise, or with a single request): over its first to last request; costPerHour to 6 decimals. */
  burnRate: { tokensPerMinute: number; costPerHour: CostByCurrency } | null;
  /** Active block only: the block's totals at its end if the burn rate holds. */
  projection: { tokens: number; cost: CostByCurrency; remainingMinutes: number } | null;
  /** With --token-limit: tokens against the limit; `status` judges the projection (active) or the tokens (others): over 80% is a warning. */
  limit: { tokens: number; percentUsed: string; projectedPercent: string | null; status: 'ok' | 'warning' | 'exceeds' } | null;
}

export interface ReportBlocks {
  /** The instant blocks were judged at (the clock, or --now). */
  now: string;
  hours: number;
  /** The --token-limit applied (max: the largest completed block's tokens), or null. */
  tokenLimit: number | null;
  /** The blocks' tokens summed (ccusage's total tokens of the priced requests). */
  tokens: number;
  /** Every block, in time order. */
  list: ReportBlock[];
}

/** A scenario's figures for the whole traffic (or one group's): the swapped requests repriced, the rest at their actual cost. */
export interface ReportScenarioFigures {
  name: string;
  /** Priced requests (and input rows) by what the scenario did with them: repriced on a rule's target; matched by no rule (kept at their actual cost); matched, but the target has no price at their date (kept at their actual cost, and counted here). */
  requests: { swapped: number; notSwapped: number; notRepriced: number };
  rows: { swapped: number; notSwapped: number; notRepriced: number };
  /** The whole traffic's cost under the scenario: actualCost − swapped.actualCost + swapped.cost. */
  cost: CostByCurrency;
  /** The whole traffic's actual cost (the group's, or the total's, cost). */
  actualCost: CostByCurrency;
  /** cost − actualCost in every currency either has (a swap may move cost from one price book to another); exact, summing over groups. */
  delta: CostByCurrency;
  /** delta / actualCost × 100, two decimals, when cost and actualCost are in one and the same currency; null otherwise. */
  deltaPercent: string | null;
  /** The swapped requests alone: their cost on the targets, and their actual cost. */
  swapped: { cost: CostByCurrency; actualCost: CostByCurrency };
  /** Why matched requests were not repriced (at most five distinct reasons). */
  notRepriced: { reasons: string[] };
  /** With --currency: cost, actual cost and delta converted (each currency and month at its rate). */
  converted: { currency: string; cost: string; actualCost: string; delta: string; deltaPercent: string | null; complete: boolean } | null;
}

/** A scenario over the whole traffic, with its rules and how many rows each matched (first match wins). */
export interface ReportScenario extends ReportScenarioFigures {
  rules: { pattern: string; target: string; rows: number }[];
}

export interface ReportWhatIf {
  model: string;
  requests: number;
  cost: CostByCurrency;
  /** The actual cost of the same requests (all priced requests unless some are in `notPriced` or `doesNotFit`). */
  actualCost: CostByCurrency;
  /** cost − actualCost, when both are in one and the same currency; null otherwise. */
  delta: CostByCurrency | null;
  /** delta / actualCost × 100, two decimals; null when delta is null or actual is 0. */
  deltaPercent: string | null;
  notPriced: { requests: number; reasons: string[] };
  /** With --currency: both sides converted, so targets in other currencies compare too. */
  converted: { currency: string; cost: string; actualCost: string; delta: string; deltaPercent: string | null; complete: boolean } | null;
  /**
   * How the target's token counts were made, in requests (totals and scenarios; not per group):
   * logged = carried over (same tokenizer, or --target-tokens logged); counted = the log's text
   * counted with the target's tokenizer; proxy = counted with a stand-in tokenizer; ratio = logged
   * counts converted by a measured ratio or factor. `notes` say which stand-in or ratio (estimates).
   */
  tokenCounts?: { logged: number; counted: number; proxy: number; ratio: number; notes: string[] };
  /** The repriced requests' tokens as the target counts them (see tokenCounts; the group's own tokens when carried over). */
  targetTokens?: ReportTokens;
  /**
   * Requests the target has a price for but could not have served: larger than its context window
   * (prompt + output) or its max output (docs/report-contract.md). In neither `cost` nor `actualCost`.
   * Absent in reports made before fit was checked.
   */
  doesNotFit?: ReportDoesNotFit;
  /** The limits the requests were checked against, per model the target id meant; null where the pricing data has none (not checked). */
  limits?: ReportLimits[];
  /** complete: every priced request repriced; partial: some (see notPriced, doesNotFit); none. */
  coverage?: WhatIfCoverage;
  /** The cost in the ranking's one currency (whatIfRanking): exact, or converted at the rates it names; null when nothing was repriced or no rate. */
  ranked?: { currency: string; cost: string | null; complete: boolean } | null;
  /** The cheapest target that repriced every request (coverage complete, fully converted): at most one per report. */
  cheapest?: boolean;
}

export const WHAT_IF_COVERAGES = ['complete', 'partial', 'none'] as const;
export type WhatIfCoverage = (typeof WHAT_IF_COVERAGES)[number];

export interface ReportDoesNotFit {
  rows: number;
  requests: number;
  /** One per limit exceeded, with the largest request: "prompt 300,000 + output 512 = 300,512 tokens > context window 128,000 (1 request)". */
  reasons: string[];
}

export interface ReportLimits {
  model: string;
  contextWindow: number | null;
  maxOutputTokens: number | null;
}

/** How the what-if targets were ranked. */
export interface ReportWhatIfRanking {
  /** Every target's `ranked.cost` is in this currency. */
  currency: string;
  /** The rates that converted targets priced in other currencies (empty when none needed one). */
  rates: ReportConversion['rates'];
  /** "CNY 2025-09": amounts with no rate; a target missing one is ranked after those with a full amount. */
  missing: string[];
  /** The model marked `cheapest`, or null. */
  cheapest: string | null;
  /** --compare all: only the models current at the traffic's dates are listed. */
  currentOnly: boolean;
  /** Targets left out by currentOnly, and why (retired, or no price at the traffic's dates). */
  omitted: { model: string; reason: string }[];
}

export interface ReportUnpriced {
  model: string;
  reason: string;
  /** Nearest known model ids, when the id is unknown. */
  suggestions: string[];
  requests: number;
  tokens: ReportTokens;
  /** Only on the last entry when models were left out (Limits): how many it sums; `model` is then "(N more models)". */
  more?: number;
}

/** Unpriced requests of a group (or of all groups) that logged their cost in one currency, or logged none. */
export interface ReportUnpricedLine {
  /** The currency of the cost these requests logged; null for the requests that logged none. */
  currency: string | null;
  requests: number;
  tokens: ReportTokens;
  /** Their logged cost in `currency`, exact; null when `currency` is null. */
  loggedCost: string | null;
}

/** The cost unpriced requests carried in the log (no recomputed cost: there is no price to recompute with). */
export interface ReportUnpricedLogged {
  requests: number;
  cost: CostByCurrency;
}

/** The requests of one --group-by key that have no price: no cost, but their tokens and the cost the log carried. */
export interface ReportUnpricedGroup {
  key: GroupKey;
  period: ReportPeriod;
  requests: number;
  tokens: ReportTokens;
  logged: ReportUnpricedLogged | null;
  /** One line per logged currency (and one for requests that logged none): the rows of the CSV export. */
  byCurrency: ReportUnpricedLine[];
}

/** All unpriced requests: what the totals leave out. `requests` equals the sum of `unpriced[].requests`. */
export interface ReportUnpricedTotals {
  /** First and last unpriced request, or null when there are none. */
  period: ReportPeriod | null;
  requests: number;
  tokens: ReportTokens;
  logged: ReportUnpricedLogged | null;
  byCurrency: ReportUnpricedLine[];
}

export interface ReportProblem {
  kind: 'rejected' | 'skipped';
  file: string;
  /** The line, or for a SQLite database row its rowid (with `table`). */
  line: number;
  /** A row of a SQLite database: its table (the place reads `file table#rowid`). Absent for lines. */
  table?: string;
  reason: string;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generator: { name: 'llm-audit'; version: string };
  options: {
    groupBy: GroupDimension[];
    timeZone: string;
    since: string | null;
    until: string | null;
    asOf: string | null;
    compare: string[];
    /** With --swap/--scenario: each scenario's name and rules as given (absent otherwise). */
    scenarios?: { name: string; rules: { pattern: string; target: string }[] }[];
    region: string | null;
    serviceTier: string | null;
    currency: string | null;
    /** With --group-by week: the first day of a week (absent otherwise). */
    weekStart?: string;
    /** With --project: the project kept (absent otherwise). */
    project?: string;
    /** With --breakdown: true (absent otherwise). */
    breakdown?: boolean;
  };
  rows: { read: number; priced: number; unpriced: number; skipped: number; rejected: number };
  /** Priced requests by where their token counts came from. */
  usage: { logged: number; counted: number; estimated: number };
  /** Rows by where their timestamp came from. */
  timestamps: { logged: number; default: number; mtime: number };
  /** First and last priced request; null when nothing was priced. */
  period: ReportPeriod | null;
  totals: {
    requests: number;
    tokens: ReportTokens;
    cost: CostByCurrency;
    byCurrency: ReportCurrencyLine[];
    logged: ReportLoggedCost | null;
    converted: ReportConverted | null;
    /** The unpriced requests the figures above leave out, with the cost their log carried. */
    unpriced: ReportUnpricedTotals;
  };
  /** With --currency: the rates used; null otherwise. */
  conversion: ReportConversion | null;
  groups: ReportGroup[];
  whatIf: ReportWhatIf[];
  /** With --swap/--scenario: each scenario over the whole traffic, in the order given. Absent otherwise, and in reports made before it. */
  scenarios?: ReportScenario[];
  /** Grouped by `block`: the 5-hour blocks, active one and limit included. Absent otherwise. */
  blocks?: ReportBlocks;
  /** How `whatIf` is ranked; null without --compare. Absent in reports made before it. */
  whatIfRanking?: ReportWhatIfRanking | null;
  unpriced: ReportUnpriced[];
  /** Distinct unpriced model ids, listed one by one in `unpriced` or summed in its last "(N more models)" entry. */
  unpricedModels: number;
  /** The unpriced requests by --group-by key, like `groups`: most requests first, or by time when grouped by day or month. */
  unpricedGroups: ReportUnpricedGroup[];
  problems: ReportProblem[];
  problemsTotal: number;
  /** Every skipped row, counted by reason (most are lines that carry no usage by nature). */
  skipped: { reason: string; rows: number }[];
  /**
   * Skipped rows that were copies of usage already counted (a resumed or continued Claude Code
   * session's copied lines, a sidechain or subagent replay, a forked Codex rollout's replayed
   * totals): the rows of `skipped` whose reason starts with "a copy: ". Absent in reports made before it.
   */
  copies?: number;
  pricing: { hash: string; files: string[]; overrides: string[]; fx: string[] };
  /** Per-call fees (web search) of the priced requests: already inside the costs above, shown on their own line. */
  fees: ReportFee[];
  notes: string[];
  /** What was read: each path as given on the command line. Absent in reports made before it. */
  inputs?: ReportInput[];
  /** `llm-audit agents` (or no path on a terminal): every coding agent looked for, found or not, and where. Absent otherwise. */
  agents?: ReportAgent[];
  /** Options that probably did not do what was meant (an unknown --group-by tag), each a sentence; also among `notes`. Absent in reports made before it. */
  warnings?: string[];
}

/** One path given on the command line. */
export interface ReportInput {
  /** As given ('-' for stdin): never made absolute, so a report does not carry the machine's paths. */
  path: string;
  kind: 'file' | 'folder' | 'stdin';
  /** Files read under it (1 for a file or stdin; unreadable entries of a folder included). */
  files: number;
  /** Their size on disk (compressed for .gz); null for stdin. */
  bytes: number | null;
  /** With --hash-inputs: the file's sha256, or a folder's over "sha256  relative/path" lines sorted by path; else null. */
  sha256: string | null;
  /** Found by `llm-audit agents`: the agent (ReportAgent.source) whose data this is; the path is then shown with ~ for the home folder. */
  agent?: string;
}

/** A coding agent `llm-audit agents` looked for. */
export interface ReportAgent {
  /** The --source name. */
  source: string;
  name: string;
  found: boolean;
  /** The environment variable that named its data folders, when set (then the defaults were not searched). */
  env: string | null;
  /** The data folders looked in, ~ for the home folder. */
  searched: string[];
  /** The log files and folders read (see inputs[]). */
  paths: string[];
  /** Files read under them. */
  files: number;
}

export interface ReportFee {
  kind: 'web_search';
  /** Calls on priced requests. */
  calls: number;
  /** What they cost (inside the totals). */
  cost: CostByCurrency;
  /** Calls on priced requests whose price has no fee for them: not charged, so not in the totals. */
  uncharged: number;
  /** Calls on unpriced requests (their models have no price at all). */
  onUnpriced: number;
}

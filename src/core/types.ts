// Domain values handed from stage to stage. No behaviour here.

/**
 * Disjoint token buckets: no token is in two of them, except `reasoning`, which is
 * a subset of `output` kept for information (output is billed; reasoning is not billed twice).
 */
export interface TokenBuckets {
  /** Uncached input tokens. */
  input: number;
  /** Input tokens read from a prompt cache. */
  cacheRead: number;
  /** Input tokens written to a cache with a 5-minute TTL (or of unknown TTL). */
  cacheWrite5m: number;
  /** Input tokens written to a cache with a 1-hour TTL. */
  cacheWrite1h: number;
  /** Output tokens, reasoning included. */
  output: number;
  /** Reasoning/thinking tokens: a subset of output. */
  reasoning: number;
  /** Audio and image tokens among the prompt-side tokens (input + cacheRead): billed at a model's audio/image rate where it has one. */
  inputAudio: number;
  inputImage: number;
  /** Audio tokens among the output tokens. */
  outputAudio: number;
  /** Server-side web search calls (not tokens): billed per call where the price has a web-search fee. */
  webSearch: number;
}

export function emptyBuckets(): TokenBuckets {
  return { input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0, inputAudio: 0, inputImage: 0, outputAudio: 0, webSearch: 0 };
}

/** Adds source into target, field by field: a loop over the keys is a keyed access per field, several times slower, and this runs a few times per record. */
export function addBuckets(target: TokenBuckets, source: TokenBuckets): void {
  target.input += source.input;
  target.cacheRead += source.cacheRead;
  target.cacheWrite5m += source.cacheWrite5m;
  target.cacheWrite1h += source.cacheWrite1h;
  target.output += source.output;
  target.reasoning += source.reasoning;
  target.inputAudio += source.inputAudio;
  target.inputImage += source.inputImage;
  target.outputAudio += source.outputAudio;
  target.webSearch += source.webSearch;
}

/** All prompt-side tokens: what an input-length tier is decided by. */
export function promptTokens(t: TokenBuckets): number {
  return t.input + t.cacheRead + t.cacheWrite5m + t.cacheWrite1h;
}

/** Where a record's token counts came from. */
export const USAGE_SOURCES = ['logged', 'counted', 'estimated'] as const;
export type UsageSource = (typeof USAGE_SOURCES)[number];

/** Where a record's timestamp came from. */
export const TIME_SOURCES = ['logged', 'default', 'mtime'] as const;
export type TimeSource = (typeof TIME_SOURCES)[number];

/** `fast` is Anthropic's fast mode (Claude Code `usage.speed: "fast"`), priced like a service tier. */
export const SERVICE_TIERS = ['standard', 'batch', 'flex', 'priority', 'fast'] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];

export interface SourceLocation {
  file: string;
  /** 1-based line (JSONL) or record line (CSV); a row's rowid in a SQLite database (with `table`). */
  line: number;
  /** A row of a SQLite database: the table `line` is a rowid of (shown as `file table#rowid`). */
  table?: string;
}

/** Where a row is, as people read it: `file:line`, or `file table#rowid` for a database row. */
export function placeOf(where: SourceLocation): string {
  return where.table === undefined ? `${where.file}:${where.line}` : `${where.file} ${where.table}#${where.line}`;
}

export interface ChatMessage {
  role: string;
  content: string;
  name?: string;
}

/** Text of a request, kept only when usage is missing and tokens must be counted. */
export interface RequestText {
  messages?: ChatMessage[];
  prompt?: string;
  completion?: string;
}

/** One request as found in a log, before its tokens are resolved. */
export interface RawRecord {
  where: SourceLocation;
  format: string;
  model: string;
  /** Epoch milliseconds, UTC. */
  timestamp: number;
  timeSource: TimeSource;
  /** Present when the log carries usage. */
  tokens?: TokenBuckets;
  /** Present when usage is missing and the text is in the log. */
  text?: RequestText;
  serviceTier?: ServiceTier;
  /** Several requests in one row (aggregated exports); 1 otherwise. */
  requests: number;
  /** A cost the log itself carries (costUSD, spend, response_cost, cost_total): reported beside ours. */
  loggedCost?: LoggedCost;
  /** Free-form labels from the log (team, user, project, api key alias…), for --group-by tag:NAME. */
  tags?: Record<string, string>;
}

export interface LoggedCost {
  /** Exact decimal string as logged (never parsed through a float). */
  amount: string;
  currency: string;
}

/** A record whose tokens are known, by whatever means. */
export interface UsageRecord extends Omit<RawRecord, 'tokens' | 'text'> {
  tokens: TokenBuckets;
  usageSource: UsageSource;
}

/** A line that is not a request: counted, with why. */
export interface RowProblem extends SourceLocation {
  reason: string;
}

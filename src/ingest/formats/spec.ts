// The vocabulary of a log format: roles, semantics, detection conditions and the two spec shapes.
// formats/*.ts and agents/*/format.ts hold the data written in it; ../extract/extract.ts is the one reader of it.

import type { ServiceTier } from '../../core/types.ts';

/**
 * Counts a log may carry. `cacheWrite` is a cache-write total of unknown TTL, used (as 5-minute
 * writes) only when neither `cacheWrite5m` nor `cacheWrite1h` is present. `extraInput` is billed as
 * input on top of `input` (Gemini's toolUsePromptTokenCount). `total` is read only to check an
 * identity (Cursor's two Input columns); it never becomes a bucket. `inputAudio`/`inputImage` are
 * among the prompt-side tokens and `outputAudio` among the output tokens (subsets, billed at a
 * model's audio/image rates where it has them); `webSearch` counts server-side web search calls.
 */
export const TOKEN_ROLES = ['input', 'output', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'cacheWrite', 'reasoning', 'extraInput', 'total', 'inputAudio', 'inputImage', 'outputAudio', 'webSearch'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];
export const TEXT_ROLES = ['messages', 'prompt', 'completion'] as const;
export type TextRole = (typeof TEXT_ROLES)[number];
/**
 * What a field means to llm-audit. `serviceTier` is a provider tier name ("flex"); `batch` is a
 * flag (true / "true") meaning the batch tier; `speed` is Anthropic's speed ("fast" = the fast
 * tier, whatever the service tier says); `cost` is a cost the log already carries.
 */
export const ROLES = ['model', 'timestamp', 'serviceTier', 'batch', 'speed', 'requests', 'cost', ...TOKEN_ROLES, ...TEXT_ROLES] as const;
export type Role = (typeof ROLES)[number];

/** How a format's numbers relate to llm-audit's disjoint buckets (core/types.ts TokenBuckets). */
export interface Semantics {
  /** The input count includes cache reads (OpenAI convention), so cache reads are subtracted from it. */
  readonly inputIncludesCacheRead: boolean;
  /** The input count includes cache writes (DashScope explicit cache), so writes are subtracted from it. */
  readonly inputIncludesCacheWrite: boolean;
  /** The output count includes reasoning (most APIs); else reasoning is added to it (Gemini, Langfuse). */
  readonly outputIncludesReasoning: boolean;
  /** Counts may be text ("1,000", " 42 "); otherwise they must be JSON numbers. CSV cells are always text. */
  readonly numbersAsText: boolean;
  /** Token roles that must be present. Empty: at least one token role, or text to count, must be. */
  readonly requiredTokens: readonly TokenRole[];
}

/**
 * A test on a JSON path: its value is one of `is`, is NOT one of `not` (absent counts as not),
 * is a string starting with `prefix`, or a non-null value is present (or not).
 */
export type Condition =
  | { readonly path: string; readonly is: readonly (string | boolean)[] }
  | { readonly path: string; readonly not: readonly string[] }
  | { readonly path: string; readonly prefix: string }
  | { readonly path: string; readonly present: boolean };

/** All conditions hold. A format's `detect` is a list of these: any one matching is enough. */
export type Signature = readonly Condition[];

export interface SkipRule {
  readonly when: Signature;
  /** Shown for the skipped line. `{path}` is replaced by the string at that path (e.g. `{type}`). */
  readonly reason: string;
}

/**
 * Keep-last dedupe within a file: lines whose key paths hold the same values (at least one of them
 * present) are one response written several times (streaming snapshots); the last is the record
 * and each earlier one a skipped event.
 */
export interface DedupeSpec {
  /** Paths in the record's view, or `tag:NAME` for one of its tags (a path tag: the session of its file). */
  readonly key: readonly string[];
  readonly reason: string;
  /**
   * Dedupe across the files of one replay family too (dedupe.ts replayFamily): a record whose key
   * was already counted from an earlier file of the family (or earlier in this one, beyond the
   * window) is a copy (a resumed or continued session): skipped with `reason`, which starts with
   * COPY_REASON_PREFIX. The first copy in read order (files by path) is the one counted.
   */
  readonly across?: { readonly reason: string };
  /**
   * A record flagged at `flag` whose `id` was already counted in its family under another
   * `request` is a replay of a message already counted (Claude Code sidechains): skipped with
   * `reason` (starting with COPY_REASON_PREFIX). Within a file this does not depend on line order:
   * held records of the main chain are released before sidechain ones.
   */
  readonly replay?: { readonly flag: string; readonly id: string; readonly request: string; readonly reason: string };
}

/**
 * Another element of the document an item needs (Amp's ledger events take their cache counts from
 * the message they point to): the element of the array at `from` whose `key` equals the value at
 * `match` in the item's view is put in the view as `joined` (so fields say `joined.usage.…`).
 */
export interface ItemJoin {
  readonly from: string;
  readonly key: string;
  readonly match: string;
}

/**
 * Values a line sets for the lines after it (OpenClaw's model_change, a Gemini CLI JSONL header):
 * a line matching `when` (a skip rule should then skip it) sets each role's value from its paths,
 * used by later usage lines that name none themselves (the `carry` hook).
 */
export interface CarrySpec {
  readonly when: readonly Signature[];
  readonly fields: Partial<Record<'model', readonly string[]>>;
  readonly tags?: Readonly<Record<string, readonly string[]>>;
}

/** Stateful readers for formats whose lines depend on other lines (Codex's rollouts; carried values; Copilot CLI's traces). */
export const HOOK_NAMES = ['codex', 'carry', 'copilot'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** Per-row count rules that paths cannot say (see extract.ts COUNT_RULES). */
export const COUNT_RULE_NAMES = ['cursor-input-columns', 'total-remainder-as-output', 'gemini-cached-in-input'] as const;
export type CountRuleName = (typeof COUNT_RULE_NAMES)[number];

/**
 * A log object (a JSON line, or a CSV row read as {header: cell}); fields are dotted paths. CSV
 * files are read with a json format when its header holds every name of a detect signature made
 * only of top-level `present: true` conditions.
 */
/** Where one part of a keep-last key is in a raw line (JsonFormat.prefilter.adjacentKey). */
export interface KeyPart {
  readonly before: string;
  readonly last?: boolean;
}

/**
 * Where a format's records are in a SQLite database (read/sqlite.ts): the query whose rows are the
 * records, each row read as a JSON object of its columns. A database is read with the first format
 * (in FORMAT_NAMES order) whose table has every listed column and whose file name fits.
 */
export interface SqliteQuery {
  /** The database as people know it ("an OpenCode database"), for messages. */
  readonly name: string;
  /** The table whose rows are the records: problems are located as `file table#rowid`. */
  readonly table: string;
  /** Columns the table must have (the schema test); other columns may come and go. */
  readonly columns: readonly string[];
  /** The SELECT; its first column must be the row's rowid, named `rowid`, read as the location. */
  readonly sql: string;
  /** Columns holding JSON text, parsed before the row is read (a row whose text is not JSON is rejected). */
  readonly jsonColumns?: readonly string[];
  /** Only files whose name matches (two agents with one schema: Kilo is a fork of OpenCode). */
  readonly fileName?: RegExp;
}

export interface JsonFormat {
  readonly shape: 'json';
  /** Set for a format read from a SQLite database rather than from lines (see SqliteQuery). */
  readonly sqlite?: SqliteQuery;
  readonly description: string;
  readonly detect: readonly Signature[];
  /**
   * The line holds several rows: the first array found at these paths. Each element is read as
   * the object `{ item, line, doc }` (so fields say `item.model`, `line.start_time`; `doc` is the
   * same container, named for a JSON document read whole, read/document.ts) and is ONE event; an
   * empty array is one skipped event. This is the one exception to "one line, one event". The path
   * '' is the container itself (a document that is an array).
   */
  readonly items?: { readonly paths: readonly string[]; readonly empty: string; readonly join?: ItemJoin };
  /** Lines (or items) known not to carry usage; checked in order, after detection. */
  readonly skip: readonly SkipRule[];
  /** Candidate paths per role, first non-empty wins. */
  readonly fields: Partial<Record<Role, readonly string[]>>;
  /** Top-level fields that hold JSON encoded as a string (LiteLLM `metadata`): decoded before paths are read. */
  readonly jsonStrings?: readonly string[];
  /** Tag name → candidate paths (strings, numbers, or arrays of strings joined by ","). */
  readonly tags?: Readonly<Record<string, readonly string[]>>;
  /**
   * The `project` tag is the folder right under this one on the file's path (Claude Code's
   * projects/<folder>/…), decoded to a path through the `project` tag its paths give (the line's
   * working directory, or a folder above it) where that matches (agents/claude-code/project.ts); the paths'
   * value stays the tag for a file outside such a folder.
   */
  readonly projectFolder?: string;
  /** Path → tag-name prefix: every scalar entry of the object there becomes a tag (custom properties). */
  readonly tagObjects?: Readonly<Record<string, string>>;
  /** Currency of `cost` (default USD). */
  readonly costCurrency?: string;
  /** Every record of this format is at this tier (batch result files). */
  readonly serviceTier?: ServiceTier;
  /**
   * The model used when a line names none and no --default-model is given: a visible placeholder
   * that the pricing stage reports as unpriced with its tokens. Without it, no model = rejected.
   */
  readonly missingModel?: string;
  /**
   * A cheap test before JSON.parse. Once a line of a file is read as this format, a later line of
   * the same file that contains none of `markers` cannot carry usage, and is skipped unparsed with
   * `reason` (agent logs are mostly large user and tool lines). Only a line that looks like a whole
   * object ("{…}") is skipped this way, so a cut or broken line is still parsed and rejected.
   */
  readonly prefilter?: {
    readonly markers: readonly string[];
    readonly reason: string;
    /**
     * The keep-last key read from the raw bytes, one entry per key part: the part is the text after
     * `before` up to the next quote, at the first occurrence of `before` in the line, or the last
     * with `last` (a key written after the content: searching from the end skips the content). All
     * parts are required. When two adjacent lines have the same key, the earlier one is superseded
     * (dedupe keeps the last) and is skipped without being parsed: streamed responses are written
     * as runs of such lines. `before` must hold a whole key and the value's opening quote
     * ("id":"…), which only structural JSON holds (a quote cannot occur unescaped inside a string).
     */
    readonly adjacentKey?: readonly KeyPart[];
  };
  readonly dedupe?: DedupeSpec;
  readonly hook?: HookName;
  /** For the `carry` hook: which lines set which values for the lines after them. */
  readonly carry?: readonly CarrySpec[];
  /**
   * Tags taken from the file's path (with "/" separators) where the record has none of its own:
   * tag name → a regular expression whose first group is the value (pi-agent's session is in its
   * file name). Key parts `tag:NAME` of a dedupe key read them (and every other tag).
   */
  readonly pathTags?: Readonly<Record<string, string>>;
  /**
   * A record whose every count is 0 (and that logs no cost) is skipped with this reason: agents
   * that write a usage object on every message write zeros for those that called no model.
   */
  readonly zeroUsage?: string;
  readonly countRule?: CountRuleName;
  readonly semantics: Semantics;
}

/** A flat row: CSV columns or the top-level keys of a JSON object, matched by normalised name. */
export interface FlatFormat {
  readonly shape: 'flat';
  readonly description: string;
  readonly signature: string;
  /** Names that must all be present; empty = fallback, matches any row with a known name. */
  readonly detectKeys: readonly string[];
  /** Names per role, in priority order; matched after normaliseKey on both sides. */
  readonly aliases: Partial<Record<Role, readonly string[]>>;
  /** Tag name → column names, matched like aliases. */
  readonly tagAliases?: Readonly<Record<string, readonly string[]>>;
  /**
   * Names that are a token count when the value looks like a number and text otherwise
   * (`prompt` is the prompt in one log and its token count in another).
   */
  readonly ambiguous: readonly string[];
  readonly semantics: Semantics;
}

export type FormatSpec = JsonFormat | FlatFormat;

/** A format picked for a line or a file: its name (a FormatName, or "custom" for --map) and spec. */
export interface Chosen {
  readonly name: string;
  readonly spec: FormatSpec;
}

/** Lower-case, drop everything but letters and digits: "Input Tokens", "input-tokens", "inputTokens" → "inputtokens". */
export function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export const OPENAI_SEMANTICS: Semantics = {
  inputIncludesCacheRead: true,
  inputIncludesCacheWrite: false,
  outputIncludesReasoning: true,
  numbersAsText: false,
  requiredTokens: ['input', 'output'],
};

/** Anthropic convention: input, cache reads and cache writes are disjoint. */
export const DISJOINT_SEMANTICS: Semantics = { ...OPENAI_SEMANTICS, inputIncludesCacheRead: false };

/** Vendor CSV exports: disjoint or not, every cell is text. */
export const TEXT_NUMBERS = { numbersAsText: true } as const;

// The one mapping from a format's fields to a RawRecord. Formats differ only in data (which fields,
// which semantics); every check and every subtraction is here.

import type { RawRecord, RowProblem, SourceLocation, TimeSource, TokenBuckets } from '../../core/types.ts';
import { isZero as isZeroAmount, parseDecimal } from '../../core/money.ts';
import { loggedAmount } from './cost.ts';
import type { Field, FieldSource, RoleFields } from './fields.ts';
import { SERVICE_TIER_VALUES } from '../formats/index.ts';
import { countReason, parseCount, show } from './numbers.ts';
import { TOKEN_ROLES, type Chosen, type CountRuleName, type Semantics, type TokenRole } from '../formats/spec.ts';
import { decodeProject, projectFolderOf } from '../agents/claude-code/project.ts';
import { madeOncePer } from './readers.ts';
import { readText } from './text.ts';
import { parseTimestamp, TIMESTAMP_FORMS } from './timestamps.ts';
import type { IngestEvent } from '../types.ts';

/** The time to use when a record has none: --default-time, else the file's mtime. */
export interface TimeFallback {
  readonly ms: number;
  readonly source: Exclude<TimeSource, 'logged'>;
}

/** What a file's lines are read with (the same for every line of the file). */
export interface LineContext {
  readonly fallback: TimeFallback | undefined;
  /** Set when the format was forced with --input-format or --map: reasons then say so. */
  readonly forced: boolean;
  /** --default-model: for records whose log names no model. */
  readonly defaultModel: string | undefined;
  /** The values are CSV cells: counts are text whatever the format says. */
  readonly cells: boolean;
}

type Counts = Record<TokenRole, number | undefined>;

export function reject(where: SourceLocation, reason: string): IngestEvent {
  return { kind: 'rejected', problem: problemAt(where, reason) };
}

export function skip(where: SourceLocation, reason: string): IngestEvent {
  return { kind: 'skipped', problem: problemAt(where, reason) };
}

/** A problem at a place; `table` only for a database row, so a line's problem keeps its one shape. */
function problemAt(where: SourceLocation, reason: string): RowProblem {
  return where.table === undefined ? { file: where.file, line: where.line, reason } : { file: where.file, line: where.line, table: where.table, reason };
}

/** A field present but unusable (a count that is not one): the line is rejected with `message`. */
class BadField extends Error {}

/** A count field as a number; undefined when absent. Throws BadField when it is not a count. */
function countOf(field: Field | undefined, numbersAsText: boolean): number | undefined {
  if (field === undefined) return undefined;
  const n = parseCount(field.value, numbersAsText);
  if (typeof n === 'string') throw new BadField(countReason(field.label, field.value, n));
  return n;
}

/**
 * Every token role's count (undefined = absent). A present but bad value rejects the line, whatever
 * its role: the first bad one in TOKEN_ROLES order is the one reported. The roles are read by name,
 * one by one (not in a loop over role names): a fast property read each, on the hot path.
 */
function readCounts(f: RoleFields, numbersAsText: boolean): Counts | string {
  try {
    return {
      input: countOf(f.input, numbersAsText),
      output: countOf(f.output, numbersAsText),
      cacheRead: countOf(f.cacheRead, numbersAsText),
      cacheWrite5m: countOf(f.cacheWrite5m, numbersAsText),
      cacheWrite1h: countOf(f.cacheWrite1h, numbersAsText),
      cacheWrite: countOf(f.cacheWrite, numbersAsText),
      reasoning: countOf(f.reasoning, numbersAsText),
      extraInput: countOf(f.extraInput, numbersAsText),
      total: countOf(f.total, numbersAsText),
      inputAudio: countOf(f.inputAudio, numbersAsText),
      inputImage: countOf(f.inputImage, numbersAsText),
      outputAudio: countOf(f.outputAudio, numbersAsText),
      webSearch: countOf(f.webSearch, numbersAsText),
    };
  } catch (err) {
    if (err instanceof BadField) return err.message;
    throw err;
  }
}

function failure(reason: string, format: Chosen, ctx: LineContext, where: SourceLocation): IngestEvent {
  return reject(where, ctx.forced ? `${reason} (read as ${format.name === 'custom' ? '--map' : `--input-format ${format.name}`})` : reason);
}

export function extractRecord(src: FieldSource, format: Chosen, ctx: LineContext, where: SourceLocation): IngestEvent {
  const { spec } = format;
  const sem = spec.semantics;
  const json = spec.shape === 'json' ? spec : undefined;
  const f = src.fields;

  const model = resolveModel(f.model, ctx.defaultModel ?? json?.missingModel);
  if (model.problem !== undefined) return failure(model.problem || `no model: looked for ${src.describe('model')}`, format, ctx, where);

  const numbersAsText = sem.numbersAsText || ctx.cells;
  const counts = readCounts(f, numbersAsText);
  if (typeof counts === 'string') return failure(counts, format, ctx, where);
  for (const role of sem.requiredTokens) {
    if (counts[role] === undefined) return failure(`${src.describe(role)} is missing: this format always reports it`, format, ctx, where);
  }
  if (json?.countRule) {
    const problem = COUNT_RULES[json.countRule](counts, f, sem);
    if (problem) return failure(problem, format, ctx, where);
  }

  const time = resolveTime(f.timestamp, ctx.fallback);
  if (typeof time === 'string') return failure(time, format, ctx, where);

  const record: RawRecord = { where, format: format.name, model: model.name, timestamp: time.ms, timeSource: time.source, requests: 1 };

  // Derived from TOKEN_ROLES, so a role added there cannot be forgotten here.
  // A total alone is not a count to price: which part is input and which output is unknown.
  const anyCount = TOKEN_ROLES.some((role) => role !== 'total' && counts[role] !== undefined);
  if (!anyCount && counts.total !== undefined) {
    return failure(`only a total token count (${src.describe('total')} = ${counts.total}): how much of it is input and how much output is unknown, so it is not priced`, format, ctx, where);
  }
  if (anyCount) {
    const tokens = toBuckets(counts, f, sem);
    if (typeof tokens === 'string') return failure(tokens, format, ctx, where);
    record.tokens = tokens;
  } else {
    const text = readText(f.messages, f.prompt, f.completion);
    if (text === undefined) {
      return failure(`no token counts and no text to count: expected one of ${src.describe('input')} / ${src.describe('output')}, or ${src.describe('messages')}`, format, ctx, where);
    }
    if ('problem' in text) return failure(text.problem, format, ctx, where);
    record.text = text.text;
  }

  const tier = json?.serviceTier ?? tierOf(f.serviceTier, f.batch, f.speed);
  if (tier) record.serviceTier = tier;

  const requestsField = f.requests;
  if (requestsField) {
    const n = parseCount(requestsField.value, numbersAsText);
    if (typeof n === 'string') return failure(countReason(requestsField.label, requestsField.value, n, 'request counts'), format, ctx, where);
    record.requests = n;
  }

  const costField = f.cost;
  const amount = costField && loggedAmount(costField.value);
  if (typeof amount === 'object') return failure(`${costField?.label} is ${show(costField?.value)}: ${amount.problem}`, format, ctx, where);
  if (amount !== undefined) record.loggedCost = { amount, currency: json?.costCurrency ?? 'USD' };

  const tags = src.tags();
  if (tags) record.tags = tags;
  if (json?.pathTags) {
    for (const [name, value] of pathTagsOf(json.pathTags, where.file)) if (record.tags?.[name] === undefined) (record.tags ??= {})[name] = value;
  }
  if (json?.zeroUsage && record.tokens && isZero(record.tokens) && (record.loggedCost === undefined || isZeroAmount(parseDecimal(record.loggedCost.amount)))) return skip(where, json.zeroUsage);
  if (json?.projectFolder) {
    const folder = projectFolderOf(where.file, json.projectFolder);
    if (folder !== undefined) (record.tags ??= {}).project = decodeProject(folder, tags?.project);
  }
  return { kind: 'record', record };
}

function isZero(t: TokenBuckets): boolean {
  return t.input === 0 && t.output === 0 && t.cacheRead === 0 && t.cacheWrite5m === 0 && t.cacheWrite1h === 0 && t.reasoning === 0 && t.webSearch === 0;
}

/** A format's path-tag patterns, compiled once. */
const compiledPathTags = madeOncePer((tags: Readonly<Record<string, string>>) => Object.entries(tags).map(([name, re]) => [name, new RegExp(re)] as const));
let lastTagFile = '';
let lastTagSpec: object | undefined;
let lastTags: (readonly [string, string])[] = [];

/** The tags a file's path gives (the same for every record of a file: kept for the last file). */
function pathTagsOf(tags: Readonly<Record<string, string>>, file: string): readonly (readonly [string, string])[] {
  if (file === lastTagFile && tags === lastTagSpec) return lastTags;
  const path = file.replaceAll('\\', '/');
  lastTags = [];
  for (const [name, re] of compiledPathTags(tags)) {
    const value = re.exec(path)?.[1];
    if (value) lastTags.push([name, value]);
  }
  lastTagFile = file;
  lastTagSpec = tags;
  return lastTags;
}

/**
 * The model as logged; else the fallback (--default-model, or the format's visible placeholder).
 * `problem` is '' for "absent, no fallback" (the caller says where it looked).
 */
function resolveModel(field: Field | undefined, fallback: string | undefined): { name: string; problem?: undefined } | { problem: string } {
  if (!field) return fallback === undefined ? { problem: '' } : { name: fallback };
  if (typeof field.value !== 'string') return { problem: `${field.label} is ${show(field.value)}: expected the model name as a string` };
  return { name: field.value.trim() };
}

function tierOf(tierField: Field | undefined, batchField: Field | undefined, speedField: Field | undefined): RawRecord['serviceTier'] {
  // Anthropic fast mode is billed at its own rates whatever service tier the line also names.
  if (speedField && typeof speedField.value === 'string' && speedField.value.trim().toLowerCase() === 'fast') return 'fast';
  if (batchField && (batchField.value === true || (typeof batchField.value === 'string' && batchField.value.trim().toLowerCase() === 'true'))) return 'batch';
  if (tierField && typeof tierField.value === 'string') return SERVICE_TIER_VALUES.get(tierField.value.trim().toLowerCase());
  return undefined;
}

/**
 * Count rules that paths cannot express. Each may rewrite counts in place (before buckets are
 * made) and returns a problem text, or undefined when the row is fine.
 */
const COUNT_RULES: Readonly<Record<CountRuleName, (c: Counts, f: RoleFields, sem: Semantics) => string | undefined>> = {
  /**
   * Cursor's "Input (w/ Cache Write)" (read as cacheWrite) and "Input (w/o Cache Write)" (input)
   * mean different things in different exports. Total Tokens decides, per row: the columns are
   * disjoint when Total = w/ + w/o + Cache Read + Output; w/ includes w/o (the write is the
   * difference) when Total = w/o + Cache Read + Output or w/ + Cache Read + Output.
   */
  'cursor-input-columns': (c, f) => {
    const withWrite = c.cacheWrite ?? 0;
    const without = c.input ?? 0;
    const rest = (c.cacheRead ?? 0) + (c.output ?? 0);
    if (c.total === undefined) return `${f.total?.label ?? 'Total Tokens'} is missing: without it the two Input columns cannot be told apart`;
    if (c.total === withWrite + without + rest) return undefined;
    if (withWrite >= without && (c.total === without + rest || c.total === withWrite + rest)) {
      c.cacheWrite = withWrite - without;
      return undefined;
    }
    return (
      `${f.total?.label} (${c.total}) fits neither reading of the Input columns: ` +
      `w/ + w/o + Cache Read + Output = ${withWrite + without + rest}, w/o + Cache Read + Output = ${without + rest}; the row is not priced`
    );
  },
  /**
   * Agents that keep a total beside the parts (OpenCode, Kilo, Goose, Copilot CLI): tokens the
   * total has beyond input + output + reasoning + cache reads and writes are billed as output, as
   * ccusage does (a row with only a total is all output). A total below the parts is ignored. Each
   * token is counted once in the parts: cache reads that input includes (Copilot CLI) are not
   * added again, nor reasoning that output includes.
   */
  'total-remainder-as-output': (c, _f, sem) => {
    if (c.total === undefined) return undefined;
    const cacheRead = c.cacheRead ?? 0;
    const writes = (c.cacheWrite ?? 0) + (c.cacheWrite5m ?? 0) + (c.cacheWrite1h ?? 0);
    const input = c.input ?? 0;
    const prompt = input + (sem.inputIncludesCacheRead ? 0 : cacheRead) + (sem.inputIncludesCacheWrite ? 0 : writes);
    const parts = prompt + (c.output ?? 0) + (sem.outputIncludesReasoning ? 0 : (c.reasoning ?? 0));
    if (c.total > parts) c.output = (c.output ?? 0) + (c.total - parts);
    return undefined;
  },
  /**
   * Gemini CLI's `tokens` object: `input` (promptTokenCount) includes `cached` when `total` equals
   * input + output + thoughts + tool (the API's own identity), as the format's semantics say; when
   * the total shows the cached tokens on top of input (or there is no total to tell), they are
   * read as disjoint, by adding them to input before the subtraction (ccusage's rule).
   */
  'gemini-cached-in-input': (c) => {
    const cached = c.cacheRead ?? 0;
    if (cached === 0) return undefined;
    const inclusive = (c.input ?? 0) + (c.output ?? 0) + (c.reasoning ?? 0) + (c.extraInput ?? 0);
    if (c.total !== undefined && c.total === inclusive && c.total !== inclusive + cached) return undefined;
    c.input = (c.input ?? 0) + cached;
    return undefined;
  },
};

/**
 * Format counts → disjoint buckets. Cache writes: the 5m/1h split when either is present, else a
 * total of unknown TTL as 5m (the cheaper write, and Anthropic's default TTL).
 */
function toBuckets(c: Counts, f: RoleFields, sem: Semantics): TokenBuckets | string {
  const cacheRead = c.cacheRead ?? 0;
  const split = c.cacheWrite5m !== undefined || c.cacheWrite1h !== undefined;
  const cacheWrite5m = split ? (c.cacheWrite5m ?? 0) : (c.cacheWrite ?? 0);
  const cacheWrite1h = split ? (c.cacheWrite1h ?? 0) : 0;
  let input = c.input ?? 0;
  const included: string[] = [];
  let includedSum = 0;
  if (sem.inputIncludesCacheRead && cacheRead > 0) {
    included.push(`${f.cacheRead?.label} (${cacheRead})`);
    includedSum += cacheRead;
  }
  if (sem.inputIncludesCacheWrite && cacheWrite5m + cacheWrite1h > 0) {
    included.push(`cache writes (${cacheWrite5m + cacheWrite1h})`);
    includedSum += cacheWrite5m + cacheWrite1h;
  }
  if (includedSum > input) {
    const inputLabel = f.input?.label ?? 'input';
    return `${included.join(' + ')} is larger than ${inputLabel} (${input}), which includes it in this format: the counts are inconsistent`;
  }
  input = input - includedSum + (c.extraInput ?? 0);

  let output = c.output ?? 0;
  const reasoning = c.reasoning ?? 0;
  if (sem.outputIncludesReasoning) {
    if (reasoning > output) {
      return `${f.reasoning?.label} (${reasoning}) is larger than ${f.output?.label ?? 'output'} (${output}), which includes it: the counts are inconsistent`;
    }
  } else {
    output += reasoning;
  }
  const inputAudio = c.inputAudio ?? 0;
  const inputImage = c.inputImage ?? 0;
  const outputAudio = c.outputAudio ?? 0;
  // Audio and image tokens are among the prompt's tokens (cached or not) and among the output.
  if (inputAudio + inputImage > input + cacheRead) {
    const parts = [f.inputAudio && `${f.inputAudio.label} (${inputAudio})`, f.inputImage && `${f.inputImage.label} (${inputImage})`].filter(Boolean).join(' + ');
    return `${parts} is larger than the prompt's input and cached tokens (${input + cacheRead}), which include it: the counts are inconsistent`;
  }
  if (outputAudio > output) {
    return `${f.outputAudio?.label} (${outputAudio}) is larger than ${f.output?.label ?? 'output'} (${output}), which includes it: the counts are inconsistent`;
  }
  return { input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning, inputAudio, inputImage, outputAudio, webSearch: c.webSearch ?? 0 };
}

function resolveTime(field: Field | undefined, fallback: TimeFallback | undefined): { ms: number; source: TimeSource } | string {
  if (field) {
    const ms = parseTimestamp(field.value);
    if (ms === undefined) return `${field.label} is ${show(field.value)}: not a timestamp; expected ${TIMESTAMP_FORMS}`;
    return { ms, source: 'logged' };
  }
  if (fallback) return { ms: fallback.ms, source: fallback.source };
  return 'no timestamp in this record and no file time to fall back on (reading stdin): pass --default-time DATE';
}

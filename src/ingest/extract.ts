// The one mapping from a format's fields to a RawRecord. Formats differ only in data (which fields,
// which semantics); every check and every subtraction is here.

import type { RawRecord, SourceLocation, TimeSource, TokenBuckets } from '../core/types.ts';
import type { Field, FieldSource } from './fields.ts';
import { SERVICE_TIER_VALUES, TOKEN_ROLES, type FormatName, type Semantics, type TokenRole } from './formats.ts';
import { countReason, parseCount, show } from './numbers.ts';
import { readText } from './text.ts';
import { parseTimestamp, TIMESTAMP_FORMS } from './timestamps.ts';
import type { IngestEvent } from './types.ts';

/** The time to use when a record has none: --default-time, else the file's mtime. */
export interface TimeFallback {
  readonly ms: number;
  readonly source: Exclude<TimeSource, 'logged'>;
}

export interface LineContext {
  readonly format: FormatName;
  readonly where: SourceLocation;
  readonly fallback: TimeFallback | undefined;
  /** Set when the format was forced with --input-format: reasons then say so. */
  readonly forced: boolean;
}

type Counts = Record<TokenRole, number | undefined>;

export function reject(where: SourceLocation, reason: string): IngestEvent {
  return { kind: 'rejected', problem: { file: where.file, line: where.line, reason } };
}

export function skip(where: SourceLocation, reason: string): IngestEvent {
  return { kind: 'skipped', problem: { file: where.file, line: where.line, reason } };
}

export function extractRecord(src: FieldSource, sem: Semantics, ctx: LineContext): IngestEvent {
  const fail = (reason: string): IngestEvent =>
    reject(ctx.where, ctx.forced ? `${reason} (read as --input-format ${ctx.format})` : reason);

  const modelField = src.get('model');
  if (!modelField) return fail(`no model: looked for ${src.describe('model')}`);
  if (typeof modelField.value !== 'string' || modelField.value.trim() === '') {
    return fail(`${modelField.label} is ${show(modelField.value)}: expected the model name as a string`);
  }
  const model = modelField.value.trim();

  // Counts: undefined = absent. A present but bad value rejects the line, whatever its role.
  const counts: Counts = { input: undefined, output: undefined, cacheRead: undefined, cacheWrite5m: undefined, cacheWrite1h: undefined, cacheWrite: undefined, reasoning: undefined };
  const labels: Partial<Record<TokenRole, string>> = {};
  let anyCount = false;
  for (const role of TOKEN_ROLES) {
    const field = src.get(role);
    if (!field) continue;
    const n = parseCount(field.value, sem.numbersAsText);
    if (typeof n === 'string') return fail(countReason(field.label, field.value, n));
    counts[role] = n;
    labels[role] = field.label;
    anyCount = true;
  }
  for (const role of sem.requiredTokens) {
    if (counts[role] === undefined) return fail(`${src.describe(role)} is missing: this format always reports it`);
  }

  const time = resolveTime(src.get('timestamp'), ctx.fallback);
  if (typeof time === 'string') return fail(time);

  const record: RawRecord = { where: ctx.where, format: ctx.format, model, timestamp: time.ms, timeSource: time.source, requests: 1 };

  if (anyCount) {
    const tokens = toBuckets(counts, labels, sem);
    if (typeof tokens === 'string') return fail(tokens);
    record.tokens = tokens;
  } else {
    const text = readText(src.get('messages'), src.get('prompt'), src.get('completion'));
    if (text === undefined) {
      return fail(`no token counts and no text to count: expected one of ${src.describe('input')} / ${src.describe('output')}, or ${src.describe('messages')}`);
    }
    if ('problem' in text) return fail(text.problem);
    record.text = text.text;
  }

  const tierField = src.get('serviceTier');
  if (tierField && typeof tierField.value === 'string') {
    const tier = SERVICE_TIER_VALUES.get(tierField.value.trim().toLowerCase());
    if (tier) record.serviceTier = tier;
  }

  const requestsField = src.get('requests');
  if (requestsField) {
    const n = parseCount(requestsField.value, sem.numbersAsText);
    if (typeof n === 'string') return fail(countReason(requestsField.label, requestsField.value, n, 'request counts'));
    record.requests = n;
  }
  return { kind: 'record', record };
}

/**
 * Format counts → disjoint buckets. Cache writes: the 5m/1h split when either is present, else a
 * total of unknown TTL as 5m (the cheaper write, and Anthropic's default TTL).
 */
function toBuckets(c: Counts, labels: Partial<Record<TokenRole, string>>, sem: Semantics): TokenBuckets | string {
  const cacheRead = c.cacheRead ?? 0;
  const split = c.cacheWrite5m !== undefined || c.cacheWrite1h !== undefined;
  const cacheWrite5m = split ? (c.cacheWrite5m ?? 0) : (c.cacheWrite ?? 0);
  const cacheWrite1h = split ? (c.cacheWrite1h ?? 0) : 0;
  let input = c.input ?? 0;
  const included: string[] = [];
  let includedSum = 0;
  if (sem.inputIncludesCacheRead && cacheRead > 0) {
    included.push(`${labels.cacheRead} (${cacheRead})`);
    includedSum += cacheRead;
  }
  if (sem.inputIncludesCacheWrite && cacheWrite5m + cacheWrite1h > 0) {
    included.push(`cache writes (${cacheWrite5m + cacheWrite1h})`);
    includedSum += cacheWrite5m + cacheWrite1h;
  }
  if (includedSum > input) {
    const inputLabel = labels.input ?? 'input';
    return `${included.join(' + ')} is larger than ${inputLabel} (${input}), which includes it in this format: the counts are inconsistent`;
  }
  input -= includedSum;

  let output = c.output ?? 0;
  const reasoning = c.reasoning ?? 0;
  if (sem.outputIncludesReasoning) {
    if (reasoning > output) {
      return `${labels.reasoning} (${reasoning}) is larger than ${labels.output ?? 'output'} (${output}), which includes it: the counts are inconsistent`;
    }
  } else {
    output += reasoning;
  }
  return { input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning };
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

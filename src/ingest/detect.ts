// Which format a JSON line is, then extraction with that format's field map. Detection is per
// line, so a file mixing formats works; --input-format skips detection and reads every line as
// the forced format.

import { extractRecord, reject, skip, type TimeFallback } from './extract.ts';
import { detectKeysPresent, flatFields, jsonFields, mapColumns, matches, type FieldSource, type JsonObject } from './fields.ts';
import { FORMAT_NAMES, FORMAT_SPECS, NON_USAGE_LINES, normaliseKey, type FlatFormat, type FormatName, type FormatSpec, type Role } from './formats.ts';
import type { IngestEvent } from './types.ts';
import type { SourceLocation } from '../core/types.ts';

export interface ObjectContext {
  readonly where: SourceLocation;
  readonly fallback: TimeFallback | undefined;
  readonly forced: FormatName | undefined;
}

/**
 * Roles whose presence makes a flat row look like a request: an input count or request text.
 * A model or an output count alone is not enough: a vendor export whose input columns have other
 * names (Cursor's "Input (w/ Cache Write)") would otherwise be read as output-only requests and
 * priced far too low, where "unknown shape" makes the user look.
 */
export const FLAT_EVIDENCE: readonly Role[] = ['input', 'messages', 'prompt', 'completion'];

/** One JSON object (a parsed line) → exactly one event. */
export function interpretObject(obj: JsonObject, ctx: ObjectContext): IngestEvent {
  for (const rule of NON_USAGE_LINES) {
    if (matches(obj, rule.when)) return skip(ctx.where, rule.reason);
  }
  if (ctx.forced) {
    // readAs always answers when forced; the fallback only keeps the type honest.
    return readAs(obj, ctx.forced, FORMAT_SPECS[ctx.forced], ctx, true) ?? reject(ctx.where, `not a ${ctx.forced} line; keys seen: ${keyList(obj)}`);
  }
  for (const name of FORMAT_NAMES) {
    const event = readAs(obj, name, FORMAT_SPECS[name], ctx, false);
    if (event) return event;
  }
  return reject(ctx.where, `unknown log shape; keys seen: ${keyList(obj)}; use --input-format to force one`);
}

/** The event for `obj` read as `spec`, or undefined when it does not match (always an event when forced). */
function readAs(obj: JsonObject, name: FormatName, spec: FormatSpec, ctx: ObjectContext, forced: boolean): IngestEvent | undefined {
  const lineCtx = { format: name, where: ctx.where, fallback: ctx.fallback, forced };
  if (spec.shape === 'json') {
    const detected = matches(obj, spec.detect);
    if (!detected && !forced) return undefined;
    if (detected) {
      for (const rule of spec.skip) {
        if (matches(obj, rule.when)) return skip(ctx.where, rule.reason);
      }
    }
    return extractRecord(jsonFields(obj, spec), spec.semantics, lineCtx);
  }
  const src = flatSource(obj, spec);
  if (!forced && !flatDetected(obj, spec, src)) return undefined;
  return extractRecord(src, spec.semantics, lineCtx);
}

function flatSource(obj: JsonObject, spec: FlatFormat): FieldSource {
  const keys = Object.keys(obj);
  const columns = mapColumns(spec, keys.map((k) => [k, k] as const), (k) => k);
  return flatFields(spec, columns, (k) => obj[k]);
}

function flatDetected(obj: JsonObject, spec: FlatFormat, src: FieldSource): boolean {
  if (spec.detectKeys.length > 0) {
    return detectKeysPresent(spec, new Set(Object.keys(obj).map(normaliseKey)));
  }
  return FLAT_EVIDENCE.some((role) => src.get(role) !== undefined);
}

function keyList(obj: JsonObject): string {
  const keys = Object.keys(obj);
  const shown = keys.slice(0, 12).join(', ');
  return keys.length > 12 ? `${shown}, … (${keys.length} keys)` : shown || '(none)';
}

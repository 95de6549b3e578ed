// Which format a JSON line is (per line, so a file may mix formats), and which format a CSV file is
// (per header). --input-format and --map skip detection.

import { reject, skip } from '../extract/extract.ts';
import { fillReason, type JsonObject } from '../extract/fields.ts';
import { detectKeysPresent, flatFields, mapColumns, objectColumns, type FlatColumns } from '../extract/flat.ts';
import { FORMAT_NAMES, FORMAT_SPECS, headerNames, NON_USAGE_LINES, type FormatName } from '../formats/index.ts';
import { firstMatch } from '../extract/readers.ts';
import { normaliseKey, type Chosen, type FlatFormat, type JsonFormat, type Role, type Signature } from '../formats/spec.ts';
import type { IngestEvent } from '../types.ts';
import type { SourceLocation } from '../../core/types.ts';

export interface DetectContext {
  readonly forced: FormatName | undefined;
  /** The format --map defines; wins over detection like --input-format. */
  readonly custom: Chosen | undefined;
}

/**
 * Roles whose presence makes a flat row look like a request: an input count or request text.
 * A model or an output count alone is not enough: a vendor export whose input columns have other
 * names would otherwise be read as output-only requests and priced far too low, where "unknown
 * shape" makes the user look.
 */
export const FLAT_EVIDENCE: readonly Role[] = ['input', 'messages', 'prompt', 'completion'];

/** Lines known to carry no usage, whatever the format: the first that matches, as one function. */
const nonUsage = firstMatch(
  NON_USAGE_LINES.map((rule) => rule.when),
  () => false,
);

interface Detector {
  readonly name: FormatName;
  readonly spec: Chosen['spec'];
  readonly signature: Signature | undefined;
}

/**
 * The detection table: every signature of every format, in table order (the first match wins). A
 * flat format is one entry with no signature, tested by flatDetected.
 */
const DETECTORS: readonly Detector[] = FORMAT_NAMES.flatMap((name): Detector[] => {
  const spec = FORMAT_SPECS[name];
  if (spec.shape !== 'json') return [{ name, spec, signature: undefined }];
  return spec.detect.map((signature) => ({ name, spec, signature }));
});

/**
 * The table as one generated function (readers.ts): a line of another format fails each signature
 * at its first test, a property read that V8 caches for the file's object shape.
 */
const detect = firstMatch(
  DETECTORS.map((d) => d.signature),
  (obj, i) => {
    const { spec } = DETECTORS[i] as Detector;
    return spec.shape === 'flat' && flatDetected(obj, spec);
  },
);

/** The format to read a JSON object with, or its final event (a non-usage line, an unknown shape). */
export function pickFormat(obj: JsonObject, where: SourceLocation, ctx: DetectContext): Chosen | IngestEvent {
  const nonUsageRule = nonUsage(obj);
  if (nonUsageRule >= 0) return skip(where, fillReason(obj, (NON_USAGE_LINES[nonUsageRule] as (typeof NON_USAGE_LINES)[number]).reason));
  if (ctx.custom) return ctx.custom;
  if (ctx.forced) return { name: ctx.forced, spec: FORMAT_SPECS[ctx.forced] };
  const found = DETECTORS[detect(obj)];
  if (found) return found;
  return reject(where, `unknown log shape; keys seen: ${keyList(obj)}; use --input-format to force one, or --map to name the fields`);
}

function flatDetected(obj: JsonObject, spec: FlatFormat): boolean {
  if (spec.detectKeys.length > 0) return detectKeysPresent(spec, new Set(Object.keys(obj).map(normaliseKey)));
  const src = flatFields(spec, objectColumns(obj, spec), (k) => obj[k]);
  return FLAT_EVIDENCE.some((role) => src.fields[role] !== undefined);
}

/** How a CSV file is read, decided by its header. */
export type CsvPlan =
  | { readonly kind: 'json'; readonly chosen: Chosen & { readonly spec: JsonFormat } }
  | { readonly kind: 'flat'; readonly chosen: Chosen & { readonly spec: FlatFormat }; readonly columns: FlatColumns<number> }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * A CSV header → how its rows are read: the forced or --map format; else the first JSON format
 * with a signature made of header names (vendor exports, matched exactly after trimming); else a
 * flat format whose detectKeys are all there; else generic when a column looks like a request.
 */
export function pickCsvPlan(header: readonly string[], ctx: DetectContext): CsvPlan {
  const trimmed = header.map((h) => h.trim());
  const names = trimmed.map((h, i) => [i, h] as const);
  const label = (h: string): string => `column "${h}"`;
  const flat = (name: string, spec: FlatFormat): CsvPlan => ({ kind: 'flat', chosen: { name, spec }, columns: mapColumns(spec, names, label) });

  const fixed = ctx.custom ?? (ctx.forced && { name: ctx.forced, spec: FORMAT_SPECS[ctx.forced] });
  if (fixed) return fixed.spec.shape === 'json' ? { kind: 'json', chosen: { name: fixed.name, spec: fixed.spec } } : flat(fixed.name, fixed.spec);

  const present = new Set(trimmed);
  const norms = new Set(trimmed.map(normaliseKey));
  let fallback: { name: FormatName; spec: FlatFormat } | undefined;
  for (const name of FORMAT_NAMES) {
    const spec = FORMAT_SPECS[name];
    if (spec.shape === 'json') {
      const fits = spec.detect.some((sig) => headerNames(sig)?.every((n) => present.has(n)) ?? false);
      if (fits) return { kind: 'json', chosen: { name, spec } };
    } else if (spec.detectKeys.length === 0) {
      fallback ??= { name, spec };
    } else if (detectKeysPresent(spec, norms)) {
      return flat(name, spec);
    }
  }
  if (fallback) {
    const plan = flat(fallback.name, fallback.spec);
    if (plan.kind === 'flat' && FLAT_EVIDENCE.some((role) => plan.columns.roles[role] !== undefined)) return plan;
  }
  return { kind: 'unknown', reason: `unknown CSV header; columns seen: ${trimmed.join(', ')}; use --input-format to force one, or --map to name the columns` };
}

function keyList(obj: JsonObject): string {
  const keys = Object.keys(obj);
  const shown = keys.slice(0, 12).join(', ');
  return keys.length > 12 ? `${shown}, … (${keys.length} keys)` : shown || '(none)';
}

// Field sources: one interface over "a JSON object read by paths" and "a flat row read by
// normalised names" (flat.ts), so extract.ts has one code path. Also the condition tests of the
// format table and the tag reading they share.

import { conditionTest, firstPresentOf, madeOncePer, pathReader, type Field, type JsonObject, type PathReader } from './readers.ts';
import type { Condition, JsonFormat, Role } from '../formats/spec.ts';

export type { Field, JsonObject } from './readers.ts';

/**
 * Every role's field of one row: the first non-empty candidate, or undefined. A class with all
 * roles declared, so that every row of every format has one shape and reading `fields.input` is a
 * fast property read (a test checks the list is ROLES).
 */
export class RoleFields implements Record<Role, Field | undefined> {
  model: Field | undefined = undefined;
  timestamp: Field | undefined = undefined;
  serviceTier: Field | undefined = undefined;
  batch: Field | undefined = undefined;
  speed: Field | undefined = undefined;
  requests: Field | undefined = undefined;
  cost: Field | undefined = undefined;
  input: Field | undefined = undefined;
  output: Field | undefined = undefined;
  cacheRead: Field | undefined = undefined;
  cacheWrite5m: Field | undefined = undefined;
  cacheWrite1h: Field | undefined = undefined;
  cacheWrite: Field | undefined = undefined;
  reasoning: Field | undefined = undefined;
  extraInput: Field | undefined = undefined;
  total: Field | undefined = undefined;
  inputAudio: Field | undefined = undefined;
  inputImage: Field | undefined = undefined;
  outputAudio: Field | undefined = undefined;
  webSearch: Field | undefined = undefined;
  messages: Field | undefined = undefined;
  prompt: Field | undefined = undefined;
  completion: Field | undefined = undefined;
}

export interface FieldSource {
  /** The row's fields, read once. */
  readonly fields: RoleFields;
  /** Where a role was looked for, for "X is missing" reasons. */
  describe(role: Role): string;
  /** The row's labels (team, user, session…), or undefined when it has none. */
  tags(): Record<string, string> | undefined;
}

/** Values a hook computed instead of reading them (Codex deltas, the model of the last turn_context). */
export type Overrides = Partial<Record<Role, Field>>;

/** Absent for a field: missing, null, or a blank string (exports write "" for "none"). */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

// ── JSON paths ────────────────────────────────────────────────────────────────

/** The value at a dotted path; undefined when any step is missing or not an object. */
export function valueAt(obj: JsonObject, path: string): unknown {
  return pathReader(path)(obj);
}

const newRoleFields = (): RoleFields => new RoleFields();

/** A JSON format's field paths as one reader of all roles, made once (the hot path of a large log). */
const rolesReader = madeOncePer((spec: JsonFormat) => firstPresentOf(spec.fields, newRoleFields));

export function matches(obj: JsonObject, conditions: readonly Condition[]): boolean {
  return conditionTest(conditions)(obj);
}

/** A reason text with each `{path}` replaced by the string (or number) found there, or "?". */
export function fillReason(obj: JsonObject, reason: string): string {
  return reason.replace(/\{([^}]+)\}/g, (_, path: string) => {
    const v = valueAt(obj, path);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '?';
  });
}

/**
 * A shallow copy with the listed top-level fields decoded when they hold JSON as a string
 * (LiteLLM's metadata, a CSV cell). A string that is not JSON stays as it is.
 */
export function decodeJsonStrings(obj: JsonObject, keys: readonly string[] | undefined): JsonObject {
  if (!keys) return obj;
  let out: JsonObject | undefined;
  for (const key of keys) {
    const v = obj[key];
    if (typeof v !== 'string') continue;
    const text = v.trim();
    if (!(text.startsWith('{') || text.startsWith('['))) continue;
    try {
      out ??= { ...obj };
      out[key] = JSON.parse(text);
    } catch {
      // Left as text: a field read through it is then simply absent.
    }
  }
  return out ?? obj;
}

/** A tag value: trimmed text, a number or boolean as text, or a list of strings joined by ","; else undefined. */
export function tagValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    const parts = v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
    return parts.length > 0 ? parts.join(',') : undefined;
  }
  return undefined;
}

interface CompiledTags {
  readonly named: readonly (readonly [string, readonly PathReader[]])[];
  readonly objects: readonly (readonly [PathReader, string])[];
}

/** A format's tag paths as readers, made once (this runs for every record of a large log). */
const tagsOf = madeOncePer(
  (spec: JsonFormat): CompiledTags => ({
    named: Object.entries(spec.tags ?? {}).map(([name, paths]) => [name, paths.map(pathReader)] as const),
    objects: Object.entries(spec.tagObjects ?? {}).map(([path, prefix]) => [pathReader(path), prefix] as const),
  }),
);

function jsonTags(obj: JsonObject, spec: JsonFormat, extra: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!spec.tags && !spec.tagObjects && !extra) return undefined;
  let out: Record<string, string> | undefined;
  const { named, objects } = tagsOf(spec);
  for (const [name, paths] of named) {
    for (const read of paths) {
      const text = tagValue(read(obj));
      if (text !== undefined) {
        (out ??= {})[name] = text;
        break;
      }
    }
  }
  for (const [read, prefix] of objects) {
    const o = read(obj);
    if (typeof o !== 'object' || o === null || Array.isArray(o)) continue;
    for (const [k, v] of Object.entries(o)) {
      const text = tagValue(v);
      if (text !== undefined) (out ??= {})[prefix + k] = text;
    }
  }
  // A hook's tags (from earlier lines) fill in; the line's own tags win.
  for (const [k, v] of Object.entries(extra ?? {})) {
    const text = tagValue(v);
    if (text !== undefined && out?.[k] === undefined) (out ??= {})[k] = text;
  }
  return out;
}

/**
 * A field source over a JSON object. Overrides win over the paths, except for the model: a model
 * written in the line wins over one a hook inferred from earlier lines. `extraTags` come from a hook.
 */
export function jsonFields(obj: JsonObject, spec: JsonFormat, overrides?: Overrides, extraTags?: Record<string, string>): FieldSource {
  return new JsonFields(obj, spec, overrides, extraTags);
}

/** One object per line (not a set of closures): this runs for every record of a large log. */
class JsonFields implements FieldSource {
  readonly fields: RoleFields;
  readonly #obj: JsonObject;
  readonly #spec: JsonFormat;
  readonly #extraTags: Record<string, string> | undefined;

  constructor(obj: JsonObject, spec: JsonFormat, overrides: Overrides | undefined, extraTags: Record<string, string> | undefined) {
    this.#obj = obj;
    this.#spec = spec;
    this.#extraTags = extraTags;
    this.fields = rolesReader(spec)(obj);
    if (overrides) {
      for (const role of Object.keys(overrides) as Role[]) {
        const over = overrides[role];
        if (over && !(role === 'model' && this.fields.model)) this.fields[role] = over;
      }
    }
  }

  describe(role: Role): string {
    const paths = this.#spec.fields[role];
    return paths && paths.length > 0 ? paths.join(' or ') : `(${role}: not in this format)`;
  }

  tags(): Record<string, string> | undefined {
    return jsonTags(this.#obj, this.#spec, this.#extraTags);
  }
}

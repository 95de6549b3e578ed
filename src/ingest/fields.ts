// Field sources: one interface over "a JSON object read by paths" and "a flat row read by
// normalised names" (CSV cells or top-level JSON keys), so extract.ts has one code path.

import { normaliseKey, ROLES, TEXT_ROLES, TOKEN_ROLES, type Condition, type FlatFormat, type JsonFormat, type Role } from './formats.ts';
import { looksNumeric } from './numbers.ts';

/** A value found in a log and the name to show for it (a JSON path, a key or `column "X"`). */
export interface Field {
  readonly label: string;
  readonly value: unknown;
}

export interface FieldSource {
  /** The first non-empty candidate for a role, or undefined. */
  get(role: Role): Field | undefined;
  /** Where a role was looked for, for "X is missing" reasons. */
  describe(role: Role): string;
}

export type JsonObject = Record<string, unknown>;

// ── JSON paths ────────────────────────────────────────────────────────────────

const segmentCache = new Map<string, readonly string[]>();

/** A dotted path split once (paths come from the format table, so the cache stays small). */
function segments(path: string): readonly string[] {
  let segs = segmentCache.get(path);
  if (!segs) {
    segs = path.split('.');
    segmentCache.set(path, segs);
  }
  return segs;
}

/** The value at a dotted path; undefined when any step is missing or not an object. */
export function valueAt(obj: JsonObject, path: string): unknown {
  return valueAtSegments(obj, segments(path));
}

function valueAtSegments(obj: JsonObject, segs: readonly string[]): unknown {
  let cur: unknown = obj;
  for (let i = 0; i < segs.length; i++) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    // Plain property reads (no hasOwn): path names come from the format table and none is an
    // Object.prototype name, so nothing inherited can be found. This is the per-line hot path.
    cur = (cur as JsonObject)[segs[i] as string];
  }
  return cur;
}

interface CompiledPath {
  readonly label: string;
  readonly segs: readonly string[];
}

const compiledFields = new WeakMap<JsonFormat, Partial<Record<Role, readonly CompiledPath[]>>>();

/** A JSON format's field paths split once, not on every line (this is the hot path of a large log). */
function compiled(spec: JsonFormat): Partial<Record<Role, readonly CompiledPath[]>> {
  let out = compiledFields.get(spec);
  if (!out) {
    out = {};
    for (const role of ROLES) {
      const paths = spec.fields[role];
      if (paths) out[role] = paths.map((label) => ({ label, segs: segments(label) }));
    }
    compiledFields.set(spec, out);
  }
  return out;
}

export function matches(obj: JsonObject, conditions: readonly Condition[]): boolean {
  for (const c of conditions) {
    const v = valueAt(obj, c.path);
    if ('is' in c) {
      if (typeof v !== 'string' || !c.is.includes(v)) return false;
    } else if ((v !== undefined && v !== null) !== c.present) {
      return false;
    }
  }
  return true;
}

export function jsonFields(obj: JsonObject, spec: JsonFormat): FieldSource {
  const fields = compiled(spec);
  return {
    get(role) {
      const paths = fields[role];
      if (!paths) return undefined;
      for (const path of paths) {
        const value = valueAtSegments(obj, path.segs);
        if (value !== undefined && value !== null) return { label: path.label, value };
      }
      return undefined;
    },
    describe(role) {
      const paths = spec.fields[role];
      return paths && paths.length > 0 ? paths.join(' or ') : `(${role}: not in this format)`;
    },
  };
}

// ── Flat rows ─────────────────────────────────────────────────────────────────

/** A named cell: where it is in the row and how to show its name. */
export interface Column<K> {
  readonly key: K;
  readonly label: string;
  /** A name that is a count when the value looks numeric and text otherwise (FlatFormat.ambiguous). */
  readonly ambiguous: boolean;
}

/** The columns of a flat row that a format reads, per role, in alias priority order. */
export type RoleColumns<K> = Partial<Record<Role, readonly Column<K>[]>>;

const TEXT_ROLE_SET: ReadonlySet<Role> = new Set<Role>(TEXT_ROLES);
const COUNT_ROLE_SET: ReadonlySet<Role> = new Set<Role>([...TOKEN_ROLES, 'requests']);

interface NormalisedSpec {
  readonly ambiguous: ReadonlySet<string>;
  readonly aliases: readonly (readonly [Role, readonly string[]])[];
}

const normalisedSpecs = new WeakMap<FlatFormat, NormalisedSpec>();

/** A flat format's names normalised once, not once per JSON line. */
function normalisedSpec(spec: FlatFormat): NormalisedSpec {
  let out = normalisedSpecs.get(spec);
  if (!out) {
    out = {
      ambiguous: new Set(spec.ambiguous.map(normaliseKey)),
      aliases: ROLES.flatMap((role) => {
        const names = spec.aliases[role];
        return names ? [[role, names.map(normaliseKey)] as const] : [];
      }),
    };
    normalisedSpecs.set(spec, out);
  }
  return out;
}

/**
 * Maps a row's names (CSV header or JSON keys) to roles. `names` yields [key, original name]; the
 * first name that normalises to an alias wins, and aliases keep their priority order.
 */
export function mapColumns<K>(spec: FlatFormat, names: Iterable<readonly [K, string]>, labelOf: (name: string) => string): RoleColumns<K> {
  const { ambiguous, aliases: roleAliases } = normalisedSpec(spec);
  const byNorm = new Map<string, Column<K>>();
  for (const [key, name] of names) {
    const norm = normaliseKey(name);
    if (!byNorm.has(norm)) byNorm.set(norm, { key, label: labelOf(name), ambiguous: ambiguous.has(norm) });
  }
  const out: RoleColumns<K> = {};
  for (const [role, aliases] of roleAliases) {
    const cols = aliases.flatMap((alias) => byNorm.get(alias) ?? []);
    if (cols.length > 0) out[role] = cols;
  }
  return out;
}

/** A flat format's detectKeys are all among the (normalised) names; false for an empty list. */
export function detectKeysPresent(spec: FlatFormat, normNames: ReadonlySet<string>): boolean {
  return spec.detectKeys.length > 0 && spec.detectKeys.every((k) => normNames.has(normaliseKey(k)));
}

/**
 * A field source over one flat row. Empty cells and nulls are absent. Ambiguous names (`prompt`)
 * count as tokens when the value looks numeric and as text otherwise. Text roles take only text
 * (messages also an array), so `response: {…}` in some other JSON shape is not mistaken for text.
 */
export function flatFields<K>(spec: FlatFormat, columns: RoleColumns<K>, cell: (key: K) => unknown): FieldSource {
  return {
    get(role) {
      const cols = columns[role];
      if (!cols) return undefined;
      for (const col of cols) {
        const value = cell(col.key);
        if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) continue;
        if (TEXT_ROLE_SET.has(role)) {
          if (!(typeof value === 'string' || (role === 'messages' && Array.isArray(value)))) continue;
          if (col.ambiguous && looksNumeric(value)) continue;
        } else if (COUNT_ROLE_SET.has(role) && col.ambiguous && !looksNumeric(value)) {
          continue;
        }
        return { label: col.label, value: typeof value === 'string' && !TEXT_ROLE_SET.has(role) ? value.trim() : value };
      }
      return undefined;
    },
    describe(role) {
      const aliases = spec.aliases[role] ?? [];
      return aliases.length > 0 ? aliases.join(', ') : `(${role}: not in this format)`;
    },
  };
}

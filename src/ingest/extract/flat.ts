// Flat rows: CSV cells or the top-level keys of a JSON object, matched to roles by normalised
// name (the generic format). Columns are mapped once per header, or once per key list.

import { isBlank, RoleFields, tagValue, type Field, type FieldSource, type JsonObject } from './fields.ts';
import { looksNumeric } from './numbers.ts';
import { normaliseKey, ROLES, TEXT_ROLES, TOKEN_ROLES, type FlatFormat, type Role } from '../formats/spec.ts';

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

/** A role with its columns, and what kind of value it takes (decided once per header, not per row). */
export interface MappedRole<K> {
  readonly role: Role;
  readonly cols: readonly Column<K>[];
  /** Takes text (messages, prompt, completion), not a trimmed scalar. */
  readonly text: boolean;
  /** Takes a count (tokens, requests). */
  readonly count: boolean;
}

/** The columns of a flat row mapped once per header (CSV) or per object (JSON): roles and tags. */
export interface FlatColumns<K> {
  readonly roles: RoleColumns<K>;
  /** The roles that have columns, with them, in ROLES order: what a row is read through. */
  readonly mapped: readonly MappedRole<K>[];
  readonly tags: readonly (readonly [string, Column<K>])[];
}

/**
 * Maps a row's names (CSV header or JSON keys) to roles and tags. `names` yields [key, original
 * name]; the first name that normalises to an alias wins, and aliases keep their priority order.
 */
export function mapColumns<K>(spec: FlatFormat, names: Iterable<readonly [K, string]>, labelOf: (name: string) => string): FlatColumns<K> {
  const { ambiguous, aliases: roleAliases } = normalisedSpec(spec);
  const byNorm = new Map<string, Column<K>>();
  for (const [key, name] of names) {
    const norm = normaliseKey(name);
    if (!byNorm.has(norm)) byNorm.set(norm, { key, label: labelOf(name), ambiguous: ambiguous.has(norm) });
  }
  const roles: RoleColumns<K> = {};
  for (const [role, aliases] of roleAliases) {
    const cols = aliases.flatMap((alias) => byNorm.get(alias) ?? []);
    if (cols.length > 0) roles[role] = cols;
  }
  const tags: (readonly [string, Column<K>])[] = [];
  for (const [tag, aliases] of Object.entries(spec.tagAliases ?? {})) {
    const col = aliases.map((a) => byNorm.get(normaliseKey(a))).find((c) => c !== undefined);
    if (col) tags.push([tag, col]);
  }
  const mapped = ROLES.flatMap((role): MappedRole<K>[] => {
    const cols = roles[role];
    return cols ? [{ role, cols, text: TEXT_ROLE_SET.has(role), count: COUNT_ROLE_SET.has(role) }] : [];
  });
  return { roles, mapped, tags };
}

const objectColumnCache = new WeakMap<FlatFormat, Map<string, FlatColumns<string>>>();

/**
 * mapColumns over a JSON object's keys, cached per key list: the lines of one log share their
 * keys, and mapping them is most of the cost of a generic line.
 */
export function objectColumns(obj: JsonObject, spec: FlatFormat): FlatColumns<string> {
  const keys = Object.keys(obj);
  const id = JSON.stringify(keys);
  let cache = objectColumnCache.get(spec);
  if (!cache) {
    cache = new Map();
    objectColumnCache.set(spec, cache);
  }
  let columns = cache.get(id);
  if (!columns) {
    // A log whose every line has new keys would grow the cache without bound: start over.
    if (cache.size >= 256) cache.clear();
    columns = mapColumns(spec, keys.map((k) => [k, k] as const), (k) => k);
    cache.set(id, columns);
  }
  return columns;
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
export function flatFields<K>(spec: FlatFormat, columns: FlatColumns<K>, cell: (key: K) => unknown): FieldSource {
  return new FlatFields(spec, columns, cell);
}

/** One object per row (not a set of closures): this runs for every row of a large CSV. */
class FlatFields<K> implements FieldSource {
  readonly fields = new RoleFields();
  readonly #spec: FlatFormat;
  readonly #columns: FlatColumns<K>;
  readonly #cell: (key: K) => unknown;

  constructor(spec: FlatFormat, columns: FlatColumns<K>, cell: (key: K) => unknown) {
    this.#spec = spec;
    this.#columns = columns;
    this.#cell = cell;
    for (const mapped of columns.mapped) this.fields[mapped.role] = firstCell(mapped, cell);
  }

  describe(role: Role): string {
    const aliases = this.#spec.aliases[role] ?? [];
    return aliases.length > 0 ? aliases.join(', ') : `(${role}: not in this format)`;
  }

  tags(): Record<string, string> | undefined {
    let out: Record<string, string> | undefined;
    for (const [tag, col] of this.#columns.tags) {
      const v = tagValue(this.#cell(col.key));
      if (v !== undefined) (out ??= {})[tag] = v;
    }
    return out;
  }
}

/** The first of a role's columns whose cell the role can take. */
function firstCell<K>({ role, cols, text, count }: MappedRole<K>, cell: (key: K) => unknown): Field | undefined {
  for (const col of cols) {
    const value = cell(col.key);
    if (isBlank(value)) continue;
    if (text) {
      if (!(typeof value === 'string' || (role === 'messages' && Array.isArray(value)))) continue;
      if (col.ambiguous && looksNumeric(value)) continue;
    } else if (count && col.ambiguous && !looksNumeric(value)) {
      continue;
    }
    return { label: col.label, value: typeof value === 'string' && !text ? value.trim() : value };
  }
  return undefined;
}

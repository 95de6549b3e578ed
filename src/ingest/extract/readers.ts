// JSON paths and condition lists turned into code, once per path or list. A large log runs them on
// every line: a path walked segment by segment from an array is a property read whose key changes
// from call to call, which V8 cannot cache, while generated code reads `o["usage"]` at a site of its
// own that stays fast for the one or two object shapes a file has. The code is generated from
// format data (ours, or a --map spec): every key and value enters it as a JSON string literal, so
// no data is ever read as code.

import type { Condition } from '../formats/spec.ts';

export type JsonObject = Record<string, unknown>;
export type PathReader = (obj: JsonObject) => unknown;
export type ConditionTest = (obj: JsonObject) => boolean;

const literal = (value: string | boolean): string => JSON.stringify(value);

/**
 * An expression for the value at `segs` under the object `o`, using the scratch variable `v`:
 * undefined when a step is missing or not an object (an array is an object: "choices.0" indexes it).
 * Plain property reads, no hasOwn: table paths name no Object.prototype member, and a --map path
 * that does ("constructor") finds a function, which no role accepts.
 */
function valueExpr(segs: readonly string[]): string {
  // The first step needs no test: `o` is an object.
  let expr = `o[${literal(segs[0] ?? '')}]`;
  for (const seg of segs.slice(1)) {
    const select = SELECTOR.exec(seg);
    expr = select
      ? `((v = ${expr}), Array.isArray(v) ? v.find((e) => typeof e === "object" && e !== null && e[${literal(select[1] ?? '')}] === ${literal(select[2] ?? '')}) : undefined)`
      : `((v = ${expr}), typeof v === "object" && v !== null ? v[${literal(seg)}] : undefined)`;
  }
  return expr;
}

/**
 * A path step "[key=value]" selects the first element of an array whose `key` is the string
 * `value`: Gemini lists tokens per modality as [{modality: "AUDIO", tokenCount: 12}, …], so
 * "usageMetadata.promptTokensDetails.[modality=AUDIO].tokenCount" reads the audio tokens.
 */
const SELECTOR = /^\[([^=\]]+)=([^\]]*)\]$/;

/**
 * A path's steps: split at dots, except that a step written in double quotes is one key, dots
 * included, as in jq: OpenTelemetry attributes are flat objects whose keys hold dots, so
 * `attributes."gen_ai.usage.input_tokens"` reads the key "gen_ai.usage.input_tokens" of
 * `attributes`. A quote that does not close a whole step (before a dot or the end) is a character.
 */
export function splitPath(path: string): string[] {
  if (!path.includes('"')) return path.split('.');
  const steps: string[] = [];
  let i = 0;
  for (;;) {
    if (path[i] === '"') {
      const close = path.indexOf('"', i + 1);
      if (close > i + 1 && (close + 1 === path.length || path[close + 1] === '.')) {
        steps.push(path.slice(i + 1, close));
        if (close + 1 === path.length) return steps;
        i = close + 2;
        continue;
      }
    }
    const dot = path.indexOf('.', i);
    if (dot === -1) {
      steps.push(path.slice(i));
      return steps;
    }
    steps.push(path.slice(i, dot));
    i = dot + 1;
  }
}

/** An expression that is true when the condition holds (see spec.ts Condition). */
function conditionExpr(c: Condition): string {
  const value = `(v = ${valueExpr(splitPath(c.path))})`;
  if ('present' in c) return c.present ? `(${value} !== undefined && v !== null)` : `(${value} === undefined || v === null)`;
  // A value listed in `is` is a string or a boolean, so === against each is the whole test.
  if ('is' in c) return c.is.length === 0 ? 'false' : `(${value} === ${c.is.map(literal).join(' || v === ')})`;
  if ('not' in c) return c.not.length === 0 ? `(${value}, true)` : `(${value} !== ${c.not.map(literal).join(' && v !== ')})`;
  return `(typeof ${value} === "string" && v.startsWith(${literal(c.prefix)}))`;
}

/**
 * The order conditions are tested in: a value test or a key that must be there usually fails on a
 * line of another format, "key must be absent" usually holds, so it comes last.
 */
function ranked(conditions: readonly Condition[]): Condition[] {
  const rank = (c: Condition): number => ('present' in c ? (c.present ? 1 : 2) : 0);
  return [...conditions].sort((a, b) => rank(a) - rank(b));
}

/** One expression true when all conditions hold (true for none). */
function allExpr(conditions: readonly Condition[]): string {
  const parts = ranked(conditions).map(conditionExpr);
  return parts.length === 0 ? 'true' : parts.join(' && ');
}

const readers = new Map<string, PathReader>();

/** The reader of a dotted path (paths come from format data, so the cache stays small). */
export function pathReader(path: string): PathReader {
  let read = readers.get(path);
  if (!read) {
    read = new Function('o', `let v; return ${valueExpr(splitPath(path))};`) as PathReader;
    readers.set(path, read);
  }
  return read;
}

/**
 * `make`, made once per key object (a format spec, a rule list) and kept while the key lives. The
 * last key is checked first: the lines of a log mostly share one format, so the WeakMap (a hash
 * lookup) is rarely asked.
 */
export function madeOncePer<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>();
  let lastKey: K | undefined;
  let lastValue: V | undefined;
  return (key) => {
    if (key === lastKey) return lastValue as V;
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    lastKey = key;
    lastValue = value;
    return value;
  };
}

/** The test of a condition list (a signature, a skip rule's `when`): all must hold. */
export const conditionTest = madeOncePer((conditions: readonly Condition[]): ConditionTest => new Function('o', `let v; return ${allExpr(conditions)};`) as ConditionTest);

/**
 * A first-match over a table of entries, as one function: an entry is a condition list (matches
 * when all hold) or `undefined`, tested by calling `other(obj, index)`. Returns the index of the
 * first entry that matches, or -1.
 */
export function firstMatch(
  entries: readonly (readonly Condition[] | undefined)[],
  other: (obj: JsonObject, index: number) => boolean,
): (obj: JsonObject) => number {
  const body = entries.map((conditions, i) => (conditions ? `if (${allExpr(conditions)}) return ${i};` : `if (other(o, ${i})) return ${i};`));
  return new Function('other', `return function firstMatch(o) { let v;\n${body.join('\n')}\nreturn -1; };`)(other) as (obj: JsonObject) => number;
}

/** A value found in a log and the name to show for it (a JSON path, a key or `column "X"`). */
export interface Field {
  readonly label: string;
  readonly value: unknown;
}

/** The test that a value is there: not missing, null, or a blank string (exports write "" for "none"). */
const PRESENT = 'v !== undefined && v !== null && (typeof v !== "string" || v.trim() !== "")';

/** Statements that set `f[slot]` to the first candidate path whose value is there, with its path. */
function firstPresentCode(slot: string, paths: readonly string[]): string {
  let code = '';
  for (const path of [...paths].reverse()) {
    const found = `f[${literal(slot)}] = { label: ${literal(path)}, value: v };`;
    code = `v = ${valueExpr(splitPath(path))};\nif (${PRESENT}) ${found}${code ? ` else {\n${code}\n}` : ''}`;
  }
  return code;
}

/**
 * The reader of named lists of candidate paths, as one function: into a new `make()` object (one
 * shape for every line), each name gets the first value that is there, with its path as label,
 * and is left as make() set it when none is.
 */
export function firstPresentOf<T extends object>(paths: Readonly<Record<string, readonly string[]>>, make: () => T): (obj: JsonObject) => T {
  const body = Object.entries(paths).map(([slot, list]) => firstPresentCode(slot, list));
  return new Function('make', `return function firstPresentOf(o) { let v; const f = make();\n${body.join('\n')}\nreturn f; };`)(make) as (obj: JsonObject) => T;
}

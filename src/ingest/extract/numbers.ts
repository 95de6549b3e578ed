// Token counts from logs: JSON numbers, or text in CSV cells ("1,000", " 42 ").

/** A decimal number as people write it: optional sign, plain or comma-grouped thousands, optional fraction. */
const NUMERIC_TEXT = /^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;

/** True when a value is a number or text shaped like one (used to tell `prompt: 12` from `prompt: "Hi"`). */
export function looksNumeric(value: unknown): boolean {
  if (typeof value === 'number') return true;
  return typeof value === 'string' && NUMERIC_TEXT.test(value.trim());
}

/** What is wrong with a count, as the end of "<field> is <value>: …". */
export type CountProblem = 'not-a-count' | 'text-not-allowed';

/**
 * A token (or request) count: a safe integer ≥ 0. Text is accepted only when `numbersAsText`
 * (CSV cells, flat hand-rolled logs); "12.0" is accepted as 12 (spreadsheets write it), "12.5",
 * "-3", "abc" and "$5" are not. Returns the count or the problem.
 */
export function parseCount(value: unknown, numbersAsText: boolean): number | CountProblem {
  let n: number;
  if (typeof value === 'number') {
    n = value;
  } else if (typeof value === 'string') {
    if (!numbersAsText) return 'text-not-allowed';
    const text = value.trim();
    if (isPlainDigits(text)) n = Number(text);
    else if (!NUMERIC_TEXT.test(text)) return 'not-a-count';
    else n = Number(text.replace(/,/g, ''));
  } else {
    return 'not-a-count';
  }
  // `+ 0` turns -0 into 0.
  return Number.isSafeInteger(n) && n >= 0 ? n + 0 : 'not-a-count';
}

/** Digits only, at most 15 (exact as a double): what CSV cells nearly always hold; no regex needed. */
function isPlainDigits(text: string): boolean {
  if (text.length === 0 || text.length > 15) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The reason text for a bad count at `label`. */
export function countReason(label: string, value: unknown, problem: CountProblem, what = 'token counts'): string {
  return problem === 'text-not-allowed'
    ? `${label} is ${show(value)}, a string: this format has JSON numbers there`
    : `${label} is ${show(value)}: ${what} must be whole numbers ≥ 0`;
}

/**
 * The deepest nesting of a value that is shown (in a reason) or keyed (the Codex totals): deeper
 * values are refused, never walked by a recursive JSON.stringify or String(), which overflow the
 * stack near 10,000 levels. A value nested deeper makes its row rejected (docs/report-contract.md, Limits).
 */
export const MAX_VALUE_DEPTH = 64;

/** True when `value` nests arrays/objects more than `max` levels deep; an explicit stack, no recursion. */
export function nestedDeeperThan(value: unknown, max = MAX_VALUE_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const v = stack.pop() as object;
    const depth = depths.pop() as number;
    if (depth > max) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) {
        stack.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/** The words for a value over MAX_VALUE_DEPTH, in "<label> is <…>" reasons. */
export function tooDeep(value: unknown): string {
  return `${Array.isArray(value) ? 'an array' : 'an object'} nested more than ${MAX_VALUE_DEPTH} levels deep`;
}

const SHOW_CHARS = 60;

/**
 * A short rendering of a log value for a reason text: JSON-like, cut at 60 characters. Written
 * without recursion and stopped as soon as it is long enough, so a huge or deeply nested value
 * (a 10,000-deep array, a million-item list) costs a few dozen steps, never a stack overflow.
 */
export function show(value: unknown): string {
  if (typeof value !== 'object' || value === null) return scalar(value);
  if (nestedDeeperThan(value)) return tooDeep(value);
  let text = '';
  // Work items: a value to write, or a literal piece of text (closing brackets, commas, keys).
  const work: (readonly [unknown] | string)[] = [[value]];
  while (work.length > 0 && text.length <= SHOW_CHARS) {
    const item = work.pop() as readonly [unknown] | string;
    if (typeof item === 'string') {
      text += item;
      continue;
    }
    const [v] = item;
    if (typeof v !== 'object' || v === null) {
      text += scalar(v);
      continue;
    }
    const array = Array.isArray(v);
    text += array ? '[' : '{';
    work.push(array ? ']' : '}');
    // Only the first few members can fit in 60 characters: never list more of a huge value.
    const entries: [string | undefined, unknown][] = [];
    if (array) {
      for (let i = 0; i < v.length && i <= SHOW_CHARS; i++) entries.push([undefined, v[i]]);
    } else {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        entries.push([k, (v as Record<string, unknown>)[k]]);
        if (entries.length > SHOW_CHARS) break;
      }
    }
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i] as [string | undefined, unknown];
      work.push([child]);
      if (k !== undefined) work.push(`${JSON.stringify(k)}:`);
      if (i > 0) work.push(',');
    }
  }
  return text.length > SHOW_CHARS || work.length > 0 ? `${text.slice(0, SHOW_CHARS - 3)}…` : text;
}

function scalar(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return value.length > SHOW_CHARS ? `${JSON.stringify(value.slice(0, SHOW_CHARS))}` : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? String(value);
}

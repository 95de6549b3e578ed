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

/** A short rendering of a log value for a reason text. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

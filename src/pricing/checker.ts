// A small collector for validating parsed JSON: every check records a problem with the file and
// JSON path and returns undefined, so a validator walks the whole file and reports everything at once
// (`pricing check` lists all problems, not the first). Shared by the pricing and FX validators.
import { tryParseDecimal, type Decimal } from '../core/money.ts';

export interface SchemaProblem {
  file: string;
  path: string;
  message: string;
}

export type Json = Record<string, unknown>;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/** A date ("2025-09-29", midnight UTC) or a UTC datetime ("2025-09-05T16:00:00Z") → epoch ms. */
export function parseDataTime(text: string): number | undefined {
  if (!DATE_ONLY.test(text) && !DATE_TIME_UTC.test(text)) return undefined;
  const ms = Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text);
  // Date.parse accepts 2025-02-30 (rolling over to March); a calendar date must round-trip.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text.slice(0, 10)) return undefined;
  return ms;
}

/** JSON.parse's message on one line (Node quotes the offending text, newlines included). */
export function jsonErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `not valid JSON: ${message.replace(/\s+/g, ' ').trim()} (look for a trailing comma, a missing comma or an unquoted key)`;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export class Checker {
  readonly problems: SchemaProblem[] = [];
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }

  fail(path: string, message: string): undefined {
    this.problems.push({ file: this.file, path, message });
    return undefined;
  }

  object(value: unknown, path: string): Json | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    return this.fail(path, `expected an object, found ${describe(value)}`);
  }

  array(value: unknown, path: string): unknown[] | undefined {
    return Array.isArray(value) ? value : this.fail(path, `expected an array, found ${describe(value)}`);
  }

  string(obj: Json, key: string, path: string, required: true): string | undefined;
  string(obj: Json, key: string, path: string, required?: false): string | undefined;
  string(obj: Json, key: string, path: string, required = false): string | undefined {
    const value = obj[key];
    if (value === undefined) return required ? this.fail(`${path}.${key}`, 'is required') : undefined;
    if (typeof value === 'string' && value.trim() !== '') return value;
    return this.fail(`${path}.${key}`, `expected a non-empty string, found ${describe(value)}`);
  }

  /** A non-negative decimal written as a string; `example` shows the expected form in the message. */
  decimal(obj: Json, key: string, path: string, example: string): Decimal | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && PLAIN_DECIMAL.test(value)) return tryParseDecimal(value);
    const hint = typeof value === 'number' ? ` (write it as a string: "${value}")` : '';
    return this.fail(`${path}.${key}`, `expected ${example}, found ${describe(value)}${hint}`);
  }

  rate(obj: Json, key: string, path: string): Decimal | undefined {
    return this.decimal(obj, key, path, 'a decimal string per million tokens such as "0.28"');
  }

  time(obj: Json, key: string, path: string, required: boolean): number | undefined {
    const text = required ? this.string(obj, key, path, true) : this.string(obj, key, path);
    if (text === undefined) return undefined;
    const ms = parseDataTime(text);
    if (ms === undefined) return this.fail(`${path}.${key}`, `expected "YYYY-MM-DD" or a UTC datetime "YYYY-MM-DDTHH:MM:SSZ", found ${JSON.stringify(text)}`);
    return ms;
  }

  /** A calendar date "YYYY-MM-DD" (the `checked` field). */
  date(obj: Json, key: string, path: string, required: boolean): string | undefined {
    const text = required ? this.string(obj, key, path, true) : this.string(obj, key, path);
    if (text === undefined) return undefined;
    if (!DATE_ONLY.test(text) || parseDataTime(text) === undefined) return this.fail(`${path}.${key}`, `expected a date "YYYY-MM-DD", found ${JSON.stringify(text)}`);
    return text;
  }

  positiveInteger(obj: Json, key: string, path: string): number | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
    return this.fail(`${path}.${key}`, `expected a whole number of tokens > 0, found ${describe(value)}`);
  }

  oneOf<T extends string>(obj: Json, key: string, path: string, choices: readonly T[], required: boolean): T | undefined {
    const text = required ? this.string(obj, key, path, true) : this.string(obj, key, path);
    if (text === undefined) return undefined;
    const found = choices.find((choice) => choice === text);
    return found ?? this.fail(`${path}.${key}`, `expected one of ${choices.join(', ')}, found ${JSON.stringify(text)}`);
  }

  unknownKeys(obj: Json, allowed: readonly string[], path: string, hint: Record<string, string> = {}): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.fail(`${path}.${key}`, hint[key] ?? `unknown field (allowed: ${allowed.join(', ')})`);
    }
  }

  /** An anchored regular expression (no substring matching), with at least one capture group if asked. */
  pattern(value: unknown, path: string, needsGroup: boolean): RegExp | undefined {
    if (typeof value !== 'string') return this.fail(path, `expected a regular expression string, found ${describe(value)}`);
    if (!value.startsWith('^') || !value.endsWith('$')) return this.fail(path, 'must be anchored with ^ and $ (no substring matching)');
    let pattern: RegExp;
    try {
      pattern = new RegExp(value);
    } catch (error) {
      return this.fail(path, `not a valid regular expression: ${(error as Error).message}`);
    }
    // A regex with n groups matches the empty alternative with n + 1 slots.
    const groups = (new RegExp(`${value}|`).exec('')?.length ?? 1) - 1;
    if (needsGroup && groups < 1) return this.fail(path, 'needs a capture group: the part that names the model');
    return pattern;
  }
}

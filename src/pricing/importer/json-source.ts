// A JSON reader that keeps every number as the text it was written with. JSON.parse turns
// "1.25e-07" into the nearest double, and Node 20 has no access to a number's source text, so
// converting per-token prices to per-million decimals exactly needs the literal itself.
// Pure: text in, tree out; a syntax error names the line and column.

/** A number as written in the source ("3e-06", "0.135"); never converted to a float. */
export class NumberLiteral {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

export type SourceValue = string | boolean | null | NumberLiteral | SourceValue[] | SourceObject;
export interface SourceObject {
  [key: string]: SourceValue;
}

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** Parses JSON text; numbers become NumberLiteral. Throws JsonSyntaxError with line:column. */
export function parseJsonExact(text: string): SourceValue {
  let pos = 0;
  const fail = (what: string): never => {
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - before.lastIndexOf('\n');
    throw new JsonSyntaxError(`${what} at line ${line}, column ${column}`);
  };
  const skip = () => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.exec(text);
    pos = WHITESPACE.lastIndex;
  };
  const expect = (char: string) => {
    skip();
    if (text[pos] !== char) fail(`expected "${char}"`);
    pos++;
  };
  const string = (): string => {
    // The body up to the closing quote, decoded by JSON.parse (escapes are its job, not ours).
    const start = pos;
    pos++;
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const value = (depth: number): SourceValue => {
    if (depth > 512) fail('nesting too deep');
    skip();
    const char = text[pos];
    if (char === '{') {
      pos++;
      const obj: SourceObject = {};
      skip();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        skip();
        if (text[pos] !== '"') fail('expected a quoted key');
        const key = string();
        expect(':');
        obj[key] = value(depth + 1);
        skip();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect('}');
        return obj;
      }
    }
    if (char === '[') {
      pos++;
      const items: SourceValue[] = [];
      skip();
      if (text[pos] === ']') {
        pos++;
        return items;
      }
      for (;;) {
        items.push(value(depth + 1));
        skip();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect(']');
        return items;
      }
    }
    if (char === '"') return string();
    for (const [word, result] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return result;
      }
    }
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match) return fail(char === undefined ? 'unexpected end of input' : `unexpected ${JSON.stringify(char)}`);
    pos = NUMBER.lastIndex;
    return new NumberLiteral(match[0]);
  };
  const result = value(0);
  skip();
  if (pos < text.length) fail('unexpected text after the JSON value');
  return result;
}

export function isObject(value: SourceValue | undefined): value is SourceObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof NumberLiteral);
}

/**
 * A number literal as a plain decimal string, with the decimal point moved `shift` places right
 * (6 turns a per-token price into a per-million one): "3e-06" → "3", "1.25e-07" → "0.125".
 * Text manipulation only, so nothing is rounded. Undefined for a negative or non-number value.
 */
export function literalToDecimalText(value: SourceValue | undefined, shift: number): string | undefined {
  if (!(value instanceof NumberLiteral)) return undefined;
  const match = /^(-)?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(value.text);
  if (!match || match[1]) return undefined;
  const [, , whole = '0', frac = '', exp = '0'] = match;
  // value = digits × 10^-(scale)
  let digits = (whole + frac).replace(/^0+(?=\d)/, '');
  let scale = frac.length - Number(exp) - shift;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  const padded = digits.padStart(scale + 1, '0');
  const intPart = padded.slice(0, padded.length - scale).replace(/^0+(?=\d)/, '');
  const fracPart = padded.slice(padded.length - scale).replace(/0+$/, '');
  return fracPart === '' ? intPart : `${intPart}.${fracPart}`;
}

// A compact encoding of a file's events for the cache: plain JSON-like values (objects, arrays,
// strings, numbers, booleans, null, undefined) as a stream of Int32 codes, with every string and
// every object's list of keys stored once in a table, and numbers that are not small integers in a
// Float64 stream. An agent's log repeats a few strings (a file name, a skip reason, a model, a tag)
// across thousands of events: v8.serialize writes each again, and reading its output back cost
// more than reading the log. Objects come back with their keys in the same order. Anything else (a
// class instance, a Map, a symbol, a bigint) is refused (Unencodable): the file is then not cached.

export class Unencodable extends Error {
  override name = 'Unencodable';
}

const T_UNDEFINED = 0;
const T_NULL = 1;
const T_FALSE = 2;
const T_TRUE = 3;
/** An integer in Int32 range, the next code. */
const T_INT = 4;
/** A number from the Float64 stream. */
const T_FLOAT = 5;
/** A string: the next code is its index in the table. */
const T_STRING = 6;
/** An object: the next code is its shape (its keys as a JSON array, in the table), then its values. */
const T_OBJECT = 7;
/** An array: the next code is its length, then its elements. */
const T_ARRAY = 8;

export class Encoder {
  readonly codes: number[] = [];
  readonly floats: number[] = [];
  readonly #table = new Map<string, number>();

  /** Appends a value; throws Unencodable for a value it cannot give back exactly. */
  write(value: unknown): void {
    const codes = this.codes;
    switch (typeof value) {
      case 'undefined':
        codes.push(T_UNDEFINED);
        return;
      case 'boolean':
        codes.push(value ? T_TRUE : T_FALSE);
        return;
      case 'number':
        if ((value | 0) === value && !Object.is(value, -0)) codes.push(T_INT, value);
        else {
          codes.push(T_FLOAT, this.floats.length);
          this.floats.push(value);
        }
        return;
      case 'string':
        codes.push(T_STRING, this.#string(value));
        return;
      case 'object':
        if (value === null) {
          codes.push(T_NULL);
          return;
        }
        if (Array.isArray(value)) {
          codes.push(T_ARRAY, value.length);
          for (let i = 0; i < value.length; i++) {
            if (!(i in value)) throw new Unencodable('a sparse array');
            this.write(value[i]);
          }
          return;
        }
        if (Object.getPrototypeOf(value) !== Object.prototype) throw new Unencodable('not a plain object');
        {
          const keys = Object.keys(value);
          if (Object.getOwnPropertySymbols(value).length > 0) throw new Unencodable('a symbol key');
          // Set back with `out[k] = v`, "__proto__" would set the prototype instead of a key.
          if (Object.hasOwn(value, '__proto__')) throw new Unencodable('a __proto__ key');
          codes.push(T_OBJECT, this.#string(JSON.stringify(keys)));
          for (const k of keys) this.write((value as Record<string, unknown>)[k]);
        }
        return;
      default:
        throw new Unencodable(typeof value);
    }
  }

  #string(text: string): number {
    let i = this.#table.get(text);
    if (i === undefined) {
      i = this.#table.size;
      this.#table.set(text, i);
    }
    return i;
  }

  get table(): string[] {
    return [...this.#table.keys()];
  }
}

/** Reads back what an Encoder wrote; throws on codes that do not make sense (a damaged file). */
export class Decoder {
  readonly #codes: Int32Array;
  readonly #floats: Float64Array;
  readonly #table: readonly string[];
  /** Shapes split once: a table index → its keys. */
  readonly #shapes = new Map<number, string[]>();
  #at = 0;

  constructor(codes: Int32Array, floats: Float64Array, table: readonly string[]) {
    this.#codes = codes;
    this.#floats = floats;
    this.#table = table;
  }

  get done(): boolean {
    return this.#at >= this.#codes.length;
  }

  read(): unknown {
    const codes = this.#codes;
    if (this.#at >= codes.length) throw new Error('cache: past the end');
    const t = codes[this.#at++];
    switch (t) {
      case T_UNDEFINED:
        return undefined;
      case T_NULL:
        return null;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_INT:
        return this.#next();
      case T_FLOAT: {
        const i = this.#next();
        if (i < 0 || i >= this.#floats.length) throw new Error('cache: bad number');
        return this.#floats[i];
      }
      case T_STRING:
        return this.#text(this.#next());
      case T_ARRAY: {
        const n = this.#next();
        if (n < 0 || n > codes.length) throw new Error('cache: bad length');
        const out = new Array<unknown>(n);
        for (let i = 0; i < n; i++) out[i] = this.read();
        return out;
      }
      case T_OBJECT: {
        const shape = this.#next();
        let keys = this.#shapes.get(shape);
        if (keys === undefined) {
          const parsed: unknown = JSON.parse(this.#text(shape));
          if (!Array.isArray(parsed) || !parsed.every((k) => typeof k === 'string')) throw new Error('cache: bad shape');
          keys = parsed as string[];
          this.#shapes.set(shape, keys);
        }
        const out: Record<string, unknown> = {};
        for (const k of keys) out[k] = this.read();
        return out;
      }
      default:
        throw new Error('cache: bad code');
    }
  }

  #next(): number {
    if (this.#at >= this.#codes.length) throw new Error('cache: past the end');
    return this.#codes[this.#at++] as number;
  }

  #text(i: number): string {
    const s = this.#table[i];
    if (typeof s !== 'string') throw new Error('cache: bad string');
    return s;
  }
}

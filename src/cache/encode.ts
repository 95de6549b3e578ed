// A compact encoding of a file's events for the cache: plain JSON-like values (objects, arrays,
// strings, numbers, booleans, null, undefined) as a stream of varint codes, with every string and
// every object's list of keys stored once in a table, and numbers that are not integers in a
// stream of Float64s. An agent's log repeats a few strings (a file name, a skip reason, a model, a
// tag) across thousands of events: v8.serialize writes each again, and reading its output back cost
// more than reading the log. Codes are LEB128 varints (most are type tags, table indices and line
// numbers under 128 or 16,384: one or two bytes, where Int32 codes took four; the cache of the
// bench's 279 MB tree went from 46 to about 17 MB). Objects come back with their keys in the same
// order. Anything else (a class instance, a Map, a symbol, a bigint) is refused (Unencodable):
// the file is then not cached.

export class Unencodable extends Error {
  override name = 'Unencodable';
}

const T_UNDEFINED = 0;
const T_NULL = 1;
const T_FALSE = 2;
const T_TRUE = 3;
/** An integer in Int32 range, zigzag-encoded in the next code. */
const T_INT = 4;
/** The next number of the Float64 stream. */
const T_FLOAT = 5;
/** A string: the next code is its index in the table. */
const T_STRING = 6;
/** An object: the next code is its shape (its keys as a JSON array, in the table), then its values. */
const T_OBJECT = 7;
/** An array: the next code is its length, then its elements. */
const T_ARRAY = 8;
/** A safe integer at or above 2^31 (a timestamp in ms), in the next code. */
const T_UINT = 9;

const TWO_31 = 2 ** 31;

/** A growable byte buffer. */
class Bytes {
  buf = Buffer.allocUnsafe(4096);
  at = 0;

  room(n: number): Buffer {
    if (this.at + n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
      this.buf.copy(bigger, 0, 0, this.at);
      this.buf = bigger;
    }
    return this.buf;
  }

  get bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

/** A node of the shape trie: the keys so far → the shape's table index (-1 until an object ends here). */
interface ShapeNode {
  id: number;
  readonly next: Map<string, ShapeNode>;
}

export class Encoder {
  /**
   * Shapes by their keys, one Map lookup per key: JSON.stringify of every object's keys and a
   * lookup of that string cost a fifth of a run filling the cache.
   */
  readonly #shapes: ShapeNode = { id: -1, next: new Map() };
  readonly #codes = new Bytes();
  readonly #floats = new Bytes();
  readonly #table = new Map<string, number>();

  /** The codes written so far (a view: copy it before writing more). */
  get codes(): Buffer {
    return this.#codes.bytes;
  }

  /** The Float64 stream written so far (little-endian; a view). */
  get floats(): Buffer {
    return this.#floats.bytes;
  }

  get table(): string[] {
    return [...this.#table.keys()];
  }

  /**
   * Goes on from what another encoder wrote: its codes and numbers (a prefix of them, whole
   * values) and its table, whose strings keep their indices. Call on a fresh encoder.
   */
  adopt(codes: Uint8Array, floats: Uint8Array, table: readonly string[]): void {
    this.#codes.room(codes.length).set(codes, 0);
    this.#codes.at = codes.length;
    this.#floats.room(floats.length).set(floats, 0);
    this.#floats.at = floats.length;
    for (const text of table) this.#string(text);
  }

  /** Appends a value already encoded (by an encoder this one adopted the table of): its codes and numbers. */
  append(codes: Uint8Array, floats: Uint8Array): void {
    this.#codes.room(codes.length).set(codes, this.#codes.at);
    this.#codes.at += codes.length;
    this.#floats.room(floats.length).set(floats, this.#floats.at);
    this.#floats.at += floats.length;
  }

  /** Where the streams stand, to go back to (rollback) when a value turns out Unencodable half-way. */
  mark(): { codes: number; floats: number } {
    return { codes: this.#codes.at, floats: this.#floats.at };
  }

  rollback(mark: { codes: number; floats: number }): void {
    this.#codes.at = mark.codes;
    this.#floats.at = mark.floats;
  }

  /** Appends a value; throws Unencodable for a value it cannot give back exactly. */
  write(value: unknown): void {
    switch (typeof value) {
      case 'undefined':
        this.#uint(T_UNDEFINED);
        return;
      case 'boolean':
        this.#uint(value ? T_TRUE : T_FALSE);
        return;
      case 'number':
        if ((value | 0) === value && !Object.is(value, -0)) {
          this.#uint(T_INT);
          this.#uint(((value << 1) ^ (value >> 31)) >>> 0);
        } else if (Number.isSafeInteger(value) && value >= TWO_31) {
          this.#uint(T_UINT);
          this.#uint(value);
        } else {
          this.#uint(T_FLOAT);
          const f = this.#floats;
          f.room(8).writeDoubleLE(value, f.at);
          f.at += 8;
        }
        return;
      case 'string':
        this.#uint(T_STRING);
        this.#uint(this.#string(value));
        return;
      case 'object':
        if (value === null) {
          this.#uint(T_NULL);
          return;
        }
        if (Array.isArray(value)) {
          this.#uint(T_ARRAY);
          this.#uint(value.length);
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
          let node = this.#shapes;
          for (let i = 0; i < keys.length; i++) {
            const k = keys[i] as string;
            let n = node.next.get(k);
            if (n === undefined) {
              n = { id: -1, next: new Map() };
              node.next.set(k, n);
            }
            node = n;
          }
          if (node.id < 0) {
            // Read back as an object literal, "__proto__" would set the prototype instead of a key.
            if (keys.includes('__proto__')) throw new Unencodable('a __proto__ key');
            node.id = this.#string(JSON.stringify(keys));
          }
          this.#uint(T_OBJECT);
          this.#uint(node.id);
          for (let i = 0; i < keys.length; i++) this.write((value as Record<string, unknown>)[keys[i] as string]);
        }
        return;
      default:
        throw new Unencodable(typeof value);
    }
  }

  /** A non-negative safe integer as a LEB128 varint. */
  #uint(value: number): void {
    const c = this.#codes;
    const buf = c.room(8);
    let at = c.at;
    let v = value;
    while (v >= 128) {
      buf[at++] = (v & 127) | 128;
      v = v < 2 ** 32 ? v >>> 7 : Math.floor(v / 128);
    }
    buf[at++] = v;
    c.at = at;
  }

  #string(text: string): number {
    let i = this.#table.get(text);
    if (i === undefined) {
      i = this.#table.size;
      this.#table.set(text, i);
    }
    return i;
  }
}

/**
 * A function reading an object whose keys are `shape` (a JSON array), its values in key order:
 * an object literal made once per shape (new Function), so that every object of a shape is built
 * at once with one hidden class, where adding keys one by one cost a third of the decoding.
 * Values are read in order (a literal's values are evaluated left to right). A key "__proto__"
 * (never written: the Encoder refuses it) would set the prototype in a literal: such a shape is
 * built key by key.
 */
function shapeReader(shape: string): (d: Decoder) => Record<string, unknown> {
  let made = shapeReaders.get(shape);
  if (made === undefined) {
    made = makeShapeReader(shape);
    shapeReaders.set(shape, made);
  }
  return made;
}

/** Shape readers of every file read (the shapes of a format's events are few, and each reader gets hot). */
const shapeReaders = new Map<string, (d: Decoder) => Record<string, unknown>>();

function makeShapeReader(shape: string): (d: Decoder) => Record<string, unknown> {
  const parsed: unknown = JSON.parse(shape);
  if (!Array.isArray(parsed) || !parsed.every((k) => typeof k === 'string')) throw new Error('cache: bad shape');
  const keys = parsed as string[];
  if (keys.includes('__proto__') || keys.length > 64) {
    return (d) => {
      const out: Record<string, unknown> = {};
      for (const k of keys) Object.defineProperty(out, k, { value: d.read(), enumerable: true, writable: true, configurable: true });
      return out;
    };
  }
  // The keys are JSON-quoted (string literals, never code).
  return new Function('d', `return {${keys.map((k) => `${JSON.stringify(k)}: d.read()`).join(', ')}};`) as (d: Decoder) => Record<string, unknown>;
}

/** Reads back what an Encoder wrote; throws on codes that do not make sense (a damaged file). */
export class Decoder {
  readonly #codes: Uint8Array;
  readonly #floats: Buffer;
  readonly #table: readonly string[];
  /** Shapes made once: a table index → a function that reads an object of that shape. */
  readonly #shapes = new Map<number, (d: Decoder) => Record<string, unknown>>();
  #at = 0;
  #float = 0;

  constructor(codes: Uint8Array, floats: Buffer, table: readonly string[]) {
    this.#codes = codes;
    this.#floats = floats;
    this.#table = table;
  }

  /** Bytes of codes read so far. */
  get codesRead(): number {
    return this.#at;
  }

  /** Bytes of numbers read so far. */
  get floatsRead(): number {
    return this.#float;
  }

  /** Every code and every number read. */
  get done(): boolean {
    return this.#at >= this.#codes.length && this.#float >= this.#floats.length;
  }

  read(): unknown {
    const t = this.#next();
    switch (t) {
      case T_UNDEFINED:
        return undefined;
      case T_NULL:
        return null;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_INT: {
        const z = this.#next();
        return (z >>> 1) ^ -(z & 1);
      }
      case T_UINT:
        return this.#next();
      case T_FLOAT: {
        const at = this.#float;
        if (at + 8 > this.#floats.length) throw new Error('cache: bad number');
        this.#float = at + 8;
        return this.#floats.readDoubleLE(at);
      }
      case T_STRING:
        return this.#text(this.#next());
      case T_ARRAY: {
        const n = this.#next();
        if (n > this.#codes.length) throw new Error('cache: bad length');
        const out = new Array<unknown>(n);
        for (let i = 0; i < n; i++) out[i] = this.read();
        return out;
      }
      case T_OBJECT: {
        const shape = this.#next();
        let make = this.#shapes.get(shape);
        if (make === undefined) {
          make = shapeReader(this.#text(shape));
          this.#shapes.set(shape, make);
        }
        return make(this);
      }
      default:
        throw new Error('cache: bad code');
    }
  }

  /** The next varint. */
  #next(): number {
    const codes = this.#codes;
    let at = this.#at;
    if (at >= codes.length) throw new Error('cache: past the end');
    let byte = codes[at++] as number;
    let v = byte & 127;
    for (let scale = 128; byte >= 128; scale *= 128) {
      if (at >= codes.length || scale > 2 ** 49) throw new Error('cache: bad code');
      byte = codes[at++] as number;
      v += (byte & 127) * scale;
    }
    this.#at = at;
    return v;
  }

  #text(i: number): string {
    const s = this.#table[i];
    if (typeof s !== 'string') throw new Error('cache: bad string');
    return s;
  }
}

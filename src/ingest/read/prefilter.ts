// The cheap tests before JSON.parse (spec.ts JsonFormat.prefilter), run on a line's bytes: most lines
// of an agent log are skipped or superseded without being decoded, let alone parsed.

import type { KeyPart } from '../formats/spec.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Finds a fixed byte string in successive lines of one buffer. The next occurrence found is kept,
 * so lines that do not contain it cost nothing more: each buffer is scanned once per needle, not
 * once per line (an absent needle would otherwise be searched for to the end of every chunk).
 * A leading quote is not searched for but checked: the search skips ahead on the needle's first
 * byte, and a quote, the commonest byte of JSON, makes it stop everywhere (twice as slow, measured).
 */
class Needle {
  /** The needle without its leading quote, if it had one. */
  readonly #core: Buffer;
  /** 1 when the needle starts with a quote (checked, not searched), else 0. */
  readonly #lead: number;
  #buf: Buffer | undefined;
  /** The next occurrence at or after the last line start asked about, or -1 for none. */
  #next = -1;
  #from = 0;

  constructor(text: string) {
    const bytes = Buffer.from(text, 'utf8');
    this.#lead = bytes.length > 1 && bytes[0] === QUOTE ? 1 : 0;
    this.#core = bytes.subarray(this.#lead);
  }

  get length(): number {
    return this.#core.length + this.#lead;
  }

  /** The first occurrence in bytes [start, end) of buf, or -1. Lines of one buffer come in order. */
  find(buf: Buffer, start: number, end: number): number {
    if (buf !== this.#buf || start < this.#from || (this.#next !== -1 && this.#next < start)) {
      this.#buf = buf;
      this.#next = this.#search(buf, start);
    }
    this.#from = start;
    const at = this.#next;
    return at !== -1 && at + this.length <= end ? at : -1;
  }

  /** The last occurrence in bytes [start, end) of buf, or -1: a search back from the end. */
  findLast(buf: Buffer, start: number, end: number): number {
    for (let to = end - this.#core.length; to >= start + this.#lead; ) {
      const at = buf.lastIndexOf(this.#core, to);
      if (at < start + this.#lead) return -1;
      if (this.#lead === 0 || buf[at - 1] === QUOTE) return at - this.#lead;
      to = at - 1;
    }
    return -1;
  }

  /** The first whole occurrence at or after `from`, or -1. */
  #search(buf: Buffer, from: number): number {
    for (let i = from + this.#lead; ; ) {
      const at = buf.indexOf(this.#core, i);
      if (at === -1) return -1;
      if (this.#lead === 0 || buf[at - 1] === QUOTE) return at - this.#lead;
      i = at + 1;
    }
  }
}

export class LinePrefilter {
  readonly #markers: Needle[];
  readonly #keyParts: { needle: Needle; last: boolean }[];

  /**
   * `markers`: a line holding none of them cannot carry usage. `keyParts`: where the parts of the
   * keep-last key are (spec.ts KeyPart); empty when the format has no such key.
   */
  constructor(markers: readonly string[], keyParts: readonly KeyPart[]) {
    this.#markers = markers.map((m) => new Needle(m));
    this.#keyParts = keyParts.map((p) => ({ needle: new Needle(p.before), last: p.last === true }));
  }

  /**
   * True when the line holds none of the markers and looks like a whole object ("{…}", trailing
   * whitespace allowed): a cut or broken line is left to be parsed, and rejected.
   */
  skips(buf: Buffer, start: number, end: number): boolean {
    for (const marker of this.#markers) if (marker.find(buf, start, end) !== -1) return false;
    let last = end - 1;
    while (last > start && isSpace(buf[last] as number)) last--;
    return buf[start] === OPEN_BRACE && buf[last] === CLOSE_BRACE;
  }

  /**
   * The keep-last key of a line, read from its bytes; undefined when a part is missing or holds an
   * escape (such a line is parsed instead). A part is found as text that only structural JSON can
   * hold: a quote that ends a key cannot occur unescaped inside a string value.
   */
  key(buf: Buffer, start: number, end: number): string | undefined {
    if (this.#keyParts.length === 0) return undefined;
    let key = '';
    for (const { needle, last } of this.#keyParts) {
      const at = last ? needle.findLast(buf, start, end) : needle.find(buf, start, end);
      if (at === -1) return undefined;
      const from = at + needle.length;
      let to = from;
      while (to < end && buf[to] !== QUOTE) {
        if (buf[to] === BACKSLASH) return undefined;
        to++;
      }
      if (to === end) return undefined;
      // Ids are ASCII; latin1 maps any other byte to one character, so the key stays exact.
      key += `${buf.toString('latin1', from, to)}\n`;
    }
    return key;
  }
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0a || byte === 0x0b || byte === 0x0c;
}

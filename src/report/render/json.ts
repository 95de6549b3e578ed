import type { Report } from '../contract.ts';

/** The report contract as is: nothing added, nothing computed. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Pieces are joined into chunks of at least this many characters (the last one may be shorter). */
export const JSON_CHUNK_CHARS = 1 << 16;

/**
 * The very text of renderJson, in chunks of about `chunkChars` characters: the report of a run with
 * 150,000 groups is a ~300 MB text, which as one string (and as the UTF-8 copy a write makes of it)
 * cost more than a gigabyte. Each group is stringified on its own, so only one chunk is held at a
 * time; the CLI writes each one out before the next is made.
 */
export function* renderJsonChunks(report: Report, chunkChars = JSON_CHUNK_CHARS): Generator<string> {
  yield* joinChunks(jsonPieces(report, 2), chunkChars);
}

/**
 * JSON.stringify(value, null, 2) followed by a line end, as pieces: the containers of the first
 * `depth` levels are written member by member, each member below that by JSON.stringify itself,
 * indented to its place (its text holds no raw line end but its own: JSON escapes them in strings).
 * The same rules: toJSON(key) is called, members that are undefined, functions or symbols are left
 * out of objects and are null in arrays, an empty container is {} or [].
 */
export function* jsonPieces(value: unknown, depth: number): Generator<string> {
  const root = withToJson('', value);
  if (isOmitted(root)) {
    // JSON.stringify gives undefined: renderJson's template writes "undefined".
    yield 'undefined\n';
    return;
  }
  yield* valuePieces(root, '', depth);
  yield '\n';
}

/** A value JSON.stringify leaves out of an object (and writes as null in an array). */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** The value JSON.stringify serializes for `value` held under `key`: its toJSON(key), if it has one. */
function withToJson(key: string, value: unknown): unknown {
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return (toJSON as (key: string) => unknown).call(value, key);
  }
  return value;
}

/** An array, or an object JSON writes as its own enumerable properties (not a Number, String or Boolean wrapper). */
function isContainer(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const tag = Object.prototype.toString.call(value);
  return tag !== '[object Number]' && tag !== '[object String]' && tag !== '[object Boolean]' && tag !== '[object BigInt]';
}

function* valuePieces(value: unknown, indent: string, depth: number): Generator<string> {
  if (depth > 0 && isContainer(value)) {
    yield* containerPieces(value, indent, depth);
    return;
  }
  const text = JSON.stringify(value, null, 2) as string;
  yield indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}

function* containerPieces(value: object, indent: string, depth: number): Generator<string> {
  const inner = `${indent}  `;
  let open = false;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    for (let i = 0; i < items.length; i++) {
      const item = withToJson(String(i), items[i]);
      yield open ? `,\n${inner}` : `[\n${inner}`;
      open = true;
      if (isOmitted(item)) yield 'null';
      else yield* valuePieces(item, inner, depth - 1);
    }
    yield open ? `\n${indent}]` : '[]';
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const member = withToJson(key, record[key]);
    if (isOmitted(member)) continue;
    yield `${open ? ',' : '{'}\n${inner}${JSON.stringify(key)}: `;
    open = true;
    yield* valuePieces(member, inner, depth - 1);
  }
  yield open ? `\n${indent}}` : '{}';
}

/** Small pieces joined into chunks of at least `chars` characters (the last one may be shorter). */
export function* joinChunks(pieces: Iterable<string>, chars: number): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    parts.push(piece);
    length += piece.length;
    if (length >= chars) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}

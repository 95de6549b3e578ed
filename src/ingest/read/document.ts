// JSON documents: a file whose content is ONE JSON value spanning several lines (a pretty-printed
// Gemini CLI chat, an Amp thread, a Droid session's settings, Codebuff's chat-messages.json), as
// opposed to JSONL (one value per line). The file is read whole, up to MAX_DOCUMENT_BYTES, parsed
// once, and handed to the interpreter as one object whose format names the array of items that
// are its rows (spec.ts JsonFormat.items); each item is located by the line it starts on and its
// JSON path (chat.json:57, reason "$.messages[3]: …"). One document at a time: memory is bounded
// by the largest document, not by the folder.

import { reject } from '../extract/extract.ts';
import type { JsonObject } from '../extract/fields.ts';
import { FileInterpreter, type FileContext } from '../replay/interpret.ts';
import type { EventSink } from '../types.ts';

/**
 * The largest document read. V8 strings stop at about 512 MB, and parsing needs the text and the
 * value at once; the agents that write documents keep one conversation per file, far below this.
 */
export const MAX_DOCUMENT_BYTES = 128 * 1024 * 1024;

/**
 * Whether a stream's head starts a multi-line JSON document rather than JSONL: its first non-blank
 * line is a lone "{" or "[" (as JSON.stringify(value, null, 2) writes it), which no JSONL line is, or
 * starts with "[" (a JSON array, which is never a log line: a document of items, even on one line).
 */
export function looksLikeDocument(head: Buffer): boolean {
  const text = head.toString('utf8', 0, Math.min(head.length, 4096)).replace(/^\uFEFF/, '');
  const first = /^\s*(\S[^\r\n]*)/.exec(text)?.[1]?.trim();
  return first === '{' || (first !== undefined && first.startsWith('['));
}

/**
 * Where JSON.parse stopped, from its message: "position 123" (newer V8), or the text it quotes around
 * the bad token (Node 20: `Unexpected token '}', ..."ssages": [}…" is not valid JSON`, 10 characters
 * of context before the token when it starts with "..."); -1 when neither is there.
 */
function parsePosition(text: string, message: string): number {
  const at = /position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  const quoted = /"(\.\.\.)?([\s\S]*?)(?:\.\.\.)?" is not valid JSON/.exec(message);
  const token = /Unexpected token '(.)'/.exec(message)?.[1];
  const snippet = quoted?.[2];
  if (!snippet || token === undefined) return -1;
  const start = text.indexOf(snippet);
  const offset = quoted?.[1] ? 10 : snippet.indexOf(token);
  return start === -1 || offset === -1 ? -1 : start + offset;
}

/** JSON.parse's message with where it stopped as "line L, column C" of the text, on one line. */
function parsePlace(text: string, raw: string): string {
  // The file ended inside the value: a document written only in part, or cut by a copy.
  if (/end of JSON input/.test(raw)) return `${raw} at line ${countLines(text)}: the document is cut short`;
  const pos = parsePosition(text, raw);
  const message = raw.replace(/\s+/g, ' ');
  if (pos < 0) return message;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return `${message.replace(/\s*\(line \d+ column \d+\)/, '')} (line ${line}, column ${pos - lineStart + 1})`;
}

/**
 * Events of a JSON document. A document over MAX_DOCUMENT_BYTES, one that does not parse, or one
 * that is neither an object nor an array is one rejected row (line 1, or where parsing stopped);
 * otherwise the interpreter reads it (FileInterpreter.document). Returns the document's line count.
 */
export async function readDocument(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, ctx: FileContext, onEvent: EventSink, limit = MAX_DOCUMENT_BYTES): Promise<number> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of chunks) {
      size += chunk.length;
      if (size > limit) {
        onEvent(
          reject(
            { file: ctx.file, line: 1 },
            `a JSON document larger than ${limit / 1024 / 1024} MB: not read; write its items one per line (JSONL, e.g. jq -c '.messages[]') and read that file instead`,
          ),
        );
        return 1;
      }
      // The read buffers are reused (chunks.ts): the document is kept as copies.
      parts.push(Buffer.from(chunk));
    }
  } catch (err) {
    onEvent(reject({ file: ctx.file, line: 1 }, `could not read the JSON document (${err instanceof Error ? err.message : String(err)}); nothing in it is read`));
    return 1;
  }
  const text = Buffer.concat(parts, size).toString('utf8').replace(/^\uFEFF/, '');
  parts.length = 0;
  const lines = countLines(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const detail = parsePlace(text, err instanceof Error ? err.message : String(err));
    onEvent(reject({ file: ctx.file, line: 1 }, `not a valid JSON document (${detail.length > 160 ? `${detail.slice(0, 157)}…` : detail}); nothing in it is read`));
    return lines;
  }
  if (typeof value !== 'object' || value === null) {
    onEvent(reject({ file: ctx.file, line: 1 }, `the document is ${value === null ? 'null' : `a ${typeof value}`}, not a JSON object or array: nothing to read`));
    return lines;
  }
  const reader = new FileInterpreter(ctx);
  for (const event of reader.document(value as JsonObject, (path, index) => elementLine(text, path, index))) onEvent(event);
  for (const event of reader.end()) onEvent(event);
  return lines;
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n += 1;
  return text.endsWith('\n') ? n - 1 : n;
}

/** Start lines of the elements of the array at a dotted path ('' = the root), per text and path. */
const lineCache = new Map<string, { text: string; lines: number[] }>();

/** The 1-based line element `index` of the array at `path` starts on; 1 when it cannot be found. */
export function elementLine(text: string, path: string, index: number): number {
  let cached = lineCache.get(path);
  if (cached?.text !== text) {
    cached = { text, lines: elementLines(text, path === '' ? [] : path.split('.')) };
    lineCache.clear();
    lineCache.set(path, cached);
  }
  return cached.lines[index] ?? 1;
}

interface Frame {
  readonly array: boolean;
  /** This container is at the path's prefix of its depth. */
  readonly onPath: boolean;
  /** Objects: the key whose value comes next (or came last). */
  key: string | undefined;
  expectKey: boolean;
}

/**
 * The start line of each element of the array at `segs` (object keys from the root), found by one
 * scan of the text's structure: strings are skipped whole (a raw newline cannot occur inside one),
 * so line counts are exact. The text is known to be valid JSON (it parsed).
 */
export function elementLines(text: string, segs: readonly string[]): number[] {
  const found: number[] = [];
  const stack: Frame[] = [];
  let line = 1;
  let awaiting = false;
  const target = (): boolean => {
    const top = stack[stack.length - 1];
    return top !== undefined && top.array && top.onPath && stack.length === segs.length + 1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line += 1;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (awaiting && c !== 44 && c !== 93 && target()) {
      found.push(line);
      awaiting = false;
    }
    const top = stack[stack.length - 1];
    if (c === 34) {
      // A string: to its closing quote (escapes skipped). An object key is kept, to follow the path.
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (top && !top.array && top.expectKey) {
        top.key = JSON.parse(text.slice(i, j + 1)) as string;
        top.expectKey = false;
      }
      i = j;
    } else if (c === 123 || c === 91) {
      const depth = stack.length;
      const onPath = depth === 0 || (top !== undefined && top.onPath && !top.array && depth <= segs.length && top.key === segs[depth - 1]);
      stack.push({ array: c === 91, onPath, key: undefined, expectKey: c === 123 });
      if (c === 91 && target()) awaiting = true;
    } else if (c === 125 || c === 93) {
      stack.pop();
      awaiting = false;
    } else if (c === 44) {
      if (top && !top.array) top.expectKey = true;
      else if (target()) awaiting = true;
    }
  }
  return found;
}

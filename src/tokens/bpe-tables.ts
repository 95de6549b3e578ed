// The compact form of a vendored byte-level BPE tokenizer (tokenizers/*.bpe.gz): what counting needs,
// in a form that loads in milliseconds instead of the ~1 s the full tokenizer.json takes to parse and build.

/**
 * Loading a tokenizer.json (qwen3.json.gz: 4.6 MB of JSON) costs gunzip + JSON.parse + the library's
 * build of its vocabulary and merge maps, 0.7–1.6 s each here, paid again by every worker thread.
 * Counting needs none of the strings: the library splits text into words from the rest of the file
 * (normalizer, pre-tokenizer, added tokens: a few kB, built in milliseconds without the model), and
 * bpe.ts runs the model over ids. So a .bpe.gz holds:
 *
 *   "llm-audit bpe 1\n", a uint32 (LE) byte length, then that many bytes of JSON header:
 *     { source, config, merges, byteChars, byteIds, ignoreMerges, otherTokens, selfCheck }
 *   then the merges in rank order as byte planes: the left ids' low bytes, middle bytes, high bytes,
 *   the same for the right ids, then (merged id − rank) as 4 planes of a little-endian int32.
 *
 * Planes because gzip then finds the repeats (ids share high bytes; in Qwen3 and DeepSeek-V3 the
 * merged id is the rank plus a constant). `config` is the tokenizer.json without model.vocab and
 * model.merges; `selfCheck` holds encode() counts of a few strings, made when the file was written,
 * that the counter must reproduce before it is used (hf-count.ts). Written by
 * scripts/compact-tokenizers.mjs; tokenizers-compact.test.ts checks that rewriting gives the same bytes.
 */

export const BPE_TABLES_MAGIC = 'llm-audit bpe 1\n';
/** Ids are stored in 3 bytes. */
const MAX_ID = 2 ** 24;

export interface BpeTables {
  /** The tokenizer.json it was made from (file name) and that file's sha256. */
  source: { file: string; sha256: string };
  /** The tokenizer.json without model.vocab and model.merges. */
  config: TokenizerJson;
  /** Per merge, in rank order: the ids of its two parts and of its result. */
  left: Int32Array;
  right: Int32Array;
  merged: Int32Array;
  /** Per byte value: the character ByteLevel maps it to, and that character's token id. */
  byteChars: string;
  byteIds: Int32Array;
  /** model.ignore_merges: a word that is a whole token is that one token. */
  ignoreMerges: boolean;
  /**
   * Only when ignoreMerges: the tokens (vocabulary and added) that are neither a byte nor a merge
   * result; with those, every token is known (bpe.ts rebuilds the rest from the merges).
   */
  otherTokens: string[];
  /** [text, encode() count] pairs, checked before the tables are trusted. */
  selfCheck: [string, number][];
}

export interface TokenizerJson {
  added_tokens: { id: number; content: string }[];
  normalizer: unknown;
  pre_tokenizer: unknown;
  post_processor: unknown;
  decoder: unknown;
  model: { type?: string; vocab?: unknown; merges?: unknown; [key: string]: unknown };
  [key: string]: unknown;
}

interface PreTokenizerJson {
  type?: string;
  pretokenizers?: PreTokenizerJson[];
  add_prefix_space?: boolean;
  use_regex?: boolean;
}

/**
 * GPT-2's byte-to-character table (bytes_to_unicode), which ByteLevel pre-tokenizers use: printable
 * Latin-1 bytes stand for themselves, the other 68 bytes for U+0100 onwards, in byte order.
 */
export function byteLevelChars(): string {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let next = 0x100;
  let s = '';
  for (let b = 0; b < 256; b++) s += String.fromCodePoint(printable(b) ? b : next++);
  return s;
}

/**
 * Why a tokenizer.json cannot be counted from tables (undefined when it can): the tables hold a
 * byte-level BPE whose merges only ever make tokens of the vocabulary, so that each symbol left is
 * one token. Anything else (Gemma 3's fuse_unk and byte fallback, suffixes, dropout) keeps the library.
 */
export function unsupported(json: TokenizerJson): string | undefined {
  const m = json.model;
  if (m.type !== 'BPE') return `model ${String(m.type)}`;
  if (m.dropout != null) return 'dropout';
  if (m.fuse_unk === true || m.byte_fallback === true) return 'fuse_unk or byte_fallback';
  if ((m.continuing_subword_prefix ?? '') !== '' || (m.end_of_word_suffix ?? '') !== '') return 'subword prefix or suffix';
  if (typeof m.vocab !== 'object' || m.vocab === null || Array.isArray(m.vocab) || !Array.isArray(m.merges)) return 'vocab or merges missing';
  const pre = json.pre_tokenizer as PreTokenizerJson | null;
  const last = pre?.type === 'Sequence' ? pre.pretokenizers?.[pre.pretokenizers.length - 1] : pre;
  if (last?.type !== 'ByteLevel' || last.add_prefix_space === true || last.use_regex !== false) return 'the last pre-tokenizer is not ByteLevel without prefix space and regex';
  return undefined;
}

/**
 * The tables of a tokenizer.json (see unsupported: throws for one it does not fit). `count` is the
 * library's encode() count, for the self-check strings.
 */
export function tablesFromJson(json: TokenizerJson, source: BpeTables['source'], selfCheck: readonly string[], count: (text: string) => number): BpeTables {
  const why = unsupported(json);
  if (why !== undefined) throw new Error(`${source.file}: cannot be counted from tables (${why})`);
  const { vocab: vocabJson, merges: mergesJson, ...model } = json.model;
  const vocab = new Map(Object.entries(vocabJson as Record<string, number>));
  for (const id of vocab.values()) if (!Number.isInteger(id) || id < 0 || id >= MAX_ID) throw new Error(`${source.file}: token id ${id} does not fit in 3 bytes`);
  const byteChars = byteLevelChars();
  const byteIds = Int32Array.from(byteChars, (c) => idOf(vocab, c, source.file));
  // As the library reads them (BPE's constructor): ["a", "b"], or "a b" cut at its first space.
  const pairs = (mergesJson as (string | [string, string])[]).map((x) => (Array.isArray(x) ? x : (x.split(' ', 2) as [string, string])));
  const left = new Int32Array(pairs.length);
  const right = new Int32Array(pairs.length);
  const merged = new Int32Array(pairs.length);
  pairs.forEach(([a, b], r) => {
    // A part outside the vocabulary is never a symbol: such a merge cannot apply, but a result
    // outside it would be a symbol encode() drops, which the count cannot show: refused.
    left[r] = idOf(vocab, a, source.file);
    right[r] = idOf(vocab, b, source.file);
    merged[r] = idOf(vocab, a + b, source.file);
  });
  const ignoreMerges = model.ignore_merges === true;
  let otherTokens: string[] = [];
  if (ignoreMerges) {
    const made = new Set<string>(byteChars);
    for (const [a, b] of pairs) made.add(a + b);
    otherTokens = [...new Set([...vocab.keys(), ...json.added_tokens.map((t) => t.content)])].filter((t) => !made.has(t));
  }
  return {
    source,
    config: { ...json, model: { ...model, vocab: {}, merges: [] } },
    left,
    right,
    merged,
    byteChars,
    byteIds,
    ignoreMerges,
    otherTokens,
    selfCheck: selfCheck.map((text) => [text, count(text)]),
  };
}

function idOf(vocab: Map<string, number>, token: string, file: string): number {
  const id = vocab.get(token);
  if (id === undefined) throw new Error(`${file}: ${JSON.stringify(token)} is not in the vocabulary (needed for counting from tables)`);
  return id;
}

/** The file's bytes before gzip. */
export function encodeTables(t: BpeTables): Buffer {
  const { left, right, merged, byteIds, ...rest } = t;
  const header = Buffer.from(JSON.stringify({ ...rest, merges: left.length, byteIds: Array.from(byteIds) }), 'utf8');
  const n = left.length;
  const body = Buffer.alloc(10 * n);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < 3; k++) {
      body[k * n + r] = ((left[r] as number) >>> (8 * k)) & 0xff;
      body[(3 + k) * n + r] = ((right[r] as number) >>> (8 * k)) & 0xff;
    }
    const delta = ((merged[r] as number) - r) >>> 0;
    for (let k = 0; k < 4; k++) body[(6 + k) * n + r] = (delta >>> (8 * k)) & 0xff;
  }
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([Buffer.from(BPE_TABLES_MAGIC, 'latin1'), length, header, body]);
}

export function decodeTables(buf: Buffer): BpeTables {
  const magic = buf.subarray(0, BPE_TABLES_MAGIC.length).toString('latin1');
  if (magic !== BPE_TABLES_MAGIC) throw new Error('not a BPE tables file (or a newer format)');
  const at = BPE_TABLES_MAGIC.length;
  const headerLength = buf.readUInt32LE(at);
  const header = JSON.parse(buf.subarray(at + 4, at + 4 + headerLength).toString('utf8')) as Omit<BpeTables, 'left' | 'right' | 'merged' | 'byteIds'> & { merges: number; byteIds: number[] };
  const n = header.merges;
  const body = buf.subarray(at + 4 + headerLength);
  if (body.length !== 10 * n) throw new Error(`BPE tables file cut short (${body.length} of ${10 * n} bytes of merges)`);
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  const merged = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    left[r] = (body[r] as number) | ((body[n + r] as number) << 8) | ((body[2 * n + r] as number) << 16);
    right[r] = (body[3 * n + r] as number) | ((body[4 * n + r] as number) << 8) | ((body[5 * n + r] as number) << 16);
    merged[r] = r + ((body[6 * n + r] as number) | ((body[7 * n + r] as number) << 8) | ((body[8 * n + r] as number) << 16) | ((body[9 * n + r] as number) << 24));
  }
  const { merges: _merges, byteIds, ...rest } = header;
  return { ...rest, left, right, merged, byteIds: Int32Array.from(byteIds) };
}

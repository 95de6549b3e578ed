// Counts tokens with a @huggingface/tokenizers Tokenizer, each distinct pre-token ("word") once.

import { BpeModel } from './bpe.ts';
import type { BpeTables } from './bpe-tables.ts';
import { GenerationalCache } from './cache.ts';

/**
 * The library's encode() runs every word of a text through its byte-level mapping (a TextEncoder
 * call and a join per word) and BPE (an LRU cache that reorders a Map on every hit), then builds
 * the token, id and mask arrays: about 4–5 s per tokenizer over 6 M characters here, while the
 * words of real text repeat heavily. This counter runs the same steps, in the same order, from the
 * same library objects, up to the split into words (the pre-tokenizer's steps but its last), and
 * then counts each word once: the last pre-tokenizer step and the model over that word alone,
 * cached by the word. That is exact because every pre-tokenizer step maps each piece on its own
 * (PreTokenizer.pre_tokenize is a map and a flat), and so does BPE without fuse_unk (BPE.encode is
 * a loop over the pieces); the post-processors allowed here add tokens only for add_special_tokens,
 * which counting never asks for. A tokenizer outside those shapes (Gemma 3: fuse_unk) is counted
 * by the library's encode() as before, and so is one whose first counts disagree with it (the
 * self-check in createHfCounter).
 *
 * With BPE tables (bpe-tables.ts, the shipped *.bpe.gz), the library tokenizer is built without its
 * vocabulary and merges (it only splits text into words), and the last step (ByteLevel) and the
 * model run in bpe.ts over ids: a load in milliseconds instead of about a second, and a word's BPE
 * without the library's per-pair JSON.stringify. The counts the file was written with must come
 * out again first (createTablesCounter), else the caller loads the full tokenizer.
 */

/** The parts of the library's Tokenizer this counter reads (never writes). */
interface LibStep {
  pre_tokenize(text: string[], options: object): string[];
  config?: { type?: string; invert?: boolean; behavior?: string };
  /** Split's compiled pattern (a global RegExp). */
  pattern?: RegExp | null;
}
interface LibAddedToken {
  lstrip?: boolean;
  rstrip?: boolean;
}
export interface LibTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
  splitter_unnormalized?: { split(text: string): string[] };
  splitter_normalized?: { split(text: string): string[] };
  added_tokens_map?: Map<string, LibAddedToken>;
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
  normalizer?: ((text: string) => string) | null;
  pre_tokenizer?: (LibStep & { tokenizers?: (LibStep | null)[] }) | null;
  model?: ((tokens: string[]) => string[]) & { config?: { type?: string }; fuse_unk?: boolean };
  post_processor?: { config?: { type?: string; processors?: { type?: string }[] } } | null;
}

/** Words longer than this are counted without caching (a long run of CJK or whitespace is rarely repeated). */
const MAX_CACHED_WORD = 64;
/** Distinct words kept per tokenizer (a word key is short: at most MAX_CACHED_WORD units). */
const WORD_CACHE_ENTRIES = 200_000;

/**
 * Strings that exercise every path of the counter (added tokens inside text, NFC, CJK, digits,
 * code, whitespace runs): the counter is used only when it agrees with encode() on each.
 */
export const SELF_CHECK: readonly string[] = [
  'Hello, world! It\'s 2025-10-01 and the cache hit rate is 97.5 %.',
  '你好，世界。这是一个测试：退款订单 20251001-7731 已发货。カタカナとひらがな',
  'const x = await fetch(`/api/v1/${id}`);\n\tif (!x.ok) { throw new Error("bad"); }\n\n\n    return x;',
  '<|im_start|>user\nhi<|im_end|> <｜begin▁of▁sentence｜> <|begin_of_text|> <s>[INST] </s>',
  'e\u0301 caf\u00e9 \u212b Å    \r\n\r\n  trailing   ',
  '😀👍🏽 naïve résumé ÆØÅ ßẞ İı',
];

export interface HfCounter {
  count(text: string): number;
  /** Whether words are counted once (false: the library's encode() for every text). */
  readonly fast: boolean;
  /** Whether from BPE tables (bpe-tables.ts) rather than the full tokenizer. */
  readonly tables: boolean;
}

export function createHfCounter(tokenizer: LibTokenizer): HfCounter {
  const byLibrary = (text: string): number => tokenizer.encode(text, { add_special_tokens: false }).ids.length;
  const fast = wordCounter(tokenizer, (last) => (word, options) => tokenizer.model!(last === undefined ? [word] : last.pre_tokenize([word], options)).length);
  if (fast === undefined || !SELF_CHECK.every((text) => fast(text) === byLibrary(text))) return { count: byLibrary, fast: false, tables: false };
  return { count: fast, fast: true, tables: false };
}

/**
 * The word counter over BPE tables: `splitter` is the library tokenizer built from tables.config
 * (no vocabulary: it only splits text into words), bpe.ts counts each word. Undefined when the
 * splitter is not of a shape the word counter is exact for, or when a count recorded in the file
 * (tables.selfCheck, made with encode()) does not come out the same: the caller then loads the
 * full tokenizer.
 */
export function createTablesCounter(splitter: LibTokenizer, tables: BpeTables): HfCounter | undefined {
  const bpe = new BpeModel(tables);
  const count = wordCounter(splitter, (last) => (last?.config?.type === 'ByteLevel' ? (word) => bpe.count(word) : undefined));
  if (count === undefined || !tables.selfCheck.every(([text, n]) => count(text) === n)) return undefined;
  return { count, fast: true, tables: true };
}

const LENGTH_PRESERVING_POST = new Set(['ByteLevel', 'TemplateProcessing']);

type WordModel = (word: string, options: { section_index: number }) => number;

/**
 * The word-cached count, or undefined when the tokenizer is not of a shape it is exact for.
 * `model(last)` gives the count of one word through the last pre-tokenizer step and the model
 * (undefined: not for this last step).
 */
function wordCounter(tok: LibTokenizer, model: (last: LibStep | undefined) => WordModel | undefined): ((text: string) => number) | undefined {
  const { splitter_unnormalized: outer, splitter_normalized: inner, added_tokens_map: added, model: libModel, pre_tokenizer: pre } = tok;
  if (outer === undefined || inner === undefined || added === undefined || libModel === undefined || typeof libModel !== 'function') return undefined;
  if (libModel.config?.type !== 'BPE' || libModel.fuse_unk !== false || tok.do_lowercase_and_remove_accent === true) return undefined;
  const post = tok.post_processor;
  if (post != null) {
    const type = post.config?.type;
    const ok = type === 'Sequence' ? (post.config?.processors ?? []).every((p) => LENGTH_PRESERVING_POST.has(p.type ?? '')) : LENGTH_PRESERVING_POST.has(type ?? '');
    if (!ok) return undefined;
  }
  // Split into words with every step but the last; the last step and the model run per word.
  let head: LibStep[] = [];
  let last: LibStep | undefined;
  if (pre != null) {
    if (Array.isArray(pre.tokenizers)) {
      const steps = pre.tokenizers.filter((s): s is LibStep => s != null);
      head = steps.slice(0, -1);
      last = steps[steps.length - 1];
    } else {
      last = pre;
    }
  }
  // Metaspace's output depends on the section index (prepend_scheme "first"): not per word alone.
  if ([...head, last].some((s) => s?.config?.type === 'Metaspace')) return undefined;
  const countModel = model(last);
  if (countModel === undefined) return undefined;

  const words = new GenerationalCache<number>(WORD_CACHE_ENTRIES);
  /**
   * Either splitter finds only added tokens (its words are among added_tokens_map's keys), walking
   * a trie from every character: a text in which no added token occurs is one section, found by
   * one regular-expression scan instead.
   */
  // Code units, as the trie walks them (no u flag: a match may start inside a surrogate pair there too).
  const anyAdded = added.size === 0 ? null : new RegExp([...added.keys()].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
  const split = (splitter: { split(text: string): string[] }, text: string): string[] => (anyAdded === null || !anyAdded.test(text) ? [text] : splitter.split(text));
  const normalizer = tok.normalizer ?? null;
  const removeSpace = tok.remove_space === true;
  const steps = head.map(splitStep);

  function countWord(word: string, options: { section_index: number }): number {
    const cacheable = word.length <= MAX_CACHED_WORD;
    if (cacheable) {
      const found = words.get(word);
      if (found !== undefined) return found;
    }
    const n = countModel!(word, options);
    if (cacheable) words.set(word, n);
    return n;
  }

  /** The words of one piece after steps[from…], each counted. */
  function countPiece(piece: string, from: number, options: { section_index: number }): number {
    if (from === steps.length) return countWord(piece, options);
    const step = steps[from] as HeadStep;
    let total = 0;
    if (step.split === undefined) {
      for (const sub of step.pieces(piece, options)) total += countPiece(sub, from + 1, options);
      return total;
    }
    // regex_split, inline: the text between matches and each non-empty match, in order. The
    // regular expression is this step's own (deeper steps have theirs), so lastIndex is ours.
    const re = step.split;
    re.lastIndex = 0;
    let prev = 0;
    for (let match = re.exec(piece); match !== null; match = re.exec(piece)) {
      const full = match[0];
      // As matchAll: an empty match moves on by one code point.
      if (full.length === 0) re.lastIndex = advance(piece, re.lastIndex);
      if (prev < match.index) total += countPiece(piece.slice(prev, match.index), from + 1, options);
      if (full.length > 0) total += countPiece(full, from + 1, options);
      prev = match.index + full.length;
    }
    if (prev < piece.length) total += countPiece(piece.slice(prev), from + 1, options);
    return total;
  }

  /** As Tokenizer.encode_text (lstrip/rstrip around added tokens, normalizer, inner split), counting. */
  function strip(sections: string[]): void {
    sections.forEach((section, i) => {
      const token = added!.get(section);
      if (token === undefined) return;
      if (token.lstrip && i > 0) sections[i - 1] = (sections[i - 1] as string).trimEnd();
      if (token.rstrip && i < sections.length - 1) sections[i + 1] = (sections[i + 1] as string).trimStart();
    });
  }

  return (text: string): number => {
    if (text.length === 0) return 0;
    let total = 0;
    const sections = split(outer, text);
    strip(sections);
    for (let sectionIndex = 0; sectionIndex < sections.length; sectionIndex++) {
      let section = sections[sectionIndex] as string;
      if (section.length === 0) continue;
      if (added.has(section)) {
        total += 1;
        continue;
      }
      if (removeSpace) section = section.trim().split(/\s+/).join(' ');
      if (normalizer !== null) section = normalizer(section);
      if (section.length === 0) continue;
      const subsections = split(inner, section);
      strip(subsections);
      const options = { section_index: sectionIndex };
      for (const sub of subsections) {
        if (sub.length === 0) continue;
        if (added.has(sub)) {
          total += 1;
          continue;
        }
        total += countPiece(sub, 0, options);
      }
    }
    return total;
  };
}

/**
 * One head step: `pieces`, the library's pre_tokenize([piece]); or `split`, for a Split step that
 * the library runs as regex_split (not inverted, not "removed"), a copy of its pattern, which
 * countPiece walks with exec() as regex_split walks matchAll(), without building the arrays of
 * pieces and flattening them (PreTokenizer.pre_tokenize's .map().flat() was a fifth of the
 * counting time, matchAll's iterator another tenth).
 */
type HeadStep = { split: RegExp; pieces?: undefined } | { split?: undefined; pieces: (text: string, options: object) => string[] };

function splitStep(step: LibStep): HeadStep {
  const { config, pattern } = step;
  if (config?.type === 'Split' && config.invert === false && config.behavior?.toLowerCase() !== 'removed' && pattern instanceof RegExp && pattern.global && pattern.unicode) {
    return { split: new RegExp(pattern.source, pattern.flags) };
  }
  return { pieces: (text, options) => step.pre_tokenize([text], options) };
}

/** AdvanceStringIndex for a unicode regular expression: past the code point at `index`. */
function advance(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return index + 2;
  }
  return index + 1;
}

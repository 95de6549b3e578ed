// The word-cached counters (hf-count.ts: over the library's tokenizer, and over the shipped BPE
// tables with bpe.ts) against @huggingface/tokenizers' own encode(), which they must match exactly.
// Builds the Qwen3, DeepSeek-V3, Llama 3.1 and Mistral NeMo tokenizers (~4 s together).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PACKAGE_ROOT } from '../paths.ts';
import { byteLevelChars, tablesFromJson, type TokenizerJson } from './bpe-tables.ts';
import { createHfCounter, createTablesCounter, type LibTokenizer } from './hf-count.ts';
import { HfTokenizers, type HfTokenizerName } from './hf.ts';

const hf = new HfTokenizers();
const library = (text: string, name: HfTokenizerName) => hf.library(name).encode(text, { add_special_tokens: false }).ids.length;

/** Paragraphs of the corpus and every text of the text-teams fixture. */
function samples(): string[] {
  const out: string[] = [];
  for (const f of ['en.txt', 'zh.txt', 'code.txt']) out.push(...readFileSync(join(PACKAGE_ROOT, 'fixtures', 'corpus', f), 'utf8').split(/\n\n/));
  for (const line of readFileSync(join(PACKAGE_ROOT, 'fixtures', 'logs', 'text-teams.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const row = JSON.parse(line) as { messages?: { content: unknown }[]; response?: string };
    for (const m of row.messages ?? []) if (typeof m.content === 'string') out.push(m.content);
    if (typeof row.response === 'string') out.push(row.response);
  }
  return out;
}

/** words: over the full library tokenizer; tables: over the shipped *.bpe.gz (the what-if's counter). */
const CASES = [
  ['qwen', 'words'],
  ['qwen', 'tables'],
  ['deepseek', 'words'],
  ['deepseek', 'tables'],
  ['llama', 'tables'],
  ['mistral', 'tables'],
] as const;

describe.each(CASES)('%s, %s: counting each word once', (name, kind) => {
  const counter = kind === 'words' ? createHfCounter(hf.library(name) as unknown as LibTokenizer) : hf.counter(name);

  test('is used (the tokenizer is of a shape it is exact for)', () => {
    expect(counter).toMatchObject({ fast: true, tables: kind === 'tables' });
  });

  test('counts the corpus and the fixture texts as encode() does, twice over (cold and cached words)', () => {
    const texts = samples();
    const expected = texts.map((t) => library(t, name));
    expect(texts.map((t) => counter.count(t))).toEqual(expected);
    expect(texts.map((t) => counter.count(t))).toEqual(expected);
  });

  test('counts arbitrary strings (special-token strings, CJK, lone surrogates, whitespace) as encode() does', () => {
    const pieces = ['<|im_start|>', '<|im_end|>', '<｜begin▁of▁sentence｜>', '<|endoftext|>', ' ', '\n', '\r\n', '\t', '  ', '的', '退款', 'é', 'e\u0301', '😀', '\uD800', '123', '4567', "'s", 'Hello', 'x', ' international', 'ization', '    ', 'ab', 'aaaa'];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(counter.count(text)).toBe(library(text, name));
      }),
      { numRuns: 300 },
    );
  });

  test('counts long runs (uncached words of hundreds of symbols) as encode() does', () => {
    const runs = ['a'.repeat(1000), 'ab'.repeat(400), '的'.repeat(300), ' '.repeat(500), '\n'.repeat(300), '=-'.repeat(300), '1'.repeat(500), 'xyz '.repeat(200), '😀'.repeat(100)];
    for (const text of runs) expect(counter.count(text)).toBe(library(text, name));
  });
});

describe('shapes it is not exact for', () => {
  test('a model with fuse_unk falls back to encode()', () => {
    const tok = hf.library('qwen') as unknown as LibTokenizer;
    const fused = Object.assign(Object.create(Object.getPrototypeOf(tok) as object) as LibTokenizer, tok, { model: Object.assign((t: string[]) => t, { config: { type: 'BPE' }, fuse_unk: true }) });
    expect(createHfCounter(fused).fast).toBe(false);
  });
});

describe('a Split pattern that matches empty strings (none of the shipped ones does)', () => {
  // A byte-level BPE of 256 bytes and three merges, split by "x*" (empty between x runs) then \p{N}.
  const bytes = byteLevelChars();
  const vocab: Record<string, number> = Object.fromEntries(Array.from(bytes, (c, i) => [c, i]));
  Object.assign(vocab, { xx: 256, ab: 257, abc: 258 });
  const json: TokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [{ id: 259, content: '<|sep|>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true } as TokenizerJson['added_tokens'][number]],
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: 'x*' }, behavior: 'Isolated', invert: false },
        { type: 'Split', pattern: { Regex: '\\p{N}' }, behavior: 'Isolated', invert: false },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: null, fuse_unk: false, byte_fallback: false, vocab, merges: ['x x', 'a b', 'ab c'] },
  };
  const Tokenizer = (createRequire(import.meta.url)('@huggingface/tokenizers') as { Tokenizer: new (json: object, config: object) => LibTokenizer }).Tokenizer;
  const full = new Tokenizer(structuredClone(json), {});
  const encode = (text: string) => full.encode(text, { add_special_tokens: false }).ids.length;
  const tables = tablesFromJson(structuredClone(json), { file: 'toy', sha256: '' }, ['abcxxab1x2😀x'], encode);
  const counters = { words: createHfCounter(full), tables: createTablesCounter(new Tokenizer(tables.config, {}), tables) };

  test.each(['words', 'tables'] as const)('%s: counts as encode() does', (kind) => {
    const counter = counters[kind];
    expect(counter?.fast).toBe(true);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('x', 'xx', 'a', 'b', 'c', 'ab', '1', ' ', '😀', '\uD800', 'é', '<|sep|>'), { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        expect(counter?.count(text)).toBe(encode(text));
      }),
      { numRuns: 300 },
    );
  });
});

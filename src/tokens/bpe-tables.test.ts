// The shipped BPE tables (tokenizers/*.bpe.gz) are what scripts/compact-tokenizers.mjs writes from
// the vendored tokenizer.json files, and bpe.ts merges as the library's BPE does. Counting with them
// against encode() is in hf-count.test.ts. Builds the full Qwen3, DeepSeek-V3, Llama 3.1 and Mistral
// NeMo tokenizers (the self-check counts are encode()'s), 2–3 s each.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { BpeModel } from './bpe.ts';
import { BPE_TABLES_MAGIC, byteLevelChars, decodeTables, encodeTables, type BpeTables } from './bpe-tables.ts';
import { TOKENIZERS } from './families.ts';
import { createTablesCounter, type LibTokenizer } from './hf-count.ts';
import { HfTokenizers, tablesFile, TOKENIZER_DIR, type HfTokenizerName } from './hf.ts';

const HF_NAMES = (Object.keys(TOKENIZERS) as (keyof typeof TOKENIZERS)[]).filter((n): n is HfTokenizerName => TOKENIZERS[n].kind === 'hf');

// That the shipped tables are what scripts/compact-tokenizers.mjs writes from each tokenizer.json is
// checked by `node scripts/compact-tokenizers.mjs --check` in CI (.ci/run): it parses every
// tokenizer.json whole (~10 s of CPU). Here, the cheap half: each shipped file decodes, encodes
// back to its very bytes, and there is one for every byte-level tokenizer and none for Gemma; the
// counts made from the tables are checked against the library's encode() in hf-count.test.ts.
describe.each(HF_NAMES)('%s', (name) => {
  const shipped = join(TOKENIZER_DIR, tablesFile(TOKENIZERS[name].file));

  test('the shipped tables file decodes and encodes back to its own bytes (Gemma: none shipped)', () => {
    if (name === 'gemma') {
      expect(existsSync(shipped)).toBe(false);
      return;
    }
    const bytes = gunzipSync(readFileSync(shipped));
    expect(encodeTables(decodeTables(bytes)).equals(bytes)).toBe(true);
  });
});

test('the byte characters are the library ByteLevel step\'s own', () => {
  const tok = new HfTokenizers().library('qwen') as unknown as { pre_tokenizer: { tokenizers: { byte_encoder?: Record<number, string> }[] } };
  const encoder = tok.pre_tokenizer.tokenizers[1]?.byte_encoder ?? {};
  expect(byteLevelChars()).toBe(Array.from({ length: 256 }, (_, b) => encoder[b]).join(''));
});

describe('a tables file that is not one', () => {
  const good = gunzipSync(readFileSync(join(TOKENIZER_DIR, 'qwen3.bpe.gz')));
  test('another format is refused', () => {
    expect(() => decodeTables(Buffer.from('{"model":{}}'))).toThrow(/not a BPE tables file/);
  });
  test('a cut file is refused', () => {
    expect(() => decodeTables(good.subarray(0, good.length - 10))).toThrow(/cut short/);
  });
  test('tables whose recorded counts do not come out are not used', () => {
    const tables = decodeTables(good);
    const splitter = new HfTokenizers().library('qwen') as unknown as LibTokenizer;
    expect(createTablesCounter(splitter, tables)).toBeDefined();
    const [text, n] = tables.selfCheck[0] as [string, number];
    expect(createTablesCounter(splitter, { ...tables, selfCheck: [[text, n + 1]] })).toBeUndefined();
  });
  test('the magic says which format', () => {
    expect(good.subarray(0, BPE_TABLES_MAGIC.length).toString('latin1')).toBe(BPE_TABLES_MAGIC);
  });
});

describe('BpeModel merges as the library does', () => {
  // Bytes are tokens 0–255 (byteIds: identity); "a" is byte 97.
  const byteChars = byteLevelChars();
  const identity = Int32Array.from({ length: 256 }, (_, b) => b);
  const model = (merges: [number, number, number][], ignoreMerges = false, otherTokens: string[] = []): BpeModel =>
    new BpeModel({
      source: { file: 'toy', sha256: '' },
      config: { added_tokens: [], normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, model: {} },
      left: Int32Array.from(merges, (m) => m[0]),
      right: Int32Array.from(merges, (m) => m[1]),
      merged: Int32Array.from(merges, (m) => m[2]),
      byteChars,
      byteIds: identity,
      ignoreMerges,
      otherTokens,
      selfCheck: [],
    } satisfies BpeTables);
  const a = 97;
  const b = 98;

  test('equal ranks: the leftmost pair first', () => {
    // rank 0: a a → 256 ("aa"); rank 1: aa a → 257.
    const bpe = model([
      [a, a, 256],
      [256, a, 257],
    ]);
    expect(bpe.count('aaa')).toBe(1); // (aa)a, then aaa
    expect(bpe.count('aaaa')).toBe(2); // (aa)(aa): the second pair of a's merges before (aa, a) could
    expect(bpe.count('aaaaa')).toBe(2); // (aa)(aa)a → (aa)(aaa)
  });

  test('the lowest rank first, wherever it is', () => {
    // rank 0: b a → 256; rank 1: a b → 257. "aba": "ba" merges first, leaving a + ba.
    const bpe = model([
      [b, a, 256],
      [a, b, 257],
    ]);
    expect(bpe.count('aba')).toBe(2);
    expect(bpe.count('ab')).toBe(1);
  });

  test('a pair listed twice takes its last rank', () => {
    // a b is rank 0 and rank 2: as rank 2 it loses to b c (rank 1), so "abc" is a + bc.
    const c = 99;
    const bpe = model([
      [a, b, 256],
      [b, c, 257],
      [a, b, 256],
    ]);
    expect(bpe.count('abc')).toBe(2);
  });

  test('ignore_merges: a word that is a whole token is one', () => {
    // "ab" is a token no merge makes; with ignore_merges it is one token, without it two.
    expect(model([], true, ['ab']).count('ab')).toBe(1);
    expect(model([], false, ['ab']).count('ab')).toBe(2);
    expect(model([[a, a, 256]], true).count('aa')).toBe(1);
    // With a merge's part that nothing makes, the vocabulary is not known: refused (the caller
    // then loads the full tokenizer).
    expect(() => model([[300, a, 301]], true)).toThrow(/neither a byte nor a merge's result/);
  });
});

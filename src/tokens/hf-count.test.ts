// The word-cached counter (hf-count.ts) against @huggingface/tokenizers' own encode(), which it
// must match exactly. Builds the Qwen3 and DeepSeek-V3 tokenizers (~1.5 s together).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PACKAGE_ROOT } from '../paths.ts';
import { createHfCounter, type LibTokenizer } from './hf-count.ts';
import { HfTokenizers } from './hf.ts';

const hf = new HfTokenizers();
const library = (text: string, name: 'qwen' | 'deepseek') => hf.library(name).encode(text, { add_special_tokens: false }).ids.length;

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

describe.each(['qwen', 'deepseek'] as const)('%s: counting each word once', (name) => {
  const counter = createHfCounter(hf.library(name) as unknown as LibTokenizer);

  test('is used (the tokenizer is of a shape it is exact for)', () => {
    expect(counter.fast).toBe(true);
  });

  test('counts the corpus and the fixture texts as encode() does, twice over (cold and cached words)', () => {
    const texts = samples();
    const expected = texts.map((t) => library(t, name));
    expect(texts.map((t) => counter.count(t))).toEqual(expected);
    expect(texts.map((t) => counter.count(t))).toEqual(expected);
  });

  test('counts arbitrary strings (special-token strings, CJK, lone surrogates, whitespace) as encode() does', () => {
    const pieces = ['<|im_start|>', '<|im_end|>', '<｜begin▁of▁sentence｜>', '<|endoftext|>', ' ', '\n', '\r\n', '\t', '  ', '的', '退款', 'é', 'e\u0301', '😀', '\uD800', '123', '4567', "'s", 'Hello', 'x'];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(counter.count(text)).toBe(library(text, name));
      }),
      { numRuns: 300 },
    );
  });
});

describe('shapes it is not exact for', () => {
  test('a model with fuse_unk falls back to encode()', () => {
    const tok = hf.library('qwen') as unknown as LibTokenizer;
    const fused = Object.assign(Object.create(Object.getPrototypeOf(tok) as object) as LibTokenizer, tok, { model: Object.assign((t: string[]) => t, { config: { type: 'BPE' }, fuse_unk: true }) });
    expect(createHfCounter(fused).fast).toBe(false);
  });
});

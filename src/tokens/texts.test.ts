// Counting with the vendored tokenizers. Building one costs 0.7–6 s, so this file builds the Qwen
// tokenizer once (the other families are covered by the ratio script, which runs them all).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { emptyBuckets } from '../core/types.ts';
import { createTokenCounter } from './count.ts';
import { TOKENIZER_DIR, HfTokenizers } from './hf.ts';
import { OVERHEAD } from './overhead.ts';
import { createTargetTokens } from './target.ts';
import { createTextCounter } from './texts.ts';

const hf = new HfTokenizers();
const counter = createTextCounter({ hf });
afterAll(() => counter.dispose());

/**
 * Counts by @lenml/tokenizers@3.7.2 (a separate transformers.js-derived implementation) with the
 * same tokenizer.json, `encode(text, { add_special_tokens: false }).length`. The two libraries
 * also agree on every file of fixtures/corpus for all five families (docs/tokens.md).
 */
const QWEN3: [string, number][] = [
  ['hello world', 2],
  ['Hello, my dog is cute', 6],
  ['我翻开历史一查，这历史没有年代。', 11],
  ['function add(a, b) {\n  return a + b;\n}', 14],
  ['Mixed 中文 and English: 42 items, 3.14!', 17],
  ['<|im_start|>user', 2],
  ['    indented\n\n\nlines\t\ttabs', 8],
];

describe('Qwen3 tokenizer.json', () => {
  test.each(QWEN3)('%j is %i tokens, as the reference implementation counts it', (text, expected) => {
    expect(counter.countString('qwen', text)).toBe(expected);
  });

  test('the same counts as @huggingface/tokenizers called directly', () => {
    const library = hf.library('qwen');
    for (const [text] of QWEN3) expect(counter.countString('qwen', text)).toBe(library.encode(text, { add_special_tokens: false }).ids.length);
  });

  test('Qwen counts of Chinese differ from o200k', () => {
    const zh = '我翻开历史一查，这历史没有年代。歪歪斜斜的每叶上都写着仁义道德几个字。';
    expect(counter.countString('qwen', zh)).not.toBe(counter.countString('o200k', zh));
  });

  test('a chat request: the Qwen template overhead around the counted texts', () => {
    const messages = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: '你好' },
    ];
    const o = OVERHEAD.qwen;
    const expected =
      o.replyPriming + 2 * o.perMessage + ['system', 'You are terse.', 'user', '你好'].reduce((sum, t) => sum + counter.countString('qwen', t), 0);
    expect(counter.count('qwen', { messages, completion: '好的' })).toEqual({ input: expected, output: counter.countString('qwen', '好的'), exact: true });
  });

  test('a request counted with several tokenizers, then edited in place: each count is of the text as it is', () => {
    const long = 'A system prompt long enough to be hashed, not keyed by itself.';
    const text = { messages: [{ role: 'system', content: long }, { role: 'user', content: '你好，世界' }], completion: 'Hello there, how are you today?' };
    const fresh = (name: 'o200k' | 'qwen') => createTextCounter({ hf }).count(name, structuredClone(text));
    expect(counter.count('o200k', text)).toEqual(fresh('o200k'));
    expect(counter.count('qwen', text)).toEqual(fresh('qwen'));
    text.messages[0]!.content = `${long} Now longer still, by a second sentence.`;
    text.completion = 'Short.';
    expect(counter.count('qwen', text)).toEqual(fresh('qwen'));
    expect(counter.count('o200k', text)).toEqual(fresh('o200k'));
  });

  test('o200k through this counter equals the existing counter for OpenAI models', () => {
    const old = createTokenCounter();
    const text = { messages: [{ role: 'user', name: 'ann', content: 'hello world' }], prompt: 'p', completion: 'c' };
    const was = old.count('gpt-4o', text).tokens;
    expect(counter.count('o200k', text)).toEqual({ input: was.input, output: was.output, exact: true });
    old.dispose();
  });
});

describe('countForTarget with a Qwen target', () => {
  const targets = createTargetTokens({ hf });
  test('text re-counted with Qwen3: method counted, not an estimate, and not the o200k count', () => {
    const text = { messages: [{ role: 'user', content: '请用一句话解释增值税。' }], completion: '增值税是对商品和服务增值部分征收的税。' };
    const old = createTokenCounter();
    const logged = old.count('gpt-4o', text).tokens;
    old.dispose();
    const result = targets.countForTarget('qwen3-max', 'gpt-4o', text, logged);
    const direct = counter.count('qwen', text);
    expect(result).toMatchObject({ method: 'counted', estimate: false, tokenizer: 'qwen' });
    expect(result.tokens).toEqual({ ...emptyBuckets(), input: direct.input, output: direct.output });
    expect(result.tokens.input + result.tokens.output).not.toBe(logged.input + logged.output);
  });

  test('the text-teams fixture: every row counted for qwen3-max with the Qwen tokenizer, most unlike o200k', () => {
    const rows = readFileSync(join(import.meta.dirname, '../../fixtures/logs/text-teams.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { model: string; messages: { role: string; content: string }[]; response: string });
    const old = createTokenCounter();
    let differ = 0;
    for (const row of rows) {
      const text = { messages: row.messages, completion: row.response };
      const logged = old.count(row.model, text).tokens;
      const result = targets.countForTarget('qwen3-max', row.model, text, logged);
      const library = hf.library('qwen');
      const direct = (t: string) => library.encode(t, { add_special_tokens: false }).ids.length;
      const o = OVERHEAD.qwen;
      const input = o.replyPriming + row.messages.reduce((sum, m) => sum + o.perMessage + direct(m.role) + direct(m.content), 0);
      expect(result).toMatchObject({ method: 'counted', estimate: false });
      expect(result.tokens.input).toBe(input);
      expect(result.tokens.output).toBe(direct(row.response));
      if (result.tokens.input !== old.count('gpt-4o', text).tokens.input) differ += 1;
    }
    old.dispose();
    expect(rows).toHaveLength(24);
    expect(differ).toBeGreaterThan(18);
  });

  test('a Kimi target is counted with Qwen as a stand-in: proxy, an estimate', () => {
    const result = targets.countForTarget('kimi-k2.5', 'gpt-4o', { prompt: '你好' }, { ...emptyBuckets(), input: 1 });
    expect(result).toMatchObject({ method: 'proxy', estimate: true, tokenizer: 'qwen' });
  });
});

describe('lazy loading', () => {
  test('a vendored file is read only when its family is counted, and only once', () => {
    // A tiny WordPiece tokenizer.json stands in for the real files, so this costs nothing to build.
    const dir = mkdtempSync(join(tmpdir(), 'tok-'));
    const tiny = { version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null, pre_tokenizer: { type: 'WhitespaceSplit' }, post_processor: null, decoder: null, model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: { '[UNK]': 0, hello: 1, world: 2 } } };
    for (const file of ['qwen3', 'deepseek_v3', 'llama3_1', 'gemma3', 'mistral_nemo']) writeFileSync(join(dir, `${file}.json.gz`), gzipSync(JSON.stringify(tiny)));
    const readFile = vi.fn((path: string) => readFileSync(path));
    const local = createTextCounter({ dir, readFile });
    local.count('o200k', { prompt: 'hello world' });
    local.count('cl100k', { prompt: 'hello world' });
    expect(readFile).not.toHaveBeenCalled();
    expect(local.stats().loaded).toEqual(['o200k', 'cl100k']);
    expect(local.count('deepseek', { prompt: 'hello world again' }).input).toBe(3);
    local.count('deepseek', { prompt: 'hello there' });
    // The BPE tables first (none in this folder), then the tokenizer.json; each once.
    expect(readFile.mock.calls.map((call) => call[0])).toEqual([join(dir, 'deepseek_v3.bpe.gz'), join(dir, 'deepseek_v3.json.gz')]);
    expect(local.stats().loaded).toEqual(['o200k', 'cl100k', 'deepseek']);
    local.dispose();
  });

  test('a missing file is a clear error naming the file and what to do', () => {
    const local = createTextCounter({ dir: join(tmpdir(), 'no-such-folder') });
    expect(() => local.countString('gemma', 'x'.repeat(20))).toThrow(/cannot load the gemma tokenizer from .*gemma3\.json\.gz.*reinstall/);
    local.dispose();
  });

  test('the shipped Qwen tables are read, and no tokenizer.json', () => {
    const readFile = vi.fn((path: string) => readFileSync(path));
    const local = createTextCounter({ dir: TOKENIZER_DIR, readFile });
    expect(local.countString('qwen', 'hello world')).toBe(2);
    expect(readFile.mock.calls.map((call) => call[0])).toEqual([join(TOKENIZER_DIR, 'qwen3.bpe.gz')]);
    expect(local.stats().loaded).toEqual(['qwen']);
    local.dispose();
  });

  test('an unreadable tables file: the tokenizer.json counts instead', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tok-'));
    writeFileSync(join(dir, 'qwen3.bpe.gz'), gzipSync('not tables'));
    writeFileSync(join(dir, 'qwen3.json.gz'), readFileSync(join(TOKENIZER_DIR, 'qwen3.json.gz')));
    const local = createTextCounter({ dir });
    expect(local.countString('qwen', 'Hello, my dog is cute')).toBe(6);
    local.dispose();
  });

  test('the shipped folder has every file', () => {
    for (const file of ['qwen3', 'deepseek_v3', 'llama3_1', 'gemma3', 'mistral_nemo']) expect(readFileSync(join(TOKENIZER_DIR, `${file}.json.gz`)).length).toBeGreaterThan(1_000_000);
  });
});

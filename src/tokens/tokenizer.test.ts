import { afterAll, describe, expect, test } from 'vitest';
import { TiktokenTokenizer } from './tokenizer.ts';

// Every expected count below is published elsewhere, not computed here with tiktoken:
// [cookbook] openai-cookbook examples/How_to_count_tokens_with_tiktoken.ipynb (outputs of cells 7, 11–13)
// [tiktoken] openai/tiktoken tests/test_simple_public.py and tests/test_offsets.py
// [gpt-tokenizer] niieani/gpt-tokenizer src/GptEncoding.test.ts and data/TestPlans.txt (reference encodings)
const tokenizer = new TiktokenTokenizer();
afterAll(() => tokenizer.dispose());

describe('published counts', () => {
  test.each([
    ['hello world', 2, 2], // [tiktoken] cl100k [15339, 1917]; [gpt-tokenizer] o200k
    ['tiktoken is great!', 6, undefined], // [cookbook] o200k
    ['antidisestablishmentarianism', 6, 6], // [cookbook]
    ['2 + 2 = 4', 7, 7], // [cookbook]
    ['お誕生日おめでとう', 8, 9], // [cookbook]
    ['我非常渴望与人工智能一起工作', undefined, 17], // [tiktoken] test_basic_offsets, cl100k
    ['你今天遇到什么有趣的事情了吗？🇨🇳', 15, 25], // [gpt-tokenizer] TestPlans
    ['Hello, World! How are you today? 🌍', 11, 12], // [gpt-tokenizer] TestPlans
    ['This is some text', 4, 4], // [gpt-tokenizer]
    ['hello 👋 world 🌍', 6, 7], // [gpt-tokenizer]
  ])('%j: o200k %s, cl100k %s', (text, o200k, cl100k) => {
    if (o200k !== undefined) expect(tokenizer.countText('o200k_base', text)).toEqual({ tokens: o200k, exact: true });
    if (cl100k !== undefined) expect(tokenizer.countText('cl100k_base', text)).toEqual({ tokens: cl100k, exact: true });
  });

  test('the empty string is 0 tokens', () => {
    expect(tokenizer.countText('o200k_base', '')).toEqual({ tokens: 0, exact: true });
  });
});

describe('user text never breaks counting', () => {
  test('special-token strings count as plain text instead of throwing', () => {
    for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
      const { tokens } = tokenizer.countText(encoding, 'hello world<|endoftext|> green cow <|im_start|>');
      // As plain text `<|endoftext|>` is several tokens, not the single special token.
      expect(tokens).toBeGreaterThan(5);
    }
  });

  test('lone surrogates are counted', () => {
    expect(tokenizer.countText('o200k_base', 'a\ud800b').tokens).toBeGreaterThan(0);
  });

  test.each([
    ['a run of one letter', 'a'.repeat(200_000)],
    ['a run of spaces', ' '.repeat(200_000)],
    ['a run of dots', '.'.repeat(200_000)],
    ['base64 of zeros', `data:audio/wav;base64,UklGR${'A'.repeat(200_000)}`],
  ])('%s is counted in bounded time and marked inexact', (_name, text) => {
    // Encoded whole, each of these takes ~25 s (quadratic merge); chunked, well under a second.
    const started = performance.now();
    const result = tokenizer.countText('o200k_base', text);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result.exact).toBe(false);
    expect(result.tokens).toBeGreaterThan(0);
  });

  test('chunking a long run changes the count by well under 1%', () => {
    // o200k_base encodes 8 `a`s as one token, so 10,240 of them are 1,280 tokens [measured whole].
    const { tokens } = tokenizer.countText('o200k_base', 'a'.repeat(10_240));
    expect(Math.abs(tokens - 1_280)).toBeLessThanOrEqual(10);
  });

  test('long ordinary text is encoded whole and stays exact', () => {
    const text = 'This is some text '.repeat(5_000).trimEnd(); // 90k chars, short runs
    expect(tokenizer.countText('o200k_base', text)).toEqual({ tokens: 4 * 5_000, exact: true });
  });
});

describe('encoder lifecycle', () => {
  test('loads nothing until text is counted, then one encoder per encoding', () => {
    const fresh = new TiktokenTokenizer();
    expect(fresh.loadedEncodings()).toEqual([]);
    fresh.countText('cl100k_base', '');
    expect(fresh.loadedEncodings()).toEqual([]);
    fresh.countText('cl100k_base', 'hello');
    fresh.countText('cl100k_base', 'world');
    expect(fresh.loadedEncodings()).toEqual(['cl100k_base']);
    fresh[Symbol.dispose]();
    expect(fresh.loadedEncodings()).toEqual([]);
  });
});

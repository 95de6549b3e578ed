// countForTarget without loading a vendored tokenizer: the ratio path and the OpenAI (tiktoken) path.
import { afterAll, describe, expect, test } from 'vitest';
import { emptyBuckets, type TokenBuckets } from '../core/types.ts';
import { createTokenCounter } from './count.ts';
import { modelTokens } from './families.ts';
import { measuredRatio, ratioBetween, scaleCount } from './ratios.ts';
import { createTargetTokens } from './target.ts';

const targets = createTargetTokens({ readFile: () => { throw new Error('no vendored tokenizer should be read in this file'); } });
afterAll(() => targets.dispose());

const buckets = (b: Partial<TokenBuckets>): TokenBuckets => ({ ...emptyBuckets(), ...b });

describe('no text: counts carried over or converted by ratio', () => {
  test('same exact tokenizer: logged counts carried over unchanged (a copy)', () => {
    const logged = buckets({ input: 100, cacheRead: 50, output: 20, reasoning: 5 });
    const result = targets.countForTarget('gpt-5', 'gpt-4o', undefined, logged);
    expect(result).toEqual({ tokens: logged, method: 'logged', estimate: false, tokenizer: 'o200k' });
    expect(result.tokens).not.toBe(logged);
  });

  test('same family through a stand-in (Gemini → Gemini): carried over', () => {
    expect(targets.countForTarget('gemini-2.5-pro', 'gemini-2.5-flash', undefined, buckets({ input: 10 })).method).toBe('logged');
  });

  test('OpenAI → Qwen: each side scaled by the blended ratio; prompt buckets keep their proportions', () => {
    const logged = buckets({ input: 7_000, cacheRead: 3_000, output: 1_000, reasoning: 400 });
    const { tokens, method, estimate, ratio } = targets.countForTarget('qwen3-max', 'gpt-4o', undefined, logged);
    const value = measuredRatio('o200k', 'qwen').blended;
    expect(method).toBe('ratio');
    expect(estimate).toBe(true);
    expect(ratio?.value).toBe(value);
    const prompt = scaleCount(10_000, value);
    expect(tokens.input + tokens.cacheRead).toBe(prompt);
    expect(Math.abs(tokens.input / prompt - 0.7)).toBeLessThan(0.001);
    expect(tokens.output).toBe(scaleCount(1_000, value));
    expect(tokens.reasoning).toBeLessThanOrEqual(tokens.output);
    expect(logged).toEqual(buckets({ input: 7_000, cacheRead: 3_000, output: 1_000, reasoning: 400 })); // not mutated
  });

  test('the prompt is scaled as a whole, then split (not each bucket rounded apart)', () => {
    // 3 buckets of 1 token × 1.5 each would round to 2+2+2 = 6; the whole is 4.5 → 5.
    const source = modelTokens('gpt-4o');
    const fake = { ...ratioBetween(source, source), value: '1.5000' };
    expect(scaleCount(3, fake.value)).toBe(5);
    const logged = buckets({ input: 1, cacheRead: 1, cacheWrite5m: 1 });
    const { tokens, ratio } = targets.countForTarget('claude-sonnet-4-5', 'gpt-4o', undefined, logged);
    expect(ratio?.value).toBe('1.2300');
    expect(tokens.input + tokens.cacheRead + tokens.cacheWrite5m).toBe(scaleCount(3, '1.2300'));
  });

  test('audio/image tokens and web searches carry over; only the text part is scaled', () => {
    const logged = buckets({ input: 1_000, inputImage: 600, output: 100, outputAudio: 40, webSearch: 2 });
    const { tokens, ratio } = targets.countForTarget('claude-sonnet-4-5', 'gpt-4o', undefined, logged);
    expect(tokens.inputImage).toBe(600);
    expect(tokens.input).toBe(600 + scaleCount(400, ratio!.value));
    expect(tokens.outputAudio).toBe(40);
    expect(tokens.output).toBe(40 + scaleCount(60, ratio!.value));
    expect(tokens.webSearch).toBe(2);
  });

  test('two families sharing a stand-in (Kimi → GLM): a ratio of 1, labelled an estimate', () => {
    const result = targets.countForTarget('glm-4.6', 'kimi-k2.5', undefined, buckets({ input: 123 }));
    expect(result).toMatchObject({ method: 'ratio', estimate: true, ratio: { value: '1.0000' } });
    expect(result.tokens.input).toBe(123);
  });
});

describe('text: re-counted with the target tokenizer', () => {
  const counter = createTokenCounter();
  afterAll(() => counter.dispose());
  const text = { messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: '这历史没有年代 — explain in English.' }], completion: 'It means history has no dates.' };

  test('an OpenAI target counts like the existing counter (same chat overhead)', () => {
    for (const model of ['gpt-4o', 'gpt-4']) {
      const expected = counter.count(model, text).tokens;
      const result = targets.countForTarget(model, 'deepseek-chat', text, expected);
      expect(result.method).toBe('counted');
      expect(result.estimate).toBe(false);
      expect(result.tokens.input).toBe(expected.input);
      expect(result.tokens.output).toBe(expected.output);
    }
  });

  test('cl100k and o200k counts of Chinese differ, so the target matters', () => {
    const logged = counter.count('gpt-4o', text).tokens;
    const a = targets.countForTarget('gpt-4o', 'gpt-4o', text, logged).tokens.input;
    const b = targets.countForTarget('gpt-4', 'gpt-4o', text, logged).tokens.input;
    expect(a).not.toBe(b);
  });

  test('Claude: the o200k count × the factor, stated', () => {
    const logged = counter.count('gpt-4o', text).tokens;
    const result = targets.countForTarget('claude-sonnet-4-5', 'gpt-4o', text, logged);
    expect(result.method).toBe('ratio');
    expect(result.ratio).toMatchObject({ from: 'o200k (counted)', to: 'claude', value: '1.2300' });
    expect(result.tokens.input).toBe(scaleCount(logged.input, '1.2300'));
    expect(result.tokens.output).toBe(scaleCount(logged.output, '1.2300'));
  });

  test('a prompt without its completion: the prompt is counted, the logged output converted', () => {
    const logged = buckets({ input: 50, output: 80 });
    const result = targets.countForTarget('claude-opus-4-7', 'gpt-4o', { prompt: 'hello world' }, logged);
    expect(result.tokens.input).toBe(scaleCount(2, '1.4453'));
    expect(result.tokens.output).toBe(scaleCount(80, '1.4453'));
    expect(result).toMatchObject({ method: 'ratio', estimate: true, ratio: { from: 'o200k', value: '1.4453' } });
    expect(result.ratio?.basis).toMatch(/Opus 4\.7/);
  });

  test('a prompt without its completion and nothing logged for the output: counted', () => {
    const result = targets.countForTarget('gpt-4', 'gpt-4o', { prompt: 'hello world' }, buckets({ input: 2 }));
    expect(result).toMatchObject({ method: 'counted', estimate: false, tokens: { input: 2, output: 0 } });
    expect(result.ratio).toBeUndefined();
  });

  test('recounted prompt keeps the logged cache proportions', () => {
    const logged = buckets({ input: 300, cacheRead: 700, output: 10 });
    const { tokens } = targets.countForTarget('gpt-4', 'gpt-4o', { prompt: 'word '.repeat(1000), completion: 'ok' }, logged);
    const total = tokens.input + tokens.cacheRead;
    expect(total).toBe(counter.count('gpt-4', { prompt: 'word '.repeat(1000) }).tokens.input);
    expect(Math.round((tokens.cacheRead / total) * 10)).toBe(7);
  });
});

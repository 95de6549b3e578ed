import { describe, expect, test } from 'vitest';
import { FAMILY_RULES, modelTokens, TOKENIZER_NAMES } from './families.ts';

describe('modelTokens', () => {
  test.each([
    // model, family, tokenizer, fidelity
    ['gpt-4o', 'openai', 'o200k', 'exact'],
    ['gpt-5', 'openai', 'o200k', 'exact'],
    ['openai/gpt-4.1-mini', 'openai', 'o200k', 'exact'],
    ['gpt-4-turbo', 'openai', 'cl100k', 'exact'],
    ['gpt-3.5-turbo-0125', 'openai', 'cl100k', 'exact'],
    ['qwen3-max', 'qwen', 'qwen', 'exact'],
    ['qwen-plus', 'qwen', 'qwen', 'exact'],
    ['qwq-plus', 'qwen', 'qwen', 'exact'],
    ['Qwen/Qwen2.5-72B-Instruct', 'qwen', 'qwen', 'exact'],
    ['qwen3.6-plus', 'qwen', 'qwen', 'proxy'],
    ['deepseek-chat', 'deepseek', 'deepseek', 'exact'],
    ['deepseek-reasoner', 'deepseek', 'deepseek', 'exact'],
    ['deepseek-v4-pro', 'deepseek', 'deepseek', 'proxy'],
    ['meta-llama/Llama-3.1-70B-Instruct', 'llama', 'llama', 'exact'],
    ['llama-3.3-70b-versatile', 'llama', 'llama', 'exact'],
    ['llama-4-maverick', 'llama', 'llama', 'proxy'],
    ['gemma-3-27b-it', 'gemma', 'gemma', 'exact'],
    ['gemini-2.5-flash', 'gemini', 'gemma', 'proxy'],
    ['open-mistral-nemo', 'mistral', 'mistral', 'exact'],
    ['mistral-large-2411', 'mistral', 'mistral', 'proxy'],
    ['claude-sonnet-4-5-20250929', 'claude', 'o200k', 'factor'],
    ['claude-3-5-sonnet-20241022', 'claude', 'o200k', 'factor'],
    ['claude-opus-4-7', 'claude', 'o200k', 'factor'],
    ['claude-sonnet-4-5@aws-regional', 'claude', 'o200k', 'factor'],
    ['kimi-k2.5', 'kimi', 'qwen', 'proxy'],
    ['moonshot-v1-8k', 'kimi', 'qwen', 'proxy'],
    ['glm-4.6', 'glm', 'qwen', 'proxy'],
    ['MiniMax-M2', 'minimax', 'qwen', 'proxy'],
    ['grok-4-0709', 'grok', 'o200k', 'proxy'],
    ['some-new-model', 'other', 'o200k', 'proxy'],
  ])('%s → %s via %s (%s)', (model, family, tokenizer, fidelity) => {
    expect(modelTokens(model)).toMatchObject({ family, tokenizer, fidelity });
  });

  test('Claude before Opus 4.7 and after it take different factors', () => {
    expect(modelTokens('claude-sonnet-4-6').factor).toBe('claude');
    expect(modelTokens('claude-opus-4-6').factor).toBe('claude');
    expect(modelTokens('claude-opus-4-7').factor).toBe('claude-2026');
    expect(modelTokens('claude-sonnet-5').factor).toBe('claude-2026');
    expect(modelTokens('claude-haiku-5-5').factor).toBe('claude-2026');
  });

  test('every rule names a shipped tokenizer and a note; only factor rules have a factor', () => {
    for (const rule of FAMILY_RULES) {
      expect(TOKENIZER_NAMES).toContain(rule.tokenizer);
      expect(rule.note.length).toBeGreaterThan(0);
      expect(rule.factor !== undefined).toBe(rule.fidelity === 'factor');
    }
  });
});

import { describe, expect, test } from 'vitest';
import { encodingFor } from './encodings.ts';

describe('encodingFor', () => {
  test.each([
    ['gpt-4o', 'o200k_base'],
    ['gpt-4o-mini', 'o200k_base'],
    ['gpt-4o-2024-08-06', 'o200k_base'],
    ['chatgpt-4o-latest', 'o200k_base'],
    ['gpt-4.1', 'o200k_base'],
    ['gpt-4.1-nano-2025-04-14', 'o200k_base'],
    ['gpt-4.5-preview', 'o200k_base'],
    ['gpt-5', 'o200k_base'],
    ['gpt-5-mini-2025-08-07', 'o200k_base'],
    ['gpt-5.1-codex', 'o200k_base'],
    ['o1', 'o200k_base'],
    ['o1-mini', 'o200k_base'],
    ['o3-pro', 'o200k_base'],
    ['o4-mini-2025-04-16', 'o200k_base'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-4-0613', 'cl100k_base'],
    ['gpt-4-32k', 'cl100k_base'],
    ['gpt-4-turbo', 'cl100k_base'],
    ['gpt-4-turbo-2024-04-09', 'cl100k_base'],
    ['gpt-4-1106-preview', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['gpt-3.5-turbo-0125', 'cl100k_base'],
    ['gpt-35-turbo', 'cl100k_base'],
    // Routing prefixes and fine-tunes keep the base model's tokenizer.
    ['openai/gpt-4o', 'o200k_base'],
    ['azure/gpt-4-turbo', 'cl100k_base'],
    ['ft:gpt-4o-mini-2024-07-18:acme::abc123', 'o200k_base'],
    ['openai/ft:gpt-3.5-turbo-0125:acme::x', 'cl100k_base'],
    [' GPT-4o ', 'o200k_base'],
  ])('%s → %s (exact)', (model, encoding) => {
    expect(encodingFor(model)).toEqual({ encoding, exact: true });
  });

  test.each([
    'claude-sonnet-4-5',
    'anthropic/claude-3-5-haiku',
    'deepseek-chat',
    'qwen-max',
    'gemini-2.5-pro',
    'glm-4.6',
    'kimi-k2',
    'mistral-large-latest',
    'grok-4',
    'gpt-oss-120b',
    'my-azure-deployment',
    '',
    // Near misses: anchored patterns do not guess from substrings.
    'gpt-4o2',
    'o10',
    'o2',
    'gpt-40',
    'x-gpt-4o',
    'openrouter/gpt-4o',
    'gpt-4.2',
  ])('%j falls back to o200k_base as an estimate', (model) => {
    expect(encodingFor(model)).toEqual({ encoding: 'o200k_base', exact: false });
  });
});

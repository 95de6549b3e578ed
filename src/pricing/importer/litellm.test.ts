// LiteLLM's price file → neutral entries: exact per-million rates, size tiers from the
// _above_Nk_tokens keys, service tiers, chat-like modes only, provider mapping.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isObject, parseJsonExact } from './json-source.ts';
import { looksLikeLitellm, readLitellm } from './litellm.ts';
import { skipSummary } from './source.ts';

const root = parseJsonExact(readFileSync('fixtures/pricing/import/litellm-excerpt.json', 'utf8'));
if (!isObject(root)) throw new Error('fixture is not an object');
const read = readLitellm(root);
const entry = (key: string) => read.entries.find((e) => e.key === key);

describe('readLitellm', () => {
  it('is recognised by shape', () => {
    expect(looksLikeLitellm(root)).toBe(true);
    expect(looksLikeLitellm(parseJsonExact('[{"id": "openai", "models": []}]'))).toBe(false);
  });

  it('converts per-token floats to exact per-million decimals', () => {
    expect(entry('gpt-9-mini')).toMatchObject({ id: 'gpt-9-mini', provider: 'openai', rates: { input: '0.125', cache_read: '0.0125', output: '3' }, contextWindow: 400000, maxOutputTokens: 128000 });
    expect(entry('o3-mini')?.rates).toEqual({ input: '1.1', cache_read: '0.55', output: '4.4' });
  });

  it('names source prices it cannot hold', () => {
    expect(entry('gpt-9-mini')?.ignoredFields).toEqual(['input_cost_per_image']);
  });

  it('reads batch prices as a service tier, and leaves out an incomplete one', () => {
    const gpt5 = entry('gpt-5');
    expect(gpt5?.serviceTiers).toEqual({ batch: { input: '0.5', output: '4' } });
    expect(gpt5?.ignoredFields).toEqual(['priority prices (incomplete)']);
  });

  it('turns the _above_200k_tokens keys into size tiers, each a full rate set', () => {
    expect(entry('claude-sonnet-4-5-20250929')?.tiers).toEqual([
      { inputUpTo: 200000, rates: { input: '3', output: '15', cache_read: '0.3', cache_write_5m: '3.75', cache_write_1h: '6' } },
      { rates: { input: '6', output: '22.5', cache_read: '0.6', cache_write_5m: '7.5', cache_write_1h: '6' } },
    ]);
  });

  it('maps providers, and strips the routing prefix for the new id', () => {
    expect(entry('gemini/gemini-3-pro')).toMatchObject({ id: 'gemini-3-pro', provider: 'google', candidates: ['gemini/gemini-3-pro', 'gemini-3-pro'] });
    expect(entry('deepseek/deepseek-chat')).toMatchObject({ id: 'deepseek-chat', provider: 'deepseek' });
    expect(entry('bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0')?.provider).toBeUndefined();
    expect(entry('vertex_ai/claude-sonnet-4-5@20250929')).toMatchObject({ unmappedReason: expect.stringMatching(/third-party model on Vertex AI/) });
    expect(entry('xai/grok-2-old')).toMatchObject({ provider: 'xai', deprecation: '2025-06-01' });
  });

  it('skips everything that is not chat-like, and says why', () => {
    expect(read.skipped.map((s) => s.key).sort()).toEqual(['1024-x-1024/dall-e-2', 'text-embedding-3-small', 'whisper-1']);
    expect(skipSummary(read.skipped).map((s) => `${s.count} ${s.reason}`)).toEqual([
      '1 mode "audio_transcription" (only chat/completion/responses are imported)',
      '1 mode "embedding" (only chat/completion/responses are imported)',
      '1 mode "image_generation" (only chat/completion/responses are imported)',
    ]);
  });
});

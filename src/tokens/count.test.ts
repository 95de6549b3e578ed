import { afterAll, describe, expect, test, vi } from 'vitest';
import { emptyBuckets, type ChatMessage } from '../core/types.ts';
import { SHORT_TEXT } from './cache.ts';
import { createTokenCounter } from './count.ts';
import { TiktokenTokenizer } from './tokenizer.ts';

// The example conversation of the OpenAI cookbook "How to count tokens with tiktoken" (section 6).
// The notebook prints, for both num_tokens_from_messages() and the API's usage.prompt_tokens:
// 129 for gpt-3.5-turbo, gpt-4-0613 and gpt-4; 124 for gpt-4o and gpt-4o-mini.
const COOKBOOK_MESSAGES: ChatMessage[] = [
  {
    role: 'system',
    content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.',
  },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
  {
    role: 'system',
    name: 'example_user',
    content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: 'system',
    name: 'example_assistant',
    content: "Let's talk later when we're less busy about how to do better.",
  },
  {
    role: 'user',
    content: "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];

const counter = createTokenCounter();
afterAll(() => counter.dispose());

describe('chat messages', () => {
  test.each([
    ['gpt-3.5-turbo', 129],
    ['gpt-4-0613', 129],
    ['gpt-4', 129],
    ['gpt-4o', 124],
    ['gpt-4o-mini', 124],
    ['openai/gpt-4o', 124],
  ])('cookbook example on %s: %i prompt tokens, counted', (model, input) => {
    const { tokens, source } = counter.count(model, { messages: COOKBOOK_MESSAGES });
    expect(tokens).toEqual({ ...emptyBuckets(), input });
    expect(source).toBe('counted');
  });

  test('one message: 3 per message + role + content + 3 reply priming', () => {
    // "user" is 1 token and "hello world" 2 in both encodings.
    expect(counter.count('gpt-4o', { messages: [{ role: 'user', content: 'hello world' }] }).tokens.input).toBe(9);
    expect(counter.count('gpt-4', { messages: [{ role: 'user', content: 'hello world' }] }).tokens.input).toBe(9);
  });

  test('a name costs its tokens plus 1', () => {
    const plain = counter.count('gpt-4o', { messages: [{ role: 'user', content: 'hello world' }] });
    const named = counter.count('gpt-4o', { messages: [{ role: 'user', name: 'hello', content: 'hello world' }] });
    expect(named.tokens.input - plain.tokens.input).toBe(2);
  });
});

describe('prompt and completion', () => {
  test('a prompt string has no chat overhead; the completion goes to output without overhead', () => {
    const { tokens, source } = counter.count('gpt-4o', { prompt: 'hello world', completion: 'tiktoken is great!' });
    expect(tokens.input).toBe(2);
    expect(tokens.output).toBe(6);
    expect(source).toBe('counted');
  });

  test('messages and prompt together are both counted', () => {
    const { tokens } = counter.count('gpt-4o', {
      messages: [{ role: 'user', content: 'hello world' }],
      prompt: 'hello world',
      completion: 'hello world',
    });
    expect(tokens.input).toBe(9 + 2);
    expect(tokens.output).toBe(2);
  });

  test('no text is zero tokens', () => {
    expect(counter.count('gpt-4o', {}).tokens.input).toBe(0);
    expect(counter.count('gpt-4o', { messages: [] }).tokens.input).toBe(0);
  });
});

describe('counted vs estimated', () => {
  test.each([
    ['gpt-4o-mini', 'counted'],
    ['o3-mini', 'counted'],
    ['gpt-3.5-turbo', 'counted'],
    ['claude-sonnet-4-5', 'estimated'],
    ['deepseek-chat', 'estimated'],
    ['qwen-plus', 'estimated'],
    ['gemini-2.5-flash', 'estimated'],
    ['unknown-model', 'estimated'],
  ])('%s → %s', (model, source) => {
    expect(counter.count(model, { prompt: 'hello world' }).source).toBe(source);
  });

  test('estimated models are counted with o200k_base', () => {
    expect(counter.count('claude-sonnet-4-5', { messages: COOKBOOK_MESSAGES }).tokens.input).toBe(124);
  });

  test('an OpenAI model whose text had to be chunked is estimated', () => {
    expect(counter.count('gpt-4o', { completion: ' '.repeat(5_000) }).source).toBe('estimated');
  });
});

describe('cache', () => {
  test('a system prompt repeated across 1000 requests is encoded once', () => {
    const tokenizer = new TiktokenTokenizer();
    const spy = vi.spyOn(tokenizer, 'countText');
    const local = createTokenCounter({ tokenizer });
    const system = 'You are a careful assistant. '.repeat(200);

    const inputs = new Set<number>();
    for (let i = 0; i < 1_000; i += 1) {
      const messages = [
        { role: 'system', content: system },
        { role: 'user', content: `question ${1_000 + i}` }, // same shape for every i, so the same count
      ];
      inputs.add(local.count('gpt-4o', { messages }).tokens.input);
    }
    expect(spy.mock.calls.filter(([, text]) => text === system)).toHaveLength(1);
    // A cache hit returns the same count as the first encoding did.
    expect(inputs.size).toBe(1);
    expect(local.stats().hits).toBeGreaterThanOrEqual(999);
    local.dispose();
  });

  test('a growing chat history encodes each message once (linear, not quadratic)', () => {
    const tokenizer = new TiktokenTokenizer();
    const spy = vi.spyOn(tokenizer, 'countText');
    const local = createTokenCounter({ tokenizer });
    const history: ChatMessage[] = [];
    for (let turn = 0; turn < 50; turn += 1) {
      history.push({ role: turn % 2 === 0 ? 'user' : 'assistant', content: `message number ${turn}` });
      local.count('gpt-4o', { messages: history });
    }
    // Each distinct content once, and each role once (not once per message).
    expect(spy).toHaveBeenCalledTimes(50 + 2);
    expect(spy.mock.calls.filter(([, text]) => text === 'assistant')).toHaveLength(1);
    local.dispose();
  });

  test('the same text under another encoding is encoded again', () => {
    const tokenizer = new TiktokenTokenizer();
    const spy = vi.spyOn(tokenizer, 'countText');
    const local = createTokenCounter({ tokenizer });
    local.count('gpt-4o', { prompt: 'hello world' });
    local.count('gpt-4', { prompt: 'hello world' });
    local.count('gpt-4o-mini', { prompt: 'hello world' });
    expect(spy).toHaveBeenCalledTimes(2);
    local.dispose();
  });

  test('stays within its bound', () => {
    const local = createTokenCounter({ cacheEntries: 100 });
    for (let i = 0; i < 1_000; i += 1) local.count('gpt-4o', { messages: [{ role: 'user', content: `n${i}` }] });
    expect(local.stats().cacheEntries).toBeLessThanOrEqual(100);
    local.dispose();
  });
});

describe('per-text cache: each (encoding, text) encoded once, whatever its role or position', () => {
  /** A counter over a spied tokenizer, and how often each text reached the encoder. */
  function spied() {
    const tokenizer = new TiktokenTokenizer();
    const spy = vi.spyOn(tokenizer, 'countText');
    const counter = createTokenCounter({ tokenizer });
    const encodes = (text: string) => spy.mock.calls.filter(([, t]) => t === text).length;
    return { counter, spy, encodes };
  }

  // Long enough to be hashed, and short enough to be a key of its own (see SHORT_TEXT).
  const REPLY = 'Hello! How can I help you today? Ask me anything about your invoices.';
  const SHORT_REPLY = 'Hi there!';

  test('the two replies take both kinds of key', () => {
    expect(REPLY.length).toBeGreaterThan(SHORT_TEXT);
    expect(SHORT_REPLY.length).toBeLessThanOrEqual(SHORT_TEXT);
  });

  test.each([
    ['a hashed reply', REPLY],
    ['a short reply', SHORT_REPLY],
  ])('%s counted as a completion is not encoded again when resent as an assistant message', (_name, reply) => {
    const { counter, encodes } = spied();
    const first = counter.count('gpt-4o', { messages: [{ role: 'user', content: 'hello world' }], completion: reply });
    const second = counter.count('gpt-4o', {
      messages: [
        { role: 'user', content: 'hello world' },
        { role: 'assistant', content: reply },
        { role: 'user', content: 'hello world' },
      ],
      completion: 'hello world',
    });
    expect(encodes(reply)).toBe(1);
    expect(encodes('hello world')).toBe(1);
    // Counts as before: 3 per message + role (1 token each) + content; 3 to prime the reply.
    const replyTokens = first.tokens.output;
    expect(first.tokens.input).toBe(3 + 1 + 2 + 3);
    expect(second.tokens.input).toBe(3 * 3 + 3 * 1 + 2 + replyTokens + 2 + 3);
    expect(second.tokens.output).toBe(2);
    expect(second.source).toBe('counted');
    counter.dispose();
  });

  test('a text seen first in a message is not encoded again as a completion, a prompt or under another role', () => {
    const { counter, encodes } = spied();
    counter.count('gpt-4o', { messages: [{ role: 'assistant', content: REPLY }] });
    counter.count('gpt-4o', { completion: REPLY });
    counter.count('gpt-4o', { prompt: REPLY });
    counter.count('gpt-4o', { messages: [{ role: 'system', name: 'example_assistant', content: REPLY }] });
    counter.count('gpt-4o-mini', { messages: [{ role: 'user', content: REPLY }], completion: REPLY }); // same encoding
    expect(encodes(REPLY)).toBe(1);
    counter.dispose();
  });

  test('roles and names are encoded once per encoding, not once per message', () => {
    const { counter, encodes } = spied();
    for (let i = 0; i < 20; i += 1) {
      counter.count('gpt-4o', { messages: [{ role: 'user', name: 'alice', content: `question ${i}` }] });
      counter.count('gpt-4', { messages: [{ role: 'user', name: 'alice', content: `question ${i}` }] });
    }
    expect(encodes('user')).toBe(2);
    expect(encodes('alice')).toBe(2);
    counter.dispose();
  });

  test('an inexact count stays inexact when found in another position', () => {
    const { counter, encodes } = spied();
    const padding = ' '.repeat(5_000); // chunked, so estimated
    const asCompletion = counter.count('gpt-4o', { completion: padding });
    const asMessage = counter.count('gpt-4o', { messages: [{ role: 'assistant', content: padding }] });
    expect(encodes(padding)).toBe(1);
    expect(asCompletion.source).toBe('estimated');
    expect(asMessage.source).toBe('estimated');
    expect(asMessage.tokens.input).toBe(3 + 1 + asCompletion.tokens.output + 3);
    counter.dispose();
  });

  test('a text with a lone surrogate is not given the count of its U+FFFD twin', () => {
    // The same length, and the same bytes in UTF-8 (a lone surrogate becomes U+FFFD), but chunked
    // differently (never after a high surrogate), so the counts differ.
    const twin = `${'.'.repeat(1_023)}\ufffd${'.'.repeat(1_500)}`;
    const lone = `${'.'.repeat(1_023)}\ud800${'.'.repeat(1_500)}`;
    const tokenizer = new TiktokenTokenizer();
    const expected = tokenizer.countText('o200k_base', lone).tokens;
    expect(expected).not.toBe(tokenizer.countText('o200k_base', twin).tokens);
    const counter = createTokenCounter({ tokenizer });
    counter.count('gpt-4o', { completion: twin });
    expect(counter.count('gpt-4o', { completion: lone }).tokens.output).toBe(expected);
    counter.dispose();
  });

  test('a replayed log: every count equals an uncached count, and each distinct text is encoded once', () => {
    // Conversations that resend their history, share system prompts, mix two encodings and names.
    const shared = new TiktokenTokenizer(); // for the uncached reference counts
    const { counter, spy } = spied();
    const systems = ['You are terse.', 'You are a careful assistant who explains every step. '.repeat(20)];
    const requests: { model: string; messages: ChatMessage[]; completion: string }[] = [];
    for (let c = 0; c < 12; c += 1) {
      const model = ['gpt-4o', 'gpt-4', 'claude-sonnet-4-5'][c % 3] as string;
      const history: ChatMessage[] = [{ role: 'system', content: systems[c % 2] as string }];
      for (let turn = 0; turn < 5; turn += 1) {
        const content = `Question ${turn} of conversation ${c % 4}: what does line ${turn * 7} do?`;
        const user: ChatMessage = { role: 'user', content };
        if (turn === 2) user.name = 'bob';
        history.push(user);
        const completion = turn === 3 ? 'OK.' : `Answer ${turn} of conversation ${c % 4}: it adds ${turn} to the running total.`;
        requests.push({ model, messages: history.map((m) => ({ ...m })), completion });
        history.push({ role: 'assistant', content: completion });
      }
    }
    for (const { model, messages, completion } of requests) {
      const reference = createTokenCounter({ tokenizer: shared }).count(model, { messages, completion });
      expect(counter.count(model, { messages, completion })).toEqual(reference);
    }
    const encoded = spy.mock.calls.map(([encoding, text]) => `${encoding} ${text}`);
    expect(new Set(encoded).size).toBe(encoded.length);
    const distinct = new Set(
      requests.flatMap(({ model, messages, completion }) => {
        const encoding = model.startsWith('gpt-4o') || model.startsWith('claude') ? 'o200k_base' : 'cl100k_base';
        return [...messages.flatMap((m) => [m.role, m.content, ...(m.name === undefined ? [] : [m.name])]), completion].map(
          (t) => `${encoding} ${t}`,
        );
      }),
    );
    expect(encoded.length).toBe(distinct.size);
    counter.dispose();
    shared.dispose();
  });
});

describe('lifecycle', () => {
  test('creating and disposing a counter without counting loads no encoder', () => {
    const local = createTokenCounter();
    expect(local.loadedEncodings()).toEqual([]);
    local.count('gpt-4o', {});
    expect(local.loadedEncodings()).toEqual([]);
    local.dispose();
  });

  test('loads only the encodings it needs, frees them on dispose, and refuses use afterwards', () => {
    const tokenizer = new TiktokenTokenizer();
    const local = createTokenCounter({ tokenizer });
    local.count('gpt-4', { prompt: 'hi' });
    expect(local.loadedEncodings()).toEqual(['cl100k_base']);
    local[Symbol.dispose]();
    expect(tokenizer.loadedEncodings()).toEqual([]);
    expect(() => local.count('gpt-4', { prompt: 'hi' })).toThrow(/after dispose/);
    local.dispose(); // idempotent
  });
});

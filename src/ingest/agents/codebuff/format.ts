// DATA: Codebuff (~/.config/manicode/projects/<project>/chats/<chat started at>/chat-messages.json):
// one JSON document per chat, an ARRAY of messages. An assistant message ("variant": "ai" or
// "agent"; "role": "assistant" in older files) carries its usage under metadata.usage (or
// metadata.codebuff.usage): Anthropic-style counts, disjoint.

import { DISJOINT_SEMANTICS, type JsonFormat } from '../../formats/spec.ts';

const USAGE = ['item.metadata.usage', 'item.metadata.codebuff.usage'];
const at = (...names: string[]): string[] => USAGE.flatMap((u) => names.map((n) => `${u}.${n}`));

export const CODEBUFF_FORMATS = {
  'codebuff-chat': {
    shape: 'json',
    description:
      'Codebuff chats (~/.config/manicode/projects/<project>/chats/<chat>/chat-messages.json, one JSON array of messages per chat): each assistant message ("ai"/"agent" variant, or role "assistant") with metadata.usage (or metadata.codebuff.usage) is a request: inputTokens, outputTokens, cacheCreationInputTokens, cacheReadInputTokens, disjoint; the model is metadata.model; ' +
      'the session is the chat folder, the project the folder under projects/; a message counted from another file (same project, chat and id) is skipped as a copy; other messages and all-zero counts are skipped. Usage found only in metadata.runState (provider-reported, OpenAI-style) is not read: such a message is rejected as having no counts',
    detect: [[{ path: '0.variant', present: true }, { path: '0.id', present: true }], [{ path: '0.role', present: true }, { path: '0.text', present: true }]],
    items: { paths: [''], empty: 'an empty Codebuff chat: nothing to price' },
    skip: [
      { when: [{ path: 'item.variant', present: true }, { path: 'item.variant', not: ['ai', 'agent'] }], reason: 'a Codebuff {item.variant} message: no usage' },
      { when: [{ path: 'item.variant', present: false }, { path: 'item.role', not: ['assistant'] }], reason: 'a Codebuff {item.role} message: no usage' },
    ],
    fields: {
      model: ['item.metadata.model', ...at('model'), 'item.metadata.codebuff.model'],
      timestamp: ['item.timestamp', 'item.createdAt', 'item.metadata.timestamp'],
      input: at('inputTokens', 'input_tokens'),
      output: at('outputTokens', 'output_tokens'),
      cacheRead: at('cacheReadInputTokens', 'cache_read_input_tokens'),
      cacheWrite: at('cacheCreationInputTokens', 'cache_creation_input_tokens', 'cacheCreationTokens', 'cache_creation_tokens'),
      total: at('totalTokens', 'total_tokens'),
    },
    pathTags: { session: '/chats/([^/]+)/chat-messages\\.json$', project: '/projects/([^/]+)/chats/' },
    missingModel: '(no model: Codebuff message without metadata.model)',
    zeroUsage: 'a Codebuff message whose token counts are all 0: nothing to price',
    dedupe: {
      key: ['tag:project', 'tag:session', 'item.id'],
      reason: 'superseded by a later copy of the same Codebuff message in this chat',
      across: { reason: 'a copy: a Codebuff message already counted from another chat file (same project, chat and message id)' },
    },
    semantics: { ...DISJOINT_SEMANTICS, requiredTokens: [] },
  },
} satisfies Record<string, JsonFormat>;

// DATA: Amp threads (~/.local/share/amp/threads/T-<uuid>.json), one JSON document per thread.
// Older threads keep a usage ledger (usageLedger.events[]: model, timestamp, tokens.input/output,
// toMessageId) whose cache counts are on the assistant message it points to; current threads put
// the usage on each assistant message (messages[].usage: model, timestamp, inputTokens,
// outputTokens, cacheCreationInputTokens, cacheReadInputTokens). Anthropic's disjoint buckets.

import { DISJOINT_SEMANTICS, type JsonFormat } from '../../formats/spec.ts';

export const AMP_FORMATS = {
  'amp-thread': {
    shape: 'json',
    description:
      'Amp threads (~/.local/share/amp/threads/*.json, one JSON document per thread): the usage ledger\'s events when the thread has one (tokens.input/output, with the cache read and write counts of the message at toMessageId), else each assistant message\'s usage; disjoint Anthropic buckets; the session is the thread id. ' +
      'Other messages, messages without usage and all-zero counts are skipped; a total alone (no split) is rejected, not guessed; credits are not read',
    detect: [
      [{ path: 'usageLedger.events', present: true }, { path: 'id', present: true }],
      [{ path: 'id', prefix: 'T-' }, { path: 'messages', present: true }],
    ],
    items: {
      paths: ['usageLedger.events', 'messages'],
      empty: 'an Amp thread with no messages or ledger events yet: nothing to price',
      join: { from: 'messages', key: 'messageId', match: 'item.toMessageId' },
    },
    skip: [
      { when: [{ path: 'item.role', present: true }, { path: 'item.role', not: ['assistant'] }], reason: 'an Amp {item.role} message: no usage' },
      { when: [{ path: 'item.role', is: ['assistant'] }, { path: 'item.usage', present: false }], reason: 'an Amp assistant message without usage (cancelled, or still streaming): nothing to price' },
    ],
    fields: {
      model: ['item.usage.model', 'item.model'],
      timestamp: ['item.usage.timestamp', 'item.timestamp'],
      input: ['item.tokens.input', 'item.usage.inputTokens'],
      output: ['item.tokens.output', 'item.usage.outputTokens'],
      cacheRead: ['joined.usage.cacheReadInputTokens', 'item.usage.cacheReadInputTokens'],
      cacheWrite: ['joined.usage.cacheCreationInputTokens', 'item.usage.cacheCreationInputTokens'],
      total: ['item.tokens.total', 'item.usage.totalTokens'],
    },
    tags: { session: ['doc.id'] },
    missingModel: '(no model: Amp usage without model)',
    zeroUsage: 'an Amp message whose token counts are all 0: no model call to price',
    // A ledger event may log one side only.
    semantics: { ...DISJOINT_SEMANTICS, requiredTokens: [] },
  },
} satisfies Record<string, JsonFormat>;

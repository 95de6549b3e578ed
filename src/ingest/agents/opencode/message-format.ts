// DATA: OpenCode's legacy message storage (<data>/storage/message/<session>/<message>.json): one
// JSON document per message (the SQLite database that replaced it is read by source.ts's sibling
// reader). An assistant message carries modelID, providerID, time.created (epoch ms), tokens
// (input, output, cache.read, cache.write: disjoint) and the cost OpenCode computed, in USD.

import { DISJOINT_SEMANTICS, type JsonFormat } from '../../formats/spec.ts';

export const OPENCODE_MESSAGE_FORMATS = {
  'opencode-message': {
    shape: 'json',
    description:
      'OpenCode legacy message files (storage/message/<session>/*.json, one JSON document per message): an assistant message with tokens is a request: tokens.input, tokens.output, tokens.cache.read, tokens.cache.write (disjoint), cost as the logged cost, at time.created; tags session (sessionID), provider (providerID), project (path.cwd); ' +
      'a message counted from another file (same id: the database row, or a copy) is skipped as a copy; other messages and all-zero counts are skipped (tokens.reasoning is not read)',
    detect: [
      [{ path: 'modelID', present: true }, { path: 'providerID', present: true }, { path: 'sessionID', present: true }],
      [{ path: 'role', is: ['user', 'assistant'] }, { path: 'sessionID', present: true }, { path: 'time.created', present: true }],
    ],
    skip: [
      { when: [{ path: 'role', not: ['assistant'] }], reason: 'an OpenCode {role} message: no usage' },
      { when: [{ path: 'tokens', present: false }], reason: 'an OpenCode assistant message without tokens (still streaming, or failed): nothing to price' },
    ],
    fields: {
      model: ['modelID'],
      timestamp: ['time.created'],
      input: ['tokens.input'],
      output: ['tokens.output'],
      cacheRead: ['tokens.cache.read'],
      cacheWrite: ['tokens.cache.write'],
      total: ['tokens.total'],
      cost: ['cost'],
    },
    tags: { session: ['sessionID'], provider: ['providerID'], project: ['path.cwd', 'path.root'] },
    missingModel: '(no model: OpenCode message without modelID)',
    zeroUsage: 'an OpenCode message whose token counts are all 0: nothing to price',
    dedupe: {
      key: ['id'],
      reason: 'superseded by a later copy of the same OpenCode message in this file',
      across: { reason: 'a copy: an OpenCode message already counted from another file (same message id)' },
    },
    semantics: { ...DISJOINT_SEMANTICS, requiredTokens: [] },
  },
} satisfies Record<string, JsonFormat>;

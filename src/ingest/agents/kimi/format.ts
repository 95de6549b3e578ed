// DATA: Kimi CLI wire logs (~/.kimi/sessions/<group>/<session>/wire.jsonl): the protocol messages
// of a session, one per line ({timestamp: epoch seconds, message: {type, payload}}); a StatusUpdate
// with payload.token_usage is a model call's usage (input_other, output, input_cache_read,
// input_cache_creation: disjoint). The model is not in the log (it is the CLI's configured one).

import { DISJOINT_SEMANTICS, type JsonFormat } from '../../formats/spec.ts';

const USAGE = 'message.payload.token_usage';

export const KIMI_FORMATS = {
  'kimi-wire': {
    shape: 'json',
    description:
      'Kimi CLI wire logs (~/.kimi/sessions/<group>/<session>/wire.jsonl): a StatusUpdate with token_usage is a request: input_other, output, input_cache_read, input_cache_creation (disjoint); the session is the folder the file is in; the same status update again (same session, message id and time) is counted once. ' +
      'The log names no model: give --default-model (the model in Kimi\'s config), else it is "(no model: Kimi wire log; give --default-model)", unpriced. Other messages and all-zero counts are skipped',
    detect: [
      [{ path: 'type', is: ['metadata'] }, { path: 'protocol_version', present: true }],
      [{ path: 'message.type', present: true }, { path: 'message.payload', present: true }, { path: 'timestamp', present: true }],
    ],
    skip: [
      { when: [{ path: 'type', is: ['metadata'] }], reason: 'the Kimi wire log header: no usage' },
      { when: [{ path: 'message.type', not: ['StatusUpdate'] }], reason: 'a Kimi {message.type} message: no usage' },
      { when: [{ path: USAGE, present: false }], reason: 'a Kimi StatusUpdate without token_usage: nothing to price' },
    ],
    fields: {
      timestamp: ['timestamp'],
      input: [`${USAGE}.input_other`],
      output: [`${USAGE}.output`],
      cacheRead: [`${USAGE}.input_cache_read`],
      cacheWrite: [`${USAGE}.input_cache_creation`],
      total: [`${USAGE}.total`],
    },
    pathTags: { session: '/([^/]+)/wire\\.jsonl$' },
    missingModel: '(no model: Kimi wire log; give --default-model)',
    zeroUsage: 'a Kimi StatusUpdate whose token counts are all 0: nothing to price',
    dedupe: {
      key: ['tag:session', 'message.payload.message_id', 'timestamp'],
      reason: 'the same Kimi status update again later in this file (the last copy is kept)',
      across: { reason: 'a copy: a Kimi status update already counted from another wire log of the same session' },
    },
    semantics: { ...DISJOINT_SEMANTICS, requiredTokens: [] },
  },
} satisfies Record<string, JsonFormat>;

// DATA: Kilo CLI's SQLite database (~/.local/share/kilo/kilo.db). Kilo is a fork of OpenCode and
// keeps the same `message` table (../opencode/format.ts); facts from ccusage's Kilo adapter: only
// assistant messages are usage, the session is data.session_id else the row's, copies across data
// folders are counted once by data.id.

import { COPY_REASON_PREFIX } from '../../replay/copy-reason.ts';
import type { JsonFormat } from '../../formats/spec.ts';
import { MESSAGE_FIELDS, MESSAGE_SEMANTICS, messageQuery } from '../opencode/format.ts';

export const KILO_FORMATS = {
  kilo: {
    shape: 'json',
    description:
      "Kilo CLI's SQLite database (kilo.db, the same message table as OpenCode's): each assistant message with token counts is one request, read as OpenCode's (tokens.input, output, reasoning billed as output, cache.read, cache.write, a total above the parts billed as output; data.modelID, data.time.created, data.cost); " +
      'session data.session_id, else the row\'s session_id; other roles and rows without tokens are skipped; a message (data.id) already counted from another Kilo data folder is skipped as a copy',
    detect: [],
    sqlite: messageQuery('Kilo', /^kilo.*\.db$/i),
    skip: [
      { when: [{ path: 'data.role', not: ['assistant'] }], reason: 'a Kilo {data.role} message: only assistant messages carry usage' },
      { when: [{ path: 'no_tokens', is: ['yes'] }], reason: 'a Kilo assistant message without tokens (an aborted reply): nothing to price' },
    ],
    fields: MESSAGE_FIELDS,
    tags: { session: ['data.session_id', 'session_id'], provider: ['data.providerID'], project: ['data.path.root'], agent: ['data.agent', 'data.mode'] },
    missingModel: '(no model: Kilo message without modelID)',
    countRule: 'total-remainder-as-output',
    dedupe: {
      key: ['data.id'],
      reason: 'superseded by a later row of the same message',
      across: { reason: `${COPY_REASON_PREFIX}a Kilo message (data.id) already counted from another database: counted once` },
    },
    semantics: MESSAGE_SEMANTICS,
  },
} satisfies Record<string, JsonFormat>;

// DATA: OpenCode's SQLite database (~/.local/share/opencode/opencode.db, and opencode-<channel>.db of
// other release channels): table `message`, one row per message, its fields JSON text in `data`.
// Kilo (a fork of OpenCode) keeps the same table in kilo.db: ../kilo/format.ts. The reader is
// ../../read/sqlite.ts; facts from ccusage's OpenCode adapter (tokens, model, time, total fallback).

import { COPY_REASON_PREFIX } from '../../replay/copy-reason.ts';
import { DISJOINT_SEMANTICS, type JsonFormat, type Semantics, type SqliteQuery } from '../../formats/spec.ts';

/**
 * A message row of OpenCode's (or Kilo's) `message` table. `no_tokens` is 'yes' for a row whose
 * data holds no token count above 0 (a user message, an aborted reply): computed by SQLite, and
 * only for JSON it can parse, so a row of broken JSON still reaches the reader and is rejected.
 */
export function messageQuery(name: string, fileName?: RegExp): SqliteQuery {
  return {
    name,
    table: 'message',
    columns: ['id', 'session_id', 'data'],
    sql: `SELECT rowid, id, session_id, data,
      CASE WHEN json_valid(data) AND COALESCE(json_extract(data, '$.tokens.input'), 0) = 0 AND COALESCE(json_extract(data, '$.tokens.output'), 0) = 0
        AND COALESCE(json_extract(data, '$.tokens.reasoning'), 0) = 0 AND COALESCE(json_extract(data, '$.tokens.cache.read'), 0) = 0
        AND COALESCE(json_extract(data, '$.tokens.cache.write'), 0) = 0 AND COALESCE(json_extract(data, '$.tokens.total'), 0) = 0
      THEN 'yes' END AS no_tokens
      FROM message ORDER BY rowid`,
    jsonColumns: ['data'],
    ...(fileName && { fileName }),
  };
}

/** OpenCode's counts: disjoint input, cache reads and writes; reasoning apart from output (billed as output). */
export const MESSAGE_SEMANTICS: Semantics = { ...DISJOINT_SEMANTICS, outputIncludesReasoning: false, requiredTokens: [] };

/** The fields of a message's data, shared with Kilo. */
export const MESSAGE_FIELDS = {
  model: ['data.modelID'],
  timestamp: ['data.time.created'],
  input: ['data.tokens.input'],
  output: ['data.tokens.output'],
  reasoning: ['data.tokens.reasoning'],
  cacheRead: ['data.tokens.cache.read'],
  cacheWrite: ['data.tokens.cache.write'],
  total: ['data.tokens.total'],
  cost: ['data.cost'],
} satisfies JsonFormat['fields'];

export const OPENCODE_FORMATS = {
  opencode: {
    shape: 'json',
    description:
      "OpenCode's SQLite database (opencode.db, opencode-<channel>.db): each row of table message whose data (JSON) has token counts is one request: tokens.input, output, reasoning (billed as output), cache.read, cache.write; " +
      'a tokens.total above the parts is billed as output (a row with only a total is all output); model data.modelID, time data.time.created (epoch ms), session the row\'s session_id, provider tag data.providerID, data.cost as the logged cost. ' +
      'Rows without a token count above 0 (user messages, aborted replies) are skipped; a message id already counted from another database (another channel, or a copy) is skipped as a copy',
    detect: [],
    sqlite: messageQuery('OpenCode'),
    skip: [{ when: [{ path: 'no_tokens', is: ['yes'] }], reason: 'an OpenCode message without tokens (a user message or an aborted reply): nothing to price' }],
    fields: MESSAGE_FIELDS,
    tags: { session: ['session_id', 'data.sessionID'], provider: ['data.providerID'], project: ['data.path.root'], agent: ['data.mode'] },
    missingModel: '(no model: OpenCode message without modelID)',
    countRule: 'total-remainder-as-output',
    dedupe: {
      key: ['id'],
      reason: 'superseded by a later row of the same message',
      across: { reason: `${COPY_REASON_PREFIX}an OpenCode message (id) already counted from another database: counted once` },
    },
    semantics: MESSAGE_SEMANTICS,
  },
} satisfies Record<string, JsonFormat>;

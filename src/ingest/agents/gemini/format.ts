// DATA: Gemini CLI chat recordings (~/.gemini/tmp/<project hash>/chats/): one pretty-printed JSON
// document per session (session-….json: sessionId, startTime, messages[]), or, in newer builds
// and in ccusage's tests, JSONL (a header line with sessionId, then one message per line). A
// "gemini" message carries `tokens`: input (promptTokenCount, cached included), output
// (candidates), cached, thoughts (billed as output, on top of it), tool (tool-use prompt, billed as
// input) and total.

import type { JsonFormat, Semantics } from '../../formats/spec.ts';

/** input includes cached (the API's promptTokenCount), thoughts come on top of output. */
const GEMINI_CLI_SEMANTICS: Semantics = {
  inputIncludesCacheRead: true,
  inputIncludesCacheWrite: false,
  outputIncludesReasoning: false,
  numbersAsText: false,
  requiredTokens: [],
};

const ZERO = 'a Gemini CLI message whose token counts are all 0: no model call to price';
const NO_MODEL = '(no model: Gemini CLI message without model)';
const MESSAGE_TYPES = ['user', 'gemini', 'info', 'error', 'warning'];

/** A message's tokens, under `at` (the item of a chat document, or the line itself). */
function tokenFields(at: string): JsonFormat['fields'] {
  return {
    model: [`${at}model`],
    input: [`${at}tokens.input`],
    output: [`${at}tokens.output`],
    cacheRead: [`${at}tokens.cached`],
    reasoning: [`${at}tokens.thoughts`],
    extraInput: [`${at}tokens.tool`],
    total: [`${at}tokens.total`],
  };
}

export const GEMINI_CLI_FORMATS = {
  'gemini-cli-chat': {
    shape: 'json',
    description:
      'Gemini CLI chat recordings (~/.gemini/tmp/<hash>/chats/session-*.json, one JSON document per session): each "gemini" message with tokens is a request; input includes cached unless tokens.total shows them apart (input + output + thoughts + tool = total); thoughts are billed as output, tool-use prompt tokens as input; ' +
      'the session is the document\'s sessionId; a message counted from another file (same id: a copied session) is skipped as a copy; user, info and error messages and all-zero counts are skipped',
    detect: [[{ path: 'sessionId', present: true }, { path: 'messages', present: true }, { path: 'startTime', present: true }]],
    items: { paths: ['messages'], empty: 'a Gemini CLI chat with no messages yet: nothing to price' },
    skip: [
      { when: [{ path: 'item.type', not: ['gemini'] }], reason: 'a Gemini CLI {item.type} message: no model call of its own' },
      { when: [{ path: 'item.tokens', present: false }], reason: 'a Gemini CLI reply without tokens (cancelled or still streaming): nothing to price' },
    ],
    fields: { ...tokenFields('item.'), timestamp: ['item.timestamp', 'doc.startTime'] },
    tags: { session: ['doc.sessionId'] },
    missingModel: NO_MODEL,
    countRule: 'gemini-cached-in-input',
    zeroUsage: ZERO,
    dedupe: {
      key: ['item.id'],
      reason: 'superseded by a later copy of the same Gemini CLI message in this file',
      across: { reason: 'a copy: a Gemini CLI message already counted from another chat file (same message id)' },
    },
    semantics: GEMINI_CLI_SEMANTICS,
  },
  'gemini-cli-jsonl': {
    shape: 'json',
    description:
      'Gemini CLI chat recordings as JSONL (…/chats/*.jsonl): a header line (sessionId, projectHash, startTime), then one message per line; a "gemini" line with tokens is a request, read as in gemini-cli-chat; the last line per message id is kept; ' +
      'a line naming only the model sets it for the lines after it',
    detect: [
      [{ path: 'sessionId', present: true }, { path: 'projectHash', present: true }],
      [{ path: 'type', is: ['gemini'] }, { path: 'tokens', present: true }],
      [{ path: 'type', is: MESSAGE_TYPES }, { path: 'id', present: true }, { path: 'timestamp', present: true }, { path: 'content', present: true }],
    ],
    skip: [
      { when: [{ path: 'projectHash', present: true }], reason: 'the Gemini CLI session header: no usage' },
      { when: [{ path: 'type', not: ['gemini'] }], reason: 'a Gemini CLI {type} line: no model call of its own' },
      { when: [{ path: 'tokens', present: false }], reason: 'a Gemini CLI reply without tokens: nothing to price' },
    ],
    fields: { ...tokenFields(''), timestamp: ['timestamp', 'created_at'] },
    hook: 'carry',
    carry: [{ when: [[{ path: 'sessionId', present: true }]], fields: { model: ['model'] }, tags: { session: ['sessionId', 'session_id'] } }, { when: [[{ path: 'model', present: true }]], fields: { model: ['model'] } }],
    missingModel: NO_MODEL,
    countRule: 'gemini-cached-in-input',
    zeroUsage: ZERO,
    dedupe: {
      key: ['id'],
      reason: 'superseded by a later line of the same Gemini CLI message (the last is kept)',
      across: { reason: 'a copy: a Gemini CLI message already counted from another chat file (same message id)' },
    },
    semantics: GEMINI_CLI_SEMANTICS,
  },
} satisfies Record<string, JsonFormat>;

// DATA: Qwen Code chat recordings (~/.qwen/projects/<project>/chats/<session>.jsonl), one record per
// line (uuid, parentUuid, sessionId, timestamp, type, cwd, model, message.parts); an assistant
// record carries usageMetadata in Gemini's names, filled by Qwen Code from the provider's usage:
// promptTokenCount is the prompt INCLUDING cachedContentTokenCount, candidatesTokenCount the
// completion INCLUDING thoughtsTokenCount (OpenAI's completion_tokens and reasoning_tokens).

import { OPENAI_SEMANTICS, type JsonFormat } from '../../formats/spec.ts';

const USAGE = 'usageMetadata';

export const QWEN_FORMATS = {
  'qwen-code': {
    shape: 'json',
    description:
      'Qwen Code chat recordings (~/.qwen/projects/<project>/chats/*.jsonl): an assistant record with usageMetadata is a request: promptTokenCount including cachedContentTokenCount, candidatesTokenCount including thoughtsTokenCount (OpenAI convention, as Qwen Code converts them); tags session (sessionId), project (cwd), git_branch; ' +
      'a record counted from another file (same session and uuid) is skipped as a copy; other records and all-zero counts are skipped',
    detect: [
      [{ path: 'sessionId', present: true }, { path: USAGE, present: true }],
      [{ path: 'sessionId', present: true }, { path: 'message.parts', present: true }],
      [{ path: 'sessionId', present: true }, { path: 'systemPayload', present: true }],
    ],
    skip: [
      { when: [{ path: 'type', not: ['assistant'] }], reason: 'a Qwen Code {type} record: no usage' },
      { when: [{ path: USAGE, present: false }], reason: 'a Qwen Code assistant record without usageMetadata: nothing to price' },
    ],
    fields: {
      model: ['model'],
      timestamp: ['timestamp'],
      input: [`${USAGE}.promptTokenCount`],
      output: [`${USAGE}.candidatesTokenCount`],
      cacheRead: [`${USAGE}.cachedContentTokenCount`],
      reasoning: [`${USAGE}.thoughtsTokenCount`],
      total: [`${USAGE}.totalTokenCount`],
    },
    tags: { session: ['sessionId'], project: ['cwd'], git_branch: ['gitBranch'] },
    pathTags: { project: '/projects/([^/]+)/chats/' },
    missingModel: '(no model: Qwen Code record without model)',
    zeroUsage: 'a Qwen Code record whose token counts are all 0: nothing to price',
    dedupe: {
      key: ['sessionId', 'uuid'],
      reason: 'the same Qwen Code record again later in this file (the last copy is kept)',
      across: { reason: 'a copy: a Qwen Code record already counted from another chat file (same session and uuid)' },
    },
    semantics: { ...OPENAI_SEMANTICS, requiredTokens: [] },
  },
} satisfies Record<string, JsonFormat>;

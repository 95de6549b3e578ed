// DATA: the session files of pi-agent (~/.pi/agent/sessions/<project>/<time>_<session>.jsonl),
// also written by OpenClaw, which is built on pi (~/.openclaw/agents/<agent>/sessions/<session>.jsonl):
// one entry per line: a "session" header (id, cwd), "message" entries whose assistant message
// carries usage (input, output, cacheRead, cacheWrite: disjoint; totalTokens; cost.total in USD),
// and "model_change" entries that set the model of the messages after them.

import { DISJOINT_SEMANTICS, type CarrySpec, type JsonFormat } from '../../formats/spec.ts';

const ENTRY_TYPES = ['session', 'model_change', 'thinking_level_change', 'compaction', 'branch_summary', 'custom', 'custom_message', 'label', 'session_info'];
const USAGE = 'message.usage';

/** The session header names the session; a model change (or snapshot) the model of the messages after it. */
const CARRY: readonly CarrySpec[] = [
  { when: [[{ path: 'type', is: ['session'] }]], fields: {}, tags: { session: ['id'], project: ['cwd'] } },
  {
    when: [[{ path: 'type', is: ['model_change'] }], [{ path: 'type', is: ['custom'] }, { path: 'customType', is: ['model-snapshot'] }]],
    fields: { model: ['modelId', 'model', 'data.modelId', 'data.model'] },
    tags: { provider: ['provider', 'data.provider'] },
  },
];

export const PI_FORMATS = {
  'pi-session': {
    shape: 'json',
    description:
      'pi-agent and OpenClaw session files (~/.pi/agent/sessions/**.jsonl; ~/.openclaw/**/sessions/*.jsonl with their .jsonl.deleted.* and .jsonl.reset.* archives): each assistant "message" entry with usage is a request: input, output, cacheRead, cacheWrite (disjoint), cost.total as the logged cost; ' +
      'the model is the message\'s own (model, modelId), else the last model_change (or custom model-snapshot) before it; the session is the header\'s id, else the file name (after the first "_" for pi, before ".jsonl" for OpenClaw); project the header\'s cwd, else the folder under sessions/; ' +
      'the same entry again (same session, times, model and counts: a line repeated, or an archive of a live session) is counted once; other entries and all-zero counts are skipped',
    detect: [
      [{ path: 'type', is: ['message'] }, { path: 'message.role', present: true }],
      [{ path: 'type', is: ENTRY_TYPES }, { path: 'id', present: true }],
      [{ path: 'type', is: ['model_change'] }, { path: 'modelId', present: true }],
      [{ path: 'type', is: ['custom'] }, { path: 'customType', present: true }],
    ],
    skip: [
      { when: [{ path: 'type', not: ['message'] }], reason: 'a pi session {type} entry: no usage' },
      { when: [{ path: 'message.role', not: ['assistant'] }], reason: 'a pi session {message.role} message: no usage' },
      { when: [{ path: USAGE, present: false }], reason: 'a pi session assistant message without usage: nothing to price' },
    ],
    fields: {
      model: ['message.model', 'message.modelId'],
      timestamp: ['timestamp', 'message.timestamp'],
      input: [`${USAGE}.input`],
      output: [`${USAGE}.output`],
      cacheRead: [`${USAGE}.cacheRead`],
      cacheWrite: [`${USAGE}.cacheWrite`],
      total: [`${USAGE}.totalTokens`],
      cost: [`${USAGE}.cost.total`],
    },
    tags: { provider: ['message.provider'] },
    hook: 'carry',
    carry: CARRY,
    pathTags: { session: '/(?:[^/_]*_)?([^/_]+?)\\.jsonl(?:\\.[^/]*)?$', project: '/sessions/([^/]+)/[^/]+$' },
    missingModel: '(no model: pi session message without a model or an earlier model_change)',
    zeroUsage: 'a pi session message whose token counts are all 0: nothing to price',
    dedupe: {
      key: ['tag:session', 'timestamp', 'message.timestamp', 'message.model', `${USAGE}.input`, `${USAGE}.output`, `${USAGE}.cacheRead`, `${USAGE}.cacheWrite`, `${USAGE}.totalTokens`],
      reason: 'the same pi session entry again later in this file (the last copy is kept)',
      across: { reason: 'a copy: a pi session entry already counted from another file of the same session (an archived or reset copy)' },
    },
    semantics: { ...DISJOINT_SEMANTICS, requiredTokens: [] },
  },
} satisfies Record<string, JsonFormat>;

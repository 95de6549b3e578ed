// DATA: Factory's Droid (~/.factory/sessions/…/<session>.settings.json): one small JSON document
// per session holding the session's CUMULATIVE usage (tokenUsage) and its model, provider lock and
// the time the provider was locked. So a session is one row: its totals, at that time.

import { DISJOINT_SEMANTICS, type JsonFormat } from '../../formats/spec.ts';

export const DROID_FORMATS = {
  'droid-settings': {
    shape: 'json',
    description:
      "Factory Droid session settings (~/.factory/sessions/**/*.settings.json): one row per session, its cumulative tokenUsage (inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens, thinkingTokens billed as output on top of it), the session's model as logged, timestamped at providerLockTimestamp (else the file's time); " +
      'the session is the file name; a second file of the same session (an archived copy) is skipped as a copy: the first in path order is counted (ccusage keeps the latest snapshot); all-zero usage is skipped',
    detect: [
      [{ path: 'tokenUsage', present: true }, { path: 'providerLock', present: true }],
      [{ path: 'tokenUsage', present: true }, { path: 'model', present: true }],
    ],
    skip: [],
    fields: {
      model: ['model'],
      timestamp: ['providerLockTimestamp'],
      input: ['tokenUsage.inputTokens'],
      output: ['tokenUsage.outputTokens'],
      cacheWrite: ['tokenUsage.cacheCreationTokens'],
      cacheRead: ['tokenUsage.cacheReadTokens'],
      reasoning: ['tokenUsage.thinkingTokens'],
      total: ['tokenUsage.totalTokens'],
    },
    tags: { provider_lock: ['providerLock'] },
    pathTags: { session: '([^/]+)\\.settings\\.json$' },
    missingModel: '(no model: Droid settings without model)',
    zeroUsage: 'a Droid session whose token usage is all 0: nothing to price',
    dedupe: {
      key: ['tag:session'],
      reason: 'superseded by a later copy of the same Droid session',
      across: { reason: 'a copy: a Droid session already counted from another settings file (same session id)' },
    },
    semantics: { ...DISJOINT_SEMANTICS, outputIncludesReasoning: false, requiredTokens: [] },
  },
} satisfies Record<string, JsonFormat>;

// DATA: Hermes Agent's SQLite state database (~/.hermes/state.db): table `sessions`, one row per
// SESSION with its token totals, so each session is one record, at started_at (epoch seconds).
// Facts from ccusage's Hermes adapter: disjoint input, cache read and write; reasoning_tokens apart
// from output (billed as output); actual_cost_usd, else estimated_cost_usd, as the logged cost; a
// session found in two state databases (HERMES_HOME lists several) is counted once.

import { COPY_REASON_PREFIX } from '../../replay/copy-reason.ts';
import { DISJOINT_SEMANTICS, type JsonFormat } from '../../formats/spec.ts';

export const HERMES_FORMATS = {
  hermes: {
    shape: 'json',
    description:
      "Hermes Agent's SQLite state database (state.db): each row of table sessions is one record for the whole session (Hermes keeps totals per session), at started_at: " +
      'input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens (billed as output); model, billing_provider as the provider tag, actual_cost_usd (else estimated_cost_usd) as the logged cost. ' +
      'Sessions with no tokens and no cost are skipped; a session id already counted from another state database is skipped as a copy',
    detect: [],
    sqlite: {
      name: 'Hermes Agent',
      table: 'sessions',
      columns: ['id', 'model', 'started_at', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens'],
      sql: `SELECT rowid, *, 'hermes:' || id AS session_key,
        CASE WHEN COALESCE(input_tokens, 0) = 0 AND COALESCE(output_tokens, 0) = 0 AND COALESCE(cache_read_tokens, 0) = 0
          AND COALESCE(cache_write_tokens, 0) = 0 AND COALESCE(reasoning_tokens, 0) = 0
          AND COALESCE(actual_cost_usd, estimated_cost_usd, 0) = 0 THEN 'yes' END AS no_tokens
        FROM sessions ORDER BY rowid`,
    },
    skip: [{ when: [{ path: 'no_tokens', is: ['yes'] }], reason: 'a Hermes session that used no tokens: nothing to price' }],
    fields: {
      model: ['model'],
      timestamp: ['started_at'],
      input: ['input_tokens'],
      output: ['output_tokens'],
      reasoning: ['reasoning_tokens'],
      cacheRead: ['cache_read_tokens'],
      cacheWrite: ['cache_write_tokens'],
      cost: ['actual_cost_usd', 'estimated_cost_usd'],
    },
    tags: { session: ['id'], provider: ['billing_provider'] },
    missingModel: '(no model: Hermes session without a model)',
    dedupe: {
      key: ['session_key'],
      reason: 'superseded by a later row of the same session',
      across: { reason: `${COPY_REASON_PREFIX}a Hermes session already counted from another state database: counted once` },
    },
    semantics: { ...DISJOINT_SEMANTICS, outputIncludesReasoning: false, requiredTokens: [] },
  },
} satisfies Record<string, JsonFormat>;

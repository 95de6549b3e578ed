// DATA: Goose's SQLite database (sessions/sessions.db): table `sessions`, one row per SESSION with
// its token totals (Goose keeps no per-request rows), so each session is one record, at the time
// it was created. Facts from ccusage's Goose adapter: the accumulated_* columns when above 0, else
// the plain ones; the model is model_config_json.model_name; a total above input + output is billed
// as output; no cache columns.

import type { JsonFormat } from '../../formats/spec.ts';
import { DISJOINT_SEMANTICS } from '../../formats/spec.ts';

export const GOOSE_FORMATS = {
  goose: {
    shape: 'json',
    description:
      "Goose's SQLite database (sessions.db): each row of table sessions is one record for the whole session (Goose keeps totals per session, not per request), at created_at: " +
      'accumulated_input_tokens / accumulated_output_tokens / accumulated_total_tokens when above 0, else input_tokens / output_tokens / total_tokens; a total above input + output is billed as output; model model_config_json.model_name; provider tag provider_name. Sessions that used no tokens are skipped',
    detect: [],
    sqlite: {
      name: 'Goose',
      table: 'sessions',
      columns: ['id', 'model_config_json', 'created_at', 'input_tokens', 'output_tokens', 'total_tokens'],
      // NULLIF: a 0 in an accumulated column falls back to the plain one, as ccusage reads them.
      sql: `SELECT rowid, id, model_config_json, provider_name, created_at,
        COALESCE(NULLIF(accumulated_input_tokens, 0), input_tokens) AS input,
        COALESCE(NULLIF(accumulated_output_tokens, 0), output_tokens) AS output,
        COALESCE(NULLIF(accumulated_total_tokens, 0), total_tokens) AS total,
        CASE WHEN COALESCE(NULLIF(accumulated_input_tokens, 0), input_tokens, 0) = 0 AND COALESCE(NULLIF(accumulated_output_tokens, 0), output_tokens, 0) = 0
          AND COALESCE(NULLIF(accumulated_total_tokens, 0), total_tokens, 0) = 0 THEN 'yes' END AS no_tokens
        FROM sessions ORDER BY rowid`,
      jsonColumns: ['model_config_json'],
    },
    skip: [{ when: [{ path: 'no_tokens', is: ['yes'] }], reason: 'a Goose session that used no tokens: nothing to price' }],
    fields: {
      model: ['model_config_json.model_name'],
      timestamp: ['created_at'],
      input: ['input'],
      output: ['output'],
      total: ['total'],
    },
    tags: { session: ['id'], provider: ['provider_name'] },
    missingModel: '(no model: Goose session without model_config_json.model_name)',
    countRule: 'total-remainder-as-output',
    semantics: { ...DISJOINT_SEMANTICS, requiredTokens: [] },
  },
} satisfies Record<string, JsonFormat>;

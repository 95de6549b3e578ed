// DATA: vendor dashboard CSV exports (shared/formats.md §3, §8). Header names are matched exactly
// (after trimming): vendor exports do not vary them, and exact names keep detection unambiguous.

import { DISJOINT_SEMANTICS, TEXT_NUMBERS, type JsonFormat } from './spec.ts';

export const EXPORT_FORMATS = {
  cursor: {
    shape: 'json',
    description:
      'Cursor dashboard usage-events CSV (10- to 12-column layouts, quoted or not): the two Input columns are resolved per row with Total Tokens: ' +
      'if Total = w/ + w/o + Cache Read + Output, "Input (w/ Cache Write)" is the cache write and "Input (w/o Cache Write)" the uncached input; if Total = w/o + Cache Read + Output (or w/ + Cache Read + Output), w/ includes w/o and the write is their difference; ' +
      'otherwise the row is rejected. Cost ("0.49", "$0.10") is the logged cost in USD ("Included" or empty: none); Kind "Errored, Not Charged" rows are skipped; tags kind, max_mode, agent, automation',
    detect: [[{ path: 'Max Mode', present: true }, { path: 'Input (w/ Cache Write)', present: true }]],
    skip: [{ when: [{ path: 'Kind', prefix: 'Errored' }], reason: 'a Cursor "{Kind}" row: not billed; the row is skipped' }],
    fields: {
      model: ['Model'],
      timestamp: ['Date'],
      input: ['Input (w/o Cache Write)'],
      cacheWrite: ['Input (w/ Cache Write)'],
      cacheRead: ['Cache Read'],
      output: ['Output Tokens'],
      total: ['Total Tokens'],
      cost: ['Cost', 'Cost to you'],
    },
    tags: { kind: ['Kind'], max_mode: ['Max Mode'], agent: ['Cloud Agent ID'], automation: ['Automation ID'] },
    countRule: 'cursor-input-columns',
    semantics: { ...DISJOINT_SEMANTICS, ...TEXT_NUMBERS, requiredTokens: ['input', 'output'] },
  },
  'anthropic-console-usage': {
    shape: 'json',
    description:
      'Anthropic Console usage export (claude_api_tokens_*.csv): disjoint columns (no-cache input, 5m and 1h cache writes, cache reads, output) per model and day or hour (usage_date_utc); ' +
      'a row aggregates an unknown number of requests (read as 1); tags api_key, workspace, context_window',
    detect: [[{ path: 'usage_input_tokens_no_cache', present: true }, { path: 'model_version', present: true }]],
    skip: [],
    fields: {
      model: ['model_version'],
      timestamp: ['usage_date_utc'],
      input: ['usage_input_tokens_no_cache'],
      cacheWrite5m: ['usage_input_tokens_cache_write_5m'],
      cacheWrite1h: ['usage_input_tokens_cache_write_1h'],
      cacheRead: ['usage_input_tokens_cache_read'],
      output: ['usage_output_tokens'],
      serviceTier: ['usage_type'],
    },
    tags: { api_key: ['api_key'], workspace: ['workspace'], context_window: ['context_window'] },
    semantics: { ...DISJOINT_SEMANTICS, ...TEXT_NUMBERS },
  },
  'anthropic-console-cost': {
    shape: 'json',
    description: 'Anthropic Console cost export: a cost per token type, with no token counts and display-name models; every row is skipped (export the usage CSV to reprice)',
    detect: [[{ path: 'cost_usd', present: true }, { path: 'token_type', present: true }, { path: 'usage_date_utc', present: true }]],
    skip: [{ when: [], reason: 'an Anthropic Console cost row (a cost per token type, no token counts): nothing to reprice; export the usage CSV (claude_api_tokens_*.csv) instead' }],
    fields: {},
    semantics: { ...DISJOINT_SEMANTICS, ...TEXT_NUMBERS },
  },
} satisfies Record<string, JsonFormat>;

// DATA: OpenAI Codex CLI (shared/formats.md §5): rollout files under ~/.codex/sessions, whose usage
// lines depend on earlier lines and on other rollouts (rollout.ts, the format's hook), and the
// event stream of `codex exec --json`.

import { OPENAI_SEMANTICS, type JsonFormat } from '../../formats/spec.ts';

const CODEX_TYPES = ['session_meta', 'turn_context', 'response_item', 'event_msg', 'world_state', 'compacted'];
const CODEX_USAGE = 'payload.info.last_token_usage';

export const CODEX_FORMATS = {
  codex: {
    shape: 'json',
    description:
      'OpenAI Codex CLI rollout (~/.codex/sessions/**/rollout-*.jsonl): event_msg token_count lines are the usage; last_token_usage is preferred, else the difference of cumulative total_token_usage; a token_count that repeats the previous totals is skipped; ' +
      'the model is the token_count\'s own info.model, else the latest turn_context.payload.model or info.model before it ("(no model: Codex rollout without turn_context)" when none). A forked or resumed session replays its parent\'s cumulative totals: leading token_counts whose totals were already read from another file are skipped and the count goes on from there, so shared history is counted once (in whichever file is read first). ' +
      'A subagent spawned by a thread (session_meta payload.source.subagent.thread_spawn) starts with its parent\'s token_counts stamped with its own creation second: those leading lines are skipped (their totals are the base of the next difference). A token_count with the same timestamp, model and last_token_usage as one already counted (a copied rollout) is skipped. Other lines are skipped',
    detect: [[{ path: 'type', is: CODEX_TYPES }, { path: 'payload', present: true }]],
    skip: [
      { when: [{ path: 'type', is: ['turn_context'] }], reason: 'a Codex turn_context line (sets the model for the token counts that follow): no usage' },
      { when: [{ path: 'payload.type', not: ['token_count'] }], reason: 'a Codex {type} line: no token usage, nothing to price' },
      { when: [{ path: 'payload.info', present: false }], reason: 'a Codex token_count without info (rate limits only): no usage' },
    ],
    fields: {
      model: ['payload.info.model'],
      timestamp: ['timestamp'],
      input: [`${CODEX_USAGE}.input_tokens`],
      output: [`${CODEX_USAGE}.output_tokens`],
      cacheRead: [`${CODEX_USAGE}.cached_input_tokens`],
      // New in 0.14x and 0 in every sample: read as part of input_tokens, like cached_input_tokens (unverified).
      cacheWrite: [`${CODEX_USAGE}.cache_write_input_tokens`],
      reasoning: [`${CODEX_USAGE}.reasoning_output_tokens`],
    },
    missingModel: '(no model: Codex rollout without turn_context)',
    hook: 'codex',
    semantics: { ...OPENAI_SEMANTICS, inputIncludesCacheWrite: true },
  },
  'codex-exec': {
    shape: 'json',
    description:
      'Output of `codex exec --json` saved to a file: a turn.completed event carries the turn\'s usage (input_tokens including cached_input_tokens, output_tokens including reasoning_output_tokens), older builds wrote a result event with data.usage (prompt_tokens, cached_tokens, completion_tokens); other events are skipped. ' +
      'The stream names no model and no time unless the line does (model, data.model_name; timestamp, data.timestamp): give --default-model, else the model is "(no model: codex exec --json output names none; give --default-model)"; the time falls back to the file\'s modification time',
    detect: [
      [{ path: 'type', is: ['thread.started', 'turn.started', 'turn.completed', 'turn.failed', 'item.started', 'item.updated', 'item.completed'] }],
      [{ path: 'type', is: ['result'] }, { path: 'data.usage', present: true }],
    ],
    skip: [{ when: [{ path: 'type', not: ['turn.completed', 'result'] }], reason: 'a codex exec {type} event: no usage, nothing to price' }],
    fields: {
      model: ['model', 'data.model_name', 'data.model'],
      timestamp: ['timestamp', 'data.timestamp'],
      input: ['usage.input_tokens', 'data.usage.input_tokens', 'data.usage.prompt_tokens'],
      output: ['usage.output_tokens', 'data.usage.output_tokens', 'data.usage.completion_tokens'],
      cacheRead: ['usage.cached_input_tokens', 'data.usage.cached_input_tokens', 'data.usage.cached_tokens'],
      reasoning: ['usage.reasoning_output_tokens', 'data.usage.reasoning_output_tokens'],
    },
    missingModel: '(no model: codex exec --json output names none; give --default-model)',
    semantics: OPENAI_SEMANTICS,
  },
} satisfies Record<string, JsonFormat>;

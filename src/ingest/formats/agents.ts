// DATA: local coding-agent logs (shared/formats.md §5). Both need state across lines: Claude Code
// through the data-driven keep-last dedupe, Codex through hooks/codex.ts.

import { DISJOINT_SEMANTICS, OPENAI_SEMANTICS, type JsonFormat } from '../spec.ts';

/** Line types Claude Code writes into a session file (only `assistant` lines carry usage). */
const CLAUDE_CODE_TYPES = ['assistant', 'user', 'system', 'summary', 'file-history-snapshot', 'queue-operation', 'last-prompt', 'attachment', 'progress'];
const CODEX_TYPES = ['session_meta', 'turn_context', 'response_item', 'event_msg', 'world_state', 'compacted'];
const CODEX_USAGE = 'payload.info.last_token_usage';

export const AGENT_FORMATS = {
  'claude-code': {
    shape: 'json',
    description:
      'Claude Code session files (~/.claude/projects/**, subagent folders included): disjoint Anthropic buckets, 5m/1h writes, thinking_tokens as reasoning, costUSD as the logged cost; tags session, project (cwd), git_branch, agent. ' +
      'One response is written as several lines: the LAST line per (message.id, requestId) in a file is the record, earlier ones are skipped as streaming partials; a sidechain copy of a message already counted under another requestId is skipped; ' +
      '<synthetic> messages and lines without usage are skipped. A line with no message.model gets the model "(no model: Claude Code line without message.model)"',
    detect: [
      [{ path: 'type', is: CLAUDE_CODE_TYPES }, { path: 'sessionId', present: true }],
      [{ path: 'message.usage', present: true }, { path: 'requestId', present: true }],
      [{ path: 'message.usage', present: true }, { path: 'sessionId', present: true }],
      [{ path: 'type', is: ['summary'] }, { path: 'leafUuid', present: true }],
      [{ path: 'type', is: ['file-history-snapshot'] }, { path: 'snapshot', present: true }],
    ],
    // Every billed line has message.usage, so a line without the text "usage" need not be parsed.
    prefilter: {
      markers: ['"usage"'],
      reason: 'a Claude Code line without usage (skipped before parsing): nothing to price',
      // message.id and requestId, the dedupe key below, as they appear in the raw line: message.id
      // comes before the content, requestId after it (so it is looked for from the end).
      adjacentKey: [{ before: '"id":"msg_' }, { before: '"requestId":"', last: true }],
    },
    skip: [
      { when: [{ path: 'message.usage', present: false }], reason: 'a Claude Code {type} line: no usage, nothing to price' },
      { when: [{ path: 'message.model', is: ['<synthetic>'] }], reason: 'a <synthetic> message (written by Claude Code itself: an error or limit notice): not billed' },
      { when: [{ path: 'isApiErrorMessage', is: [true] }], reason: 'an API error message written by Claude Code: not billed' },
    ],
    fields: {
      model: ['message.model'],
      timestamp: ['timestamp'],
      input: ['message.usage.input_tokens'],
      output: ['message.usage.output_tokens'],
      cacheRead: ['message.usage.cache_read_input_tokens'],
      cacheWrite5m: ['message.usage.cache_creation.ephemeral_5m_input_tokens'],
      cacheWrite1h: ['message.usage.cache_creation.ephemeral_1h_input_tokens'],
      cacheWrite: ['message.usage.cache_creation_input_tokens'],
      reasoning: ['message.usage.output_tokens_details.thinking_tokens'],
      webSearch: ['message.usage.server_tool_use.web_search_requests'],
      serviceTier: ['message.usage.service_tier'],
      speed: ['message.usage.speed'],
      cost: ['costUSD'],
    },
    tags: { session: ['sessionId'], project: ['cwd'], git_branch: ['gitBranch'], agent: ['agentId'] },
    missingModel: '(no model: Claude Code line without message.model)',
    dedupe: {
      key: ['message.id', 'requestId'],
      reason: 'superseded by a later line of the same message (streaming partial)',
      replay: {
        flag: 'isSidechain',
        id: 'message.id',
        request: 'requestId',
        reason: 'a sidechain replay of message {message.id}, already counted under another requestId: skipped',
      },
    },
    semantics: DISJOINT_SEMANTICS,
  },
  codex: {
    shape: 'json',
    description:
      'OpenAI Codex CLI rollout (~/.codex/sessions/**/rollout-*.jsonl): event_msg token_count lines are the usage; last_token_usage is preferred, else the difference of cumulative total_token_usage; a token_count that repeats the previous totals is skipped; ' +
      'the model is the latest turn_context.payload.model ("(no model: Codex rollout without turn_context)" when none). A forked or resumed session replays its parent\'s cumulative totals: leading token_counts whose totals were already read from another file are skipped and the count goes on from there, so shared history is counted once (in whichever file is read first). Other lines are skipped',
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
} satisfies Record<string, JsonFormat>;

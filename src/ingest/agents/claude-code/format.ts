// DATA: Claude Code session files (shared/formats.md §5): ~/.claude/projects/<project>/<session>.jsonl
// and its subagent folders. Usage needs state across lines and files, all of it data here: the
// keep-last dedupe of streaming partials, copies across the session files of a project folder and
// sidechain replays (the mechanism: ../../replay/). The project folder is decoded in project.ts.

import { COPY_REASON_PREFIX } from '../../replay/copy-reason.ts';
import { DISJOINT_SEMANTICS, type DedupeSpec, type JsonFormat } from '../../formats/spec.ts';

/** Line types Claude Code writes into a session file (only `assistant` lines carry usage). */
const CLAUDE_CODE_TYPES = ['assistant', 'user', 'system', 'summary', 'file-history-snapshot', 'queue-operation', 'last-prompt', 'attachment', 'progress'];

/**
 * Claude Code writes a response as several lines (keep the last per message.id + requestId in a
 * file), copies earlier lines into a new session file on --resume/--continue, and replays parent
 * messages in sidechains under new requestIds: each is counted once per project folder.
 */
const CLAUDE_CODE_DEDUPE = {
  key: ['message.id', 'requestId'],
  reason: 'superseded by a later line of the same message (streaming partial)',
  across: {
    reason: `${COPY_REASON_PREFIX}a response (message.id + requestId) already counted from another line of this project folder (a resumed or continued session copies earlier lines; an agent progress event nests its subagent's lines): counted once`,
  },
  replay: {
    flag: 'isSidechain',
    id: 'message.id',
    request: 'requestId',
    reason: `${COPY_REASON_PREFIX}a sidechain replay of a message already counted under another requestId: counted once, from the main chain`,
  },
} satisfies DedupeSpec;

/** The assistant line an agent `progress` event of Claude Code nests (its subagent's line). */
const NESTED = 'data.message';

export const CLAUDE_CODE_FORMATS = {
  'claude-code-progress': {
    shape: 'json',
    description:
      "Claude Code agent progress events (type 'progress' in a session file) that nest a subagent's assistant line with usage at data.message: read like a Claude Code line, " +
      'and counted once with the same line in the subagent file (…/subagents/agent-*.jsonl): the copy read first (the session file comes before its subagent folder) is counted, the other skipped as a copy',
    detect: [[{ path: 'type', is: ['progress'] }, { path: `${NESTED}.message.usage`, present: true }]],
    skip: [
      { when: [{ path: `${NESTED}.message.model`, is: ['<synthetic>'] }], reason: 'a <synthetic> message in an agent progress event (written by Claude Code itself): not billed' },
      { when: [{ path: `${NESTED}.isApiErrorMessage`, is: [true] }], reason: 'an API error message in an agent progress event: not billed' },
    ],
    fields: {
      model: [`${NESTED}.message.model`],
      timestamp: [`${NESTED}.timestamp`, 'timestamp'],
      input: [`${NESTED}.message.usage.input_tokens`],
      output: [`${NESTED}.message.usage.output_tokens`],
      cacheRead: [`${NESTED}.message.usage.cache_read_input_tokens`],
      cacheWrite5m: [`${NESTED}.message.usage.cache_creation.ephemeral_5m_input_tokens`],
      cacheWrite1h: [`${NESTED}.message.usage.cache_creation.ephemeral_1h_input_tokens`],
      cacheWrite: [`${NESTED}.message.usage.cache_creation_input_tokens`],
      reasoning: [`${NESTED}.message.usage.output_tokens_details.thinking_tokens`],
      webSearch: [`${NESTED}.message.usage.server_tool_use.web_search_requests`],
      serviceTier: [`${NESTED}.message.usage.service_tier`],
      speed: [`${NESTED}.message.usage.speed`],
    },
    tags: { session: ['sessionId'], project: ['cwd'], git_branch: ['gitBranch'], agent: ['data.agentId', `${NESTED}.agentId`] },
    projectFolder: 'projects',
    missingModel: '(no model: Claude Code line without message.model)',
    dedupe: {
      key: [`${NESTED}.message.id`, `${NESTED}.requestId`],
      reason: 'superseded by a later agent progress event of the same message (streaming partial)',
      across: CLAUDE_CODE_DEDUPE.across,
    },
    semantics: DISJOINT_SEMANTICS,
  },
  'claude-code': {
    shape: 'json',
    description:
      'Claude Code session files (~/.claude/projects/**, subagent folders included): disjoint Anthropic buckets, 5m/1h writes, thinking_tokens as reasoning, costUSD as the logged cost; tags session, project (the projects/<folder> the file is in, decoded to the path when the line\'s cwd matches it; cwd outside such a folder), git_branch, agent. ' +
      'One response is written as several lines: the LAST line per (message.id, requestId) in a file is the record, earlier ones are skipped as streaming partials; ' +
      'a copy of a response already counted from another file of the same projects/<project> folder (--resume/--continue copy earlier lines into the new session file) is skipped as a copy: the first copy in path order is counted; ' +
      'a sidechain copy of a message already counted under another requestId is skipped, whether it comes before or after the main-chain line in its file; ' +
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
    projectFolder: 'projects',
    missingModel: '(no model: Claude Code line without message.model)',
    dedupe: CLAUDE_CODE_DEDUPE,
    semantics: DISJOINT_SEMANTICS,
  },
} satisfies Record<string, JsonFormat>;

// DATA: GitHub Copilot CLI's OpenTelemetry export (~/.copilot/otel/*.jsonl, or the file named by
// COPILOT_OTEL_FILE_EXPORTER_PATH): one JSON object per line, a span ({"type":"span"}), a metric
// or a log record, their attributes a flat object whose keys hold dots ("gen_ai.usage.input_tokens"),
// read with quoted path steps. One model call may be written up to four times in a trace (its chat
// span, an inference log, an agent-turn log, the invoke_agent span that sums the turn): which one
// is the request is decided across the whole file by the format's hook (otel.ts).

import type { JsonFormat } from '../../formats/spec.ts';

/** The path of one attribute: its key is one step, dots and all. */
const attr = (key: string): string => `attributes."${key}"`;

export const COPILOT_FORMATS = {
  'copilot-otel': {
    shape: 'json',
    description:
      'GitHub Copilot CLI OpenTelemetry export (~/.copilot/otel/*.jsonl and the file COPILOT_OTEL_FILE_EXPORTER_PATH names): per trace, chat spans are the requests; an inference log (gen_ai.client.inference.operation.details) counts only where its trace (or response id) has no chat span, an agent-turn log (copilot_chat.agent.turn) only where there is neither, an invoke_agent span only where there is none of these; the others are skipped as superseded. ' +
      'Attributes gen_ai.usage.input_tokens (including cache_read.input_tokens), output_tokens, cache_write (or cache_creation).input_tokens, reasoning.output_tokens (billed on top of output), total_tokens (its remainder billed as output); the model is the record\'s gen_ai.response.model or request.model, else the first of its trace; the session gen_ai.conversation.id (or another session id of the record, else of its trace, else the trace id); ' +
      'the time endTime/startTime/hrTime ([seconds, nanoseconds]) or timestamp/timeUnixNano (epoch s, ms, µs or ns). Metrics, tool spans and records without usage are skipped',
    detect: [
      [{ path: 'type', is: ['span', 'metric', 'log'] }, { path: 'attributes', present: true }],
      [{ path: 'type', is: ['metric'] }, { path: 'name', present: true }],
      [{ path: 'traceId', present: true }, { path: 'name', present: true }, { path: 'attributes', present: true }],
      [{ path: 'spanContext.traceId', present: true }, { path: 'attributes', present: true }],
      [{ path: 'hrTime', present: true }, { path: 'attributes', present: true }],
      [{ path: attr('event.name'), present: true }],
    ],
    skip: [{ when: [{ path: 'type', is: ['metric'] }], reason: 'a Copilot CLI OTEL metric ({name}): a sum over requests, not one' }],
    fields: {
      model: [attr('gen_ai.response.model'), attr('gen_ai.request.model')],
      timestamp: ['endTime', 'startTime', 'hrTime', '_hrTime', 'time', 'timestamp', 'observedTimestamp', 'timeUnixNano'],
      input: [attr('gen_ai.usage.input_tokens')],
      output: [attr('gen_ai.usage.output_tokens')],
      cacheRead: [attr('gen_ai.usage.cache_read.input_tokens')],
      cacheWrite: [attr('gen_ai.usage.cache_write.input_tokens'), attr('gen_ai.usage.cache_creation.input_tokens')],
      reasoning: [attr('gen_ai.usage.reasoning.output_tokens'), attr('gen_ai.usage.reasoning_tokens')],
      total: [attr('gen_ai.usage.total_tokens'), attr('gen_ai.usage.total.token_count')],
    },
    missingModel: '(no model: a Copilot CLI OTEL record whose trace names none)',
    hook: 'copilot',
    // A total beyond the parts is output (ccusage: a chat span with only a total is all output).
    countRule: 'total-remainder-as-output',
    // As ccusage reads them: input includes cache reads, not cache writes; reasoning is on top of output.
    semantics: { inputIncludesCacheRead: true, inputIncludesCacheWrite: false, outputIncludesReasoning: false, numbersAsText: true, requiredTokens: [] },
  },
} satisfies Record<string, JsonFormat>;

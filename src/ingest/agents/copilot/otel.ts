// The hook of Copilot CLI's OpenTelemetry export (format.ts): one model call can be written as its
// chat span, an inference log, an agent-turn log and the invoke_agent span that sums the turn, in
// any order. The best kind present for a trace (or a response id) is its usage, the others copies
// of it; and a record may name its model or session only on another record of its trace. Both
// need the whole file, so every usage record is held (HOLD) and settled at the end of the file.
// Held records are the model calls alone (tool spans, metrics and records without usage are
// skipped as they come), and one export file is one CLI session: memory stays small.

import type { SourceLocation } from '../../../core/types.ts';
import { skip } from '../../extract/extract.ts';
import { valueAt, type JsonObject, type Overrides } from '../../extract/fields.ts';
import { HOLD, type FormatHook, type HookResult } from '../codex/rollout.ts';

/** The kinds of record that carry a model call's usage, best first: a lower rank supersedes a higher one. */
const KINDS = ['chat', 'inference', 'agent-turn', 'agent-summary'] as const;
type Kind = (typeof KINDS)[number];
const rank = (kind: Kind): number => KINDS.indexOf(kind);

const KIND_TEXT: Readonly<Record<Kind, string>> = {
  chat: 'chat span',
  inference: 'inference log (gen_ai.client.inference.operation.details)',
  'agent-turn': 'agent-turn log (copilot_chat.agent.turn)',
  'agent-summary': 'invoke_agent span (the sum of an agent turn)',
};

const MODEL_KEYS = ['gen_ai.response.model', 'gen_ai.request.model'];
/** Keys naming a session, by strength: a conversation id is the session; an interaction or response id only stands in for one. */
const SESSION_KEYS: readonly (readonly [string, number])[] = [
  ['gen_ai.conversation.id', 3],
  ['copilot_chat.session_id', 3],
  ['copilot_chat.chat_session_id', 3],
  ['session.id', 3],
  ['github.copilot.interaction_id', 2],
  ['gen_ai.response.id', 1],
];
const USAGE_KEYS = [
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_write.input_tokens',
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.reasoning.output_tokens',
  'gen_ai.usage.reasoning_tokens',
  'gen_ai.usage.total_tokens',
  'gen_ai.usage.total.token_count',
];

type Attributes = Record<string, unknown>;

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function attributesOf(view: JsonObject): Attributes | undefined {
  const a = view.attributes;
  return typeof a === 'object' && a !== null && !Array.isArray(a) ? (a as Attributes) : undefined;
}

function traceOf(view: JsonObject): string | undefined {
  return text(view.traceId) ?? text(valueAt(view, 'spanContext.traceId'));
}

/** The strongest session id the attributes name (the first of equal strength), with its strength. */
function sessionOf(attrs: Attributes): { id: string; strength: number } | undefined {
  let best: { id: string; strength: number } | undefined;
  for (const [key, strength] of SESSION_KEYS) {
    const id = text(attrs[key]);
    if (id !== undefined && (best === undefined || strength > best.strength)) best = { id, strength };
  }
  return best;
}

/** A span as the exporter writes it ({"type":"span"}), or one without a type that has a span's fields. */
function isSpan(view: JsonObject): boolean {
  if (typeof view.type === 'string') return view.type === 'span';
  if (text(view.name) === undefined) return false;
  return text(view.spanId) !== undefined || text(view.traceId) !== undefined || ['startTime', 'endTime', 'duration', 'kind'].some((k) => view[k] !== undefined);
}

function kindOf(view: JsonObject, attrs: Attributes): Kind | undefined {
  const operation = text(attrs['gen_ai.operation.name']);
  if (isSpan(view)) {
    const name = text(view.name) ?? '';
    if (operation === 'chat' || name.startsWith('chat ')) return 'chat';
    if (operation === 'invoke_agent' || name.startsWith('invoke_agent ')) return 'agent-summary';
    return undefined;
  }
  const event = text(attrs['event.name']);
  const body = text(view.body) ?? text(view._body) ?? '';
  if (event === 'gen_ai.client.inference.operation.details' || body.startsWith('GenAI inference:')) return 'inference';
  if (event === 'copilot_chat.agent.turn' || body.startsWith('copilot_chat.agent.turn')) return 'agent-turn';
  return undefined;
}

/** Some usage attribute is there and not 0 (a bad value counts as there: extraction rejects it with its key). */
function hasUsage(attrs: Attributes): boolean {
  return USAGE_KEYS.some((key) => {
    const v = attrs[key];
    return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '') && Number(v) !== 0;
  });
}

/** What the file says about one trace: its first model and its strongest session id. */
interface Trace {
  model?: { value: string; key: string };
  session?: { id: string; strength: number };
}

export class CopilotHook implements FormatHook {
  readonly #traces = new Map<string, Trace>();
  /** The best kind of usage record seen per trace id, and per response id (records of one call without a trace). */
  readonly #bestOfTrace = new Map<string, Kind>();
  readonly #bestOfResponse = new Map<string, Kind>();

  observe(view: JsonObject): void {
    const attrs = attributesOf(view);
    const id = traceOf(view);
    if (attrs === undefined || id === undefined) return;
    let trace = this.#traces.get(id);
    if (trace === undefined) {
      trace = {};
      this.#traces.set(id, trace);
    }
    if (trace.model === undefined) {
      const key = MODEL_KEYS.find((k) => text(attrs[k]) !== undefined);
      if (key !== undefined) trace.model = { value: text(attrs[key]) as string, key };
    }
    const session = sessionOf(attrs);
    if (session !== undefined && session.strength > (trace.session?.strength ?? 0)) trace.session = session;
  }

  prepare(view: JsonObject, where: SourceLocation): HookResult | typeof HOLD {
    const attrs = attributesOf(view);
    const kind = attrs && kindOf(view, attrs);
    if (attrs === undefined || kind === undefined) {
      const what = isSpan(view) ? `${text(view.name) ?? 'unnamed'} span` : 'log record';
      return skip(where, `a Copilot CLI OTEL ${what}: not a model call (no chat, inference or agent-turn usage)`);
    }
    if (!hasUsage(attrs)) return skip(where, `a Copilot CLI ${KIND_TEXT[kind]} without token usage: nothing to price`);
    note(this.#bestOfTrace, traceOf(view), kind);
    note(this.#bestOfResponse, text(attrs['gen_ai.response.id']), kind);
    return HOLD;
  }

  settle(view: JsonObject, where: SourceLocation): HookResult {
    const attrs = attributesOf(view) as Attributes;
    const kind = kindOf(view, attrs) as Kind;
    const id = traceOf(view);
    const response = text(attrs['gen_ai.response.id']);
    const byTrace = id === undefined ? undefined : this.#bestOfTrace.get(id);
    if (byTrace !== undefined && rank(byTrace) < rank(kind)) {
      return skip(where, `superseded by the ${KIND_TEXT[byTrace]} of its trace (${id}): the same model call, counted from that record`);
    }
    const byResponse = response === undefined ? undefined : this.#bestOfResponse.get(response);
    if (byResponse !== undefined && rank(byResponse) < rank(kind)) {
      return skip(where, `superseded by the ${KIND_TEXT[byResponse]} of the same response (${response}): counted from that record`);
    }
    const trace = id === undefined ? undefined : this.#traces.get(id);
    // A model the record names itself wins over this one (fields.ts).
    const overrides: Overrides = {};
    if (trace?.model) overrides.model = { label: `attributes."${trace.model.key}" of another record of trace ${id}`, value: trace.model.value };
    const session = sessionOf(attrs)?.id ?? trace?.session?.id ?? id;
    return { overrides, ...(session !== undefined && { tags: { session } }) };
  }
}

/** Keeps the better of the kind already noted for `key` and this one. */
function note(best: Map<string, Kind>, key: string | undefined, kind: Kind): void {
  if (key === undefined) return;
  const before = best.get(key);
  if (before === undefined || rank(kind) < rank(before)) best.set(key, kind);
}

// What Claude Code passes to a status line command: one JSON object on stdin
// (https://code.claude.com/docs/en/statusline). Every field is optional in practice: an old
// Claude Code sends no context_window, a fresh session no current_usage, and the command may be run
// by hand with no input at all. A field of the wrong type is an error naming its JSON path, so that
// a broken hook says what is wrong instead of showing a wrong line.

import { UsageError } from '../errors.ts';

export interface StatusHook {
  sessionId?: string;
  transcriptPath?: string;
  /** model.id and model.display_name. */
  modelId?: string;
  modelName?: string;
  /** context_window: the window's size, and what is in it now when Claude Code says. */
  context?: HookContext;
  /** cost.total_cost_usd: Claude Code's own estimate of the session, shown only on request. */
  claudeCostUsd?: number;
}

export interface HookContext {
  /** context_window_size. */
  size?: number;
  /** context_window.current_usage: input + cache writes + cache reads of the last request. */
  tokens?: number;
  /** context_window.used_percentage. */
  percent?: number;
}

export function parseHook(text: string): StatusHook {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`statusline: the input on stdin is not JSON (${(error as Error).message}); Claude Code passes one JSON object to the status line command, or give none`);
  }
  if (!isObject(value)) throw new UsageError('statusline: the input on stdin is not a JSON object ($); Claude Code passes one JSON object to the status line command');
  const model = optionalObject(value, 'model', '$.model');
  const window = optionalObject(value, 'context_window', '$.context_window');
  const current = window && optionalObject(window, 'current_usage', '$.context_window.current_usage');
  const cost = optionalObject(value, 'cost', '$.cost');
  const hook: StatusHook = {};
  const sessionId = optionalString(value, 'session_id', '$.session_id');
  if (sessionId) hook.sessionId = sessionId;
  const transcript = optionalString(value, 'transcript_path', '$.transcript_path');
  if (transcript) hook.transcriptPath = transcript;
  const modelId = model && optionalString(model, 'id', '$.model.id');
  if (modelId) hook.modelId = modelId;
  const modelName = model && optionalString(model, 'display_name', '$.model.display_name');
  if (modelName) hook.modelName = modelName;
  if (window) {
    const context: HookContext = {};
    const size = optionalCount(window, 'context_window_size', '$.context_window.context_window_size');
    if (size !== undefined && size > 0) context.size = size;
    if (current) {
      const parts = ['input_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'].map((k) => optionalCount(current, k, `$.context_window.current_usage.${k}`));
      if (parts.some((p) => p !== undefined)) context.tokens = parts.reduce<number>((n, p) => n + (p ?? 0), 0);
    }
    const percent = optionalNumber(window, 'used_percentage', '$.context_window.used_percentage');
    if (percent !== undefined) context.percent = percent;
    if (Object.keys(context).length > 0) hook.context = context;
  }
  const claudeCost = cost && optionalNumber(cost, 'total_cost_usd', '$.cost.total_cost_usd');
  if (claudeCost !== undefined) hook.claudeCostUsd = claudeCost;
  return hook;
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function wrongType(path: string, want: string, got: unknown): UsageError {
  return new UsageError(`statusline: ${path} in the input is ${got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got}, not ${want}; is the status line command given Claude Code's status JSON?`);
}

function optionalObject(o: Obj, key: string, path: string): Obj | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw wrongType(path, 'an object', v);
  return v;
}

function optionalString(o: Obj, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw wrongType(path, 'a string', v);
  return v;
}

function optionalNumber(o: Obj, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw wrongType(path, 'a number', v);
  return v;
}

function optionalCount(o: Obj, key: string, path: string): number | undefined {
  const v = optionalNumber(o, key, path);
  if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new UsageError(`statusline: ${path} in the input is ${v}, not a token count (a whole number ≥ 0)`);
  return v;
}

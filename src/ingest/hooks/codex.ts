// Codex CLI rollouts: the one format whose usage lines depend on earlier lines. The model is in the
// latest turn_context; older files log only cumulative totals (so a turn is the difference from
// the previous total); a forked or resumed session starts by replaying its parent's totals.

import type { SourceLocation } from '../../core/types.ts';
import type { RunState } from '../dedupe.ts';
import { reject, skip } from '../extract.ts';
import { valueAt, type JsonObject, type Overrides } from '../fields.ts';
import { nestedDeeperThan, tooDeep } from '../numbers.ts';
import type { Role } from '../spec.ts';
import type { IngestEvent } from '../types.ts';

/** What a hook gives extraction: computed fields and extra tags, or the line's event itself. */
export type HookResult = IngestEvent | { overrides: Overrides; tags?: Record<string, string> };

export interface FormatHook {
  /** Sees every line of its format first, to keep state (models, sessions). */
  observe(view: JsonObject): void;
  /** For a usage line that passed the skip rules. */
  prepare(view: JsonObject, where: SourceLocation): HookResult;
}

/** Cumulative usage fields → the roles their per-turn differences fill. */
const TOTAL_FIELDS: readonly (readonly [string, Role])[] = [
  ['input_tokens', 'input'],
  ['cached_input_tokens', 'cacheRead'],
  ['cache_write_input_tokens', 'cacheWrite'],
  ['output_tokens', 'output'],
  ['reasoning_output_tokens', 'reasoning'],
];
const TOTAL = 'payload.info.total_token_usage';

type Usage = Record<string, unknown>;

function asUsage(v: unknown): Usage | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Usage) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export class CodexHook implements FormatHook {
  readonly #run: RunState;
  readonly #file: string;
  #model: string | undefined;
  #tags: Record<string, string> | undefined;
  #previous: Usage | undefined;
  #previousKey: string | undefined;
  /** Still in the file's leading token_counts, where a fork replays its parent. */
  #inPrefix = true;

  constructor(run: RunState, file: string) {
    this.#run = run;
    this.#file = file;
  }

  observe(view: JsonObject): void {
    const type = valueAt(view, 'type');
    if (type === 'turn_context') {
      this.#model = str(valueAt(view, 'payload.model')) ?? this.#model;
    } else if (type === 'session_meta') {
      const session = str(valueAt(view, 'payload.id')) ?? str(valueAt(view, 'payload.session_id'));
      const project = str(valueAt(view, 'payload.cwd'));
      this.#tags = { ...(session && { session }), ...(project && { project }) };
    }
  }

  prepare(view: JsonObject, where: SourceLocation): HookResult {
    const total = asUsage(valueAt(view, TOTAL));
    // The totals are keyed by their JSON text: a value too deep for JSON.stringify rejects the line.
    if (total && nestedDeeperThan(total)) return reject(where, `${TOTAL} is ${tooDeep(total)}: expected token counts`);
    const key = total && JSON.stringify(total);
    if (key !== undefined && key === this.#previousKey) {
      return skip(where, 'repeats the previous token_count (cumulative totals unchanged): already counted');
    }
    if (key !== undefined && this.#inPrefix) {
      const seen = this.#run.codexTotals.get(key);
      if (seen !== undefined && !seen.startsWith(`${this.#file}:`)) {
        this.#previous = total;
        this.#previousKey = key;
        return skip(where, `replays cumulative totals already read at ${seen} (a forked or resumed session): counted there, not again`);
      }
    }
    this.#inPrefix = false;
    if (key !== undefined && !this.#run.codexTotals.has(key)) this.#run.codexTotals.set(key, `${where.file}:${where.line}`);

    const overrides: Overrides = {};
    if (this.#model !== undefined) overrides.model = { label: 'turn_context.payload.model', value: this.#model };
    if (total && asUsage(valueAt(view, 'payload.info.last_token_usage')) === undefined) Object.assign(overrides, this.#deltas(total));
    if (total) {
      this.#previous = total;
      this.#previousKey = key;
    }
    return { overrides, ...(this.#tags && { tags: this.#tags }) };
  }

  /**
   * The turn's usage as total − previous total. A total below the previous one means the counter
   * restarted (a new session in the same file): the total is then the turn. Non-numbers are passed
   * on as they are, for extraction to reject with their path.
   */
  #deltas(total: Usage): Overrides {
    const prev = this.#previous;
    const restarted = prev !== undefined && TOTAL_FIELDS.some(([k]) => typeof total[k] === 'number' && typeof prev[k] === 'number' && (total[k] as number) < (prev[k] as number));
    const out: Overrides = {};
    for (const [k, role] of TOTAL_FIELDS) {
      const now = total[k];
      if (now === undefined || now === null) continue;
      const before = restarted ? undefined : prev?.[k];
      if (typeof now === 'number' && typeof before === 'number') {
        out[role] = { label: `${TOTAL}.${k} − the previous total`, value: now - before };
      } else {
        out[role] = { label: `${TOTAL}.${k}`, value: now };
      }
    }
    return out;
  }
}

// Codex CLI rollouts: the one format whose usage lines depend on earlier lines. The model is in the
// latest turn_context (or a token_count's own info.model, which carries over to later ones); older
// files log only cumulative totals (so a turn is the difference from the previous total); a forked
// or resumed session starts by replaying its parent's totals; a subagent spawned by a thread
// (session_meta source.subagent.thread_spawn) starts by replaying its parent's token_counts, all
// stamped with its own creation time; and whole rollouts may be copied (per-turn copies).

import type { SourceLocation } from '../../../core/types.ts';
import { COPY_REASON_PREFIX } from '../../replay/copy-reason.ts';
import { hash53, type RunState } from '../../replay/dedupe.ts';
import { reject, skip } from '../../extract/extract.ts';
import { valueAt, type JsonObject, type Overrides } from '../../extract/fields.ts';
import { nestedDeeperThan, tooDeep } from '../../extract/numbers.ts';
import type { Role } from '../../formats/spec.ts';
import type { IngestEvent } from '../../types.ts';

/**
 * What `prepare` returns for a line that can only be read once the whole file has been seen
 * (Copilot CLI: which record of a trace is its usage depends on lines after it). The interpreter
 * keeps the line and asks `settle` at the end of the file.
 */
export const HOLD = Symbol('hold until the end of the file');

/** What a hook gives extraction: computed fields and extra tags, or the line's event itself. */
export type HookResult = IngestEvent | { overrides: Overrides; tags?: Record<string, string> };

export interface FormatHook {
  /** Sees every line of its format first, to keep state (models, sessions). */
  observe(view: JsonObject): void;
  /** For a usage line that passed the skip rules; HOLD to decide at the end of the file (then `settle` is required). */
  prepare(view: JsonObject, where: SourceLocation): HookResult | typeof HOLD;
  /** For each line held by `prepare`, in line order, once every line of the file has been observed. */
  settle?(view: JsonObject, where: SourceLocation): HookResult;
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

const REPLAYED_TOTALS = `${COPY_REASON_PREFIX}replays cumulative totals already read from another rollout (a forked or resumed session): counted there, not again`;
const SUBAGENT_REPLAY = `${COPY_REASON_PREFIX}replayed parent history at the start of a subagent rollout (session_meta source.subagent.thread_spawn; stamped with the second the subagent was created): counted in the parent`;
const COPIED_TURN = `${COPY_REASON_PREFIX}repeats a turn already counted (same timestamp, model and last_token_usage; a copied rollout)`;

/** A timestamp to the second ("2026-05-12T08:03:00"), for the subagent replay test. */
/** A string or number as text; anything else (an object, an array of any depth) as "". */
function scalarText(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function second(v: unknown): string | undefined {
  return typeof v === 'string' && v.length >= 19 ? v.slice(0, 19) : undefined;
}

/**
 * What a rollout asks of its replay family (the only state it shares with other files): three
 * operations, so that the persistent cache can record them with their answers and, on a warm
 * run, ask them again and apply them without reading the file (src/cache/family.ts).
 */
export interface CodexFamily {
  /** Whether these cumulative totals were read before in another file of the family. */
  totalsElsewhere(hash: number): boolean;
  /** Notes totals read in this file (the first file to read them keeps them). */
  noteTotals(hash: number): void;
  /** Whether this turn's usage was counted before (in any file, this one included); notes it if not. */
  turnSeen(turn: number): boolean;
}

/** The family's state itself, for the file being read (RunState.file). */
export function liveCodexFamily(run: RunState): CodexFamily {
  const file = run.file;
  return {
    totalsElsewhere: (hash) => {
      const seen = run.codexTotals.get(hash);
      return seen !== undefined && seen !== file;
    },
    noteTotals: (hash) => {
      if (!run.codexTotals.has(hash)) run.codexTotals.set(hash, file);
    },
    turnSeen: (turn) => {
      if (run.codexTurns.has(turn)) return true;
      run.codexTurns.add(turn);
      return false;
    },
  };
}

export class CodexHook implements FormatHook {
  readonly #family: CodexFamily;
  #model: { value: string; label: string } | undefined;
  #tags: Record<string, string> | undefined;
  #previous: Usage | undefined;
  #previousKey: string | undefined;
  /** Still in the file's leading token_counts, where a fork or a subagent replays its parent. */
  #inPrefix = true;
  /** A thread-spawned subagent: the second of its first session_meta, when its replay is stamped. */
  #replaySecond: string | undefined;
  #sawMeta = false;

  constructor(family: CodexFamily) {
    this.#family = family;
  }

  observe(view: JsonObject): void {
    const type = valueAt(view, 'type');
    if (type === 'turn_context') {
      const model = str(valueAt(view, 'payload.model'));
      if (model !== undefined) this.#model = { value: model, label: 'turn_context.payload.model' };
    } else if (type === 'session_meta') {
      // A subagent's file starts with its own session_meta, then its parent's: the first names it.
      if (!this.#sawMeta) {
        this.#sawMeta = true;
        const session = str(valueAt(view, 'payload.id')) ?? str(valueAt(view, 'payload.session_id'));
        const project = str(valueAt(view, 'payload.cwd'));
        this.#tags = { ...(session && { session }), ...(project && { project }) };
        if (valueAt(view, 'payload.source.subagent.thread_spawn') !== undefined) this.#replaySecond = second(valueAt(view, 'timestamp'));
      }
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
    const totalHash = key === undefined ? undefined : hash53(key);
    if (this.#inPrefix) {
      const replayed = this.#replaySecond !== undefined && second(valueAt(view, 'timestamp')) === this.#replaySecond;
      if (replayed || (totalHash !== undefined && this.#family.totalsElsewhere(totalHash))) {
        // Skipped, but its totals are the base the next turn's difference is taken from.
        if (total) {
          this.#previous = total;
          this.#previousKey = key;
        }
        return skip(where, replayed ? SUBAGENT_REPLAY : REPLAYED_TOTALS);
      }
    }
    this.#inPrefix = false;
    if (totalHash !== undefined) this.#family.noteTotals(totalHash);

    const own = str(valueAt(view, 'payload.info.model'));
    if (own !== undefined) this.#model = { value: own, label: 'payload.info.model' };
    const last = asUsage(valueAt(view, 'payload.info.last_token_usage'));
    if (last && !nestedDeeperThan(last)) {
      // A copied line (another rollout, or this one) has the same time, model and turn usage.
      // The timestamp as text only when it is one: String() of a 10,000-deep array overflows the stack.
      const turn = hash53(`${scalarText(valueAt(view, 'timestamp'))}|${this.#model?.value ?? ''}|${JSON.stringify(last)}`);
      if (this.#family.turnSeen(turn)) {
        if (total) {
          this.#previous = total;
          this.#previousKey = key;
        }
        return skip(where, COPIED_TURN);
      }
    }

    const overrides: Overrides = {};
    if (this.#model !== undefined) overrides.model = { ...this.#model };
    if (total && last === undefined) Object.assign(overrides, this.#deltas(total));
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

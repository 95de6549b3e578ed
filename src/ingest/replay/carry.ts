// The `carry` hook: values a line sets for the lines after it, declared as data (spec.ts CarrySpec).
// OpenClaw writes the model once, in a model_change line, and then usage lines without it; a Gemini
// CLI JSONL log names the model on a line of its own. The last value seen is used by every later
// usage line of the file that names none itself (a model written in the line wins, fields.ts).

import type { SourceLocation } from '../../core/types.ts';
import type { FormatHook, HookResult } from '../agents/codex/rollout.ts';
import { matches, tagValue, valueAt, type JsonObject, type Overrides } from '../extract/fields.ts';
import type { CarrySpec } from '../formats/spec.ts';

/** What a CarryHook has seen so far (a copy), to go on from (the persistent cache, src/cache/). */
export interface CarryState {
  readonly model: { readonly value: string; readonly label: string } | undefined;
  readonly tags: Readonly<Record<string, string>> | undefined;
}

export class CarryHook implements FormatHook {
  readonly #rules: readonly CarrySpec[];
  #model: { value: string; label: string } | undefined;
  #tags: Record<string, string> | undefined;

  constructor(rules: readonly CarrySpec[] | undefined) {
    this.#rules = rules ?? [];
  }

  state(): CarryState {
    return { model: this.#model && { ...this.#model }, tags: this.#tags && { ...this.#tags } };
  }

  restore(state: CarryState): void {
    this.#model = state.model && { ...state.model };
    this.#tags = state.tags && { ...state.tags };
  }

  observe(view: JsonObject): void {
    for (const rule of this.#rules) if (rule.when.some((sig) => matches(view, sig))) this.#take(rule, view);
  }

  #take(spec: CarrySpec, view: JsonObject): void {
    for (const path of spec.fields.model ?? []) {
      const v = valueAt(view, path);
      if (typeof v === 'string' && v.trim() !== '') {
        this.#model = { value: v.trim(), label: `${path} of an earlier line` };
        break;
      }
    }
    for (const [name, paths] of Object.entries(spec.tags ?? {})) {
      for (const path of paths) {
        const v = tagValue(valueAt(view, path));
        if (v !== undefined) {
          (this.#tags ??= {})[name] = v;
          break;
        }
      }
    }
  }

  prepare(_view: JsonObject, _where: SourceLocation): HookResult {
    const overrides: Overrides = {};
    if (this.#model) overrides.model = { ...this.#model };
    return { overrides, ...(this.#tags && { tags: { ...this.#tags } }) };
  }
}

// One file's objects (JSON lines or CSV rows) → events, with the per-file state the data asks for:
// keep-last dedupe (spec.dedupe) and stateful hooks (spec.hook). Every object yields exactly one
// event, now or at the end of the file, except a line holding an items array (spec.items), which
// yields one per item.

import type { SourceLocation } from '../../core/types.ts';
import { checkFamily, FileKeepLast, type Candidate, type FileEvent, type Held, type RunState } from './dedupe.ts';
import { pickFormat, type DetectContext } from '../detect/detect.ts';
import { extractRecord, reject, skip, type LineContext, type TimeFallback } from '../extract/extract.ts';
import { decodeJsonStrings, fillReason, jsonFields, matches, valueAt, type FieldSource, type JsonObject } from '../extract/fields.ts';
import { flatFields, objectColumns } from '../extract/flat.ts';
import { FORMAT_SPECS, isFormatName, type FormatName } from '../formats/index.ts';
import { CodexHook, HOLD, liveCodexFamily, type CodexFamily, type FormatHook, type HookResult } from '../agents/codex/rollout.ts';
import { CopilotHook } from '../agents/copilot/otel.ts';
import { CarryHook, type CarryState } from './carry.ts';
import type { Chosen, DedupeSpec, HookName, ItemJoin, JsonFormat, SkipRule } from '../formats/spec.ts';
import { LinePrefilter } from '../read/prefilter.ts';
import { firstMatch, madeOncePer } from '../extract/readers.ts';
import type { IngestEvent } from '../types.ts';

export interface FileContext extends DetectContext {
  /** The path as the user gave it, or '<stdin>'. */
  readonly file: string;
  readonly fallback: TimeFallback | undefined;
  readonly forced: FormatName | undefined;
  readonly defaultModel: string | undefined;
  readonly run: RunState;
  /**
   * Set when this is a byte range of a file read on its own (another thread reads the rest): a
   * line of a format whose lines depend on other lines (dedupe, a hook) cannot be read so, and
   * throws NotSplittable; the run then reads the file whole.
   */
  readonly range?: boolean;
  /** Told what the persistent cache (src/cache/) must know of this file's reading; see FileObserver. */
  readonly observer?: FileObserver;
}

/**
 * What the cache's recorder is told while a file is read: each family check made (the candidate
 * and the event it became, which the reader then emits), and that the file used a hook that reads
 * or writes the family's state (Codex), which makes its events depend on other files.
 */
export interface FileObserver {
  checked(candidate: Candidate, result: IngestEvent): void;
  familyState(): void;
  /**
   * A JSONL read has handed on every line that ends before byte `offset` of the file (it is
   * called at the start and at each chunk's end): `take` gives the read's state there, from which
   * a later read of the file, grown, can go on (undefined when it cannot be resumed exactly).
   */
  reached?(offset: number, take: () => ReadState | undefined): void;
  /** The family view a Codex rollout reads through: the live one, wrapped to be recorded (src/cache/family.ts). */
  codexFamily?(live: CodexFamily): CodexFamily;
}

/** Where a JSONL read stands between two chunks (see FileObserver.reached). */
export interface ReadState {
  /** Lines handed on (blank ones included). */
  readonly lines: number;
  /** Bytes of the line begun and not yet ended, just before the offset. */
  readonly partial: number;
  readonly reader: ReaderState;
}

/**
 * A FileInterpreter's state between two lines, as live values (the held records are encoded by
 * the cache when the file is done, see src/cache/): formats by name, so that it can be rebuilt.
 */
export interface ReaderState {
  /** The format whose prefilter is in use. */
  readonly prefilter: string | undefined;
  /** Keep-last windows, in the order they were made: the format that made each, and its held records. */
  readonly keepLast: readonly { readonly format: string; readonly held: readonly Held[] }[];
  /** Hooks, in the order they were made (only the carry hook can be resumed). */
  readonly hooks: readonly { readonly name: HookName; readonly format: string; readonly carry: CarryState }[];
}

/** A format whose lines depend on other lines of the file: it cannot be read in independent ranges. */
export function needsWholeFile(spec: Chosen['spec']): boolean {
  return spec.shape === 'json' && (spec.dedupe !== undefined || spec.hook !== undefined || spec.prefilter !== undefined);
}

/** A range of a file met a line of a format that needs the whole file (see FileContext.range). */
export class NotSplittable extends Error {
  override name = 'NotSplittable';
}

/** A format's skip rules as one first-match function, made once per table (run on every line). */
const firstSkip = madeOncePer((rules: readonly SkipRule[]) =>
  firstMatch(
    rules.map((rule) => rule.when),
    () => false,
  ),
);

/** Where the element `index` of the items array at `path` ('' = the document itself) starts: its line. */
export type Locate = (path: string, index: number) => number;

/** The first array at one of the paths ('' = the object itself, a document that is an array). */
function itemsOf(obj: JsonObject, paths: readonly string[]): { path: string; list: unknown[] } | undefined {
  for (const path of paths) {
    const v = path === '' ? obj : valueAt(obj, path);
    if (Array.isArray(v)) return { path, list: v };
  }
  return undefined;
}

function joinKey(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** The elements of the join's array by their key (the first of each key), for JsonFormat.items.join. */
function joinIndex(obj: JsonObject, join: ItemJoin): Map<string | undefined, unknown> {
  const index = new Map<string | undefined, unknown>();
  const list = valueAt(obj, join.from);
  if (!Array.isArray(list)) return index;
  for (const e of list) {
    if (typeof e !== 'object' || e === null) continue;
    const key = joinKey((e as JsonObject)[join.key]);
    if (key !== undefined && !index.has(key)) index.set(key, e);
  }
  return index;
}

const HOOKS: Readonly<Record<HookName, (run: RunState, spec: JsonFormat, observer: FileObserver | undefined) => FormatHook>> = {
  codex: (run, _spec, observer) => new CodexHook(observer?.codexFamily?.(liveCodexFamily(run)) ?? liveCodexFamily(run)),
  carry: (_run, spec) => new CarryHook(spec.carry),
  copilot: () => new CopilotHook(),
};

/**
 * Hooks whose state outlives the file (RunState) other than through an observed view (codex goes
 * through CodexFamily, which the cache records): a file read with one depends on the files before
 * it, and is not cached. None today.
 */
const FAMILY_HOOKS: ReadonlySet<HookName> = new Set();

/** A line a hook held until the end of its file (FormatHook.settle), with what reading it needs. */
interface HeldLine {
  readonly format: Chosen;
  readonly spec: JsonFormat;
  readonly hook: FormatHook;
  readonly view: JsonObject;
  readonly where: SourceLocation;
  readonly cells: boolean;
}

export class FileInterpreter {
  readonly #ctx: FileContext;
  readonly #keepLast = new Map<DedupeSpec, { readonly format: string; readonly window: FileKeepLast }>();
  readonly #hooks = new Map<HookName, { readonly format: string; readonly spec: JsonFormat; readonly hook: FormatHook }>();
  /** Lines held by a hook until the end of the file, in line order. */
  readonly #held: HeldLine[] = [];

  /** The format of this file whose prefilter applies, once a line has been read as it. */
  #prefilter: { name: string; spec: JsonFormat; test: LinePrefilter; reason: string; supersededReason: string } | undefined;

  /** How records are read: from JSON values, or from CSV cells (counts are then text). */
  readonly #lineContext: LineContext;
  readonly #cellContext: LineContext;

  constructor(ctx: FileContext) {
    this.#ctx = ctx;
    const forced = ctx.forced !== undefined || ctx.custom !== undefined;
    this.#lineContext = { fallback: ctx.fallback, forced, defaultModel: ctx.defaultModel, cells: false };
    this.#cellContext = { ...this.#lineContext, cells: true };
  }

  /** The keep-last key of a raw line, when the file's format declares how to read it; else undefined. */
  adjacentKey(buf: Buffer, start: number, end: number): string | undefined {
    return this.#prefilter?.test.key(buf, start, end);
  }

  /** The event for a line superseded by the next one (same keep-last key), decided without parsing it. */
  superseded(line: number): IngestEvent {
    const rule = this.#prefilter;
    return { kind: 'skipped', format: rule?.name, problem: { file: this.#ctx.file, line, reason: rule?.supersededReason ?? '' } };
  }

  /** A skipped event for a line that cannot carry usage, decided from its bytes; else undefined. */
  prefilter(buf: Buffer, start: number, end: number, line: number): IngestEvent | undefined {
    const rule = this.#prefilter;
    if (!rule || !rule.test.skips(buf, start, end)) return undefined;
    return { kind: 'skipped', format: rule.name, problem: { file: this.#ctx.file, line, reason: rule.reason } };
  }

  /** A parsed JSON line: detect its format, then read it. */
  line(obj: JsonObject, line: number): IngestEvent[] {
    const where = { file: this.#ctx.file, line };
    const picked = pickFormat(obj, where, this.#ctx);
    if ('kind' in picked) return [picked];
    if (this.#ctx.range && needsWholeFile(picked.spec)) throw new NotSplittable(`${this.#ctx.file}:${line} is ${picked.name}, which is read whole`);
    if (picked.spec.shape === 'flat') {
      const spec = picked.spec;
      return [extractRecord(flatFields(spec, objectColumns(obj, spec), (k) => obj[k]), picked, this.#lineContext, where)];
    }
    const { prefilter } = picked.spec;
    // Forced or custom formats read every line as told; the prefilter is for detected files.
    if (prefilter && !this.#prefilter && this.#ctx.forced === undefined && this.#ctx.custom === undefined) this.#usePrefilter(picked.name, picked.spec);
    return this.#settle(this.#formatted({ name: picked.name, spec: picked.spec }, obj, where, false));
  }

  #usePrefilter(name: string, spec: JsonFormat): void {
    const prefilter = spec.prefilter;
    if (!prefilter) return;
    this.#prefilter = {
      name,
      spec,
      test: new LinePrefilter(prefilter.markers, prefilter.adjacentKey ?? []),
      reason: prefilter.reason,
      supersededReason: spec.dedupe?.reason ?? 'superseded by the next line of the same message',
    };
  }

  /** A format by the name it was read under (this file's --map format, or a built-in one). */
  #format(name: string): JsonFormat | undefined {
    const custom = this.#ctx.custom;
    const spec = custom?.name === name ? custom.spec : isFormatName(name) ? FORMAT_SPECS[name] : undefined;
    return spec?.shape === 'json' ? spec : undefined;
  }

  /**
   * The state between two lines, for the cache to go on from when the file grows; undefined when
   * it cannot be rebuilt exactly: lines held by a hook until the end of the file (Copilot), a hook
   * other than carry, a keep-last window that has released records early, or a format that
   * cannot be found again by its name.
   */
  snapshot(): ReaderState | undefined {
    if (this.#held.length > 0) return undefined;
    const keepLast: { format: string; held: readonly Held[] }[] = [];
    for (const [dedupe, { format, window }] of this.#keepLast) {
      const held = window.snapshot();
      if (held === undefined || this.#format(format)?.dedupe !== dedupe) return undefined;
      keepLast.push({ format, held });
    }
    const hooks: { name: HookName; format: string; carry: CarryState }[] = [];
    for (const [name, { format, spec, hook }] of this.#hooks) {
      if (!(hook instanceof CarryHook) || this.#format(format) !== spec) return undefined;
      hooks.push({ name, format, carry: hook.state() });
    }
    const prefilter = this.#prefilter;
    if (prefilter !== undefined && this.#format(prefilter.name) !== prefilter.spec) return undefined;
    return { prefilter: prefilter?.name, keepLast, hooks };
  }

  /** A reader that goes on from `state` (see snapshot); undefined when it cannot be rebuilt here. */
  static resume(ctx: FileContext, state: ReaderState): FileInterpreter | undefined {
    const reader = new FileInterpreter(ctx);
    if (state.prefilter !== undefined) {
      const spec = reader.#format(state.prefilter);
      if (!spec?.prefilter) return undefined;
      reader.#usePrefilter(state.prefilter, spec);
    }
    for (const { format, held } of state.keepLast) {
      const dedupe = reader.#format(format)?.dedupe;
      if (!dedupe || reader.#keepLast.has(dedupe)) return undefined;
      const window = new FileKeepLast(dedupe);
      window.restore(held);
      reader.#keepLast.set(dedupe, { format, window });
    }
    for (const { name, format, carry } of state.hooks) {
      const spec = reader.#format(format);
      if (name !== 'carry' || spec?.hook !== name || reader.#hooks.has(name)) return undefined;
      const hook = new CarryHook(spec.carry);
      hook.restore(carry);
      reader.#hooks.set(name, { format, spec, hook });
    }
    return reader;
  }

  /** A flat CSV row, its columns mapped once per header by the caller. */
  flatRow(format: Chosen, src: FieldSource, where: SourceLocation): IngestEvent {
    return extractRecord(src, format, this.#cellContext, where);
  }

  /** An object read with a JSON format (a JSON line, or a CSV row as {header: cell} when `cells`). */
  json(format: Chosen & { spec: JsonFormat }, obj: JsonObject, where: SourceLocation, cells: boolean, locate?: Locate): IngestEvent[] {
    return this.#settle(this.#formatted(format, obj, where, cells, locate));
  }

  /** #json with its skipped events (and the skips candidates may become) naming the format. */
  #formatted(format: Chosen & { spec: JsonFormat }, obj: JsonObject, where: SourceLocation, cells: boolean, locate?: Locate): FileEvent[] {
    const events = this.#json(format, obj, where, cells, locate);
    for (const e of events) if (e.kind === 'skipped' || e.kind === 'candidate') e.format ??= format.name;
    return events;
  }

  /**
   * Candidates through the family check, in order (the order the reader emits them in): the events
   * of the run. The observer (the cache's recorder) is told each check.
   */
  #settle(events: FileEvent[]): IngestEvent[] {
    const out: IngestEvent[] = new Array(events.length);
    const { run, observer } = this.#ctx;
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as FileEvent;
      if (e.kind !== 'candidate') out[i] = e;
      else {
        const result = checkFamily(e, run);
        observer?.checked(e, result);
        out[i] = result;
      }
    }
    return out;
  }

  #json(format: Chosen & { spec: JsonFormat }, obj: JsonObject, where: SourceLocation, cells: boolean, locate?: Locate): FileEvent[] {
    const { spec } = format;
    const decoded = decodeJsonStrings(obj, spec.jsonStrings);
    // A forced format's skip rules are trusted only on lines that look like it: a line of another
    // shape read as it must be rejected with what is missing, not skipped as "no usage".
    const forced = this.#ctx.forced !== undefined || this.#ctx.custom !== undefined;
    const skips = !forced || spec.detect.some((sig) => matches(decoded, sig)) ? spec.skip : [];
    if (!spec.items) return this.#one(format, spec, skips, decoded, where, cells);
    const found = itemsOf(decoded, spec.items.paths);
    if (found === undefined) return [reject(where, `no ${spec.items.paths.map((p) => p || 'top-level').join(' or ')} array: not a ${format.name} ${locate ? 'document' : 'line'}`)];
    const { path, list } = found;
    if (list.length === 0) return [skip(where, spec.items.empty)];
    const joined = spec.items.join && joinIndex(decoded, spec.items.join);
    return list.flatMap((item: unknown, i: number) => {
      const view: JsonObject = { item, line: decoded, doc: decoded };
      if (joined) view.joined = joined.get(joinKey(valueAt(view, (spec.items?.join as ItemJoin).match)));
      if (!locate) return this.#one(format, spec, skips, view, where, cells);
      // A document's item: located by the line it starts on, its JSON path said in its reason.
      const at = { file: where.file, line: locate(path, i) };
      const jsonPath = `$${path === '' ? '' : `.${path}`}[${i}]`;
      return this.#one(format, spec, skips, view, at, cells).map((e) =>
        e.kind === 'record' ? e : e.kind === 'candidate' ? { ...e, prefix: `${jsonPath}: ${e.prefix ?? ''}` } : { ...e, problem: { ...e.problem, reason: `${jsonPath}: ${e.problem.reason}` } },
      );
    });
  }

  /**
   * A whole JSON document (read/document.ts): detected like a line, then read item by item, each
   * item located by `locate` (the line it starts on). A document whose format has no items is one row.
   */
  document(root: JsonObject, locate: Locate): IngestEvent[] {
    const where = { file: this.#ctx.file, line: 1 };
    const picked = pickFormat(root, where, this.#ctx);
    if ('kind' in picked) return [picked];
    if (picked.spec.shape === 'flat') {
      const spec = picked.spec;
      return [extractRecord(flatFields(spec, objectColumns(root, spec), (k) => root[k]), picked, this.#lineContext, where)];
    }
    return this.#settle(this.#formatted({ name: picked.name, spec: picked.spec }, root, where, false, locate));
  }

  /** Lines held by a hook, then records still held for keep-last, at the end of the file. */
  end(): IngestEvent[] {
    const held = this.#held.splice(0);
    const settled = held.flatMap((h) => {
      const events = this.#read(h.format, h.spec, h.view, h.where, h.cells, (h.hook.settle as NonNullable<FormatHook['settle']>)(h.view, h.where));
      for (const e of events) if (e.kind === 'skipped' || e.kind === 'candidate') e.format ??= h.format.name;
      return events;
    });
    return this.#settle([...settled, ...[...this.#keepLast.values()].flatMap((k) => k.window.end())]);
  }

  #one(format: Chosen, spec: JsonFormat, skips: readonly SkipRule[], view: JsonObject, where: SourceLocation, cells: boolean): FileEvent[] {
    const hook = spec.hook && this.#hook(spec.hook, spec, format.name);
    hook?.observe(view);
    const skipped = skips[firstSkip(skips)(view)];
    if (skipped) return [skip(where, fillReason(view, skipped.reason))];
    const prepared = hook ? hook.prepare(view, where) : undefined;
    if (prepared === HOLD) {
      this.#held.push({ format, spec, hook: hook as FormatHook, view, where, cells });
      return [];
    }
    return this.#read(format, spec, view, where, cells, prepared);
  }

  /** A line past its skip rules and hook: extracted, then offered to keep-last when the format dedupes. */
  #read(format: Chosen, spec: JsonFormat, view: JsonObject, where: SourceLocation, cells: boolean, prepared: HookResult | undefined): FileEvent[] {
    if (prepared && 'kind' in prepared) return [prepared];
    const event = extractRecord(jsonFields(view, spec, prepared?.overrides, prepared?.tags), format, cells ? this.#cellContext : this.#lineContext, where);
    if (event.kind !== 'record' || !spec.dedupe) return [event];
    let keepLast = this.#keepLast.get(spec.dedupe);
    if (!keepLast) {
      keepLast = { format: format.name, window: new FileKeepLast(spec.dedupe) };
      this.#keepLast.set(spec.dedupe, keepLast);
    }
    return keepLast.window.offer(view, event);
  }

  #hook(name: HookName, spec: JsonFormat, format: string): FormatHook {
    let made = this.#hooks.get(name);
    if (!made) {
      made = { format, spec, hook: HOOKS[name](this.#ctx.run, spec, this.#ctx.observer) };
      if (FAMILY_HOOKS.has(name)) this.#ctx.observer?.familyState();
      this.#hooks.set(name, made);
    }
    return made.hook;
  }
}

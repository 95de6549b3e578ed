// Owner of the vendored tokenizer.json tokenizers: each gunzipped and built on first use, then kept;
// and of their counters, made from the compact BPE tables (*.bpe.gz) where those ship.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../paths.ts';
import { createHash } from 'node:crypto';
import { decodeTables, tablesFromJson, unsupported, type BpeTables, type TokenizerJson } from './bpe-tables.ts';
import { TOKENIZERS, type TokenizerName } from './families.ts';
import { createHfCounter, createTablesCounter, SELF_CHECK, type HfCounter, type LibTokenizer } from './hf-count.ts';

/** The folder of the vendored files (see tokenizers/README.md). */
export const TOKENIZER_DIR = join(PACKAGE_ROOT, 'tokenizers');

export type HfTokenizerName = { [K in TokenizerName]: (typeof TOKENIZERS)[K] extends { kind: 'hf' } ? K : never }[TokenizerName];

/** The BPE tables file written from a tokenizer.json file (scripts/compact-tokenizers.mjs): qwen3.json.gz → qwen3.bpe.gz. */
export function tablesFile(file: string): string {
  return file.replace(/\.json\.gz$/, '.bpe.gz');
}

/** The part of @huggingface/tokenizers' Tokenizer this module uses. */
export interface HfTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
}

/**
 * Required on first use, not imported: a run that compares no such family should not pay for it
 * (the library is small, but each tokenizer costs 0.6–2 s and 150–350 MB to build, measured).
 */
const require = createRequire(import.meta.url);
let library: { Tokenizer: new (json: object, config: object) => HfTokenizer } | undefined;
function loadLibrary(): NonNullable<typeof library> {
  library ??= require('@huggingface/tokenizers') as NonNullable<typeof library>;
  return library;
}

export interface HfTokenizersOptions {
  /** Folder holding the *.json.gz (and *.bpe.gz) files; default TOKENIZER_DIR. */
  dir?: string;
  /** Reads one file (tests spy on it to check that loading is lazy). */
  readFile?: (path: string) => Buffer;
}

/** What counting from tables needs: the tables, and the library tokenizer built from their config (no vocabulary). */
interface Compact {
  tables: BpeTables;
  splitter: LibTokenizer;
}

/**
 * Tokenizers built from the shipped files, shared by every HfTokenizers of the process that reads
 * them (the default folder and reader): a process that runs several audits (the test suite, a
 * report with a baseline) builds each one once. The files never change while it runs. A null
 * compact entry: no usable tables file.
 */
const SHIPPED = new Map<string, HfTokenizer>();
const SHIPPED_COMPACT = new Map<string, Compact | null>();

/**
 * Forgets the shared tokenizers, so the memory they hold (a full tokenizer is 45–220 MB) can be
 * freed once nothing else refers to them. The CLI never needs it; a long-lived process that runs
 * many audits (the test suite runs its files in shared workers: test/setup.ts) does.
 */
export function releaseShippedTokenizers(): void {
  SHIPPED.clear();
  SHIPPED_COMPACT.clear();
}

export class HfTokenizers {
  readonly #dir: string;
  readonly #readFile: (path: string) => Buffer;
  /** Reading the shipped files the default way: the process-wide SHIPPED caches apply. */
  readonly #shipped: boolean;
  readonly #loaded = new Map<HfTokenizerName, HfTokenizer>();
  readonly #compact = new Map<HfTokenizerName, Compact | null>();
  /**
   * Milliseconds each load took, for `llm-audit tokens --timing`: the tables (gunzip + decode +
   * build of the splitter), or the full tokenizer (gunzip + JSON.parse + build).
   */
  readonly loadMs = new Map<HfTokenizerName, number>();

  constructor(options: HfTokenizersOptions = {}) {
    this.#dir = options.dir ?? TOKENIZER_DIR;
    this.#readFile = options.readFile ?? ((path) => readFileSync(path));
    this.#shipped = options.dir === undefined && options.readFile === undefined;
  }

  /**
   * Tokens of `text` as plain content: no BOS/EOS (the chat overhead is added by the caller), and
   * special-token strings inside user text (`<|im_start|>`) matched as the tokenizer does.
   */
  count(name: HfTokenizerName, text: string): number {
    if (text.length === 0) return 0;
    return this.#tokenizer(name).encode(text, { add_special_tokens: false }).ids.length;
  }

  /**
   * A new counter of `name`'s tokens, the same counts as count(), with its own word cache: from the
   * BPE tables when they ship and pass their self-check (no full tokenizer is built), else from
   * the full tokenizer (hf-count.ts: words counted once, or encode()).
   */
  counter(name: HfTokenizerName): HfCounter {
    const compact = this.#compactOf(name);
    let fromTables: HfCounter | undefined;
    try {
      fromTables = compact === null ? undefined : createTablesCounter(compact.splitter, compact.tables);
    } catch {
      // Tables that do not hold together (bpe.ts throws): the full tokenizer counts instead.
    }
    return fromTables ?? createHfCounter(this.#tokenizer(name) as unknown as LibTokenizer);
  }

  /** The library's tokenizer itself (loading it if needed): for tests that compare against it. */
  library(name: HfTokenizerName): HfTokenizer {
    return this.#tokenizer(name);
  }

  loaded(): HfTokenizerName[] {
    return [...new Set([...this.#compact.entries()].filter(([, c]) => c !== null).map(([name]) => name).concat([...this.#loaded.keys()]))];
  }

  /** Drops the built tokenizers (plain JS objects: the GC frees them). */
  dispose(): void {
    this.#loaded.clear();
    this.#compact.clear();
  }

  /** The tables and splitter of `name`, or null when no tables file is there or it cannot be read. */
  #compactOf(name: HfTokenizerName): Compact | null {
    let compact = this.#compact.get(name);
    if (compact !== undefined) return compact;
    const started = performance.now();
    const path = join(this.#dir, tablesFile(TOKENIZERS[name].file));
    compact = this.#shipped ? SHIPPED_COMPACT.get(path) : undefined;
    if (compact === undefined) {
      try {
        const tables = decodeTables(gunzipSync(this.#readFile(path)));
        const splitter = new (loadLibrary().Tokenizer)(tables.config, {}) as unknown as LibTokenizer;
        compact = { tables, splitter };
      } catch {
        // Missing (a checkout before the tables, a test folder) or unreadable: the full tokenizer
        // gives the same counts, only slower to load.
        compact = null;
      }
      if (this.#shipped) SHIPPED_COMPACT.set(path, compact);
      if (compact !== null) this.loadMs.set(name, performance.now() - started);
    }
    this.#compact.set(name, compact);
    return compact;
  }

  #tokenizer(name: HfTokenizerName): HfTokenizer {
    let tokenizer = this.#loaded.get(name);
    if (tokenizer === undefined) {
      const started = performance.now();
      const path = join(this.#dir, TOKENIZERS[name].file);
      const shared = this.#shipped ? SHIPPED.get(path) : undefined;
      if (shared !== undefined) {
        this.#loaded.set(name, shared);
        return shared;
      }
      let json: object;
      try {
        json = JSON.parse(gunzipSync(this.#readFile(path)).toString('utf8')) as object;
      } catch (error) {
        throw new Error(`cannot load the ${name} tokenizer from ${path}: ${(error as Error).message} (the file ships with llm-audit; reinstall, or run scripts/vendor-tokenizers.mjs in a checkout)`);
      }
      tokenizer = new (loadLibrary().Tokenizer)(json, {});
      this.#loaded.set(name, tokenizer);
      if (this.#shipped) SHIPPED.set(path, tokenizer);
      this.loadMs.set(name, performance.now() - started);
    }
    return tokenizer;
  }
}

/**
 * The BPE tables of a vendored tokenizer, made from its tokenizer.json file (the self-check counts
 * by the library's encode(), so this builds the full tokenizer), or why it has none. What
 * scripts/compact-tokenizers.mjs writes (encodeTables, gzipped) and the tests compare with.
 */
export function tablesOf(name: HfTokenizerName, dir: string = TOKENIZER_DIR): BpeTables | { unsupported: string } {
  const file = TOKENIZERS[name].file;
  const bytes = readFileSync(join(dir, file));
  const text = gunzipSync(bytes).toString('utf8');
  const json = JSON.parse(text) as TokenizerJson;
  const why = unsupported(json);
  if (why !== undefined) return { unsupported: why };
  // Built from a second parse: the tables are made from JSON the library has not touched.
  const tokenizer = new (loadLibrary().Tokenizer)(JSON.parse(text) as object, {});
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return tablesFromJson(json, { file, sha256 }, SELF_CHECK, (t) => tokenizer.encode(t, { add_special_tokens: false }).ids.length);
}

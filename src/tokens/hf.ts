// Owner of the vendored tokenizer.json tokenizers: each gunzipped and built on first use, then kept.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../paths.ts';
import { TOKENIZERS, type TokenizerName } from './families.ts';

/** The folder of the vendored files (see tokenizers/README.md). */
export const TOKENIZER_DIR = join(PACKAGE_ROOT, 'tokenizers');

export type HfTokenizerName = { [K in TokenizerName]: (typeof TOKENIZERS)[K] extends { kind: 'hf' } ? K : never }[TokenizerName];

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
  /** Folder holding the *.json.gz files; default TOKENIZER_DIR. */
  dir?: string;
  /** Reads one file (tests spy on it to check that loading is lazy). */
  readFile?: (path: string) => Buffer;
}

/**
 * Tokenizers built from the shipped files, shared by every HfTokenizers of the process that reads
 * them (the default folder and reader): a process that runs several audits (the test suite, a
 * report with a baseline) builds each one once. The files never change while it runs.
 */
const SHIPPED = new Map<string, HfTokenizer>();

export class HfTokenizers {
  readonly #dir: string;
  readonly #readFile: (path: string) => Buffer;
  /** Reading the shipped files the default way: the process-wide SHIPPED cache applies. */
  readonly #shipped: boolean;
  readonly #loaded = new Map<HfTokenizerName, HfTokenizer>();
  /** Milliseconds each load took (gunzip + JSON.parse + build), for `llm-audit tokens --timing`. */
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

  /** The library's tokenizer itself (loading it if needed): for tests that compare against it. */
  library(name: HfTokenizerName): HfTokenizer {
    return this.#tokenizer(name);
  }

  loaded(): HfTokenizerName[] {
    return [...this.#loaded.keys()];
  }

  /** Drops the built tokenizers (plain JS objects: the GC frees them). */
  dispose(): void {
    this.#loaded.clear();
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

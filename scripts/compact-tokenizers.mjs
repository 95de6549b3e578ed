#!/usr/bin/env node
// Writes tokenizers/*.bpe.gz, the compact BPE tables of each vendored tokenizer that can be counted
// from them (src/tokens/bpe-tables.ts: byte-level BPE; Gemma 3 cannot), from its tokenizer.json.gz.
// The what-if counts with them instead of building the full tokenizer (a load in milliseconds
// instead of about a second, in every worker thread). Run after scripts/vendor-tokenizers.mjs:
//   npm run build && node scripts/compact-tokenizers.mjs
// The output is byte-stable (gzip level 9, no name or time in the header); the test
// src/tokens/tokenizers-compact.test.ts checks that the shipped files are what this writes.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(pathToFileURL(join(ROOT, 'dist', path)).href);
const { TOKENIZERS } = await dist('tokens/families.js');
const { tablesOf, tablesFile, TOKENIZER_DIR } = await dist('tokens/hf.js');
const { encodeTables } = await dist('tokens/bpe-tables.js');

for (const [name, spec] of Object.entries(TOKENIZERS)) {
  if (spec.kind !== 'hf') continue;
  const tables = tablesOf(name);
  if ('unsupported' in tables) {
    console.log(`${spec.file}: no tables (${tables.unsupported})`);
    continue;
  }
  const gz = gzipSync(encodeTables(tables), { level: 9 });
  const out = tablesFile(spec.file);
  writeFileSync(join(TOKENIZER_DIR, out), gz);
  console.log(`${out}  ${(gz.length / 1e6).toFixed(2)} MB  ${tables.left.length} merges${tables.ignoreMerges ? `, ignore_merges (${tables.otherTokens.length} other tokens)` : ''}`);
}

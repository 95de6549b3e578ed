#!/usr/bin/env node
// Writes tokenizers/*.bpe.gz, the compact BPE tables of each vendored tokenizer that can be counted
// from them (src/tokens/bpe-tables.ts: byte-level BPE; Gemma 3 cannot), from its tokenizer.json.gz.
// The what-if counts with them instead of building the full tokenizer (a load in milliseconds
// instead of about a second, in every worker thread). Run after scripts/vendor-tokenizers.mjs:
//   npm run build && node scripts/compact-tokenizers.mjs
// The output is byte-stable (gzip level 9, no name or time in the header).
//   node scripts/compact-tokenizers.mjs --check
// writes nothing and exits 1 unless every shipped file is what this would write (compared before
// gzip, so another zlib cannot fail it) and Gemma has none: CI runs it (.ci/run). It takes ~10 s of
// CPU (each tokenizer.json parsed whole), which is why it is not in `npm test`; the tests check
// that the shipped tables decode and count exactly as the library's encode() does.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(pathToFileURL(join(ROOT, 'dist', path)).href);
const { TOKENIZERS } = await dist('tokens/families.js');
const { tablesOf, tablesFile, TOKENIZER_DIR } = await dist('tokens/hf.js');
const { decodeTables, encodeTables } = await dist('tokens/bpe-tables.js');
const check = process.argv.includes('--check');
let stale = 0;

for (const [name, spec] of Object.entries(TOKENIZERS)) {
  if (spec.kind !== 'hf') continue;
  const tables = tablesOf(name);
  const out = tablesFile(spec.file);
  const shipped = join(TOKENIZER_DIR, out);
  if ('unsupported' in tables) {
    console.log(`${spec.file}: no tables (${tables.unsupported})`);
    if (check && existsSync(shipped)) {
      console.log(`  ${out} is shipped but ${spec.file} cannot be counted from tables: remove it`);
      stale++;
    }
    continue;
  }
  const bytes = encodeTables(tables);
  if (check) {
    const have = existsSync(shipped) ? gunzipSync(readFileSync(shipped)) : undefined;
    const same = have !== undefined && have.equals(bytes) && encodeTables(decodeTables(have)).equals(have);
    console.log(`${out}  ${same ? 'up to date' : 'STALE: run node scripts/compact-tokenizers.mjs'}`);
    if (!same) stale++;
    continue;
  }
  const gz = gzipSync(bytes, { level: 9 });
  writeFileSync(shipped, gz);
  console.log(`${out}  ${(gz.length / 1e6).toFixed(2)} MB  ${tables.left.length} merges${tables.ignoreMerges ? `, ignore_merges (${tables.otherTokens.length} other tokens)` : ''}`);
}
if (stale > 0) process.exitCode = 1;

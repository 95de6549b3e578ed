#!/usr/bin/env node
// Measures how many tokens each offline tokenizer makes of the shipped corpus (fixtures/corpus:
// English prose, Chinese prose, code) and writes the ratio table the what-if uses when a log has
// counts but no text: src/tokens/ratios.generated.ts. Also prints load time and speed per
// tokenizer (not written: they vary by machine; MB/s shown cold/warm, warm = best of 3 passes
// once the tokenizer's own word cache has seen the text's words). Needs the build (npm run build) first.
//   node scripts/measure-token-ratios.mjs [--date YYYY-MM-DD] [--check]
// --check: recount and exit 1 if the checked-in table differs (a tokenizer or corpus changed).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { createTextCounter } = await import(join(ROOT, 'dist/tokens/texts.js'));
const { TOKENIZER_NAMES, TOKENIZERS } = await import(join(ROOT, 'dist/tokens/families.js'));

const args = process.argv.slice(2);
const check = args.includes('--check');
const dateAt = args.indexOf('--date');
const date = dateAt >= 0 ? args[dateAt + 1] : new Date().toISOString().slice(0, 10);

/** The corpus: one file per language, with where the text comes from (see fixtures/corpus/README.md). */
const CORPUS = [
  { language: 'en', file: 'fixtures/corpus/en.txt', source: 'Arthur Conan Doyle, The Adventures of Sherlock Holmes (1892), opening ~48 kB; public domain (Project Gutenberg eBook #1661)' },
  { language: 'zh', file: 'fixtures/corpus/zh.txt', source: '鲁迅《阿Q正传》(Lu Xun, The True Story of Ah Q, 1921), full text; public domain' },
  { language: 'code', file: 'fixtures/corpus/code.txt', source: 'commander@14.0.3 lib/command.js, first ~30 kB (MIT) + CPython 3.11 Lib/textwrap.py (PSF-2.0)' },
];

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const pkgVersion = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
const manifest = JSON.parse(readFileSync(join(ROOT, 'tokenizers/manifest.json'), 'utf8'));

const counter = createTextCounter({ cacheEntries: 16 });
const counts = {};
const speed = {};
for (const name of TOKENIZER_NAMES) {
  counts[name] = {};
  speed[name] = {};
  // Load first, so the speed is the speed of counting.
  const loadStart = performance.now();
  counter.countString(name, 'warm up');
  const loadMs = performance.now() - loadStart;
  for (const { language, file } of CORPUS) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const coldStart = performance.now();
    counts[name][language] = counter.countString(name, text);
    const cold = Buffer.byteLength(text) / 1e6 / ((performance.now() - coldStart) / 1000);
    // Speed: the best of 3 passes over the text made distinct (a numbered last line) so the
    // per-text cache does not answer; the first pass includes the JIT warming up.
    let best = Infinity;
    for (let pass = 0; pass < 3; pass += 1) {
      const start = performance.now();
      counter.countString(name, `${text}\n${pass}`);
      best = Math.min(best, (performance.now() - start) / 1000);
    }
    speed[name][language] = { cold, warm: Buffer.byteLength(text) / 1e6 / best };
  }
  console.error(`${name.padEnd(9)} load ${loadMs.toFixed(0).padStart(5)} ms   ${CORPUS.map(({ language }) => `${language} ${counts[name][language]} tok ${speed[name][language].cold.toFixed(2)}/${speed[name][language].warm.toFixed(2)} MB/s`).join('   ')}`);
}
counter.dispose();

/** 4 decimals, half away from zero: the precision the what-if applies (see ratios.ts). */
const fixed = (value) => (Math.round(value * 10_000) / 10_000).toFixed(4);
const ratios = {};
for (const from of TOKENIZER_NAMES) {
  ratios[from] = {};
  for (const to of TOKENIZER_NAMES) {
    const per = Object.fromEntries(CORPUS.map(({ language }) => [language, counts[to][language] / counts[from][language]]));
    const blended = CORPUS.reduce((sum, { language }) => sum + per[language], 0) / CORPUS.length;
    ratios[from][to] = { ...Object.fromEntries(Object.entries(per).map(([k, v]) => [k, fixed(v)])), blended: fixed(blended) };
  }
}

const table = {
  measured: date,
  corpus: CORPUS.map(({ language, file, source }) => {
    const buf = readFileSync(join(ROOT, file));
    return { language, file, bytes: buf.length, sha256: sha256(buf), source };
  }),
  tokenizers: Object.fromEntries(
    TOKENIZER_NAMES.map((name) => {
      const spec = TOKENIZERS[name];
      const version = spec.kind === 'tiktoken' ? `tiktoken@${pkgVersion('tiktoken')} ${spec.encoding}` : `@huggingface/tokenizers@${pkgVersion('@huggingface/tokenizers')} + tokenizers/${spec.file} (${manifest.files[spec.file].package}, sha256 ${manifest.files[spec.file].gzSha256.slice(0, 16)}…)`;
      return [name, version];
    }),
  ),
  blend: 'the mean of the per-language ratios (English, Chinese, code weighted equally)',
  counts,
  ratios,
};

const out = join(ROOT, 'src/tokens/ratios.generated.ts');
const body = `// GENERATED by scripts/measure-token-ratios.mjs — do not edit by hand; rerun the script.
// Tokens per tokenizer on the shipped corpus, and ratios[from][to] = tokens(to) / tokens(from).

export const RATIO_TABLE = ${JSON.stringify(table, null, 2)} as const;
`;
if (check) {
  const current = readFileSync(out, 'utf8');
  const strip = (s) => s.replace(/"measured": "[^"]*"/, '');
  if (strip(current) !== strip(body)) {
    console.error('ratios.generated.ts is out of date: rerun node scripts/measure-token-ratios.mjs');
    process.exit(1);
  }
  console.error('ratios.generated.ts is up to date');
} else {
  writeFileSync(out, body);
  console.error(`wrote ${out}`);
}

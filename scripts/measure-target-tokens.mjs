#!/usr/bin/env node
// What re-counting text for what-if targets costs, and what the per-text cache saves: a text-only
// log made by repeating fixtures/logs/text-teams.jsonl as conversations that resend their history
// (as chat logs do), counted for three targets of three tokenizer families, with the cache and
// with a cache too small to hit. Also the cost of the cache key (SHA-1 of the text) per MB.
// Needs the build (npm run build).   node scripts/measure-target-tokens.mjs [REPEAT]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { createTargetTokens } = await import(join(ROOT, 'dist/tokens/target.js'));
const { hashKey } = await import(join(ROOT, 'dist/tokens/cache.js'));
const { emptyBuckets } = await import(join(ROOT, 'dist/core/types.js'));

const repeat = Number(process.argv[2] ?? 20);
const rows = readFileSync(join(ROOT, 'fixtures/logs/text-teams.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
// Conversations: each row's messages, then the reply and a follow-up appended, turn after turn.
const requests = [];
for (let r = 0; r < repeat; r += 1) {
  for (const row of rows) {
    const history = [...row.messages];
    for (let turn = 0; turn < 3; turn += 1) {
      requests.push({ model: row.model, text: { messages: history.map((m) => ({ ...m })), completion: row.response } });
      history.push({ role: 'assistant', content: row.response }, { role: 'user', content: `Follow-up ${turn}: and then?` });
    }
  }
}
const bytes = requests.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r.text)), 0);
const TARGETS = ['qwen3-max', 'deepseek-chat', 'gpt-5'];

function runOnce(cacheEntries) {
  const targets = createTargetTokens({ cacheEntries });
  for (const t of TARGETS) targets.countForTarget(t, 'gpt-4o', { prompt: 'warm up' }, emptyBuckets()); // load outside the timing
  const start = performance.now();
  let total = 0;
  for (const { model, text } of requests) for (const t of TARGETS) total += targets.countForTarget(t, model, text, emptyBuckets()).tokens.input;
  const seconds = (performance.now() - start) / 1000;
  const stats = targets.stats();
  targets.dispose();
  return { seconds, total, stats };
}

console.log(`${requests.length} requests × ${TARGETS.length} targets, ${(bytes / 1e6).toFixed(2)} MB of request text (with resent history)`);
const cached = runOnce(200_000);
console.log(`cache on:  ${cached.seconds.toFixed(2)} s, ${((bytes * TARGETS.length) / 1e6 / cached.seconds).toFixed(1)} MB/s, hits ${cached.stats.hits}, misses ${cached.stats.misses}`);
const uncached = runOnce(2);
console.log(`cache off: ${uncached.seconds.toFixed(2)} s, ${((bytes * TARGETS.length) / 1e6 / uncached.seconds).toFixed(1)} MB/s, hits ${uncached.stats.hits}, misses ${uncached.stats.misses}`);
if (cached.total !== uncached.total) throw new Error('cached and uncached counts differ');
console.log(`speed-up ${(uncached.seconds / cached.seconds).toFixed(1)}×, same counts`);

const text = readFileSync(join(ROOT, 'fixtures/corpus/en.txt'), 'utf8');
const start = performance.now();
let n = 0;
for (; n < 200; n += 1) hashKey('q', `${text}${n}`);
const s = (performance.now() - start) / 1000;
console.log(`cache key (SHA-1 of the text): ${((Buffer.byteLength(text) * n) / 1e6 / s).toFixed(0)} MB/s`);

#!/usr/bin/env node
// A soak test of the persistent cache (docs/cache.md), not a unit test: a generated Claude Code tree
// (scripts/bench/generate.mjs) is changed between runs the ways agents and users change it — lines
// appended (new responses, lines from other sessions, the file's own last lines again), a partial
// line left and later finished, a tail truncated — and after each round the report with the cache
// must equal --no-cache byte for byte. Exit 1 at the first difference (both reports kept in the temp
// folder). Run after `npm run build`:
//
//   node scripts/cache-soak.mjs [--lines 100000] [--rounds 6] [--seed 1] [--all-usage] [--keep]
//
// 2026-12-06, after the grow-point resume (src/cache/resume.ts): 300k-line trees of both bench
// shapes, 6 and 5 rounds of 8 changes each: every round the same. After cache format 3 (keep-last
// windows keyed by hash): 60k claude-code lines, 3 rounds; 300k all-usage lines, 4 rounds (--seed 7): the same.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateClaudeAllUsage, generateClaudeTree, mulberry32 } from './bench/generate.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const lines = option('--lines', 100_000);
const rounds = option('--rounds', 6);
const seed = option('--seed', 1);
const rnd = mulberry32(seed);
const pick = (list) => list[Math.floor(rnd() * list.length)];

const dir = mkdtempSync(join(tmpdir(), 'llm-audit-soak-'));
const tree = join(dir, 'tree');
const cache = join(dir, 'cache');
const generate = args.includes('--all-usage') ? generateClaudeAllUsage : generateClaudeTree;
await generate(tree, { seed, lines });
const files = readdirSync(tree, { recursive: true }).filter((n) => n.endsWith('.jsonl')).map((n) => join(tree, n));
// Files past the cache's resume size (its last 256 KB chunk) are the ones read on from a grow point.
const large = files.filter((f) => statSync(f).size > 300_000);
console.log(`${files.length} files (${large.length} over 300 KB) in ${dir}`);

const report = (extra) =>
  execFileSync(process.execPath, [join(ROOT, 'bin', 'llm-audit.js'), join(tree, 'projects'), '--group-by', 'day', '--format', 'json', ...extra], {
    maxBuffer: 1 << 28,
    env: { ...process.env, TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString();

const CHANGES = {
  append: (f) => appendFileSync(f, `${someLines(pick(files)).join('\n')}\n`),
  partial: (f) => {
    const text = someLines(pick(files)).join('\n');
    appendFileSync(f, text.slice(0, Math.floor(rnd() * text.length)));
  },
  finish: (f) => appendFileSync(f, '\n'),
  'repeat-own': (f) => appendFileSync(f, `${readFileSync(f, 'utf8').split('\n').filter(Boolean).slice(-3).join('\n')}\n`),
  truncate: (f) => truncateSync(f, Math.max(0, statSync(f).size - Math.floor(rnd() * 5000))),
};
const WEIGHTS = [['append', 5], ['partial', 2], ['finish', 1], ['repeat-own', 1], ['truncate', 1]];

function someLines(file) {
  const all = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  return all.slice(Math.floor(rnd() * all.length)).slice(0, 1 + Math.floor(rnd() * 20));
}

function change() {
  let r = rnd() * WEIGHTS.reduce((n, [, w]) => n + w, 0);
  for (const [name, w] of WEIGHTS) if ((r -= w) < 0) return name;
  return 'append';
}

report(['--cache-dir', cache]);
let failed = false;
for (let round = 0; round < rounds && !failed; round++) {
  const done = [];
  for (let k = 0; k < 8; k++) {
    const name = change();
    CHANGES[name](pick(large.length > 0 ? large : files));
    done.push(name);
  }
  // Past the cache's racy margin: a file changed within 100 ms is read, not stored.
  await new Promise((r) => setTimeout(r, 200));
  const cached = report(['--cache-dir', cache]);
  const plain = report(['--no-cache']);
  failed = cached !== plain;
  console.log(`round ${round}: ${done.join(', ')} → ${failed ? 'DIFFERENT' : 'same'}`);
  if (failed) {
    writeFileSync(join(dir, 'cached.json'), cached);
    writeFileSync(join(dir, 'plain.json'), plain);
    console.log(`reports kept in ${dir}`);
  }
}
if (!failed && !args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;

#!/usr/bin/env node
// Two builds of llm-audit timed on the same growing Claude Code tree (issue 15's "+1%" case), in
// turn, so that load from other jobs weighs on both alike: on this project's shared 2-core machine
// two runs of one build scatter by ±15%, more than most changes to measure. A benchmark aid, not a
// test.
//
//   node scripts/appended-ab.mjs [--tree DIR] [--shape code|usage] [--rounds N] BIN_A BIN_B
//
// BIN_A, BIN_B: each build's bin/llm-audit.js (e.g. this checkout's and a `git worktree`'s, each
// built). Without --tree a 300,000-line tree of --shape (claude-code's sessions or the all-usage
// shape, scripts/bench/generate.mjs) is generated into a temp folder. Each build fills a cache of its
// own; then each round appends 1% of the lines across the 20 largest files (their own last lines
// with new message and request ids, as the bench does) and runs both builds, the order alternating.
// Prints each build's median and every time, and whether the last reports are byte-identical. The
// tree is put back (truncated to its sizes) at the end.

import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { generateClaudeAllUsage, generateClaudeTree } from './bench/generate.mjs';

function parseArgs(argv) {
  const opts = { shape: 'code', rounds: 7, bins: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--tree') opts.tree = argv[++i];
    else if (a === '--shape') opts.shape = argv[++i];
    else if (a === '--rounds') opts.rounds = Number(argv[++i]);
    else opts.bins.push(resolve(a));
  }
  if (opts.bins.length !== 2 || !['code', 'usage'].includes(opts.shape) || !(opts.rounds >= 1)) {
    console.error('usage: node scripts/appended-ab.mjs [--tree DIR] [--shape code|usage] [--rounds N] BIN_A BIN_B');
    process.exit(2);
  }
  return opts;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const tmp = mkdtempSync(join(os.tmpdir(), 'llm-audit-ab-'));
  try {
    let root = opts.tree;
    if (root === undefined) {
      const generate = opts.shape === 'code' ? generateClaudeTree : generateClaudeAllUsage;
      await generate(join(tmp, 'tree'), { seed: 20251001, lines: 300_000 });
      root = join(tmp, 'tree', 'projects');
    }
    const files = readdirSync(root, { recursive: true }).filter((f) => f.endsWith('.jsonl')).map((f) => join(root, f));
    const largest = files.map((f) => [f, statSync(f).size]).sort((a, b) => b[1] - a[1]).slice(0, 20);
    const lines = files.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').filter(Boolean).length, 0);
    const per = Math.max(1, Math.round((lines * 0.01) / largest.length));
    const run = (i) => {
      const start = process.hrtime.bigint();
      execFileSync(process.execPath, [opts.bins[i], root, '--group-by', 'day', '--format', 'json', '--out', join(tmp, `out-${i}.json`), '--cache-dir', join(tmp, `cache-${i}`)], { env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' }, stdio: 'ignore' });
      return Number(process.hrtime.bigint() - start) / 1e9;
    };
    const times = [[], []];
    try {
      run(0);
      run(1);
      for (let round = 1; round <= opts.rounds; round++) {
        for (const [f] of largest) {
          const tail = readFileSync(f, 'utf8').split('\n').filter(Boolean).slice(-per);
          appendFileSync(f, tail.map((l) => `${l.replace(/"(msg_|req_)/g, `"$1ab${round}_`)}\n`).join(''));
        }
        // Past the cache's racy margin (100 ms): a file changed just before a run is read but not cached.
        await new Promise((r) => setTimeout(r, 150));
        for (const i of round % 2 ? [0, 1] : [1, 0]) times[i].push(run(i));
      }
    } finally {
      for (const [f, size] of largest) truncateSync(f, size);
    }
    opts.bins.forEach((bin, i) => console.log(`${bin}: median ${median(times[i]).toFixed(3)} s (${times[i].map((t) => t.toFixed(2)).join(', ')})`));
    const same = readFileSync(join(tmp, 'out-0.json'), 'utf8') === readFileSync(join(tmp, 'out-1.json'), 'utf8');
    console.log(same ? 'last reports byte-identical' : 'last reports DIFFER');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();

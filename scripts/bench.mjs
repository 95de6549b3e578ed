#!/usr/bin/env node
// `npm run bench [-- options]`: a benchmark script, not a test. With a fixed seed it generates
// workloads into a temp dir, runs the built llm-audit over each one in a child process, and prints
// wall time, CPU time (user + sys), MB/s, rows/s and the child's peak RSS, next to a "floor" on
// one thread: a plain JSON.parse loop over the same bytes (csv-parse for CSV), timed in a fresh
// node process as llm-audit is (start-up and a cold JIT included) and in this warm process; for
// text-only, raw tiktoken encode_ordinary of every text llm-audit counts, no cache (also shown:
// the distinct texts alone, what a perfect cache would encode). Where ccusage is installed
// it also times ccusage on the two Claude Code trees and checks that the totals agree: claude-code
// (sessions, subagents, streaming partials, tool results: most lines are skipped unparsed) and
// claude-usage (every other line a final response with its own usage, ~600 bytes a line: every
// request parsed and priced).
//
// what-if: text-only JSONL (conversations in English, Chinese and English with code, from the shipped
// corpus; 15 system prompts and the history resent on every request) run with --compare of five
// targets of three tokenizer families (gpt-5, gpt-4.1-mini: o200k; qwen3-max, qwen-plus: Qwen3;
// deepseek-chat: DeepSeek-V3), once as is (--target-tokens recount: each text counted with each
// target's tokenizer) and once with --target-tokens logged (the counts carried over: the same run
// without recount), with the threads llm-audit picks (the default size is over 64 MB, so two) and
// with --threads 1 (skipped under 64 MB, where the first runs are one thread already); with --runs N
// the two are run in turn (recount, logged, recount, …), so that load from other jobs on the machine
// weighs on both alike. Target: recount within 2× the wall time of logged, thanks to the per-text
// cache and the BPE tables (tokenizers/*.bpe.gz: Qwen3 and DeepSeek-V3 load in ~0.1 s instead of
// ~1 s each, in every thread). Measured 2026-12-06 on the 2-core dev machine (--runs 3, medians, in
// quiet spells): 1.19–1.42× with the threads llm-audit picks, 1.39–1.47× with --threads 1 (under
// load from other jobs the walls scatter more: 1.02–1.85× and 1.34–1.37×); before the BPE tables it
// was 2.45× and 2.33× (the lead's earlier run: 2.43× and 2.22×).
// Its floor, measured in this process with the built counter: each distinct text counted once per
// tokenizer (what a perfect cache leaves to do), with the tokenizer loads apart, and how many of
// the text lookups a per-text cache answers (lookups and distinct texts counted from the outside).
//
// sql: a generated 50,000-request log over 2024–2026 (scripts/bench/sql-log.mjs, the one test/sql prices in
// DuckDB and PostgreSQL): llm-audit's own run (--format json, --group-by model,month, --compare of three
// targets, --target-tokens logged, --no-cache) next to DuckDB (@duckdb/node-api, a devDependency, in this
// process) running `llm-audit sql --dialect duckdb` over the run's ledger and the exported price tables:
// the load and the query timed apart, and the totals checked against the report's.
//
//   --only NAME[,NAME]  run some workloads: openai-usage, text-only, csv, claude-code, claude-usage, what-if, statusline, sql, openai-big
//                       (a prefix is enough: --only claude)
//   --big               add openai-big: a ~2 GB usage-bearing JSONL, to show peak RSS stays flat
//   --scale N           multiply workload sizes (default 1; e.g. 0.1 for a smoke run)
//   --seed N            PRNG seed (default 20251001)
//   --runs N            time each program (and floor) N times, print the median wall and CPU time (default 1)
//   --keep              keep the temp dir and print its path
//
// Peak RSS and CPU come from /usr/bin/time -f '%M %U %S' when it is GNU time, else from a node
// preload (scripts/bench/rss-preload.cjs; then ccusage, not a node process here, shows n/a).
// ccusage is looked up in $CCUSAGE_BIN, then `ccusage` on PATH, then /tmp/ccusage/node_modules/.bin/ccusage
// (install: npm install --prefix /tmp/ccusage ccusage@20.0.24 @ccusage/ccusage-linux-x64@20.0.24).
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, createReadStream, existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { get_encoding } from 'tiktoken';
import { csvFloor, jsonFloor } from './bench/floors.mjs';
import { generatedLog } from './bench/sql-log.mjs';
import { generateClaudeAllUsage, generateClaudeTree, generateClaudeYear, generateCsv, generateOpenAiUsage, generateTextOnly, generateWhatIf } from './bench/generate.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BIN = join(ROOT, 'bin', 'llm-audit.js');
const PRELOAD = join(ROOT, 'scripts', 'bench', 'rss-preload.cjs');
const FLOOR_CHILD = join(ROOT, 'scripts', 'bench', 'floor-child.mjs');
const MB = 1e6;

// ---------------------------------------------------------------- options

function parseArgs(argv) {
  const opts = { only: null, big: false, keep: false, scale: 1, seed: 20251001, runs: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === '--only') opts.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--big') opts.big = true;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--scale') opts.scale = Number(value());
    else if (a === '--seed') opts.seed = Number(value());
    else if (a === '--runs') opts.runs = Number(value());
    else if (a === '-h' || a === '--help') {
      // The header comment, from after the shebang to the first line that is not a comment.
      const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
      console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else fail(`unknown option ${a} (try --help)`);
  }
  if (!(opts.scale > 0)) fail('--scale needs a positive number');
  if (!Number.isSafeInteger(opts.seed)) fail('--seed needs an integer');
  if (!(Number.isSafeInteger(opts.runs) && opts.runs >= 1)) fail('--runs needs a whole number ≥ 1');
  return opts;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------- workloads

/** Each generate() returns { path, files, bytes, rows } (rows = lines or CSV rows written). */
const WORKLOADS = [
  {
    name: 'openai-usage',
    about: 'OpenAI chat.completion JSONL with usage',
    floor: 'json',
    generate: (dir, seed, scale) => one(join(dir, 'openai-usage.jsonl'), (p) => generateOpenAiUsage(p, { seed, lines: Math.round(100_000 * scale) })),
  },
  {
    name: 'text-only',
    about: 'generic JSONL, text only (tokenized), repeated system prompts',
    floor: 'tiktoken',
    generate: (dir, seed, scale) => one(join(dir, 'text-only.jsonl'), (p) => generateTextOnly(p, { seed, requests: Math.round(5_000 * scale) })),
  },
  {
    name: 'csv',
    about: 'generic CSV timestamp,model,input_tokens,output_tokens,cached_tokens',
    floor: 'csv',
    generate: (dir, seed, scale) => one(join(dir, 'generic.csv'), (p) => generateCsv(p, { seed, rows: Math.round(250_000 * scale) })),
  },
  claudeWorkload('claude-code', 'Claude Code projects tree (sessions + subagents)', 'claude', generateClaudeTree),
  claudeWorkload('claude-usage', 'Claude Code tree, all-usage shape: every other line a final response with its own usage (~600 B lines)', 'claude-usage', generateClaudeAllUsage),
  {
    name: 'what-if',
    about: 'text-only JSONL (English, Chinese, code), --compare 5 targets of 3 tokenizer families: recount vs --target-tokens logged',
    floor: 'whatif',
    compare: ['gpt-5', 'gpt-4.1-mini', 'qwen3-max', 'qwen-plus', 'deepseek-chat'],
    generate: (dir, seed, scale) => one(join(dir, 'what-if.jsonl'), (p) => generateWhatIf(p, { seed, requests: Math.round(6_500 * scale) })),
  },
  {
    name: 'statusline',
    about: "a year of one heavy user's Claude Code sessions (nights are gaps), the last one running: `llm-audit statusline` cold, from kept figures, after a new request; ccusage statusline",
    statusline: true,
    generate: async (dir, seed, scale) => {
      const root = join(dir, 'statusline');
      const stats = await generateClaudeYear(root, { seed, days: Math.max(2, Math.round(365 * scale)), end: Date.now() });
      return { path: join(root, 'projects'), configDir: root, files: await jsonlFiles(root), bytes: stats.bytes, rows: stats.lines, stats };
    },
  },
  {
    name: 'sql',
    about: 'generated 50,000-request log over 2024–2026: llm-audit itself vs DuckDB running `llm-audit sql` over its ledger',
    floor: 'json',
    sql: { groupBy: 'model,month', compare: 'gpt-4o-mini,qwen3-max,deepseek-v4-flash' },
    generate: (dir, seed, scale) => one(join(dir, 'sql.jsonl'), (p) => writeLines(p, generatedLog(Math.round(50_000 * scale)))),
  },
  {
    name: 'openai-big',
    about: '~2 GB OpenAI JSONL with usage (--big): peak RSS must stay flat',
    floor: 'json',
    big: true,
    generate: (dir, seed, scale) => one(join(dir, 'openai-big.jsonl'), (p) => generateOpenAiUsage(p, { seed, bytes: 2e9 * scale })),
  },
];

/** A Claude Code tree of 300,000 lines (× --scale), grouped by day and timed against ccusage. */
function claudeWorkload(name, about, folder, generate) {
  return {
    name,
    about,
    floor: 'json',
    groupBy: 'day',
    ccusage: true,
    async generate(dir, seed, scale) {
      const root = join(dir, folder);
      const stats = await generate(root, { seed, lines: Math.round(300_000 * scale) });
      const files = await jsonlFiles(root);
      return { path: join(root, 'projects'), configDir: root, files, bytes: stats.bytes, rows: stats.lines, stats };
    },
  };
}

async function one(path, write) {
  const r = await write(path);
  return { path, files: [path], bytes: r.bytes, rows: r.lines };
}

async function jsonlFiles(root) {
  const names = await readdir(root, { recursive: true });
  return names.filter((n) => n.endsWith('.jsonl')).sort().map((n) => join(root, n));
}

function selected(opts) {
  return WORKLOADS.filter((w) => {
    // The 2 GB workload runs only when asked for: --big, or --only openai-big by its full name.
    if (w.big && !opts.big && !opts.only?.includes(w.name)) return false;
    return !opts.only || opts.only.some((o) => w.name.startsWith(o));
  });
}

// ---------------------------------------------------------------- floors (in this process)

/**
 * tiktoken floor (text-only): every text llm-audit counts, each encoded with no cache, one thread.
 * Mirrors src/ingest/extract/text.ts and src/tokens/count.ts for the lines generateTextOnly writes: each
 * message's role, name and content (text parts joined by "\n"; empty strings are not encoded) and
 * the `response`, with encode_ordinary (what TiktokenTokenizer calls; encode() would also scan for
 * special tokens) in the model's encoding, chosen by the built encodingFor. Reading, JSON.parse and
 * encoder loads (timed apart) stay outside the timer: only encoding is timed. MB/s is of the file's
 * bytes, so it compares like with like with llm-audit's. Then the distinct texts are encoded once
 * each: the least any cache could do (repeated system prompts and resent history cost nothing).
 */
async function tiktokenFloor(files) {
  const { encodingFor } = await import(pathToFileURL(join(ROOT, 'dist', 'tokens', 'encodings.js')).href);
  const encoders = new Map();
  let loadSeconds = 0;
  const encoderOf = (name) => {
    if (!encoders.has(name)) {
      const t0 = performance.now();
      encoders.set(name, get_encoding(name));
      loadSeconds += (performance.now() - t0) / 1000;
    }
    return encoders.get(name);
  };
  const all = { seconds: 0, texts: 0, chars: 0, tokens: 0 };
  const distinct = new Map(); // encoding → Set of texts
  const counted = { input: 0, output: 0 }; // with the chat overhead, as llm-audit reports tokens
  let bytes = 0;
  let lines = 0;
  try {
    for (const file of files) {
      bytes += statSync(file).size;
      for await (const line of createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity })) {
        if (!line) continue;
        lines++;
        const { model, messages = [], response = '' } = JSON.parse(line);
        const { encoding } = encodingFor(model);
        const encoder = encoderOf(encoding);
        const input = [];
        for (const m of messages) input.push(m.role, contentText(m.content), ...(typeof m.name === 'string' ? [m.name] : []));
        const texts = [...input, response].filter((t) => t !== '');
        const t0 = performance.now();
        let inputTokens = 0;
        for (const t of input) if (t !== '') inputTokens += encoder.encode_ordinary(t).length;
        const outputTokens = response === '' ? 0 : encoder.encode_ordinary(response).length;
        all.seconds += (performance.now() - t0) / 1000;
        // CHAT_OVERHEAD: 3 per message, 1 more per name, 3 to prime the reply.
        const names = messages.filter((m) => typeof m.name === 'string').length;
        counted.input += inputTokens + 3 * messages.length + names + (messages.length ? 3 : 0);
        counted.output += outputTokens;
        all.tokens += inputTokens + outputTokens;
        all.texts += texts.length;
        const seen = distinct.get(encoding) ?? distinct.set(encoding, new Set()).get(encoding);
        for (const t of texts) {
          all.chars += t.length;
          seen.add(t);
        }
      }
    }
    const once = { seconds: 0, texts: 0, chars: 0, tokens: 0 };
    for (const [encoding, texts] of distinct) {
      const encoder = encoderOf(encoding);
      const t0 = performance.now();
      for (const t of texts) once.tokens += encoder.encode_ordinary(t).length;
      once.seconds += (performance.now() - t0) / 1000;
      once.texts += texts.size;
      for (const t of texts) once.chars += t.length;
    }
    return { seconds: all.seconds, bytes, lines, all, distinct: once, counted, loadSeconds, encodings: [...encoders.keys()] };
  } finally {
    // WASM memory is outside the JS heap: free each encoder, as llm-audit does.
    for (const e of encoders.values()) e.free();
  }
}

/** A message's text as src/ingest/extract/text.ts reads it: a string, or its text parts joined by \n. */
function contentText(content) {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (typeof p === 'string' ? p : typeof p?.text === 'string' ? p.text : null)).filter((p) => p !== null).join('\n');
}

/**
 * what-if floor: the texts llm-audit counts per request (as tiktokenFloor reads them), the distinct
 * ones among them, and each distinct text counted once with each target tokenizer by the built
 * counter (dist/tokens/texts.js, a fresh one: its word cache starts empty too, and given the folder
 * so that it loads its tokenizers again rather than take the ones an earlier run loaded in this
 * process), load timed apart.
 * Lookups = texts × tokenizers, one per request: targets sharing a tokenizer share a count.
 */
async function whatIfFloor(files, targets) {
  const { createTextCounter } = await import(pathToFileURL(join(ROOT, 'dist', 'tokens', 'texts.js')).href);
  const { modelTokens } = await import(pathToFileURL(join(ROOT, 'dist', 'tokens', 'families.js')).href);
  const tokenizers = [...new Set(targets.map((t) => modelTokens(t).tokenizer))];
  const distinct = new Set();
  let bytes = 0;
  let lines = 0;
  let texts = 0;
  let chars = 0;
  for (const file of files) {
    bytes += statSync(file).size;
    for await (const line of createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity })) {
      if (!line) continue;
      lines++;
      const { messages = [], response = '' } = JSON.parse(line);
      for (const t of [...messages.flatMap((m) => [m.role, contentText(m.content), ...(typeof m.name === 'string' ? [m.name] : [])]), response]) {
        if (t === '') continue;
        texts++;
        chars += t.length;
        distinct.add(t);
      }
    }
  }
  let distinctChars = 0;
  for (const t of distinct) distinctChars += t.length;
  const counter = createTextCounter({ dir: join(ROOT, 'tokenizers') });
  const per = [];
  try {
    for (const name of tokenizers) {
      let t0 = performance.now();
      counter.countString(name, 'warm up: load the tokenizer');
      const load = (performance.now() - t0) / 1000;
      t0 = performance.now();
      let tokens = 0;
      for (const t of distinct) tokens += counter.countString(name, t);
      per.push({ name, load, seconds: (performance.now() - t0) / 1000, tokens });
    }
  } finally {
    counter.dispose();
  }
  return { seconds: per.reduce((s, p) => s + p.seconds, 0), bytes, lines, texts, chars, distinct: distinct.size, distinctChars, tokenizers, per };
}

const FLOORS = { json: jsonFloor, csv: csvFloor, tiktoken: tiktokenFloor, whatif: whatIfFloor };

/** What the floor line(s) say: throughput, and for tiktoken the all-texts and distinct-texts runs. */
function floorLines(kind, floor, runs) {
  const mbs = (s) => f1(floor.bytes / MB / s);
  if (kind === 'whatif') {
    const lookups = floor.texts * floor.tokenizers.length;
    const misses = floor.distinct * floor.tokenizers.length;
    return [
      `  texts per request: ${fmtInt(floor.texts)} in all (${f1(floor.chars / 1e6)} M chars), ${fmtInt(floor.distinct)} distinct (${f1(floor.distinctChars / 1e6)} M chars, ${((100 * floor.distinctChars) / floor.chars).toFixed(1)} %)`,
      `  per-text cache: ${fmtInt(lookups)} lookups (texts × ${floor.tokenizers.length} tokenizers: ${floor.tokenizers.join(', ')}), ${fmtInt(misses)} counted, hit rate ${((100 * (lookups - misses)) / lookups).toFixed(1)} %`,
      `  floor: each distinct text counted once per tokenizer (built counter, one thread): ${floor.per.map((p) => `${p.name} ${f2(median(runs.map((r) => r.per.find((q) => q.name === p.name).seconds)))} s + load ${f2(median(runs.map((r) => r.per.find((q) => q.name === p.name).load)))} s (${fmtInt(p.tokens)} tokens)`).join('; ')}`,
    ];
  }
  if (kind !== 'tiktoken') return [`  warm floor (this process): ${mbs(floor.seconds)} MB/s (${f2(floor.seconds)} s, ${fmtInt(floor.lines)} ${kind === 'csv' ? 'records' : 'lines parsed'})`];
  // --runs: the median of each timing on its own.
  const once = median(runs.map((r) => r.distinct.seconds));
  const load = median(runs.map((r) => r.loadSeconds));
  const a = floor.all;
  const d = floor.distinct;
  const tps = (tokens, s) => `${f1(tokens / s / 1e6)} M tokens/s`;
  return [
    `  floor: tiktoken encode_ordinary, ${floor.encodings.join(' + ')}, one thread, no cache (encoder load ${f2(load)} s, outside the timer):`,
    `    raw encode of all ${fmtInt(a.texts)} texts (${f1(a.chars / 1e6)} M chars, ${fmtInt(a.tokens)} tokens): ${mbs(floor.seconds)} MB/s of file, ${tps(a.tokens, floor.seconds)} (${f2(floor.seconds)} s)`,
    `    of the ${fmtInt(d.texts)} distinct texts (${f1(d.chars / 1e6)} M chars, ${fmtInt(d.tokens)} tokens): ${mbs(once)} MB/s of file, ${tps(d.tokens, once)} (${f2(once)} s)`,
  ];
}

/** text-only: llm-audit against both tiktoken floors, per wall and per CPU second, and its token totals. */
function tiktokenVerdict(floor, runs, data, run, report) {
  const once = median(runs.map((r) => r.distinct.seconds));
  const ours = data.bytes / MB / run.seconds;
  const perCpu = run.cpuSeconds ? data.bytes / MB / run.cpuSeconds : null;
  const all = data.bytes / MB / floor.seconds;
  const distinct = data.bytes / MB / once;
  const lines = [
    `  vs tiktoken floor: ${f1(ours)} MB/s wall = ${(ours / all).toFixed(2)}× raw encode of all texts, ${(ours / distinct).toFixed(2)}× of the distinct texts` +
      (perCpu ? `; ${f1(perCpu)} MB per cpu-second = ${(perCpu / all).toFixed(2)}× / ${(perCpu / distinct).toFixed(2)}× per core` : ''),
  ];
  if (report) {
    const t = report.totals.tokens;
    const c = floor.counted;
    const agree = t.input === c.input && t.output === c.output;
    lines.push(`  tokens: llm-audit input ${fmtInt(t.input)}, output ${fmtInt(t.output)}; floor + chat overhead ${fmtInt(c.input)}, ${fmtInt(c.output)}: ${agree ? 'agree (the floor encodes the same texts)' : 'DIFFER'}`);
  }
  return lines;
}

// ---------------------------------------------------------------- measured child processes

// GNU time: peak RSS in KB, user and system CPU seconds (children included, so workers count too).
const TIME_FORMAT = '%M %U %S';

/** GNU time's -f '%M %U %S' when /usr/bin/time supports it; else the node preload. */
function probeTime() {
  if (!existsSync('/usr/bin/time')) return false;
  const r = spawnSync('/usr/bin/time', ['-f', TIME_FORMAT, 'true'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+ [\d.]+ [\d.]+$/.test(r.stderr.trim().split('\n').pop() ?? '');
}

/** Runs cmd, returning { code, seconds, rssMB, cpuSeconds (user + sys; both null when unknown), stdout, stderr }. */
function measure(cmd, args, { env = {}, tmp, useTime, node = false, input }) {
  const rssFile = join(tmp, `rss-${process.hrtime.bigint()}.txt`);
  let file = cmd;
  let argv = args;
  const childEnv = { ...process.env, ...env };
  if (useTime) {
    file = '/usr/bin/time';
    argv = ['-f', TIME_FORMAT, '-o', rssFile, cmd, ...args];
  } else if (node) {
    childEnv.NODE_OPTIONS = `${childEnv.NODE_OPTIONS ?? ''} --require ${PRELOAD}`.trim();
    childEnv.BENCH_RSS_FILE = rssFile;
  }
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(file, argv, { cwd: ROOT, env: childEnv, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (input !== undefined) child.stdin.end(input);
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', (e) => err.push(Buffer.from(String(e))));
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      let rssMB = null;
      let cpuSeconds = null;
      if (existsSync(rssFile)) {
        // The last line: GNU time may put "Command exited with non-zero status N" before it.
        const [kb, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().trim().split(/\s+/).map(Number);
        if (Number.isFinite(kb) && kb > 0) rssMB = kb / 1024;
        if (Number.isFinite(user) && Number.isFinite(sys)) cpuSeconds = user + sys;
        rmSync(rssFile, { force: true });
      }
      resolve({ code, seconds, rssMB, cpuSeconds, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

/** Runs `once` n times: median wall and CPU time, highest peak RSS, the last run's other fields, and every run. */
async function repeat(n, once) {
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(await once());
  return aggregate(runs);
}

/**
 * repeat for several programs taken in turn (a, b, a, b, …) rather than one after the other, so that
 * a spell of load from other jobs on the machine weighs on each alike: for ratios between them.
 */
async function repeatInTurn(n, onces) {
  const runs = onces.map(() => []);
  for (let i = 0; i < n; i++) for (const [k, once] of onces.entries()) runs[k].push(await once());
  return runs.map(aggregate);
}

/** Median wall and CPU time, the highest peak RSS, and the last run's other fields. */
function aggregate(runs) {
  const rss = runs.map((r) => r.rssMB).filter((x) => x != null);
  const cpu = runs.map((r) => r.cpuSeconds).filter((x) => x != null);
  return {
    ...runs[runs.length - 1],
    seconds: median(runs.map((r) => r.seconds)),
    cpuSeconds: cpu.length ? median(cpu) : null,
    rssMB: rss.length ? Math.max(...rss) : null,
    allSeconds: runs.map((r) => r.seconds),
    runs,
  };
}

/** The lower median, so it is always one run's own value. */
function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

// ---------------------------------------------------------------- ccusage

function findCcusage() {
  if (process.env.CCUSAGE_BIN) return existsSync(process.env.CCUSAGE_BIN) ? process.env.CCUSAGE_BIN : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'ccusage'))) return join(dir, 'ccusage');
  }
  const local = '/tmp/ccusage/node_modules/.bin/ccusage';
  return existsSync(local) ? local : null;
}

/** ccusage over the generated tree, Claude only, UTC days, offline prices, an empty HOME. */
async function runCcusage(bin, configDir, ctx, extra = []) {
  const home = join(ctx.tmp, 'ccusage-home');
  await mkdir(home, { recursive: true });
  const run = await repeat(ctx.runs, () =>
    measure(bin, ['claude', 'daily', '--json', '--offline', '-z', 'UTC', '--no-color', ...extra], {
      env: { CLAUDE_CONFIG_DIR: configDir, HOME: home, NO_COLOR: '1' },
      tmp: ctx.tmp,
      useTime: ctx.useTime,
    }),
  );
  let json = null;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    // reported below
  }
  return { ...run, json };
}

/** Totals and per-day agreement between llm-audit's report and ccusage's daily JSON. */
function compareWithCcusage(report, cc, expected) {
  const lines = [];
  const t = report.totals.tokens;
  const c = cc.totals;
  const rows = [
    ['input', t.input, c.inputTokens, expected?.input],
    ['output', t.output, c.outputTokens, expected?.output],
    ['cacheRead', t.cacheRead, c.cacheReadTokens, expected?.cacheRead],
    ['cacheWrite', t.cacheWrite, c.cacheCreationTokens, expected?.cacheWrite],
  ];
  lines.push(`  ${'tokens'.padEnd(11)} ${'llm-audit'.padStart(15)} ${'ccusage'.padStart(15)} ${'generator'.padStart(15)}  agree`);
  for (const [name, a, b, e] of rows) {
    lines.push(`  ${name.padEnd(11)} ${fmtInt(a).padStart(15)} ${fmtInt(b).padStart(15)} ${(e === undefined ? '-' : fmtInt(e)).padStart(15)}  ${a === b ? 'yes' : `NO (${fmtInt(a - b)})`}`);
  }
  const ours = Number(report.totals.cost.USD ?? 0);
  const theirs = c.totalCost;
  lines.push(`  ${'cost USD'.padEnd(11)} ${String(report.totals.cost.USD ?? '0').padStart(15)} ${theirs.toFixed(6).padStart(15)} ${''.padStart(15)}  ${costAgrees(ours, theirs) ? 'yes' : `NO (${pct(ours, theirs)})`}`);
  const ourDays = new Map(report.groups.map((g) => [g.key.day, g]));
  let same = 0;
  const differ = [];
  for (const d of cc.daily) {
    const g = ourDays.get(d.date);
    const dOut = (g?.tokens.output ?? 0) - d.outputTokens;
    const dRead = (g?.tokens.cacheRead ?? 0) - d.cacheReadTokens;
    const dCost = Number(g?.cost.USD ?? 0) - d.totalCost;
    const ok = g && dOut === 0 && dRead === 0 && g.tokens.input === d.inputTokens && g.tokens.cacheWrite === d.cacheCreationTokens && costAgrees(Number(g.cost.USD ?? 0), d.totalCost);
    if (ok) same++;
    else differ.push(`${d.date} (output ${signed(dOut)}, cacheRead ${signed(dRead)}, cost ${signed(Number(dCost.toFixed(6)))})`);
  }
  const onlyOurs = [...ourDays.keys()].filter((k) => !cc.daily.some((d) => d.date === k));
  lines.push(`  daily: ${same}/${cc.daily.length} ccusage days agree on tokens and cost${onlyOurs.length ? `; days only in llm-audit: ${onlyOurs.join(', ')}` : ''}`);
  for (const d of differ.slice(0, 8)) lines.push(`    differs ${d} (llm-audit − ccusage)`);
  if (differ.length > 8) lines.push(`    … ${differ.length - 8} more`);
  if (differ.length) lines.push('    (a response whose lines straddle midnight UTC lands on a different day if one tool dates it by its first line and the other by its last)');
  return lines;
}

const costAgrees = (a, b) => Math.abs(a - b) <= Math.max(1e-6, 1e-9 * Math.abs(b));
const signed = (n) => (n > 0 ? `+${fmtInt(n)}` : fmtInt(n));
const pct = (a, b) => (b === 0 ? `${a}` : `${(((a - b) / b) * 100).toFixed(4)} %`);

// ---------------------------------------------------------------- output

const fmtInt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : String(n));
const f1 = (n) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const f2 = (n) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(2));

/**
 * A session going on: `share` of the tree's lines appended, spread over the `count` largest files,
 * each given copies of its own last lines with their message and request ids made new (round
 * `round`). Returns a function that truncates the files back to their sizes (the tree is the
 * generator's again, for the checks that follow).
 */
function appendToSessions(files, totalLines, { count = 20, share = 0.01, round }) {
  const largest = files.map((f) => [f, statSync(f).size]).sort((a, b) => b[1] - a[1]).slice(0, count);
  const per = Math.max(1, Math.round((totalLines * share) / largest.length));
  for (const [f] of largest) {
    const tail = readFileSync(f, 'utf8').split('\n').filter(Boolean).slice(-per);
    appendFileSync(f, tail.map((l) => `${l.replace(/"(msg_|req_)/g, `"$1r${round}_`)}\n`).join(''));
  }
  return () => {
    for (const [f, size] of largest) truncateSync(f, size);
  };
}

/**
 * The persistent cache: a run that fills a fresh --cache-dir, then runs with it warm (nothing
 * changed), checked to give the same report as the cold run; then, for Claude Code trees, runs
 * after appending 1% of the lines across the 20 largest sessions (a new append before each run),
 * the last one checked against --no-cache on the same grown tree. Returns the warm and appended
 * wall seconds.
 */
async function cacheRuns(args, out, report, { tmp, useTime, runs, name, cold, data, appended }) {
  const dir = join(tmp, `cache-${name}`);
  const withCache = [...args, '--cache-dir', dir];
  const env = { TZ: 'UTC', NO_COLOR: '1' };
  const fill = await measure(process.execPath, withCache, { env, tmp, useTime, node: true });
  const warm = await repeat(runs, () => measure(process.execPath, withCache, { env, tmp, useTime, node: true }));
  const same = report && existsSync(out) ? JSON.stringify(JSON.parse(readFileSync(out, 'utf8'))) === JSON.stringify(report) : false;
  const size = folderBytes(dir);
  console.log(`  cache: filling ${f2(fill.seconds)} s, warm ${f2(warm.seconds)} s (${((warm.seconds / cold) * 100).toFixed(0)}% of cold), cpu ${f2(warm.cpuSeconds)} s, peak RSS ${f1(warm.rssMB)} MB; report ${same ? 'identical' : 'DIFFERS'}`);
  console.log(`  cache size after filling: ${f1(size / MB)} MB, ${((size / data.bytes) * 100).toFixed(1)}% of the input`);
  let grown;
  if (appended) {
    const restores = [];
    let round = 0;
    // Past the cache's racy margin (100 ms): a file changed just before a run is read but not cached.
    const settle = () => new Promise((r) => setTimeout(r, 150));
    grown = await repeat(runs, async () => {
      restores.push(appendToSessions(data.files, data.rows, { round: ++round }));
      await settle();
      return measure(process.execPath, withCache, { env, tmp, useTime, node: true });
    });
    const cached = readFileSync(out, 'utf8');
    await measure(process.execPath, [...args, '--no-cache'], { env, tmp, useTime, node: true });
    const agree = readFileSync(out, 'utf8') === cached;
    for (const restore of restores.reverse()) restore();
    console.log(`  cache, after appending 1% of the lines across the 20 largest files: ${f2(grown.seconds)} s (${((grown.seconds / cold) * 100).toFixed(0)}% of cold), cpu ${f2(grown.cpuSeconds)} s; report ${agree ? 'identical to --no-cache' : 'DIFFERS from --no-cache'}`);
  }
  rmSync(dir, { recursive: true, force: true });
  return { warm: warm.seconds, grown: grown?.seconds };
}

/** Bytes of the files under a folder (the cache's size on disk, give or take the blocks). */
function folderBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return total;
}

function printTable(results) {
  const head = ['workload', 'size MB', 'rows', 'wall s', 'warm s', '+1% s', 'cpu s', 'MB/s', 'rows/s', 'peak RSS MB', 'floor MB/s', 'ratio', 'warm floor', 'ratio', 'rows priced/unpriced/skipped/rejected'];
  const ratio = (r, floor) => (floor ? `${(r.bytes / MB / r.seconds / floor).toFixed(2)}×` : 'n/a');
  const body = results.map((r) => [
    r.name,
    f1(r.bytes / MB),
    fmtInt(r.rows),
    f2(r.seconds),
    r.warmSeconds === undefined ? '-' : f2(r.warmSeconds),
    r.grownSeconds === undefined ? '-' : f2(r.grownSeconds),
    f2(r.cpuSeconds),
    f1(r.bytes / MB / r.seconds),
    fmtInt(Math.round(r.rows / r.seconds)),
    f1(r.rssMB),
    f1(r.freshFloorMBs ?? r.floorMBs),
    ratio(r, r.freshFloorMBs ?? r.floorMBs),
    r.freshFloorMBs ? f1(r.floorMBs) : '-',
    r.freshFloorMBs ? ratio(r, r.floorMBs) : '-',
    r.note,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
  console.log('warm s = the same run again with its cache filled (--cache-dir, no file changed; docs/cache.md); wall s is with --no-cache');
  console.log('+1% s = warm, after appending 1% of the lines across the 20 largest files (Claude Code trees: sessions going on)');
  console.log('cpu s = the child\'s user + sys CPU seconds, all threads (above wall s when worker threads ran in parallel)');
  console.log('ratio = llm-audit MB/s ÷ floor MB/s. Floor: one thread, JSON.parse per line (csv-parse arrays for CSV), run like');
  console.log('        llm-audit in a fresh node process (start-up and a cold JIT included); warm floor: the same loop in this');
  console.log('        already warm process. text-only: tiktoken encode_ordinary of every text llm-audit counts, no cache, per');
  console.log('        core. MB/s is of the file\'s bytes throughout. what-if rows have no floor column: its floor (each distinct');
  console.log('        text counted once per tokenizer) and the recount ÷ logged ratios are printed apart.');
}

function rowsNote(report, workload) {
  if (!report) return 'no report';
  const r = report.rows;
  let note = `${fmtInt(r.priced)}/${fmtInt(r.unpriced)}/${fmtInt(r.skipped)}/${fmtInt(r.rejected)}`;
  if (workload.name === 'claude-code' && r.priced === 0) note += '  (adapter missing)';
  if (report.usage?.counted) note += `  counted ${fmtInt(report.usage.counted)}`;
  return note;
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const workloads = selected(opts);
  if (workloads.length === 0) fail(`--only ${opts.only.join(',')} matches no workload; names: ${WORKLOADS.map((w) => w.name).join(', ')}`);
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) fail('dist/ is missing: run `npm run build` (npm run bench does it first)');

  const cpus = os.cpus();
  console.log(`llm-audit bench — ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}, ${os.platform()}-${os.arch()}`);
  console.log(`seed ${opts.seed}, scale ${opts.scale}, runs ${opts.runs}, workloads: ${workloads.map((w) => w.name).join(', ')}`);
  const useTime = probeTime();
  console.log(`peak RSS and CPU via ${useTime ? `/usr/bin/time -f '${TIME_FORMAT}'` : 'node preload (process.resourceUsage(); non-node programs show n/a)'}`);

  const tmp = await mkdtemp(join(os.tmpdir(), 'llm-audit-bench-'));
  const cleanup = () => {
    if (!opts.keep) rmSync(tmp, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  const ctx = { tmp, useTime, runs: opts.runs };
  const results = [];
  const extras = [];
  try {
    for (const w of workloads) {
      const g0 = performance.now();
      // Seed by the workload's fixed position, so --only regenerates the same data.
      const data = await w.generate(tmp, opts.seed + WORKLOADS.indexOf(w), opts.scale);
      console.log(`\n[${w.name}] ${w.about}: ${f1(data.bytes / MB)} MB, ${fmtInt(data.rows)} rows, ${data.files.length} file(s), generated in ${f2((performance.now() - g0) / 1000)} s`);

      if (w.statusline) {
        extras.push(...(await statuslineRuns(data, ctx)));
        continue;
      }
      const floor = await repeat(opts.runs, () => FLOORS[w.floor](data.files, w.compare));
      for (const line of floorLines(w.floor, floor, floor.runs)) console.log(line);
      // The same loop as a CLI run pays for it: a fresh process, wall time from outside.
      if (w.sql) {
        results.push(await sqlRuns(w, data, ctx, floor));
        continue;
      }
      if (w.compare) {
        const section = await whatIfRuns(w, data, ctx, floor);
        results.push(...section.rows);
        extras.push(...section.lines);
        continue;
      }
      const fresh = w.floor === 'tiktoken' ? null : await repeat(opts.runs, () => measure(process.execPath, [FLOOR_CHILD, w.floor, ...data.files], { tmp, useTime, node: true }));
      if (fresh) console.log(`  floor in a fresh process: ${f1(data.bytes / MB / fresh.seconds)} MB/s (${f2(fresh.seconds)} s wall, start-up included)`);

      const out = join(tmp, `report-${w.name}.json`);
      const args = [BIN, data.path, '--format', 'json', '--out', out, ...(w.groupBy ? ['--group-by', w.groupBy] : [])];
      // The cold figure: --no-cache, every file read (and the user's cache left alone).
      const run = await repeat(opts.runs, () => measure(process.execPath, [...args, '--no-cache'], { env: { TZ: 'UTC', NO_COLOR: '1' }, tmp, useTime, node: true }));
      let report = null;
      if (existsSync(out)) report = JSON.parse(readFileSync(out, 'utf8'));
      console.log(`  llm-audit: exit ${run.code}, ${f2(run.seconds)} s${opts.runs > 1 ? ` (median of ${run.allSeconds.map(f2).join(', ')})` : ''}, cpu ${f2(run.cpuSeconds)} s, peak RSS ${f1(run.rssMB)} MB${run.stderr.trim() ? `\n  stderr: ${run.stderr.trim().split('\n').slice(-3).join('\n          ')}` : ''}`);
      if (report) console.log(`  cost ${JSON.stringify(report.totals.cost)}, rows ${JSON.stringify(report.rows)}`);
      if (w.floor === 'tiktoken') for (const line of tiktokenVerdict(floor, floor.runs, data, run, report)) console.log(line);
      const cached = await cacheRuns(args, out, report, { tmp, useTime, runs: opts.runs, name: w.name, cold: run.seconds, data, appended: w.ccusage === true });
      results.push({ name: w.name, bytes: data.bytes, rows: report?.rows.read ?? data.rows, seconds: run.seconds, warmSeconds: cached.warm, grownSeconds: cached.grown, cpuSeconds: run.cpuSeconds, rssMB: run.rssMB, floorMBs: floor.bytes / MB / floor.seconds, freshFloorMBs: fresh ? data.bytes / MB / fresh.seconds : null, note: rowsNote(report, w) });
      if (w.ccusage) extras.push(...(await ccusageSection(w.name, data, report, run, ctx)));
      rmSync(out, { force: true });
    }
    console.log('');
    if (results.length > 0) printTable(results);
    for (const line of extras) console.log(line);
    const big = results.find((r) => r.name === 'openai-big');
    const small = results.find((r) => r.name === 'openai-usage');
    if (big && small && big.rssMB && small.rssMB) {
      console.log(`\nflat memory: ${f1(small.bytes / MB)} MB → ${f1(small.rssMB)} MB RSS; ${f1(big.bytes / MB)} MB → ${f1(big.rssMB)} MB RSS (${(big.rssMB / small.rssMB).toFixed(2)}× RSS for ${(big.bytes / small.bytes).toFixed(1)}× input)`);
    }
  } finally {
    cleanup();
    console.log(opts.keep ? `\nkept ${tmp}` : '');
  }
}

/** Writes lines to a file; { bytes, lines }. */
async function writeLines(path, lines) {
  const { writeFileSync } = await import('node:fs');
  let text = '';
  let count = 0;
  for (const line of lines) {
    text += line;
    count++;
  }
  writeFileSync(path, text);
  return { bytes: Buffer.byteLength(text), lines: count };
}

/**
 * sql: llm-audit's own report of the log, then its ledger priced by `llm-audit sql --dialect duckdb`
 * in DuckDB (loaded from the ledger NDJSON and `pricing export --format sql`): load and query timed
 * apart, and the query's totals checked against the report's.
 */
async function sqlRuns(w, data, ctx, floor) {
  const env = { env: { TZ: 'UTC', NO_COLOR: '1' }, tmp: ctx.tmp, useTime: ctx.useTime, node: true };
  const options = ['--group-by', w.sql.groupBy, '--compare', w.sql.compare, '--target-tokens', 'logged'];
  const out = join(ctx.tmp, 'report-sql.json');
  const run = await repeat(ctx.runs, () => measure(process.execPath, [BIN, data.path, '--format', 'json', '--out', out, ...options, '--no-cache'], env));
  const report = JSON.parse(readFileSync(out, 'utf8'));
  console.log(`  llm-audit (report, --compare 3 targets): ${f2(run.seconds)} s, cpu ${f2(run.cpuSeconds)} s, peak RSS ${f1(run.rssMB)} MB; cost ${JSON.stringify(report.totals.cost)}`);
  const ledger = join(ctx.tmp, 'ledger.ndjson');
  const made = await repeat(1, () => measure(process.execPath, [BIN, data.path, '--format', 'ledger', '--out', ledger, '--no-cache'], env));
  console.log(`  llm-audit --format ledger: ${f2(made.seconds)} s`);
  const text = (args) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 64 * MB });
    if (r.status !== 0) fail(`llm-audit ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const exported = text(['pricing', 'export', '--format', 'sql']);
  const query = text(['sql', '--dialect', 'duckdb', ...options.slice(0, 4)]);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const seconds = [];
  let load = 0;
  let rows = [];
  for (let i = 0; i < ctx.runs; i++) {
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const t0 = performance.now();
    await db.run(exported);
    await db.run(`CREATE TABLE usage AS SELECT * FROM read_json('${ledger}', format = 'newline_delimited', columns = ${duckColumns()})`);
    load = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    rows = (await db.runAndReadAll(query)).getRowObjectsJson();
    seconds.push((performance.now() - t1) / 1000);
    db.closeSync();
  }
  const query1 = median(seconds);
  const totals = Object.fromEntries(rows.filter((r) => r.section === 'total').map((r) => [r.currency, String(r.cost).replace(/\.?0+$/, '')]));
  const same = JSON.stringify(totals) === JSON.stringify(report.totals.cost);
  console.log(`  DuckDB: load (price tables + ${fmtInt(report.rows.read)} ledger rows) ${f2(load)} s, query ${f2(query1)} s${ctx.runs > 1 ? ` (median of ${seconds.map(f2).join(', ')})` : ''}; totals ${same ? 'equal the report\'s' : `DIFFER: ${JSON.stringify(totals)}`}`);
  return { name: w.name, bytes: data.bytes, rows: report.rows.read, seconds: run.seconds, warmSeconds: undefined, cpuSeconds: run.cpuSeconds, rssMB: run.rssMB, floorMBs: floor.bytes / MB / floor.seconds, freshFloorMBs: null, note: `DuckDB query ${f2(query1)} s (+ load ${f2(load)} s)` };
}

/** The ledger's columns typed for DuckDB's read_json (docs/ledger.md: counts, exact money, the instant). */
function duckColumns() {
  const counts = ['line', 'requests', 'input', 'cache_read', 'cache_write_5m', 'cache_write_1h', 'output', 'reasoning', 'input_audio', 'input_image', 'output_audio', 'web_search_calls'];
  const names = ['status', 'reason_code', 'reason', 'source', 'file', 'line', 'format', 'timestamp', 'time_source', 'model', 'model_id', 'provider', 'service_tier', 'requests', 'input', 'cache_read', 'cache_write_5m', 'cache_write_1h', 'output', 'reasoning', 'input_audio', 'input_image', 'output_audio', 'web_search_calls', 'usage_source', 'tags', 'logged_cost', 'logged_currency', 'catalogue_hash', 'point_key', 'version_key', 'thinking', 'currency', 'cost', 'cost_input', 'cost_cache_read', 'cost_cache_write_5m', 'cost_cache_write_1h', 'cost_output', 'cost_web_search'];
  const type = (c) => (c === 'timestamp' ? 'TIMESTAMP' : c === 'tags' ? 'JSON' : c === 'thinking' ? 'BOOLEAN' : counts.includes(c) ? 'BIGINT' : c === 'cost' || c.startsWith('cost_') ? 'DECIMAL(38, 18)' : 'VARCHAR');
  return `{${names.map((c) => `'${c}': '${type(c)}'`).join(', ')}}`;
}

/**
 * what-if: llm-audit with --compare, recount (the default) and --target-tokens logged, with the
 * threads it picks and with --threads 1; a table row per run, and the recount ÷ logged ratios.
 */
async function whatIfRuns(w, data, ctx, floor) {
  // Below the size llm-audit cuts into ranges (a --scale smoke run), it reads on one thread anyway:
  // the --threads 1 pair would repeat the first one.
  const { SPLIT_MIN_BYTES } = await import(pathToFileURL(join(ROOT, 'dist', 'ingest', 'index.js')).href);
  const threadings = data.bytes >= SPLIT_MIN_BYTES ? [null, 1] : [null];
  if (threadings.length === 1) console.log(`  ${f1(data.bytes / MB)} MB is under ${f1(SPLIT_MIN_BYTES / MB)} MB, read on one thread: no separate --threads 1 runs`);
  const runs = [];
  for (const threads of threadings) {
    const modes = ['recount', 'logged'];
    const out = (mode) => join(ctx.tmp, `report-${w.name}-${mode}-${threads ?? 'auto'}.json`);
    const args = (mode) => [BIN, data.path, '--format', 'json', '--out', out(mode), '--no-cache', '--compare', w.compare.join(','), '--target-tokens', mode, ...(threads ? ['--threads', String(threads)] : [])];
    // In turn, recount then logged, --runs times: the ratio of the two is the point.
    const measured = await repeatInTurn(ctx.runs, modes.map((mode) => () => measure(process.execPath, args(mode), { env: { TZ: 'UTC', NO_COLOR: '1' }, tmp: ctx.tmp, useTime: ctx.useTime, node: true })));
    for (const [k, mode] of modes.entries()) {
      const run = measured[k];
      const report = existsSync(out(mode)) ? JSON.parse(readFileSync(out(mode), 'utf8')) : null;
      rmSync(out(mode), { force: true });
      const label = `${mode}${threads ? `, --threads ${threads}` : ''}`;
      console.log(`  llm-audit (${label}): exit ${run.code}, ${f2(run.seconds)} s${ctx.runs > 1 ? ` (median of ${run.allSeconds.map(f2).join(', ')})` : ''}, cpu ${f2(run.cpuSeconds)} s, peak RSS ${f1(run.rssMB)} MB${run.stderr.trim() ? `\n  stderr: ${run.stderr.trim().split('\n').slice(-3).join('\n          ')}` : ''}`);
      runs.push({ mode, threads, label, run, report });
    }
  }
  const first = runs[0].report;
  if (first) console.log(`  cost ${JSON.stringify(first.totals.cost)}, rows ${JSON.stringify(first.rows)}`);
  const methods = (report) => (report?.whatIf ?? []).map((t) => `${t.model} ${Object.entries(t.tokenCounts ?? {}).filter(([k, v]) => typeof v === 'number' && v > 0).map(([k]) => k).join('/') || '?'} ${fmtInt((t.targetTokens?.input ?? 0) + (t.targetTokens?.output ?? 0))}`).join(', ');
  for (const r of runs.filter((x) => x.threads === null)) console.log(`  ${r.mode} target tokens (in + out): ${methods(r.report)}`);
  const rows = runs.map(({ label, run, report }) => ({
    name: `${w.name} (${label})`,
    bytes: data.bytes,
    rows: report?.rows.read ?? data.rows,
    seconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    rssMB: run.rssMB,
    floorMBs: null,
    freshFloorMBs: null,
    note: rowsNote(report, w),
  }));
  const lines = ['', 'what-if: recount ÷ logged (the same run without recount); target ≤ 2× wall:'];
  for (const threads of threadings) {
    const [recount, logged] = ['recount', 'logged'].map((m) => runs.find((r) => r.mode === m && r.threads === threads).run);
    const ratio = recount.seconds / logged.seconds;
    const cpu = recount.cpuSeconds && logged.cpuSeconds ? `; cpu ${f2(recount.cpuSeconds)} ÷ ${f2(logged.cpuSeconds)} s = ${(recount.cpuSeconds / logged.cpuSeconds).toFixed(2)}×` : '';
    const rss = recount.rssMB && logged.rssMB ? `; peak RSS ${f1(recount.rssMB)} vs ${f1(logged.rssMB)} MB` : '';
    lines.push(`  ${threads ? `--threads ${threads}` : 'threads as picked'}: wall ${f2(recount.seconds)} ÷ ${f2(logged.seconds)} s = ${ratio.toFixed(2)}× ${ratio <= 2 ? 'PASS' : 'FAIL'}${cpu}${rss}`);
  }
  // The tokenizer loads are a fixed cost per process (per worker thread with threads): they weigh on small runs.
  const vendored = floor.per.filter((p) => p.name !== 'o200k').map((p) => p.name);
  const loads = median(floor.runs.map((r) => r.per.filter((p) => vendored.includes(p.name)).reduce((sum, p) => sum + p.load, 0)));
  lines.push(`  of which fixed: loading ${vendored.join(' + ')} (BPE tables) ≈ ${f2(loads)} s per process or worker thread (floor above), whatever the log's size`);
  return { rows, lines };
}

/**
 * statusline: what Claude Code's status line costs per refresh, on a year of history. Node's own
 * start (`node -e 0`) is printed beside it: on this kind of machine it is most of a warm run.
 * Cold: --no-cache (only the files modified since the window's start are read). Kept: the figures
 * of the run before still hold (the quick entry, no pricing or readers loaded). After a request:
 * one new response appended to the running session (the kept figures and that file's cache entry
 * are stale; every other file comes from the cache). ccusage statusline (its own cache on, which
 * the appended response invalidates) for comparison.
 */
async function statuslineRuns(data, ctx) {
  const { current } = data.stats;
  const hook = JSON.stringify({ session_id: current.sessionId, transcript_path: current.path, model: { id: 'claude-sonnet-4-5-20250929', display_name: 'Sonnet 4.5' } });
  const cacheDir = join(ctx.tmp, 'statusline-cache');
  const opts = { env: { NO_COLOR: '1' }, tmp: ctx.tmp, useTime: ctx.useTime, node: true, input: hook };
  const ours = (extra) => measure(process.execPath, [BIN, 'statusline', data.path, ...extra], opts);
  const line = (r) => r.stdout.trim().split('\n').at(-1);
  // A new response in the running session, as Claude Code appends it: new ids, a later timestamp.
  let appended = 0;
  const appendRequest = () => {
    const last = readFileSync(current.path, 'utf8').trim().split('\n').at(-1);
    const at = new Date(Date.now() - 1000).toISOString();
    const next = last.replace(/"requestId":"[^"]*"/, `"requestId":"req_bench_${++appended}"`).replace(/"id":"msg_[^"]*"/, `"id":"msg_bench_${appended}"`).replace(/"timestamp":"[^"]*"/, `"timestamp":"${at}"`);
    appendFileSync(current.path, `${next}\n`);
  };
  const node = await repeat(ctx.runs, () => measure(process.execPath, ['-e', '0'], { tmp: ctx.tmp, useTime: ctx.useTime, node: true }));
  const cold = await repeat(ctx.runs, () => ours(['--no-cache']));
  await ours(['--cache-dir', cacheDir]);
  const kept = await repeat(ctx.runs, () => ours(['--cache-dir', cacheDir]));
  const afterRequest = await repeat(ctx.runs, async () => {
    appendRequest();
    // Past the cache's racy margin (a file changed within 100 ms is read, not stored).
    await new Promise((r) => setTimeout(r, 150));
    return ours(['--cache-dir', cacheDir]);
  });
  const speed = (r) => `${f2(r.seconds)} s wall, ${f2(r.cpuSeconds)} s cpu, peak RSS ${f1(r.rssMB)} MB`;
  const lines = ['', `statusline on ${fmtInt(data.files.length)} session files (${f1(data.bytes / MB)} MB), the running session ${current.sessionId}:`];
  lines.push(`  node -e 0 (start-up alone):      ${speed(node)}`);
  lines.push(`  llm-audit cold (--no-cache):     ${speed(cold)}`);
  lines.push(`  llm-audit, figures kept:         ${speed(kept)}`);
  lines.push(`  llm-audit after a new request:   ${speed(afterRequest)}`);
  lines.push(`  line: ${line(afterRequest)}`);
  const bin = findCcusage();
  if (!bin) return [...lines, '  ccusage: not found (set CCUSAGE_BIN, put ccusage on PATH, or npm install --prefix /tmp/ccusage ccusage@20.0.24 @ccusage/ccusage-linux-x64@20.0.24)'];
  const home = join(ctx.tmp, 'ccusage-home');
  await mkdir(home, { recursive: true });
  const cc = await repeat(ctx.runs, async () => {
    appendRequest();
    await new Promise((r) => setTimeout(r, 150));
    return measure(bin, ['statusline', '--offline'], { env: { CLAUDE_CONFIG_DIR: data.configDir, HOME: home, NO_COLOR: '1' }, tmp: ctx.tmp, useTime: ctx.useTime, input: hook });
  });
  const ccKept = await repeat(ctx.runs, () => measure(bin, ['statusline', '--offline'], { env: { CLAUDE_CONFIG_DIR: data.configDir, HOME: home, NO_COLOR: '1' }, tmp: ctx.tmp, useTime: ctx.useTime, input: hook }));
  lines.push(`  ccusage after a new request:     ${speed(cc)}${cc.code === 0 ? '' : ` (exit ${cc.code}: ${cc.stderr.trim().split('\n').at(-1)})`}`);
  lines.push(`  ccusage, output kept (its cache): ${speed(ccKept)}`);
  lines.push(`  ccusage line: ${line(cc)}`);
  lines.push(`  after a new request, llm-audit ÷ ccusage: ${(afterRequest.seconds / cc.seconds).toFixed(2)}× wall`);
  return lines;
}

async function ccusageSection(name, data, report, ours, ctx) {
  const lines = ['', `ccusage on the ${name} tree:`];
  const bin = findCcusage();
  if (!bin) return [...lines, '  not found (set CCUSAGE_BIN, put ccusage on PATH, or npm install --prefix /tmp/ccusage ccusage @ccusage/ccusage-linux-x64)'];
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const cc = await runCcusage(bin, data.configDir, ctx);
  lines.push(`  ${version || 'ccusage'} (${bin}), claude daily --json --offline -z UTC`);
  if (cc.code !== 0 || !cc.json) return [...lines, `  failed: exit ${cc.code}: ${cc.stderr.trim().split('\n').slice(-3).join(' | ')}`];
  const single = await runCcusage(bin, data.configDir, ctx, ['--single-thread']);
  const speed = (s) => `${f2(s.seconds)} s wall, ${f2(s.cpuSeconds)} s cpu, ${f1(data.bytes / MB / s.seconds)} MB/s, peak RSS ${f1(s.rssMB)} MB`;
  lines.push(`  ccusage (parallel load):  ${speed(cc)}`);
  lines.push(`  ccusage --single-thread:  ${single.code === 0 ? speed(single) : `failed (exit ${single.code})`}`);
  lines.push(`  llm-audit:                ${speed(ours)}`);
  lines.push(`  llm-audit time ÷ ccusage time: ${(ours.seconds / cc.seconds).toFixed(2)}× (parallel), ${single.code === 0 ? (ours.seconds / single.seconds).toFixed(2) : 'n/a'}× (single-thread)`);
  if (!report || report.rows.priced === 0) return [...lines, '  totals: not compared — llm-audit priced no Claude Code rows (adapter missing)'];
  return [...lines, ...compareWithCcusage(report, cc.json, data.stats?.tokens)];
}

await main();

#!/usr/bin/env node
// `node scripts/many-groups.mjs [options]`: the many-groups case of issue 12 ("the 150,000-group run
// finishes in under 30 s and 400 MB"), as a rerunnable measurement, not a test. It writes a JSONL
// log of OpenAI Responses API lines (object "response") whose `user` field (read as tag:user) names
// one end user per request, then runs the built CLI once per output format with
// `--group-by tag:user` under GNU `/usr/bin/time -v`, and prints wall time and maximum RSS.
// The report goes to a file in the temp folder (`> report` on stdout, or --out), so the size of
// each output is shown too.
//
//   --rows N          lines in the log (default 300000)
//   --groups N        distinct users, i.e. report groups (default 150000; every one gets rows/groups lines)
//   --shape S         responses (default): OpenAI Responses lines, tag from `user`;
//                     generic: flat {model, timestamp, input, output, user} lines (the generic format)
//   --formats LIST    output formats to run, comma-separated (default table,json,csv,markdown)
//   --out             write with --out FILE instead of stdout redirected to a file
//   --compare LIST    also pass --compare LIST (what-if columns; e.g. gpt-4.1-mini)
//   --bin PATH        the CLI to measure (default bin/llm-audit.js of this checkout; e.g. an older
//                     build copied elsewhere, to compare before and after)
//   --log PATH        use (or create, when missing) this log instead of a fresh temp file
//   --seed N          PRNG seed for token counts (default 12)
//   --keep            keep the temp folder and print its path
//   -- ARGS…          anything after -- is passed to the CLI as is (e.g. -- --threads 1)
//
// Limits checked: the run must exit 0, in under 30 s and 400 MB max RSS (MB here = 1024 kB, as
// scripts/bench.mjs). The script exits 1 when a run misses one of them.
import { spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './bench/generate.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const LIMIT_SECONDS = 30;
const LIMIT_MB = 400;

function parseArgs(argv) {
  const opts = { extra: [], rows: 300_000, groups: 150_000, shape: 'responses', formats: ['table', 'json', 'csv', 'markdown'], out: false, compare: undefined, bin: join(ROOT, 'bin', 'llm-audit.js'), log: undefined, seed: 12, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === '--rows') opts.rows = Number(value());
    else if (a === '--groups') opts.groups = Number(value());
    else if (a === '--shape') opts.shape = value();
    else if (a === '--formats') opts.formats = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--out') opts.out = true;
    else if (a === '--compare') opts.compare = value();
    else if (a === '--bin') opts.bin = resolve(value());
    else if (a === '--log') opts.log = resolve(value());
    else if (a === '--seed') opts.seed = Number(value());
    else if (a === '--keep') opts.keep = true;
    else if (a === '--') {
      opts.extra = argv.slice(i + 1);
      break;
    }
    else if (a === '-h' || a === '--help') {
      const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
      console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else fail(`unknown option ${a} (try --help)`);
  }
  if (!(Number.isSafeInteger(opts.rows) && opts.rows >= 1)) fail('--rows needs a whole number ≥ 1');
  if (!(Number.isSafeInteger(opts.groups) && opts.groups >= 1 && opts.groups <= opts.rows)) fail('--groups needs a whole number from 1 to --rows');
  if (!['responses', 'generic'].includes(opts.shape)) fail('--shape is responses or generic');
  if (!Number.isSafeInteger(opts.seed)) fail('--seed needs an integer');
  if (!existsSync(opts.bin)) fail(`no CLI at ${opts.bin} (run npm run build first)`);
  return opts;
}

function fail(message) {
  console.error(`many-groups: ${message}`);
  process.exit(2);
}

const MODELS = ['gpt-4o-mini-2024-07-18', 'gpt-4o-2024-08-06', 'gpt-4.1-mini-2025-04-14'];
// 2025-10-01 .. 2025-11-30 UTC.
const T0 = Date.UTC(2025, 9, 1) / 1000;
const SPAN = 61 * 86_400;
// A prime: row r goes to user (r mod groups) × STRIDE mod groups, so users are interleaved and each
// gets rows/groups lines (± 1). groups must not be a multiple of it.
const STRIDE = 7919;

/** Writes the log with backpressure; every user is one group, and keeps one model (one price point). */
async function generate(path, { rows, groups, shape, seed }) {
  const rng = mulberry32(seed);
  const stream = createWriteStream(path, { highWaterMark: 1 << 20 });
  const width = String(groups - 1).length;
  let parts = [];
  let pending = 0;
  for (let r = 0; r < rows; r++) {
    const u = groups % STRIDE === 0 ? r % groups : ((r % groups) * STRIDE) % groups;
    const user = `user-${String(u).padStart(width, '0')}`;
    const model = MODELS[u % MODELS.length];
    const at = T0 + Math.floor((r / rows) * SPAN);
    const input = 200 + Math.floor(rng() * 4000);
    const cached = Math.floor(rng() * input * 0.5);
    const output = 20 + Math.floor(rng() * 800);
    const line =
      shape === 'generic'
        ? JSON.stringify({ model, timestamp: new Date(at * 1000).toISOString(), input, cached_tokens: cached, output, user })
        : JSON.stringify({
            id: `resp_${r.toString(16).padStart(12, '0')}`,
            object: 'response',
            created_at: at,
            status: 'completed',
            model,
            user,
            usage: { input_tokens: input, input_tokens_details: { cached_tokens: cached }, output_tokens: output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: input + output },
          });
    parts.push(line);
    pending += line.length + 1;
    if (pending >= 1 << 20) {
      if (!stream.write(`${parts.join('\n')}\n`)) await once(stream, 'drain');
      parts = [];
      pending = 0;
    }
  }
  if (parts.length > 0) stream.write(`${parts.join('\n')}\n`);
  stream.end();
  await once(stream, 'finish');
}

/** One run under GNU time -v: wall seconds, max RSS in kB, exit code, output bytes. */
function measure(bin, args, outPath, useOut) {
  const fd = useOut ? 'ignore' : openSync(outPath, 'w');
  const result = spawnSync('/usr/bin/time', ['-v', process.execPath, bin, ...args, ...(useOut ? ['--out', outPath] : [])], {
    stdio: ['ignore', fd, 'pipe'],
    // LLM_AUDIT_CACHE=0: measured cold, and the user's ~/.cache/llm-audit left alone (docs/cache.md).
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', LLM_AUDIT_CACHE: '0' },
    maxBuffer: 64 << 20,
  });
  if (typeof fd === 'number') closeSync(fd);
  const stderr = result.stderr.toString();
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const code = /Exit status: (\d+)/.exec(stderr);
  const cpu = ['User', 'System'].reduce((n, what) => n + Number(new RegExp(`${what} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1] ?? 0), 0);
  if (!wall || !rss) fail(`could not read GNU time's output (is /usr/bin/time GNU time?):\n${stderr}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const messages = stderr.split('\n').filter((l) => l.startsWith('llm-audit:')).join('\n');
  return { seconds, cpu, rssKb: Number(rss[1]), code: code ? Number(code[1]) : result.status, bytes: existsSync(outPath) ? statSync(outPath).size : 0, messages };
}

const opts = parseArgs(process.argv.slice(2));
const dir = mkdtempSync(join(tmpdir(), 'llm-audit-many-groups-'));
const log = opts.log ?? join(dir, `many-groups-${opts.shape}-${opts.rows}.jsonl`);
if (!existsSync(log)) {
  const started = performance.now();
  await generate(log, opts);
  console.log(`wrote ${log}: ${opts.rows.toLocaleString('en')} lines, ${opts.groups.toLocaleString('en')} users, ${(statSync(log).size / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const args = [log, '--group-by', 'tag:user', ...(opts.compare ? ['--compare', opts.compare] : []), ...opts.extra];
console.log(`measuring: node ${opts.bin} ${args.join(' ')} --format F ${opts.out ? '--out FILE' : '> FILE'}   (node ${process.version}, /usr/bin/time -v)`);
console.log('format    | wall s | CPU s | max RSS MB | output MB | exit | within 30 s / 400 MB');
console.log('----------|--------|-------|------------|-----------|------|---------------------');
let missed = false;
for (const format of opts.formats) {
  const outPath = join(dir, `report-${format}.out`);
  const m = measure(opts.bin, [...args, '--format', format], outPath, opts.out);
  const mb = m.rssKb / 1024;
  const ok = m.code === 0 && m.seconds < LIMIT_SECONDS && mb < LIMIT_MB;
  missed ||= !ok;
  console.log(`${format.padEnd(9)} | ${m.seconds.toFixed(1).padStart(6)} | ${m.cpu.toFixed(1).padStart(5)} | ${mb.toFixed(0).padStart(10)} | ${(m.bytes / 1e6).toFixed(1).padStart(9)} | ${String(m.code).padStart(4)} | ${ok ? 'yes' : 'NO'}`);
  if (m.code !== 0 && m.messages) console.log(m.messages);
  if (!opts.keep) rmSync(outPath, { force: true });
}
if (opts.keep) console.log(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
process.exitCode = missed ? 1 : 0;

#!/usr/bin/env node
// A seeded mutation campaign over the repo's logs (fixtures/) and the shared samples: each run takes
// a few real files, mutates some of their lines (cuts, byte flips, huge or negative numbers, deep
// nesting, wrong types, CR line ends, garbage, gzip damage), runs the built llm-audit in-process on
// them, renders every output format, and checks the invariants of DESIGN.md:
//   - no exception escapes (a crash is a finding; a clear AuditError for unreadable input is not),
//   - every row is counted once: priced + unpriced + skipped + rejected = read,
//   - groups sum to the totals, per currency, exactly; problemsTotal = skipped + rejected,
//   - the same input gives the same report twice.
// Each failing input is saved under fuzz-findings/ with what broke, so it can become a test.
//
//   npm run fuzz -- --seed 1 --runs 5000 [--out fuzz-findings] [--samples ../shared/samples]
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mulberry32 as rng } from './bench/generate.mjs';
import { mkdtempSync } from 'node:fs';

const ROOT = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const seed = Number(flag('--seed', '1'));
const runs = Number(flag('--runs', '500'));
const outDir = flag('--out', join(ROOT, 'fuzz-findings'));
const samplesDir = flag('--samples', join(ROOT, '..', 'shared', 'samples'));
if (!Number.isInteger(seed) || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: npm run fuzz -- --seed N --runs N [--out DIR] [--samples DIR]\n');
  process.exit(2);
}

const dist = join(ROOT, 'dist');
if (!existsSync(join(dist, 'audit', 'index.js'))) {
  process.stderr.write('fuzz: dist/ is missing: run `npm run build` first\n');
  process.exit(2);
}
const { audit } = await import(join(dist, 'audit', 'index.js'));
const { loadCatalogue } = await import(join(dist, 'pricing', 'load.js'));
const { renderers } = await import(join(dist, 'report', 'render', 'index.js'));
const { AuditError } = await import(join(dist, 'errors.js'));
const { add, parseDecimal, toPlainString, ZERO } = await import(join(dist, 'core', 'money.js'));

const catalogue = loadCatalogue([join(ROOT, 'pricing')]);

/** Every text log under a folder (plain .jsonl/.json/.csv), as [path, text]. */
function corpus(dirs) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(path);
      else if (/\.(jsonl|json|csv)$/.test(name) && stat.size < 2_000_000) files.push([path, readFileSync(path, 'utf8')]);
    }
  };
  for (const dir of dirs) if (existsSync(dir)) walk(dir);
  return files.filter(([path]) => !path.includes(`${join('fixtures', 'pricing')}`));
}

const files = corpus([join(ROOT, 'fixtures', 'logs'), join(ROOT, 'fixtures', 'samples'), join(ROOT, 'fixtures', 'cli'), join(ROOT, 'fixtures', 'gate'), join(ROOT, 'fixtures', 'agents'), join(ROOT, 'fixtures', 'agents-home'), samplesDir]);
if (files.length === 0) {
  process.stderr.write('fuzz: no log files found\n');
  process.exit(2);
}

const DEEP = (n) => `${'['.repeat(n)}1${']'.repeat(n)}`;
/** Mutations of one line; each returns the new line (or lines). */
const LINE_MUTATIONS = [
  ['cut', (l, r) => l.slice(0, Math.floor(r() * l.length))],
  ['flip-byte', (l, r) => {
    const i = Math.floor(r() * l.length);
    return l.slice(0, i) + String.fromCharCode(Math.floor(r() * 128)) + l.slice(i + 1);
  }],
  ['huge-number', (l, r) => l.replace(/\d+/, ['9007199254740993', '1e308', '123456789012345678901234567890', '4294967296'][Math.floor(r() * 4)])],
  ['negative-number', (l) => l.replace(/:(\d+)/, ':-$1')],
  ['float-number', (l) => l.replace(/:(\d+)([,}])/, ':$1.5$2')],
  ['number-as-string', (l) => l.replace(/:(\d+)([,}])/, ':"$1"$2')],
  ['null-value', (l) => l.replace(/:("[^"]*"|\d+)/, ':null')],
  ['deep-nesting', (l, r) => l.replace(/:("[^"]*"|\d+)/, `:${DEEP(Math.floor(r() * 20000))}`)],
  ['deep-model', (l, r) => l.replace(/"model":\s*"[^"]*"/, `"model":${DEEP(1000 + Math.floor(r() * 20000))}`)],
  ['deep-count', (l, r) => l.replace(/("(?:prompt|input|completion|output)_tokens"):\s*\d+/, `$1:${DEEP(1000 + Math.floor(r() * 20000))}`)],
  ['object-for-value', (l) => l.replace(/:("[^"]*"|\d+)/, ':{"a":{"b":[1,2,{"c":null}]}}')],
  ['cr-line-end', (l) => `${l}\r`],
  ['garbage-line', (l, r) => `${l}\n${Array.from({ length: 1 + Math.floor(r() * 60) }, () => String.fromCharCode(Math.floor(r() * 256))).join('')}`],
  ['duplicate', (l) => `${l}\n${l}`],
  ['blank', () => ''],
  ['long-string', (l) => l.replace(/"([^"]*)"/, `"${'x'.repeat(200_000)}"`)],
  ['bom', (l) => `\uFEFF${l}`],
  ['unclosed-quote', (l) => l.replace(',', ',"')],
];

function mutate(text, r, applied) {
  const lines = text.split('\n');
  const count = 1 + Math.floor(r() * 4);
  for (let k = 0; k < count && lines.length > 0; k++) {
    const i = Math.floor(r() * lines.length);
    const [name, fn] = LINE_MUTATIONS[Math.floor(r() * LINE_MUTATIONS.length)];
    lines[i] = fn(lines[i] ?? '', r);
    applied.push(`${name}@${i + 1}`);
  }
  let out = lines.join('\n');
  if (r() < 0.1) {
    out = out.replace(/\n/g, '\r');
    applied.push('cr-only-file');
  }
  return out;
}

function sum(values) {
  return toPlainString(values.reduce((acc, v) => add(acc, parseDecimal(v)), ZERO));
}

/**
 * The invariants a report must hold; a list of what broke. `gzipped`: some input was a damaged
 * gzip stream, whose unreadable tail may legitimately end its file.
 */
function check(report, gzipped) {
  const broken = [];
  for (const p of report.problems) {
    if (/call stack|internal error|is not a function|Cannot read properties/i.test(p.reason)) broken.push(`${p.file}:${p.line}: a crash reported as a row problem: ${p.reason.slice(0, 160)}`);
    else if (!gzipped && /could not read further|rest of the file is not read/.test(p.reason)) broken.push(`${p.file}:${p.line}: later rows lost: ${p.reason.slice(0, 160)}`);
  }
  const { read, priced, unpriced, skipped, rejected } = report.rows;
  if (priced + unpriced + skipped + rejected !== read) broken.push(`rows: ${priced}+${unpriced}+${skipped}+${rejected} != ${read}`);
  if (report.problemsTotal !== skipped + rejected) broken.push(`problemsTotal ${report.problemsTotal} != skipped+rejected ${skipped + rejected}`);
  for (const [currency, total] of Object.entries(report.totals.cost)) {
    const groups = sum(report.groups.map((g) => g.cost[currency] ?? '0'));
    if (groups !== toPlainString(parseDecimal(total))) broken.push(`${currency}: groups sum ${groups} != total ${total}`);
  }
  if (report.groups.reduce((n, g) => n + g.requests, 0) !== report.totals.requests) broken.push('group requests do not sum to the total');
  return broken;
}

const work = mkdtempSync(join(tmpdir(), 'llm-audit-fuzz-'));
const findings = [];
const random = rng(seed);
const started = Date.now();
let rowsRead = 0;
for (let run = 0; run < runs; run++) {
  const r = rng(Math.floor(random() * 2 ** 32));
  const picked = Array.from({ length: 1 + Math.floor(r() * 3) }, () => files[Math.floor(r() * files.length)]);
  const dir = join(work, `run-${run}`);
  mkdirSync(dir);
  const description = [];
  picked.forEach(([path, text], i) => {
    const applied = [];
    const mutated = mutate(text, r, applied);
    const ext = path.endsWith('.csv') ? 'csv' : 'jsonl';
    let name = `in-${i}.${ext}`;
    let bytes = Buffer.from(mutated);
    if (r() < 0.15) {
      bytes = gzipSync(bytes);
      name += '.gz';
      const damage = r();
      if (damage < 0.33) {
        bytes = bytes.subarray(0, Math.max(10, Math.floor(bytes.length * r())));
        applied.push('gzip-truncated');
      } else if (damage < 0.66) {
        bytes = Buffer.concat([bytes, Buffer.from('trailing garbage')]);
        applied.push('gzip-trailing-garbage');
      }
    }
    writeFileSync(join(dir, name), bytes);
    description.push(`${relative(ROOT, path)} → ${name}: ${applied.join(', ')}`);
  });
  const options = { paths: [dir], catalogue, groupBy: ['model'], compare: [], problemLimit: 20, threads: 1, defaultTime: Date.UTC(2026, 0, 1) };
  let broken = [];
  try {
    const report = await audit(options);
    rowsRead += report.rows.read;
    broken = check(report, description.some((d) => d.includes('gzip-')));
    for (const format of Object.keys(renderers)) renderers[format](report, { color: false });
    const again = await audit(options);
    if (JSON.stringify(again) !== JSON.stringify(report)) broken.push('a second run gave another report');
  } catch (error) {
    if (!(error instanceof AuditError)) broken.push(`crash: ${error?.stack?.split('\n').slice(0, 3).join(' | ') ?? error}`);
  }
  if (broken.length > 0) {
    const saved = join(outDir, `seed-${seed}-run-${run}`);
    mkdirSync(saved, { recursive: true });
    for (const name of readdirSync(dir)) writeFileSync(join(saved, name), readFileSync(join(dir, name)));
    writeFileSync(join(saved, 'FINDING.txt'), `${broken.join('\n')}\n\ninputs:\n${description.join('\n')}\n`);
    findings.push({ run, broken, saved: relative(ROOT, saved) });
  }
  rmSync(dir, { recursive: true, force: true });
  if ((run + 1) % 500 === 0) process.stderr.write(`fuzz: ${run + 1}/${runs} runs, ${findings.length} findings\n`);
}
rmSync(work, { recursive: true, force: true });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
process.stdout.write(`fuzz: seed ${seed}, ${runs} runs over ${files.length} files, ${rowsRead} rows read, ${seconds} s: ${findings.length} findings\n`);
for (const f of findings.slice(0, 50)) process.stdout.write(`  run ${f.run}: ${f.broken.join('; ')} (saved in ${f.saved})\n`);
process.exitCode = findings.length > 0 ? 1 : 0;

// Seeded generators for the bench (scripts/bench.mjs). Every generator streams its output with
// backpressure (nothing is held in memory but a ~1 MB write buffer) and is deterministic for a seed.
// Shapes follow the real samples in fixtures/samples/ and ../shared/formats.md.
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------- PRNG and helpers

/** mulberry32: a tiny 32-bit PRNG, good enough for synthetic data and fully reproducible. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  /** Integer in [lo, hi]. */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }
  /** items: [[value, weight], …] */
  weighted(items) {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, w] of items) if ((r -= w) < 0) return value;
    return items[items.length - 1][0];
  }
  /** Roughly log-normal positive integer around `median` (spread ~ ×e^sigma). */
  around(median, sigma = 0.8, min = 1, max = Infinity) {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.min(max, Math.max(min, Math.round(median * Math.exp(sigma * z))));
  }
  chars(n, alphabet) {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  uuid() {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
  b62(n) {
    return this.chars(n, B62);
  }
  hex(n) {
    let s = '';
    while (s.length < n) s += (Math.floor(this.next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
    return s.slice(0, n);
  }
}

// A fixed vocabulary; sentences are built once per generator from it, then text is sampled from
// the pool (fast) while staying unique enough that the tokenizer really has to work.
const WORDS = (
  'the a to of and in is for that with on as it this be are by from at or an we can will not if you ' +
  'function return const value error request response token model cache file test build deploy server client ' +
  'database query index schema migration config option user session context prompt output input stream buffer ' +
  'parse render update create delete handler middleware router endpoint latency budget invoice customer report ' +
  'refactor module package import export type interface class method async await promise callback timeout retry ' +
  'commit branch merge review issue fix bug feature release version dependency lock install script bench memory ' +
  'because however therefore instead already still only also just then first next finally check make sure run'
).split(' ');

function sentencePool(rng, n) {
  const pool = [];
  for (let i = 0; i < n; i++) {
    const len = rng.int(6, 22);
    const words = [];
    for (let j = 0; j < len; j++) words.push(rng.pick(WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    pool.push(words.join(' ') + rng.pick(['.', '.', '.', '?', ':', '!']));
  }
  return pool;
}

/** Text of about `chars` characters made of pool sentences. */
function text(rng, pool, chars) {
  let s = '';
  while (s.length < chars) s += (s ? ' ' : '') + rng.pick(pool);
  return s;
}

// Generation window: 2025-10-01 .. 2025-11-30 (UTC).
const T0 = Date.UTC(2025, 9, 1);
const T1 = Date.UTC(2025, 10, 30, 23, 59, 59);

// ---------------------------------------------------------------- streaming writer

/** Buffered line writer over a file stream, awaiting 'drain' when the stream pushes back. */
export class LineWriter {
  constructor(path) {
    this.stream = createWriteStream(path, { highWaterMark: 1 << 20 });
    this.parts = [];
    this.pending = 0;
    this.bytes = 0;
    this.lines = 0;
  }
  async write(line) {
    this.parts.push(line);
    this.pending += line.length + 1;
    this.lines++;
    if (this.pending >= 1 << 20) await this.flush();
  }
  async flush() {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('\n') + '\n';
    this.parts = [];
    this.pending = 0;
    this.bytes += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
  async close() {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    return { bytes: this.bytes, lines: this.lines };
  }
}

// ---------------------------------------------------------------- OpenAI chat completions with usage

const OPENAI_MODELS = [
  ['gpt-4o-2024-08-06', 30],
  ['gpt-4o-mini-2024-07-18', 25],
  ['gpt-4.1-2025-04-14', 12],
  ['gpt-4.1-mini-2025-04-14', 10],
  ['o3-mini-2025-01-31', 5],
  ['o4-mini-2025-04-16', 5],
  ['gpt-5-2025-08-07', 8],
  ['gpt-5-mini-2025-08-07', 5],
];

/**
 * OpenAI Chat Completions responses, one per line, with usage (0.5 % streamed without usage:
 * `usage: null`, which llm-audit skips). Stops at `lines` or `bytes`, whichever comes first.
 */
export async function generateOpenAiUsage(path, { seed, lines = Infinity, bytes = Infinity }) {
  const rng = new Rng(seed);
  const pool = sentencePool(rng, 4000);
  const w = new LineWriter(path);
  for (let i = 0; i < lines && w.bytes + w.pending < bytes; i++) {
    const model = rng.weighted(OPENAI_MODELS);
    const reasoningModel = /^(o\d|gpt-5)/.test(model);
    const prompt = rng.around(1800, 1.0, 20, 120_000);
    const cached = rng.chance(0.4) ? Math.floor((prompt * rng.int(20, 95)) / 100 / 128) * 128 : 0;
    const reasoning = reasoningModel ? rng.around(400, 1.0, 0, 20_000) : 0;
    const visible = rng.around(250, 0.9, 1, 8000);
    const completion = visible + reasoning;
    const content = text(rng, pool, Math.min(visible * 4, rng.around(500, 0.7, 20, 3000)));
    const line = {
      choices: [{ finish_reason: rng.chance(0.97) ? 'stop' : 'length', index: 0, logprobs: null, message: { annotations: [], content, refusal: null, role: 'assistant' } }],
      created: Math.floor((T0 + rng.next() * (T1 - T0)) / 1000),
      id: `chatcmpl-${rng.b62(29)}`,
      model,
      object: 'chat.completion',
      // Flex exists only for o3/o4-mini and the gpt-5 family; priority for most others (not o3-mini).
      service_tier: rng.weighted([['default', 95], [/^(o4-mini|gpt-5)/.test(model) ? 'flex' : 'default', 3], [model.startsWith('o3-mini') ? 'default' : 'priority', 2]]),
      system_fingerprint: `fp_${rng.hex(10)}`,
      usage: rng.chance(0.005)
        ? null
        : {
            completion_tokens: completion,
            completion_tokens_details: { accepted_prediction_tokens: 0, audio_tokens: 0, reasoning_tokens: reasoning, rejected_prediction_tokens: 0 },
            prompt_tokens: prompt,
            prompt_tokens_details: { audio_tokens: 0, cached_tokens: cached },
            total_tokens: prompt + completion,
          },
    };
    await w.write(JSON.stringify(line));
  }
  return w.close();
}

// ---------------------------------------------------------------- text only (needs tokenizing)

const TEXT_MODELS = [
  ['gpt-4o-2024-08-06', 40],
  ['gpt-4o-mini', 35],
  ['gpt-4.1', 25],
];

/**
 * Generic JSONL with text and no usage: multi-turn conversations that resend a system prompt
 * (one of a dozen, 1.5–8 KB, as real apps do) and the whole history on every request.
 */
export async function generateTextOnly(path, { seed, requests }) {
  const rng = new Rng(seed);
  const pool = sentencePool(rng, 3000);
  const systems = Array.from({ length: 12 }, () => text(rng, pool, rng.int(1500, 8000)));
  const w = new LineWriter(path);
  let t = T0;
  let n = 0;
  while (n < requests) {
    const model = rng.weighted(TEXT_MODELS);
    const messages = [{ role: 'system', content: rng.pick(systems) }];
    const turns = rng.int(1, 8);
    for (let turn = 0; turn < turns && n < requests; turn++, n++) {
      const user = text(rng, pool, rng.around(250, 0.8, 10, 4000));
      // Some clients log content parts instead of a plain string.
      messages.push({ role: 'user', content: rng.chance(0.1) ? [{ type: 'text', text: user }] : user });
      const response = text(rng, pool, rng.around(700, 0.8, 20, 6000));
      t += rng.int(1000, 120_000);
      if (t > T1) t = T0;
      await w.write(JSON.stringify({ model, timestamp: new Date(t).toISOString(), messages, response }));
      messages.push({ role: 'assistant', content: response });
    }
  }
  return w.close();
}

// ---------------------------------------------------------------- what-if (text in three languages)

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'corpus');

/** Sentences of the shipped corpus (fixtures/corpus: public-domain English and Chinese prose, MIT code). */
function corpusPools() {
  const read = (name) => readFileSync(join(CORPUS, name), 'utf8');
  const en = read('en.txt').replace(/\s+/g, ' ').split(/(?<=[.!?]["']?) +/).map((s) => s.trim()).filter((s) => s.length > 1);
  const zh = read('zh.txt').replace(/\s+/g, '').split(/(?<=[。！？])/).map((s) => s.trim()).filter((s) => s.length > 1);
  const code = read('code.txt').split('\n');
  return { en, zh, code };
}

/** About `chars` characters of consecutive corpus sentences from a random start (joined by `sep`). */
function passage(rng, sentences, chars, sep) {
  let i = rng.int(0, sentences.length - 1);
  let s = '';
  while (s.length < chars) {
    s += (s ? sep : '') + sentences[i];
    i = (i + 1) % sentences.length;
  }
  return s;
}

/** A fenced code block of `lines` consecutive lines of the code corpus. */
function codeBlock(rng, code, lines) {
  const start = rng.int(0, code.length - lines);
  return '```js\n' + code.slice(start, start + lines).join('\n') + '\n```';
}

/** A message body in a conversation's language: English or Chinese prose, or prose with code blocks. */
function body(rng, pools, lang, chars) {
  if (lang === 'zh') return passage(rng, pools.zh, Math.max(4, Math.round(chars / 2.5)), '');
  if (lang === 'en') return passage(rng, pools.en, chars, ' ');
  const parts = [passage(rng, pools.en, Math.max(20, Math.round(chars * 0.3)), ' ')];
  for (let left = chars * 0.7; left > 0; ) {
    const block = codeBlock(rng, pools.code, rng.int(4, 30));
    parts.push(block);
    left -= block.length;
  }
  return parts.join('\n\n');
}

const WHATIF_MODELS = [
  ['gpt-4o-2024-08-06', 40],
  ['gpt-4o-mini', 35],
  ['gpt-4.1', 25],
];
const TEAMS = ['support', 'search', 'coding', 'sales', 'research'];

/**
 * Generic JSONL with text and no usage, for the what-if (`--compare` recounts every text with each
 * target's tokenizer): conversations in English (50 %), Chinese (30 %) or English with code blocks
 * (20 %), drawn from the shipped corpus; each resends one of 15 system prompts (1.5–8 KB, five per
 * language) and its whole history on every request, so most texts repeat. A `team` per conversation.
 */
export async function generateWhatIf(path, { seed, requests }) {
  const rng = new Rng(seed);
  const pools = corpusPools();
  const LANGS = ['en', 'zh', 'code'];
  const systems = Object.fromEntries(LANGS.map((lang) => [lang, Array.from({ length: 5 }, () => body(rng, pools, lang, rng.int(1500, 8000)))]));
  const w = new LineWriter(path);
  let t = T0;
  let n = 0;
  while (n < requests) {
    const model = rng.weighted(WHATIF_MODELS);
    const lang = rng.weighted([['en', 50], ['zh', 30], ['code', 20]]);
    const team = rng.pick(TEAMS);
    const messages = [{ role: 'system', content: rng.pick(systems[lang]) }];
    const turns = rng.int(1, 8);
    for (let turn = 0; turn < turns && n < requests; turn++, n++) {
      const user = body(rng, pools, lang, rng.around(250, 0.8, 10, 4000));
      messages.push({ role: 'user', content: user });
      const response = body(rng, pools, lang, rng.around(700, 0.8, 20, 6000));
      t += rng.int(1000, 120_000);
      if (t > T1) t = T0;
      await w.write(JSON.stringify({ model, timestamp: new Date(t).toISOString(), team, messages, response }));
      messages.push({ role: 'assistant', content: response });
    }
  }
  return w.close();
}

// ---------------------------------------------------------------- generic CSV

const CSV_MODELS = [
  ['gpt-4o-2024-08-06', 30],
  ['gpt-4o-mini', 25],
  ['gpt-4.1-mini', 15],
  ['claude-sonnet-4-5-20250929', 15],
  ['gemini-2.5-flash', 10],
  ['o3-mini', 5],
];

/** Generic CSV: timestamp,model,input_tokens,output_tokens,cached_tokens (input includes cached). */
export async function generateCsv(path, { seed, rows }) {
  const rng = new Rng(seed);
  const w = new LineWriter(path);
  await w.write('timestamp,model,input_tokens,output_tokens,cached_tokens');
  let t = T0;
  for (let i = 0; i < rows; i++) {
    t += rng.int(0, Math.floor((2 * (T1 - T0)) / rows));
    const input = rng.around(1500, 1.0, 1, 150_000);
    const cached = rng.chance(0.35) ? Math.floor((input * rng.int(10, 95)) / 100) : 0;
    const output = rng.around(300, 0.9, 1, 16_000);
    await w.write(`${new Date(Math.min(t, T1)).toISOString()},${rng.weighted(CSV_MODELS)},${input},${output},${cached}`);
  }
  const r = await w.close();
  return { ...r, lines: r.lines - 1 }; // data rows
}

// ---------------------------------------------------------------- Claude Code projects tree

export const CLAUDE_MODELS = ['claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805', 'claude-haiku-4-5-20251001'];
/** Haiku 4.5 was released on 2025-10-15: no traffic on it before then (llm-audit would call it unpriced). */
const HAIKU_45_RELEASE = Date.UTC(2025, 9, 15);
const PROJECTS = ['acme-api', 'billing-service', 'web-dashboard', 'infra', 'data-pipeline', 'mobile-app', 'docs-site', 'ml-experiments', 'cli-tools', 'auth-gateway', 'search', 'payments'];
const TOOLS = ['Bash', 'Read', 'Edit', 'Grep', 'Glob', 'Write', 'Task', 'TodoWrite', 'WebFetch'];
const VERSIONS = ['2.0.14', '2.0.22', '2.0.27', '2.0.31', '2.0.37', '2.0.42', '2.0.50'];

/**
 * A Claude Code config dir: <root>/projects/<encoded-cwd>/<sessionId>.jsonl plus
 * <sessionId>/subagents/agent-<id>.jsonl. One API response is written as one line per content
 * block with the same message.id + requestId; in "partials" sessions the early lines carry a
 * streaming snapshot (output_tokens small, stop_reason null) and the last line the final usage,
 * in "repeat" sessions every line repeats the final usage. Requests stay under 200k input tokens
 * (no long-context tier). Returns totals of the final (deduplicated) usage, for checking.
 */
/** A response's final usage: `fresh` tokens written to the cache (5-minute or 1-hour), `context` read from it. */
function finalUsage(rng, fresh, context) {
  const hour = rng.chance(0.3);
  return {
    input_tokens: rng.int(1, 12),
    cache_creation_input_tokens: fresh,
    cache_read_input_tokens: context,
    cache_creation: { ephemeral_5m_input_tokens: hour ? 0 : fresh, ephemeral_1h_input_tokens: hour ? fresh : 0 },
    output_tokens: rng.around(250, 1.0, 1, 16_000),
    service_tier: 'standard',
  };
}

/** What both Claude Code trees start from: the PRNG, a sentence pool, zeroed stats and the project folders (named as Claude Code names them). */
async function claudeTreeStart(root, seed) {
  const rng = new Rng(seed);
  const pool = sentencePool(rng, 3000);
  const stats = { bytes: 0, lines: 0, files: 0, messages: 0, tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } };
  const projects = PROJECTS.map((name) => {
    const cwd = `/home/dev/src/${name}`;
    return { cwd, dir: join(root, 'projects', cwd.replace(/[^A-Za-z0-9]/g, '-')) };
  });
  for (const p of projects) await mkdir(p.dir, { recursive: true });
  return { rng, pool, stats, projects };
}

export async function generateClaudeTree(root, { seed, lines }) {
  const { rng, pool, stats, projects } = await claudeTreeStart(root, seed);

  while (stats.lines < lines) {
    const project = rng.pick(projects);
    const sessionId = rng.uuid();
    const session = {
      rng,
      pool,
      stats,
      sessionId,
      cwd: project.cwd,
      version: rng.pick(VERSIONS),
      gitBranch: rng.pick(['main', 'main', 'dev', `feature/${rng.pick(WORDS)}-${rng.int(1, 999)}`]),
      partials: rng.chance(0.7),
      model: rng.weighted([[CLAUDE_MODELS[0], 65], [CLAUDE_MODELS[1], 20], [CLAUDE_MODELS[2], 15]]),
      t: T0 + rng.next() * (T1 - T0 - 3 * 86_400_000),
      subagentDir: join(project.dir, sessionId, 'subagents'),
    };
    const budget = Math.min(lines - stats.lines, rng.around(700, 0.9, 30, 6000));
    await writeSession(join(project.dir, `${sessionId}.jsonl`), session, budget, null);
  }
  return stats;
}

async function writeSession(path, s, budget, agentId) {
  const { rng, pool } = s;
  const w = new LineWriter(path);
  let model = agentId ? rng.weighted([[CLAUDE_MODELS[2], 55], [CLAUDE_MODELS[0], 45]]) : s.model;
  if (model === CLAUDE_MODELS[2] && s.t < HAIKU_45_RELEASE) model = CLAUDE_MODELS[0];
  const base = () => ({ isSidechain: agentId !== null, userType: 'external', cwd: s.cwd, sessionId: s.sessionId, version: s.version, gitBranch: s.gitBranch, ...(agentId ? { agentId } : {}) });
  const tick = (lo, hi) => new Date((s.t += rng.int(lo, hi))).toISOString();
  let parent = null;
  let context = rng.int(12_000, 25_000); // system prompt + tools, cached after the first request
  const emit = async (obj) => {
    await w.write(JSON.stringify(obj));
    if (obj.uuid) parent = obj.uuid;
  };

  if (!agentId && rng.chance(0.3)) await emit({ type: 'summary', summary: text(rng, pool, 40).slice(0, 60), leafUuid: rng.uuid() });
  while (w.lines < budget) {
    // A user prompt (a subagent gets its task as the first prompt).
    if (!agentId && rng.chance(0.5)) {
      const id = rng.uuid();
      await emit({ type: 'file-history-snapshot', messageId: id, snapshot: { messageId: id, trackedFileBackups: {}, timestamp: new Date(s.t).toISOString() }, isSnapshotUpdate: false });
    }
    await emit({ parentUuid: parent, ...base(), type: 'user', message: { role: 'user', content: text(rng, pool, rng.around(150, 0.9, 5, 3000)) }, uuid: rng.uuid(), timestamp: tick(5_000, 600_000) });
    // The agent loop: responses and tool results until end_turn.
    let steps = rng.int(1, 12);
    while (steps-- > 0 && w.lines < budget) {
      const last = steps === 0;
      const toolUses = last ? [] : Array.from({ length: rng.weighted([[1, 80], [2, 15], [3, 5]]) }, () => ({ type: 'tool_use', id: `toolu_01${rng.b62(22)}`, name: rng.pick(TOOLS) }));
      const blocks = [];
      if (rng.chance(0.4)) blocks.push({ type: 'thinking', thinking: '', signature: `${rng.b62(40)}…` });
      if (last || rng.chance(0.6)) blocks.push({ type: 'text', text: text(rng, pool, rng.around(120, 0.8, 10, 2000)) });
      for (const t of toolUses) blocks.push({ ...t, input: toolInput(rng, pool, t.name) });
      if (blocks.length === 0) blocks.push({ type: 'text', text: text(rng, pool, 80) });

      // Final usage of this request; the context grows, with an occasional auto-compact.
      const fresh = rng.around(1500, 1.0, 50, 30_000);
      if (context + fresh > 180_000) {
        await emit({ parentUuid: parent, ...base(), type: 'system', subtype: 'compact_boundary', content: 'Conversation compacted', level: 'info', compactMetadata: { trigger: 'auto', preTokens: context }, uuid: rng.uuid(), timestamp: tick(1000, 5000) });
        context = rng.int(15_000, 30_000);
      }
      const usage = finalUsage(rng, fresh, context);
      context += fresh;
      const msgId = `msg_01${rng.b62(22)}`;
      const requestId = `req_011C${rng.b62(20)}`;
      const synthetic = rng.chance(0.0005);
      let partialOut = 1;
      for (let b = 0; b < blocks.length; b++) {
        const final = b === blocks.length - 1 || !s.partials;
        // A streaming snapshot: output so far, never above the final count (counts only grow).
        partialOut = Math.min(usage.output_tokens, partialOut + rng.int(0, 6));
        const u = final ? usage : { ...usage, output_tokens: partialOut, cache_creation: { ...usage.cache_creation } };
        await emit({
          parentUuid: parent,
          ...base(),
          message: {
            model: synthetic ? '<synthetic>' : model,
            id: msgId,
            type: 'message',
            role: 'assistant',
            content: [blocks[b]],
            stop_reason: final ? (toolUses.length ? 'tool_use' : 'end_turn') : null,
            stop_sequence: null,
            usage: synthetic ? { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } : u,
          },
          requestId,
          type: 'assistant',
          uuid: rng.uuid(),
          timestamp: tick(50, 3000),
        });
      }
      if (!synthetic) {
        s.stats.messages++;
        const k = s.stats.tokens;
        k.input += usage.input_tokens;
        k.output += usage.output_tokens;
        k.cacheRead += usage.cache_read_input_tokens;
        k.cacheWrite += usage.cache_creation_input_tokens;
      }
      for (const t of toolUses) {
        if (t.name === 'Task' && !agentId && rng.chance(0.3)) {
          const id = rng.hex(8);
          await mkdir(s.subagentDir, { recursive: true });
          const saved = s.t;
          await writeSession(join(s.subagentDir, `agent-${id}.jsonl`), s, rng.around(60, 0.8, 8, 600), id);
          s.t = Math.max(saved, s.t);
        }
        const out = text(rng, pool, rng.around(150, 1.2, 5, 8000));
        await emit({
          parentUuid: parent,
          ...base(),
          type: 'user',
          message: { role: 'user', content: [{ tool_use_id: t.id, type: 'tool_result', content: out, is_error: rng.chance(0.05) }] },
          uuid: rng.uuid(),
          timestamp: tick(200, 30_000),
          toolUseResult: t.name === 'Bash' ? { stdout: out.slice(0, 200), stderr: '', interrupted: false, isImage: false } : { type: 'text' },
        });
      }
    }
    if (!agentId && rng.chance(0.5)) {
      await emit({ parentUuid: parent, ...base(), type: 'system', subtype: 'turn_duration', durationMs: rng.int(2000, 600_000), level: 'info', uuid: rng.uuid(), timestamp: tick(10, 100) });
    }
  }
  const r = await w.close();
  s.stats.bytes += r.bytes;
  s.stats.lines += r.lines;
  s.stats.files++;
}

/**
 * The all-usage shape (the performance issue's second tree): every assistant line is a final
 * response with its own usage (no streaming partials, no tool results, no subagents), about 40 words
 * of text, so about 600 bytes a line; user and assistant lines alternate, half of each. Here a
 * reader cannot skip most lines unparsed: every other line is a request to price.
 */
export async function generateClaudeAllUsage(root, { seed, lines }) {
  const { rng, pool, stats, projects } = await claudeTreeStart(root, seed);
  while (stats.lines < lines) {
    const project = rng.pick(projects);
    const sessionId = rng.uuid();
    const version = rng.pick(VERSIONS);
    let model = rng.weighted([[CLAUDE_MODELS[0], 65], [CLAUDE_MODELS[1], 20], [CLAUDE_MODELS[2], 15]]);
    let t = T0 + rng.next() * (T1 - T0 - 3 * 86_400_000);
    if (model === CLAUDE_MODELS[2] && t < HAIKU_45_RELEASE) model = CLAUDE_MODELS[0];
    const base = { isSidechain: false, userType: 'external', cwd: project.cwd, sessionId, version, gitBranch: 'main' };
    const tick = (lo, hi) => new Date((t += rng.int(lo, hi))).toISOString();
    const w = new LineWriter(join(project.dir, `${sessionId}.jsonl`));
    const budget = Math.min(lines - stats.lines, 2 * Math.ceil(rng.around(350, 0.9, 15, 3000)));
    let parent = null;
    let context = rng.int(12_000, 25_000);
    while (w.lines < budget) {
      const user = { parentUuid: parent, ...base, type: 'user', message: { role: 'user', content: text(rng, pool, 240) }, uuid: rng.uuid(), timestamp: tick(5_000, 600_000) };
      parent = user.uuid;
      await w.write(JSON.stringify(user));
      const fresh = rng.around(1500, 1.0, 50, 30_000);
      if (context + fresh > 180_000) context = rng.int(15_000, 30_000);
      const usage = finalUsage(rng, fresh, context);
      context += fresh;
      const assistant = {
        parentUuid: parent,
        ...base,
        message: { model, id: `msg_01${rng.b62(22)}`, type: 'message', role: 'assistant', content: [{ type: 'text', text: text(rng, pool, 240) }], stop_reason: 'end_turn', stop_sequence: null, usage },
        requestId: `req_011C${rng.b62(20)}`,
        type: 'assistant',
        uuid: rng.uuid(),
        timestamp: tick(50, 3000),
      };
      parent = assistant.uuid;
      await w.write(JSON.stringify(assistant));
      stats.messages++;
      stats.tokens.input += usage.input_tokens;
      stats.tokens.output += usage.output_tokens;
      stats.tokens.cacheRead += usage.cache_read_input_tokens;
      stats.tokens.cacheWrite += usage.cache_creation_input_tokens;
    }
    const r = await w.close();
    stats.bytes += r.bytes;
    stats.lines += r.lines;
    stats.files++;
  }
  return stats;
}

function toolInput(rng, pool, name) {
  switch (name) {
    case 'Bash':
      return { command: `${rng.pick(['npm test', 'git status', 'ls -la', 'npm run build', 'grep -rn TODO src'])}`, description: text(rng, pool, 30).slice(0, 50) };
    case 'Read':
    case 'Write':
    case 'Edit':
      return { file_path: `/home/dev/src/${rng.pick(PROJECTS)}/src/${rng.pick(WORDS)}/${rng.pick(WORDS)}.ts`, ...(name === 'Read' ? {} : { old_string: text(rng, pool, 60), new_string: text(rng, pool, 80) }) };
    case 'Task':
      return { description: text(rng, pool, 20).slice(0, 40), prompt: text(rng, pool, rng.around(400, 0.6, 50, 2000)), subagent_type: rng.pick(['general-purpose', 'Explore', 'Plan']) };
    default:
      return { pattern: rng.pick(WORDS), path: `/home/dev/src/${rng.pick(PROJECTS)}` };
  }
}

/**
 * A year of one heavy user's Claude Code sessions, for the status line (scripts/bench.mjs
 * statusline): every day 4–8 sessions over 12 working hours, 15–60 requests each (a user
 * line, then the response with its usage and ~40 words of text), so nights are gaps of more than
 * 5 hours, as in real use. The last session is still running: its last response `end` minus a few
 * minutes. Each file's mtime is its last line's time, as Claude Code's appends leave it. Returns
 * the running session's id and file with the stats.
 */
export async function generateClaudeYear(root, { seed, days, end }) {
  const { rng, pool, stats, projects } = await claudeTreeStart(root, seed);
  const { utimes } = await import('node:fs/promises');
  const DAY = 86_400_000;
  // Working days start 9 hours before `end`'s time of day, so that the last one is under way at `end`.
  const firstDay = end - 9 * 3_600_000 - (days - 1) * DAY;
  let current = null;
  for (let d = 0; d < days; d++) {
    const dayStart = firstDay + d * DAY;
    const sessions = rng.int(4, 8);
    let t = dayStart + rng.int(0, 3_600_000);
    for (let s = 0; s < sessions && t < end - 600_000; s++) {
      const project = rng.pick(projects);
      const sessionId = rng.uuid();
      const path = join(project.dir, `${sessionId}.jsonl`);
      const w = new LineWriter(path);
      let context = rng.int(12_000, 25_000);
      const requests = rng.int(15, 60);
      for (let r = 0; r < requests && t < end - 120_000; r++) {
        const common = { isSidechain: false, userType: 'external', cwd: project.cwd, sessionId, version: '2.0.50', gitBranch: 'main' };
        await w.write(JSON.stringify({ ...common, type: 'user', message: { role: 'user', content: rng.pick(pool) }, uuid: rng.uuid(), timestamp: new Date(t).toISOString() }));
        t += rng.int(4_000, 40_000);
        const fresh = rng.int(200, 4_000);
        const usage = finalUsage(rng, fresh, context);
        context += fresh;
        const text = Array.from({ length: 3 }, () => rng.pick(pool)).join(' ');
        await w.write(JSON.stringify({ ...common, type: 'assistant', requestId: `req_${rng.uuid()}`, message: { id: `msg_${rng.uuid()}`, type: 'message', role: 'assistant', model: CLAUDE_MODELS[0], content: [{ type: 'text', text }], stop_reason: 'end_turn', usage }, uuid: rng.uuid(), timestamp: new Date(t).toISOString() }));
        stats.messages++;
        stats.tokens.input += usage.input_tokens;
        stats.tokens.output += usage.output_tokens;
        stats.tokens.cacheRead += usage.cache_read_input_tokens;
        stats.tokens.cacheWrite += usage.cache_creation_input_tokens;
        t += rng.int(20_000, 120_000);
      }
      const written = await w.close();
      stats.bytes += written.bytes;
      stats.lines += written.lines;
      stats.files++;
      const last = new Date(Math.min(t, end));
      await utimes(path, last, last);
      current = { sessionId, path };
      t += rng.int(10 * 60_000, 60 * 60_000);
      if (t > dayStart + 12 * 3_600_000) break;
    }
  }
  return { ...stats, current };
}

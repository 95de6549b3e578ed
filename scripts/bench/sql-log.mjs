// A generated log for the SQL tests (test/sql) and `npm run bench -- --only sql`: OpenAI chat-completion lines spread over
// 2024–2026 across the shipped catalogue, with service tiers (batch, flex, priority), size tiers
// (qwen3-max, gemini-2.5-pro), time-of-day windows with a holiday calendar (DeepSeek V4), cached,
// reasoning and audio tokens, aliases, and an unknown model. Deterministic (a seeded generator).

const END = '2026-12-01';
/** Requests of a model fall in [from, to) (ISO dates). */
const MODELS = [
  { id: 'gpt-4o', weight: 8, from: '2024-01-01', to: END, tiers: ['batch', 'priority'] },
  { id: 'gpt-4o-mini', weight: 8, from: '2024-05-01', to: END, tiers: ['batch', 'priority'] },
  { id: 'gpt-5', weight: 8, from: '2025-06-01', to: END, tiers: ['batch', 'flex', 'priority'], reasoning: true },
  { id: 'gpt-5-mini', weight: 4, from: '2025-07-01', to: END, tiers: ['batch', 'flex'], reasoning: true },
  { id: 'claude-sonnet-4-5', weight: 6, from: '2025-08-01', to: END, tiers: ['batch'] },
  { id: 'deepseek-chat', weight: 6, from: '2024-11-01', to: END },
  { id: 'deepseek-reasoner', weight: 4, from: '2025-01-01', to: END, reasoning: true },
  { id: 'deepseek-v4-flash', weight: 6, from: '2026-08-10', to: END },
  { id: 'deepseek-v4-pro', weight: 3, from: '2026-08-10', to: END, reasoning: true },
  { id: 'qwen3-max', weight: 5, from: '2025-09-01', to: END, large: true },
  { id: 'qwen-plus', weight: 3, from: '2024-10-01', to: END, tiers: ['batch'] },
  { id: 'gemini-2.5-pro', weight: 4, from: '2025-03-01', to: END, large: true, tiers: ['batch'], reasoning: true },
  { id: 'gpt-realtime', weight: 2, from: '2025-08-01', to: END, audio: true },
  { id: 'no-such-model-7b', weight: 1, from: '2024-01-01', to: END },
];

/** mulberry32: a small seeded generator, the same sequence on every machine. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` JSONL lines (each ending in \n). */
export function* generatedLog(count, seed = 16) {
  const next = random(seed);
  const total = MODELS.reduce((s, m) => s + m.weight, 0);
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  for (let i = 0; i < count; i++) {
    let pick = next() * total;
    const model = MODELS.find((m) => (pick -= m.weight) < 0) ?? MODELS[0];
    const from = Date.parse(`${model.from}T00:00:00Z`);
    const to = Date.parse(`${model.to}T00:00:00Z`);
    const created = Math.floor((from + next() * (to - from)) / 1000);
    const roll = next();
    const prompt = model.large && roll < 0.15 ? int(32_000, 300_000) : roll < 0.5 ? int(100, 4_000) : int(4_000, 40_000);
    const cached = next() < 0.4 ? Math.floor(prompt * next()) : 0;
    const completion = int(1, 3_000);
    const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
    const promptDetails = { cached_tokens: cached };
    if (model.audio) promptDetails.audio_tokens = Math.floor(prompt * next());
    usage.prompt_tokens_details = promptDetails;
    if (model.reasoning && next() < 0.7) usage.completion_tokens_details = { reasoning_tokens: Math.floor(completion * next()) };
    if (model.audio && next() < 0.5) usage.completion_tokens_details = { audio_tokens: Math.floor(completion * next()) };
    const line = { id: `chatcmpl-${i}`, object: 'chat.completion', created, model: model.id, usage };
    if (model.tiers && next() < 0.3) line.service_tier = model.tiers[int(0, model.tiers.length - 1)];
    yield `${JSON.stringify(line)}\n`;
  }
}

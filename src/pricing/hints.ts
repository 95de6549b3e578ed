// Ids that coding agents log which name no model with a price of its own, and stay unpriced on purpose:
// a plan's moving pointer, a free tier's alias, a name the user chose. For each, the reason a report
// gives says what the id is, why it is not priced, and what to do. Like the suggestions (suggest.ts),
// a hint never prices anything: it only explains an unpriced row. Exact, anchored patterns only.

export interface UnpricedHint {
  /** Anchored: the whole logged id. */
  pattern: RegExp;
  /** What the id is and why it has no price. */
  why: string;
  /** What the user can do. */
  fix: string;
  /** Where the facts in `why` come from. */
  source: string;
}

export const UNPRICED_HINTS: readonly UnpricedHint[] = [
  {
    pattern: /^(?:kimi-code\/)?kimi-for-coding$/,
    why: 'Kimi Code\'s plan id (a monthly subscription, not per-token billing) is a moving pointer: Kimi K2.5, then K2.6 from 2026-04-20, K2.7 Code from 2026-06-12, K2.8 Preview (no API price) by 2026-09-13, with no published switch times, so its model and price are not guessed',
    fix: 'for an API-equivalent cost name the model it served instead (Kimi CLI wire logs: --default-model kimi-k2.6), or price this id yourself with --pricing',
    source: 'https://github.com/ccusage/ccusage/issues/1106 (K2.6 from 2026-04-20, citing https://x.com/Kimi_Moonshot/status/2046249571882500354); https://github.com/anomalyco/models.dev/pull/2264 (K2.7 Code, https://www.kimi.com/code/docs/en/kimi-code/whats-new.html); https://github.com/vibe-cafe/vibe-usage/issues/97 (K2.8 Preview)',
  },
  {
    pattern: /^kimi-k2$/,
    why: 'not a Moonshot API id (Moonshot\'s are kimi-k2-0711-preview and kimi-k2-0905-preview, at the same price): bare kimi-k2 is a model name in Kimi CLI\'s config or another host\'s slug (OpenRouter, OpenCode Zen…), which that host prices',
    fix: 'name the Moonshot model instead (Kimi CLI wire logs: --default-model kimi-k2-0905-preview), or price this id yourself with --pricing',
    source: 'anomalyco/models.dev@f3fc692299671838c7c65fd8126bf84d81a2e817 providers/moonshotai/models (no kimi-k2; kimi-k2-0711-preview, kimi-k2-0905-preview) and providers/openrouter/models/moonshotai/kimi-k2.toml, providers/opencode/models/kimi-k2.toml; ccusage rust/crates/ccusage/src/adapter/kimi/parser.rs (the model named in ~/.kimi/config.json)',
  },
  {
    pattern: /^(?:coder-model|vision-model)$/,
    why: 'Qwen Code\'s Qwen OAuth alias (a free daily quota, not per-token billing): Qwen chooses the model behind it (qwen3-coder-plus-2025-09-23 and qwen3-vl-plus-2025-09-23 in October 2025, qwen3.5-plus by February 2026) and the log does not say which',
    fix: 'for an API-equivalent cost price this id yourself with --pricing (for example a model coder-model with the rates of the Qwen model you assume)',
    source: 'https://github.com/QwenLM/qwen-code/issues/870 (maintainer: coder-model is qwen3-coder-plus-2025-09-23); https://github.com/QwenLM/qwen-code/pull/1871 (coder-model observed as qwen3.5-plus)',
  },
  {
    pattern: /^custom:/,
    why: 'a Droid custom (BYOK) model: the id is built from the display name you gave it (~/.factory/settings.json customModels, or the legacy ~/.factory/config.json custom_models), so it does not say which model or host served it, and the requests are billed by the provider configured there, at its price',
    fix: 'price this id with --pricing (a model with this id and the rates of the model and host it calls)',
    source: 'https://docs.factory.ai/cli/byok/overview; ccusage rust/crates/ccusage/src/adapter/droid/parser.rs (custom:Claude-Opus-4.5-Thinking-[Anthropic]-0)',
  },
];

/** The hint for an id left unpriced on purpose, if any. */
export function unpricedHint(id: string): UnpricedHint | undefined {
  return UNPRICED_HINTS.find((h) => h.pattern.test(id));
}

/** The hint as the tail of an unpriced reason: ": why; fix (source: its first source)", as a history-ended reason cites its version's. */
export function hintText(hint: UnpricedHint): string {
  return `: ${hint.why}; ${hint.fix} (source: ${hint.source.split('; ')[0] ?? hint.source})`;
}

// DATA: which of our providers a source's provider name means. A name not listed here is skipped
// (or, with --provider, put under the provider the user names), never guessed from the model id.
// Maps rather than objects: a name read from a file ("constructor") must not find Object.prototype.

/** LiteLLM `litellm_provider` → our provider id. */
export const LITELLM_PROVIDERS: ReadonlyMap<string, string> = new Map(Object.entries({
  openai: 'openai',
  'text-completion-openai': 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
  // Google's own models on Vertex AI (list price, as on the Gemini API).
  'vertex_ai-language-models': 'google',
  'vertex_ai-chat-models': 'google',
  'vertex_ai-text-models': 'google',
  'vertex_ai-code-text-models': 'google',
  'vertex_ai-code-chat-models': 'google',
  'vertex_ai-vision-models': 'google',
  deepseek: 'deepseek',
  dashscope: 'alibaba',
  moonshot: 'moonshot',
  xai: 'xai',
  mistral: 'mistral',
  zai: 'zhipu',
  zhipuai: 'zhipu',
  minimax: 'minimax',
}));

/**
 * Source providers deliberately left unmapped, with why. Vertex AI also serves other companies'
 * models (vertex_ai-anthropic_models, …): they are not Google's, and their platform price can differ
 * from the maker's list price (pricing/README.md, "Matching"), so they need a reviewed entry of their own.
 */
export function litellmUnmappedReason(provider: string): string | undefined {
  if (provider.startsWith('vertex_ai-')) return 'third-party model on Vertex AI (platform price; not mapped to google)';
  return undefined;
}

/** pydantic/genai-prices provider id → our provider id. */
export const GENAI_PRICES_PROVIDERS: ReadonlyMap<string, string> = new Map(Object.entries({
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  deepseek: 'deepseek',
  mistral: 'mistral',
  moonshotai: 'moonshot',
  'x-ai': 'xai',
  zai: 'zhipu',
  minimax: 'minimax',
}));

/**
 * genai-prices providers whose numbers are not a price book of ours: its `zhipuai` file holds
 * Zhipu's CNY prices converted to USD at 7.25, which would land in the z.ai USD book as if listed.
 */
export const GENAI_PRICES_NOT_A_BOOK: ReadonlyMap<string, string> = new Map(Object.entries({
  zhipuai: "genai-prices' zhipuai prices are CNY converted to USD at 7.25, not a list price (edit the cn book by hand)",
}));

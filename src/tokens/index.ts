// tokens/: counts request text with tiktoken when a log carries no usage.

export {
  CHAT_OVERHEAD,
  DEFAULT_CACHE_ENTRIES,
  createTokenCounter,
  type CounterStats,
  type CountResult,
  type TokenCounter,
  type TokenCounterOptions,
} from './count.ts';
export { ENCODINGS, ENCODING_RULES, FALLBACK_ENCODING, encodingFor, type EncodingChoice, type EncodingName } from './encodings.ts';
export { TiktokenTokenizer, type TextCount, type Tokenizer } from './tokenizer.ts';
export { FAMILY_RULES, TOKENIZERS, TOKENIZER_NAMES, isTokenizerName, modelTokens, type ModelTokens, type TokenizerName } from './families.ts';
export { apportion, FACTORS, ratioBetween, scaleCount, type Ratio } from './ratios.ts';
export { createTextCounter, type TextCounter, type TextTokens } from './texts.ts';
export { createTargetTokens, TARGET_METHODS, type TargetCount, type TargetMethod, type TargetTokens, type TargetTokensOptions } from './target.ts';
export { COLUMN_FAMILIES, countColumn, knownColumnNames, resolveColumn, type TokenizerColumn } from './columns.ts';

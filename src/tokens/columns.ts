// `llm-audit tokens --tokenizers a,b`: what each name means, and the counts of one request per column.

import type { RequestText } from '../core/types.ts';
import { FAMILY_RULES, isTokenizerName, modelTokens, TOKENIZER_NAMES, TOKENIZERS, type ModelTokens } from './families.ts';
import { FACTORS, scaleCount } from './ratios.ts';
import type { TextCounter } from './texts.ts';

export interface TokenizerColumn extends ModelTokens {
  /** As the user wrote it. */
  name: string;
}

/** The family names a column may be given by (besides a tokenizer name or a model id). */
export const COLUMN_FAMILIES: readonly string[] = [...new Set(FAMILY_RULES.map((r) => r.family))].filter((f) => !isTokenizerName(f));

/**
 * A tokenizer name (o200k, qwen…), a family without a tokenizer of its own (claude, gemini, kimi…:
 * its first rule) or a model id (gpt-4o, qwen3-max, claude-opus-4-7). Undefined when none: the
 * caller lists the known names.
 */
export function resolveColumn(name: string): TokenizerColumn | undefined {
  const key = name.trim().toLowerCase();
  if (isTokenizerName(key)) return { name, family: key, tokenizer: key, fidelity: 'exact', note: TOKENIZERS[key].label };
  // A family's last rule is its general one (claude: the pre-Opus-4.7 factor; gemini: Gemma 3 proxy).
  const rule = FAMILY_RULES.findLast((r) => r.family === key);
  if (rule !== undefined) {
    const { pattern: _pattern, ...rest } = rule;
    return withFactor({ name, ...rest });
  }
  const found = modelTokens(name);
  return found.family === 'other' ? undefined : withFactor({ name, ...found });
}

/** A factor column's note says the factor and its source. */
function withFactor(column: TokenizerColumn): TokenizerColumn {
  if (column.factor === undefined) return column;
  return { ...column, note: `${column.note}: × ${FACTORS[column.factor].value}, ${FACTORS[column.factor].basis}` };
}

export function knownColumnNames(): string {
  return `tokenizers ${TOKENIZER_NAMES.join(', ')}; families ${COLUMN_FAMILIES.join(', ')}; or a model id (gpt-4o, qwen3-max, deepseek-chat, claude-sonnet-4-5…)`;
}

/** A request's input and output as the column counts them (a Claude column: o200k × its factor). */
export function countColumn(counter: TextCounter, column: TokenizerColumn, text: RequestText): { input: number; output: number } {
  const { input, output } = counter.count(column.tokenizer, text);
  if (column.factor === undefined) return { input, output };
  const value = FACTORS[column.factor].value;
  return { input: scaleCount(input, value), output: scaleCount(output, value) };
}

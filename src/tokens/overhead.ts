// DATA: chat-format overhead per tokenizer, the tokens a chat template wraps around messages.

import { CHAT_OVERHEAD } from './count.ts';
import type { TokenizerName } from './families.ts';

/**
 * Tokens added around the text of a chat request, read off each model's chat template
 * (`chat_template` in the tokenizer_config.json shipped beside each vendored tokenizer.json), with
 * the role text counted by the tokenizer itself where the template writes it:
 * - o200k/cl100k: the OpenAI cookbook rule (count.ts CHAT_OVERHEAD).
 * - qwen: `<|im_start|>{role}\n{content}<|im_end|>\n`: 4 + role; reply `<|im_start|>assistant\n`: 3.
 * - deepseek: `<｜begin▁of▁sentence｜>` once, then `<｜User｜>`/`<｜Assistant｜>` before each turn (the
 *   end-of-sentence after an assistant turn is folded into the 1): 1 per message, no role text.
 * - llama: `<|begin_of_text|>` once, `<|start_header_id|>{role}<|end_header_id|>\n\n{content}<|eot_id|>`:
 *   4 + role; reply header: 4. Llama 3.1's default "Cutting Knowledge Date" system text is not added.
 * - gemma: `<bos>` once, `<start_of_turn>{role}\n{content}<end_of_turn>\n`: 4 + role; reply `<start_of_turn>model\n`: 3.
 * - mistral: `<s>` once, `[INST]…[/INST]` around user turns and `</s>` after assistant ones: ~2 per message.
 * These are approximations to about one token per message (system-prompt folding, tool
 * definitions and thinking markers differ by template version); text tokens are exact.
 */
export interface ChatOverhead {
  perRequest: number;
  perMessage: number;
  /** Whether the role text is written into the template (then it is counted with the tokenizer). */
  countRole: boolean;
  perName: number;
  replyPriming: number;
}

export const OVERHEAD = {
  o200k: { perRequest: 0, perMessage: CHAT_OVERHEAD.perMessage, countRole: true, perName: CHAT_OVERHEAD.perName, replyPriming: CHAT_OVERHEAD.replyPriming },
  cl100k: { perRequest: 0, perMessage: CHAT_OVERHEAD.perMessage, countRole: true, perName: CHAT_OVERHEAD.perName, replyPriming: CHAT_OVERHEAD.replyPriming },
  qwen: { perRequest: 0, perMessage: 4, countRole: true, perName: 1, replyPriming: 3 },
  deepseek: { perRequest: 1, perMessage: 1, countRole: false, perName: 1, replyPriming: 1 },
  llama: { perRequest: 1, perMessage: 4, countRole: true, perName: 1, replyPriming: 4 },
  gemma: { perRequest: 1, perMessage: 4, countRole: true, perName: 1, replyPriming: 3 },
  mistral: { perRequest: 1, perMessage: 2, countRole: false, perName: 1, replyPriming: 0 },
} as const satisfies Record<TokenizerName, ChatOverhead>;

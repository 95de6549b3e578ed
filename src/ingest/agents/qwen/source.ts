import type { AgentSource } from '../source.ts';

/** Qwen Code: QWEN_DATA_DIR (a comma-separated list), else ~/.qwen; projects/<project>/chats/*.jsonl. */
export const QWEN_SOURCE: AgentSource = {
  id: 'qwen',
  name: 'Qwen Code',
  env: 'QWEN_DATA_DIR',
  envList: true,
  defaults: ['~/.qwen'],
  logs: ['projects'],
  files: ['*/chats/*.jsonl'],
  formats: ['qwen-code'],
};

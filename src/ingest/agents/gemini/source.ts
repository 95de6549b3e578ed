import type { AgentSource } from '../source.ts';

/** Gemini CLI: GEMINI_DATA_DIR (a comma-separated list), else ~/.gemini/tmp; its <project hash>/chats/ files. */
export const GEMINI_CLI_SOURCE: AgentSource = {
  id: 'gemini',
  name: 'Gemini CLI',
  env: 'GEMINI_DATA_DIR',
  envList: true,
  defaults: ['~/.gemini/tmp'],
  logs: [],
  // Only the chat recordings: tmp/<hash>/ also holds logs.json (the prompts typed) and checkpoints.
  files: ['**/chats/*.json', '**/chats/*.jsonl'],
  formats: ['gemini-cli-chat', 'gemini-cli-jsonl'],
};

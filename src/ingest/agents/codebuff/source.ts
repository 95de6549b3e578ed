import type { AgentSource } from '../source.ts';

/**
 * Codebuff: CODEBUFF_DATA_DIR (a comma-separated list; a projects folder itself accepted), else its
 * three release channels' folders ~/.config/manicode, manicode-dev, manicode-staging; chats in projects/.
 */
export const CODEBUFF_SOURCE: AgentSource = {
  id: 'codebuff',
  name: 'Codebuff',
  env: 'CODEBUFF_DATA_DIR',
  envList: true,
  defaults: ['~/.config/manicode', '~/.config/manicode-dev', '~/.config/manicode-staging'],
  logs: ['projects'],
  files: ['*/chats/*/chat-messages.json'],
  formats: ['codebuff-chat'],
};

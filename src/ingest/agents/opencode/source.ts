import type { AgentSource } from '../source.ts';

/**
 * OpenCode: OPENCODE_DATA_DIR (a comma-separated list), else ~/.local/share/opencode; its SQLite
 * database opencode.db, and opencode-<channel>.db of other release channels beside it.
 */
export const OPENCODE_SOURCE: AgentSource = {
  id: 'opencode',
  name: 'OpenCode',
  env: 'OPENCODE_DATA_DIR',
  envList: true,
  defaults: ['~/.local/share/opencode'],
  logs: ['opencode.db'],
  logPattern: /^opencode-[A-Za-z0-9_-]+\.db$/,
  formats: ['opencode'],
};

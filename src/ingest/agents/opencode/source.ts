import type { AgentSource } from '../source.ts';

/**
 * OpenCode: OPENCODE_DATA_DIR (a comma-separated list), else ~/.local/share/opencode; its SQLite
 * database opencode.db, opencode-<channel>.db of other release channels beside it, and the JSON
 * message files older versions wrote (storage/message/<session>/<message>.json). The database
 * comes first, so a message in both is counted from it (the same message id: a copy).
 */
export const OPENCODE_SOURCE: AgentSource = {
  id: 'opencode',
  name: 'OpenCode',
  env: 'OPENCODE_DATA_DIR',
  envList: true,
  defaults: ['~/.local/share/opencode'],
  logs: ['opencode.db', 'storage/message'],
  logPattern: /^opencode-[A-Za-z0-9_-]+\.db$/,
  formats: ['opencode', 'opencode-message'],
};

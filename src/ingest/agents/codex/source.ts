import type { AgentSource } from '../source.ts';

/** Codex CLI: CODEX_HOME, else ~/.codex; rollouts in sessions/ and archived_sessions/ (or CODEX_HOME itself when it holds neither). */
export const CODEX_SOURCE: AgentSource = {
  id: 'codex',
  name: 'Codex CLI',
  env: 'CODEX_HOME',
  defaults: ['~/.codex'],
  logs: ['sessions', 'archived_sessions'],
  folderIfNoLogs: true,
  formats: ['codex'],
};

import type { AgentSource } from '../source.ts';

/**
 * Goose: GOOSE_PATH_ROOT (its data in data/sessions/sessions.db), else sessions/sessions.db in
 * ~/.local/share/goose, ~/Library/Application Support/goose (macOS) and ~/.local/share/Block/goose.
 */
export const GOOSE_SOURCE: AgentSource = {
  id: 'goose',
  name: 'Goose',
  env: 'GOOSE_PATH_ROOT',
  defaults: ['~/.local/share/goose', '~/Library/Application Support/goose', '~/.local/share/Block/goose'],
  // The first under a default folder, the second under GOOSE_PATH_ROOT.
  logs: ['sessions/sessions.db', 'data/sessions/sessions.db'],
  formats: ['goose'],
};

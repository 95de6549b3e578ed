import type { AgentSource } from '../source.ts';

/** Claude Code: CLAUDE_CONFIG_DIR (a comma-separated list), else ~/.config/claude and ~/.claude; logs in projects/. */
export const CLAUDE_CODE_SOURCE: AgentSource = {
  id: 'claude',
  name: 'Claude Code',
  env: 'CLAUDE_CONFIG_DIR',
  envList: true,
  defaults: ['${XDG_CONFIG_HOME:-~/.config}/claude', '~/.claude'],
  logs: ['projects'],
  formats: ['claude-code', 'claude-code-progress'],
};

// DATA: local coding-agent logs, one folder per agent: its format entries, and the code only that
// agent needs (Claude Code's project folders, Codex's rollout hook). The replay and dedupe
// mechanism they share is in ../replay/.

import { CLAUDE_CODE_FORMATS } from './claude-code/format.ts';
import { CODEX_FORMATS } from './codex/format.ts';

export const AGENT_FORMATS = { ...CLAUDE_CODE_FORMATS, ...CODEX_FORMATS };

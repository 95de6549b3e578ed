// DATA: local coding-agent logs, one folder per agent: its format entries, and the code only that
// agent needs (Claude Code's project folders, Codex's rollout hook). The replay and dedupe
// mechanism they share is in ../replay/. OpenClaw writes pi-agent's session format (pi/format.ts).

import { AMP_FORMATS } from './amp/format.ts';
import { CLAUDE_CODE_FORMATS } from './claude-code/format.ts';
import { CODEBUFF_FORMATS } from './codebuff/format.ts';
import { CODEX_FORMATS } from './codex/format.ts';
import { DROID_FORMATS } from './droid/format.ts';
import { GEMINI_CLI_FORMATS } from './gemini/format.ts';
import { KIMI_FORMATS } from './kimi/format.ts';
import { OPENCODE_MESSAGE_FORMATS } from './opencode/message-format.ts';
import { PI_FORMATS } from './pi/format.ts';
import { QWEN_FORMATS } from './qwen/format.ts';

export const AGENT_FORMATS = {
  ...CLAUDE_CODE_FORMATS,
  ...CODEX_FORMATS,
  ...GEMINI_CLI_FORMATS,
  ...AMP_FORMATS,
  ...DROID_FORMATS,
  ...CODEBUFF_FORMATS,
  ...PI_FORMATS,
  ...KIMI_FORMATS,
  ...QWEN_FORMATS,
  ...OPENCODE_MESSAGE_FORMATS,
};

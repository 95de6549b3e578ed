// DATA: local coding-agent logs, one folder per agent: its format entries, and the code only that
// agent needs (Claude Code's project folders, Codex's rollout hook). The replay and dedupe
// mechanism they share is in ../replay/. OpenClaw writes pi-agent's session format (pi/format.ts).

import { AMP_FORMATS } from './amp/format.ts';
import { CLAUDE_CODE_FORMATS } from './claude-code/format.ts';
import { CODEBUFF_FORMATS } from './codebuff/format.ts';
import { CODEX_FORMATS } from './codex/format.ts';
import { COPILOT_FORMATS } from './copilot/format.ts';
import { GOOSE_FORMATS } from './goose/format.ts';
import { HERMES_FORMATS } from './hermes/format.ts';
import { KILO_FORMATS } from './kilo/format.ts';
import { OPENCODE_FORMATS } from './opencode/format.ts';
import { DROID_FORMATS } from './droid/format.ts';
import { GEMINI_CLI_FORMATS } from './gemini/format.ts';
import { KIMI_FORMATS } from './kimi/format.ts';
import { OPENCODE_MESSAGE_FORMATS } from './opencode/message-format.ts';
import { PI_FORMATS } from './pi/format.ts';
import { QWEN_FORMATS } from './qwen/format.ts';

// OpenCode, Kilo, Goose and Hermes Agent keep SQLite databases: their formats carry the query
// (spec.ts SqliteQuery) that read/sqlite.ts runs. The others write JSONL or JSON documents
// (Copilot CLI: an OpenTelemetry export, whose records of one trace are read together, copilot/otel.ts).
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
  ...COPILOT_FORMATS,
  ...OPENCODE_FORMATS,
  ...KILO_FORMATS,
  ...GOOSE_FORMATS,
  ...HERMES_FORMATS,
};

// DATA: local coding-agent logs, one folder per agent: its format entries, and the code only that
// agent needs (Claude Code's project folders, Codex's rollout hook). The replay and dedupe
// mechanism they share is in ../replay/.

import { CLAUDE_CODE_FORMATS } from './claude-code/format.ts';
import { CODEX_FORMATS } from './codex/format.ts';
import { GOOSE_FORMATS } from './goose/format.ts';
import { HERMES_FORMATS } from './hermes/format.ts';
import { KILO_FORMATS } from './kilo/format.ts';
import { OPENCODE_FORMATS } from './opencode/format.ts';

// OpenCode, Kilo, Goose and Hermes Agent keep SQLite databases: their formats carry the query
// (spec.ts SqliteQuery) that read/sqlite.ts runs.
export const AGENT_FORMATS = { ...CLAUDE_CODE_FORMATS, ...CODEX_FORMATS, ...OPENCODE_FORMATS, ...KILO_FORMATS, ...GOOSE_FORMATS, ...HERMES_FORMATS };

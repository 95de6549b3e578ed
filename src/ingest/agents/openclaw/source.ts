import type { AgentSource } from '../source.ts';

/**
 * OpenClaw (formerly Clawdbot, Moltbot): OPENCLAW_DIR (a comma-separated list), else every one of
 * its data folders that exists; sessions anywhere below (agents/<agent>/sessions/<session>.jsonl),
 * archived ones too (.jsonl.deleted.<time>, .jsonl.reset.<time>). Written in pi-agent's session
 * format, read with it (agents/pi/format.ts).
 */
export const OPENCLAW_SOURCE: AgentSource = {
  id: 'openclaw',
  name: 'OpenClaw',
  env: 'OPENCLAW_DIR',
  envList: true,
  defaults: ['~/.openclaw', '~/.clawdbot', '~/.moltbot', '~/.moldbot'],
  logs: [],
  files: ['**/*.jsonl', '**/*.jsonl.deleted.*', '**/*.jsonl.reset.*'],
  formats: ['pi-session'],
};

import type { AgentSource } from '../source.ts';

/** Kimi CLI: KIMI_DATA_DIR (a comma-separated list), else ~/.kimi; sessions/<group>/<session>/wire.jsonl. */
export const KIMI_SOURCE: AgentSource = {
  id: 'kimi',
  name: 'Kimi CLI',
  env: 'KIMI_DATA_DIR',
  envList: true,
  defaults: ['~/.kimi'],
  logs: ['sessions'],
  files: ['*/*/wire.jsonl'],
  formats: ['kimi-wire'],
};

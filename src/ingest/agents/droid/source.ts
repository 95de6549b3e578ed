import type { AgentSource } from '../source.ts';

/** Factory Droid: DROID_SESSIONS_DIR (a comma-separated list), else ~/.factory/sessions; only *.settings.json. */
export const DROID_SOURCE: AgentSource = {
  id: 'droid',
  name: 'Droid',
  env: 'DROID_SESSIONS_DIR',
  envList: true,
  defaults: ['~/.factory/sessions'],
  logs: [],
  // The session transcripts (<session>.jsonl) beside them carry no usage.
  files: ['**/*.settings.json'],
  formats: ['droid-settings'],
};

import type { AgentSource } from '../source.ts';

/** pi-agent: PI_AGENT_DIR (a comma-separated list of sessions folders), else ~/.pi/agent/sessions. */
export const PI_SOURCE: AgentSource = {
  id: 'pi',
  name: 'pi-agent',
  env: 'PI_AGENT_DIR',
  envList: true,
  defaults: ['~/.pi/agent/sessions'],
  logs: [],
  files: ['**/*.jsonl'],
  formats: ['pi-session'],
};

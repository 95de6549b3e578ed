import type { AgentSource } from '../source.ts';

/** Hermes Agent: HERMES_HOME (a comma-separated list), else ~/.hermes; its SQLite state database state.db. */
export const HERMES_SOURCE: AgentSource = {
  id: 'hermes',
  name: 'Hermes Agent',
  env: 'HERMES_HOME',
  envList: true,
  defaults: ['~/.hermes'],
  logs: ['state.db'],
  formats: ['hermes'],
};

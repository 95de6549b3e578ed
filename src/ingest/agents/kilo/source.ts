import type { AgentSource } from '../source.ts';

/** Kilo CLI: KILO_DATA_DIR (a comma-separated list), else ~/.local/share/kilo; its SQLite database kilo.db. */
export const KILO_SOURCE: AgentSource = {
  id: 'kilo',
  name: 'Kilo CLI',
  env: 'KILO_DATA_DIR',
  envList: true,
  defaults: ['~/.local/share/kilo'],
  logs: ['kilo.db'],
  formats: ['kilo'],
};

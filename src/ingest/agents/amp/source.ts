import type { AgentSource } from '../source.ts';

/** Amp: AMP_DATA_DIR (a comma-separated list), else ~/.local/share/amp; threads in threads/. */
export const AMP_SOURCE: AgentSource = {
  id: 'amp',
  name: 'Amp',
  env: 'AMP_DATA_DIR',
  envList: true,
  defaults: ['~/.local/share/amp'],
  logs: ['threads'],
  files: ['**/*.json'],
  formats: ['amp-thread'],
};

import type { AgentSource } from '../source.ts';

/**
 * GitHub Copilot CLI writes usage only when OpenTelemetry file export is on: to the file
 * COPILOT_OTEL_FILE_EXPORTER_PATH names. The files kept in ~/.copilot/otel are read, and that file
 * too, wherever it is (a variable naming a file adds it; it replaces nothing).
 */
export const COPILOT_SOURCE: AgentSource = {
  id: 'copilot',
  name: 'GitHub Copilot CLI',
  env: 'COPILOT_OTEL_FILE_EXPORTER_PATH',
  envNamesFile: true,
  defaults: ['~/.copilot'],
  logs: ['otel'],
  files: ['**/*.jsonl'],
  formats: ['copilot-otel'],
};

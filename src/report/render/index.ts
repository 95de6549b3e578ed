// The renderer registry: adding an output format fails typecheck until it has a renderer.
import type { Report } from '../contract.ts';
import { renderCsv } from './csv.ts';
import { renderJson } from './json.ts';
import { renderTable } from './table.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface RenderOptions {
  color: boolean;
}

export type Renderer = (report: Report, options: RenderOptions) => string;

export const renderers = {
  table: renderTable,
  json: renderJson,
  csv: renderCsv,
} satisfies Record<OutputFormat, Renderer>;

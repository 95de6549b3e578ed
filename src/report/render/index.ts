// The renderer registry: adding an output format fails typecheck until it has a renderer.
import type { Report } from '../contract.ts';
import { renderCsv } from './csv.ts';
import { renderJson, renderJsonChunks } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import { renderTable } from './table.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface RenderOptions {
  color: boolean;
  /** Fixed decimal places for CSV costs; exact when undefined. */
  decimals?: number;
}

export type Renderer = (report: Report, options: RenderOptions) => string;

export const renderers = {
  table: renderTable,
  json: renderJson,
  csv: renderCsv,
  markdown: renderMarkdown,
} satisfies Record<OutputFormat, Renderer>;

/** A renderer that yields its text in chunks, to be written out one by one (their concatenation is the renderer's text). */
export type ChunkedRenderer = (report: Report, options: RenderOptions) => Iterable<string>;

/**
 * What the CLI writes: the text of `renderers[format]`, in chunks where a format can be large
 * (JSON holds every group in full: ~2 KB each), else as one piece.
 */
export const chunkedRenderers: Record<OutputFormat, ChunkedRenderer> = {
  table: whole(renderers.table),
  json: (report) => renderJsonChunks(report),
  csv: whole(renderers.csv),
  markdown: whole(renderers.markdown),
};

function whole(render: Renderer): ChunkedRenderer {
  return (report, options) => [render(report, options)];
}

// The renderer registry: adding an output format fails typecheck until it has a renderer.
import type { Report } from '../contract.ts';
import { csvLines, renderCsv } from './csv.ts';
import { JSON_CHUNK_CHARS, joinChunks, renderJson, renderJsonChunks } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import { renderTable } from './table.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface RenderOptions {
  color: boolean;
  /** Fixed decimal places for CSV costs; exact when undefined. */
  decimals?: number;
  /** Table: the terminal's width, to fit tables into (undefined: as wide as they come). */
  width?: number;
  /** Table: the compact layout (fits 80 columns; secondary columns dropped). */
  compact?: boolean;
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
 * What the CLI writes: the text of `renderers[format]`, in chunks of about 64 K characters. JSON
 * (every group in full, ~2 KB each) and CSV (a line per group) are made chunk by chunk as they are
 * written; table and Markdown list at most 1,000 groups and are made whole.
 */
export const chunkedRenderers: Record<OutputFormat, ChunkedRenderer> = {
  table: whole(renderers.table),
  json: (report) => renderJsonChunks(report),
  csv: (report, options) => joinChunks(csvLines(report, options), JSON_CHUNK_CHARS),
  markdown: whole(renderers.markdown),
};

/** One renderer's text, handed out in slices (views, not copies): a write converts each slice to UTF-8 on its own, not a 17 MB CSV at once. */
function whole(render: Renderer): ChunkedRenderer {
  return (report, options) => slices(render(report, options), JSON_CHUNK_CHARS);
}

/** `text` in pieces of about `size` UTF-16 units, never cutting a surrogate pair (each half alone would be written as U+FFFD). */
export function* slices(text: string, size: number): Generator<string> {
  if (text.length <= size) {
    yield text;
    return;
  }
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end += 1;
    yield text.slice(start, end);
    start = end;
  }
}

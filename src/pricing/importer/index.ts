// `pricing import` without the IO: detects the source's format by its shape, reads its entries,
// and builds the override layer against the catalogue (layer.ts).
import type { Catalogue } from '../catalog.ts';
import { looksLikeGenaiPrices, readGenaiPrices } from './genai-prices.ts';
import { JsonSyntaxError, parseJsonExact } from './json-source.ts';
import { buildLayer, type Layer, type LayerOptions } from './layer.ts';
import { looksLikeLitellm, readLitellm } from './litellm.ts';
import type { SourceFormat, SourceRead } from './source.ts';

export class SourceFormatError extends Error {
  override name = 'SourceFormatError';
}

/** Reads a downloaded price file: LiteLLM's or genai-prices', told apart by shape. */
export function readSource(text: string, at: number): SourceRead {
  let root;
  try {
    root = parseJsonExact(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new SourceFormatError(`not valid JSON: ${error.message}`);
    throw error;
  }
  if (looksLikeGenaiPrices(root)) return readGenaiPrices(root, at);
  if (looksLikeLitellm(root)) return readLitellm(root);
  throw new SourceFormatError(
    'neither a LiteLLM model_prices_and_context_window.json (an object of models with "litellm_provider") nor a genai-prices data.json (a list of providers with "id" and "models")',
  );
}

export interface ImportResult extends Layer {
  format: SourceFormat;
}

export function importLayer(text: string, catalogue: Catalogue, options: LayerOptions): ImportResult {
  const read = readSource(text, options.from);
  const layer = buildLayer(catalogue, read.entries, options);
  return { ...layer, format: read.format, skipped: [...read.skipped, ...layer.skipped] };
}

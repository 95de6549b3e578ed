// Our side of the cross-check: the shipped catalogue, loaded and queried with the project's own
// built code (dist/), so a model is found and priced exactly as `llm-audit` would find and price it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError, mulDecimal } from './decimal.mjs';

/** The compared fields, in report order. Each names a rate of our format (pricing/README.md). */
export const FIELDS = ['input', 'cache_read', 'cache_write_5m', 'cache_write_1h', 'output', 'reasoning'];

/** The known-disagreements file (pricing/crosscheck-known.json): not a price list. */
export const KNOWN_FILE = 'crosscheck-known.json';

const DIST = new URL('../../dist/', import.meta.url);

/** Loads the catalogue from `dir` (default: the package's pricing/) with dist/pricing/load.js. */
export async function loadOurCatalogue(dir) {
  const loader = new URL('pricing/load.js', DIST);
  if (!existsSync(fileURLToPath(loader))) throw new InputError(`${fileURLToPath(loader)} is missing: run \`npm run build\` first`);
  const { loadCatalogue, DEFAULT_PRICING_DIR } = await import(pathToFileURL(fileURLToPath(loader)).href);
  const pricingDir = dir ?? DEFAULT_PRICING_DIR;
  try {
    // The folder as a report loads it: its price lists and holiday calendars (the loader skips this
    // script's list of known disagreements, which lives beside them but is not a price list).
    return { catalogue: loadCatalogue([pricingDir]), pricingDir };
  } catch (error) {
    throw new InputError(`cannot load the catalogue from ${pricingDir}: ${error.message}`);
  }
}

const DAY = 86_400_000;
const NO_TOKENS = { input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0, inputAudio: 0, inputImage: 0, outputAudio: 0, webSearch: 0 };

/**
 * Our price of `model` at instant `at` (version choice) and minute of day `minute` (time windows),
 * in a book: `{ currency: 'USD' }` (the first USD region: intl, global, the provider's default, then
 * by name) or `{ region, currency, factor }` (that region, every rate multiplied by `factor`).
 * Returns `{ fields, version, region, currency, breaks, notes }` or `{ unpriced: reason }`.
 * `fields[f]` is a list of steps `{ above, value, via? }`: `above` is the input length the step
 * starts after (0 for the base), `via` names the rate a missing one is billed at.
 */
export function ourPrice(catalogue, model, at, minute, book) {
  const provider = catalogue.provider(model.provider);
  const regions = [...new Set(model.prices.map((v) => v.region))];
  const preference = book.region ? [book.region] : ['intl', 'global', provider?.defaultRegion];
  regions.sort((a, b) => rank(preference, a) - rank(preference, b) || (a < b ? -1 : a > b ? 1 : 0));
  const inCurrency = regions.filter((r) => model.prices.some((v) => v.region === r && v.currency === book.currency) && (!book.region || r === book.region));
  if (inCurrency.length === 0) return { unpriced: `no ${book.region ? `"${book.region}" ` : ''}${book.currency} price book` };
  const region = inCurrency[0];
  const requestTime = Math.floor(at / DAY) * DAY + minute * 60_000;
  const point = catalogue.priceModel(model, at, { tokens: NO_TOKENS, requestTime, region });
  if (!('rates' in point)) return { unpriced: `${point.reason}: ${point.detail}` };
  const { version } = point;
  if (version.region !== region || point.currency !== book.currency) {
    return { unpriced: `the ${region} version in force is in ${point.currency}, not ${book.currency}` };
  }
  const notes = [];
  let tiers = version.tiers ? version.tiers : [{ rates: point.rates }];
  if (version.tiers?.some((t) => t.outputUpTo !== undefined)) {
    notes.push('ours has output-length tiers: only its first tier is compared');
    tiers = tiers.slice(0, 1);
  }
  const fields = Object.fromEntries(FIELDS.map((f) => [f, []]));
  tiers.forEach((tier, i) => {
    const above = i === 0 ? 0 : tiers[i - 1].inputUpTo;
    if (above === undefined) return;
    for (const [field, { value, via }] of Object.entries(effectiveRates(tier.rates))) {
      fields[field].push({ above, value: book.factor ? mulDecimal(value, book.factor) : value, via });
    }
  });
  const breaks = version.tiers ? [] : version.windows.flatMap((w) => w.spans.flatMap((s) => [s.fromMinute, s.toMinute]));
  return { fields, version, region, currency: point.currency, breaks, notes };
}

function rank(preference, region) {
  const i = preference.indexOf(region);
  return i === -1 ? preference.length : i;
}

/** Every compared rate, a missing one replaced by what the catalogue bills it at (pricing/README.md). */
function effectiveRates(r) {
  const cw5m = r.cacheWrite5m ? { value: r.cacheWrite5m } : { value: r.input, via: 'input' };
  return {
    input: { value: r.input },
    cache_read: r.cacheRead ? { value: r.cacheRead } : { value: r.input, via: 'input' },
    cache_write_5m: cw5m,
    cache_write_1h: r.cacheWrite1h ? { value: r.cacheWrite1h } : { value: cw5m.value, via: cw5m.via ?? 'cache_write_5m' },
    output: { value: r.output },
    // A reasoning token is billed at `reasoning` if set, else at `output_thinking` (a request with
    // reasoning bills ALL its output at that rate: Qwen thinking mode), else at `output`. models.dev's
    // and genai-prices' reasoning rate is that same figure: Qwen's thinking-mode output price.
    reasoning: r.reasoning ? { value: r.reasoning } : r.outputThinking ? { value: r.outputThinking, via: 'output_thinking' } : { value: r.output, via: 'output' },
  };
}

/** The first words of a version's source, as the catalogue's own messages quote it. */
export function shortSource(version) {
  return version.source.split('; ')[0] ?? version.source;
}

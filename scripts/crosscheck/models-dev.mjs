// Reader for anomalyco/models.dev: providers/<provider>/models/<id>.toml, with [cost] input,
// output, cache_read, cache_write, reasoning, [[cost.tiers]] (tier = { size }) or the older
// context_over_200k. smol-toml turns numbers into floats, so every cost is taken back from its
// literal in the file text (see exactLiterals): the comparison never sees a float.
import { parse } from 'smol-toml';
import { InputError, parseDecimalText } from './decimal.mjs';

/** models.dev provider folder → our provider and the book it is compared with. */
export const MODELS_DEV_PROVIDERS = {
  alibaba: { provider: 'alibaba' },
  // models.dev lists Alibaba's China prices as CNY × 0.1435 in USD: compared with our "cn" (CNY)
  // book multiplied by the same factor, exactly; a difference can also be their rounding.
  // Some alibaba-cn files hold the international USD list unconverted (the same [cost] as the alibaba
  // file of the same id): those are not a mainland price and are not compared (usdTwin, below).
  'alibaba-cn': { provider: 'alibaba', book: { region: 'cn', currency: 'CNY', factorText: '0.1435' }, usdTwin: 'alibaba' },
  anthropic: { provider: 'anthropic' },
  deepseek: { provider: 'deepseek' },
  google: { provider: 'google' },
  minimax: { provider: 'minimax' },
  mistral: { provider: 'mistral' },
  moonshotai: { provider: 'moonshot' },
  openai: { provider: 'openai' },
  xai: { provider: 'xai' },
  zai: { provider: 'zhipu' },
};

/** Folders that hold one of our providers but are not compared, and why. */
const NOT_COMPARED = {
  'minimax-cn': 'minimax-cn is the China endpoint with USD figures of its own; not compared (we have no minimax book)',
  'moonshotai-cn': 'moonshotai-cn is not compared: its models are links to moonshotai (USD), while our moonshot "cn" book is CNY',
  zhipuai: 'zhipuai is not compared: its models are links to zai (USD), while our zhipu "cn" book is CNY',
};

const COST_KEYS = { input: 'input', output: 'output', cache_read: 'cache_read', cache_write: 'cache_write_5m', reasoning: 'reasoning' };

export function readModelsDev(tree) {
  const root = tree.exists('providers') ? 'providers' : '';
  const folders = (tree.list(root) ?? []).filter((e) => e.type === 'dir');
  if (!folders.some((f) => MODELS_DEV_PROVIDERS[f.name])) throw new InputError(`${tree.label}: no providers/<provider>/models folders (is this a models.dev snapshot?)`);
  const prefix = root === '' ? '' : `${root}/`;
  const models = [];
  const notes = [];
  const providersRead = new Set();
  let linked = 0;
  let withoutCost = 0;
  for (const folder of folders) {
    if (NOT_COMPARED[folder.name]) notes.push(NOT_COMPARED[folder.name]);
    const mapping = MODELS_DEV_PROVIDERS[folder.name];
    if (!mapping) continue;
    providersRead.add(mapping.provider);
    const book = mapping.book
      ? { region: mapping.book.region, currency: mapping.book.currency, factor: parseDecimalText(mapping.book.factorText), label: `${mapping.book.currency} × ${mapping.book.factorText}` }
      : { currency: 'USD' };
    const modelsDir = `${prefix}${folder.name}/models`;
    const files = [...walk(tree, modelsDir)];
    tree.prefetch(files.filter((f) => !f.link).map((f) => f.path));
    for (const file of files) {
      // A link into another compared provider's folder is the same data: compared there, once.
      const target = file.link?.startsWith(prefix) ? file.link.slice(prefix.length).split('/')[0] : undefined;
      if (target && target !== folder.name && MODELS_DEV_PROVIDERS[target]) {
        linked++;
        continue;
      }
      const id = file.path.slice(modelsDir.length + 1, -'.toml'.length);
      const text = tree.read(file.path);
      let data;
      try {
        data = parse(text);
      } catch (error) {
        throw new InputError(`${tree.label}: ${file.path}: invalid TOML: ${error.message.split('\n')[0]}`);
      }
      if (!data.cost) {
        withoutCost++;
        continue;
      }
      const exact = exactLiterals(text, `${tree.label}: ${file.path}`);
      const fields = costFields(data.cost, exact);
      const info = [data.last_updated && `last_updated ${data.last_updated}`, mapping.book && `converted: ${book.label}`].filter(Boolean).join(', ');
      models.push({
        provider: mapping.provider,
        snapshotProvider: folder.name,
        costKey: costKey(fields),
        id,
        lookupIds: [id],
        book,
        breaks: [],
        info: info || undefined,
        priceAt: () => fields,
      });
    }
  }
  // A converted book's file whose costs are, figure for figure, those of its USD twin's file of the same
  // id is that USD list copied over, not a converted mainland price: left out, and said so.
  const copies = [];
  for (const [folder, mapping] of Object.entries(MODELS_DEV_PROVIDERS)) {
    if (!mapping.usdTwin) continue;
    const twins = new Map(models.filter((m) => m.snapshotProvider === mapping.usdTwin).map((m) => [m.id, m.costKey]));
    for (const m of models) if (m.snapshotProvider === folder && twins.get(m.id) === m.costKey) copies.push(m);
  }
  if (copies.length > 0) {
    const left = new Set(copies);
    const names = copies.map((m) => `${m.snapshotProvider}/${m.id}`).sort();
    notes.push(`${names.join(', ')}: [cost] identical to the ${MODELS_DEV_PROVIDERS[copies[0].snapshotProvider].usdTwin} file of the same id (the international USD list, not a converted mainland price): not compared`);
    models.splice(0, models.length, ...models.filter((m) => !left.has(m)));
  }
  if (linked > 0) notes.push(`${linked} model files are links to another compared provider's folder: compared once, there`);
  if (withoutCost > 0) notes.push(`${withoutCost} model files have no [cost]: not compared`);
  return { models, notes, providersRead };
}

/** The costs as comparable text: field, tier start and exact value of every rate. */
function costKey(fields) {
  return Object.entries(fields)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([field, steps]) => `${field}:${steps.map((s) => `${s.above}=${s.value.coef}e-${s.value.scale}`).join(',')}`)
    .join(';');
}

function* walk(tree, dir) {
  for (const entry of tree.list(dir) ?? []) {
    if (entry.type === 'dir') yield* walk(tree, entry.path);
    else if (entry.type === 'file' && entry.name.endsWith('.toml')) yield entry;
  }
}

function costFields(cost, exact) {
  const fields = {};
  const add = (rates, above) => {
    for (const [key, field] of Object.entries(COST_KEYS)) {
      if (rates[key] === undefined) continue;
      (fields[field] ??= []).push({ above, value: exact(rates[key], `cost.${key}`) });
    }
  };
  add(cost, 0);
  const tiers = [...(cost.tiers ?? []).map((t) => ({ above: Number(t.tier?.size), rates: t }))];
  if (cost.context_over_200k) tiers.push({ above: 200_000, rates: cost.context_over_200k });
  for (const { above, rates } of tiers.sort((a, b) => a.above - b.above)) add(rates, above);
  return fields;
}

/**
 * Maps each float the TOML parser returned back to the decimal literal written in the file: every
 * number-looking token of the text is indexed by its float value. A float with exactly one literal
 * gives that literal; one that no literal produced (cannot happen for a literal smol-toml read)
 * gives its shortest text only when that has at most 15 significant digits, which is then exact.
 */
export function exactLiterals(text, where) {
  const index = new Map();
  for (const match of text.matchAll(/(?<![\w."'-])[+-]?(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?(?![\w.:-])/g)) {
    const decimal = parseDecimalText(match[0]);
    if (!decimal) continue;
    const float = Number(match[0].replaceAll('_', ''));
    const set = index.get(float) ?? new Map();
    set.set(`${decimal.coef}e-${decimal.scale}`, decimal);
    index.set(float, set);
  }
  return (value, key) => {
    if (typeof value !== 'number' && typeof value !== 'bigint') throw new InputError(`${where}: ${key} is not a number`);
    const found = index.get(Number(value));
    if (found?.size === 1) return [...found.values()][0];
    if (found && found.size > 1) throw new InputError(`${where}: ${key}: several literals in the file have the float value ${value}; cannot tell which`);
    const shortest = String(value);
    if (shortest.replace(/e.*$/i, '').replace(/[-.]/g, '').replace(/^0+/, '').length <= 15) return parseDecimalText(shortest);
    throw new InputError(`${where}: ${key}: cannot find the literal of ${value} in the file`);
  };
}

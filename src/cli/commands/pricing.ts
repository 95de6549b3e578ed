// `llm-audit pricing list|show|check` (and coverage, import, diff, export): where every number comes from. list shows the prices in
// force at a date, show one model's whole dated history (and what an alias or platform id means),
// check validates the data and lists every problem as `file: $.json.path: message` (exit 2).
import { statSync } from 'node:fs';
import { Command, Option } from 'commander';
import { parseDecimal, toPlainString } from '../../core/money.ts';
import { UsageError } from '../../errors.ts';
import type { Catalogue } from '../../pricing/catalog.ts';
import { hintText, unpricedHint } from '../../pricing/hints.ts';
import { listRows, mapRates, showView, type ListRow, type ModelView, type RatesView, type ShowView } from '../../pricing/describe.ts';
import { convert, loadFx, loadFxFile, loadFxResult, parseFxOverride, rateFor, type FxOverride, type FxUse } from '../../pricing/fx.ts';
import { DEFAULT_PRICING_DIR, loadCatalogue, loadPricing } from '../../pricing/load.ts';
import { parseCurrency } from '../../pricing/options.ts';
import type { Io } from '../io.ts';
import { coverageCommand } from './coverage.ts';
import { diffCommand, importCommand } from './pricing-tools.ts';
import { exportCommand } from './pricing-export.ts';
import { parseInstant } from '../parse.ts';

const VIEW_FORMATS = ['table', 'json'] as const;
type ViewFormat = (typeof VIEW_FORMATS)[number];

interface SourceFlags {
  pricingDir?: string;
  pricing: string[];
}

interface ListFlags extends SourceFlags {
  provider?: string;
  at?: { at: number; text: string };
  region?: string;
  format: ViewFormat;
  currency?: string;
  fx: FxOverride[];
  fxFile?: string;
}

interface ShowFlags extends SourceFlags {
  format: ViewFormat;
}

const collect = <T>(parse: (text: string) => T) => (text: string, previous: T[]) => [...previous, parse(text)];

/** --pricing-dir and --pricing, the same on every subcommand (and as on the report command). */
function withSources(command: Command): Command {
  return command
    .option('--pricing-dir <dir>', 'use this pricing folder (or file) instead of the shipped pricing/')
    .option('--pricing <path>', 'apply an override file or folder on top (negotiated prices, private models); repeatable', collect(String), [])
    .exitOverride();
}

function catalogueOf(flags: SourceFlags): Catalogue {
  return loadCatalogue([flags.pricingDir ?? DEFAULT_PRICING_DIR], flags.pricing);
}

export function pricingCommand(io: Io): Command {
  const list = withSources(new Command('list'))
    .description('the price of every model in force at a date (default: now)')
    .option('--provider <name>', 'only this provider (for example openai, deepseek)')
    .option('--at <date>', 'the date (YYYY-MM-DD or ISO datetime, UTC)', (v) => parseInstant('--at', v))
    .option('--region <book>', 'only this price book (for example intl, cn)')
    .option('--currency <code>', 'also show the rates converted to this currency (display only)', (v) => parseCurrency('--currency', v))
    .option('--fx <PAIR=RATE>', 'exchange rate for --currency, e.g. USDCNY=7.2 (else the monthly table pricing/fx.json); repeatable', collect(parseFxOverride), [])
    .option('--fx-file <file>', 'your own monthly rates for --currency: a CSV with the header month,pair,rate')
    .addOption(new Option('-f, --format <format>', 'output format').choices(VIEW_FORMATS).default('table'))
    .action((flags: ListFlags) => runList(io, flags));
  const show = withSources(new Command('show'))
    .description('every dated version of a model, and what an alias or platform id means at which dates')
    .argument('<model>', 'a model id, alias, or platform id (openrouter/openai/gpt-4o, anthropic.claude-sonnet-4-20250514-v1:0)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(VIEW_FORMATS).default('table'))
    .action((model: string, flags: ShowFlags) => runShow(io, model, flags));
  const check = withSources(new Command('check'))
    .description('validate the pricing data and list every problem (exit 2 when there is one)')
    .action((flags: SourceFlags) => {
      io.exitCode = runCheck(io, flags);
    });
  return new Command('pricing')
    .description('inspect and validate the pricing catalogue')
    .addCommand(list)
    .addCommand(show)
    .addCommand(check)
    .addCommand(coverageCommand(io))
    .addCommand(importCommand(io))
    .addCommand(diffCommand(io))
    .addCommand(exportCommand(io))
    .exitOverride();
}

function runList(io: Io, flags: ListFlags): void {
  const catalogue = catalogueOf(flags);
  if (flags.provider !== undefined && !catalogue.provider(flags.provider)) {
    const known = catalogue.providerEntries.map((p) => p.provider).sort();
    throw new UsageError(`--provider: no provider "${flags.provider}" in the pricing data; use one of ${known.join(', ')}`);
  }
  const at = flags.at?.at ?? Date.now();
  const { rows, notInForce } = listRows(catalogue, at, { provider: flags.provider, region: flags.region });
  const converted = flags.currency === undefined ? undefined : convertRows(rows, flags.currency, at, flags);
  const atText = new Date(at).toISOString().replace('.000Z', 'Z');
  if (flags.format === 'json') {
    const json = rows.map((row, i) => ({ ...row, ...(converted?.rows[i] ? { converted: converted.rows[i] } : {}) }));
    io.stdout(`${JSON.stringify({ at: atText, pricing: { hash: catalogue.hash, files: catalogue.fileNames }, rows: json, notInForce, ...(converted ? { conversion: converted.json } : {}) }, null, 2)}\n`);
    return;
  }
  const header = ['Provider', 'Model', 'Book', 'Since', 'Cur', 'Input', 'Cache read', 'Cache write', 'Output', 'Confidence', 'Note'];
  const body = rows.map((row, i) => {
    const shown = converted?.rows[i] ?? { currency: row.currency, rates: row.rates };
    // A converted figure is marked, so that it is never read as the provider's own price book.
    const currency = shown.currency === row.currency ? row.currency : `${shown.currency}*`;
    return [row.provider, row.model, row.region, row.effectiveFrom, currency, shown.rates.input, shown.rates.cacheRead ?? '-', shown.rates.cacheWrite5m ?? '-', shown.rates.output, row.confidence, row.note];
  });
  io.stdout(`Prices per million tokens in force at ${atText} (${rows.length} rows)\n\n${columns([header, ...body])}`);
  if (converted) io.stdout(`\n${converted.footer}`);
  if (notInForce.length > 0) io.stdout(`\nNo price in force at that date (not yet priced, or history ended): ${notInForce.join(', ')}\n`);
}

/** Rates converted for display with the month's rate or --fx; rows without a rate stay native. */
function convertRows(rows: ListRow[], currency: string, at: number, flags: ListFlags) {
  const shipped = loadFx(flags.pricingDir ?? DEFAULT_PRICING_DIR);
  const fx = flags.fxFile ? loadFxFile(flags.fxFile, shipped) : shipped;
  const used = new Map<string, FxUse>();
  const missing = new Set<string>();
  const out = rows.map((row) => {
    const use = rateFor(fx, row.currency, currency, at, flags.fx);
    if (!use) {
      missing.add(row.currency);
      return { currency: row.currency, rates: row.rates };
    }
    if (row.currency !== currency) used.set(`${use.pair} ${use.month} ${use.source}`, use);
    return { currency, rates: mapRates(row.rates, (v) => toPlainString(convert(parseDecimal(v), use))) };
  });
  const rates = [...used.values()].map((u) => ({ pair: u.pair, rate: toPlainString(u.rate), month: u.month, source: u.source, operation: u.divide ? 'divide' : 'multiply' }));
  const lines = rates.map((r) => `  ${r.pair} = ${r.rate} (${r.month}; ${r.operation}) — ${r.source}`);
  const month = new Date(at).toISOString().slice(0, 7);
  for (const from of [...missing].sort()) {
    lines.push(`  no ${from}→${currency} rate for ${month} in the FX table: those rows stay in ${from} (pass --fx ${from}${currency}=RATE, or --fx-file with a row ${month},${from}${currency},RATE)`);
  }
  return { rows: out, json: { currency, rates, unconverted: [...missing].sort() }, footer: `* converted from the row's own currency to ${currency} for display only (the price book is the provider's):\n${lines.join('\n')}\n` };
}

function runShow(io: Io, query: string, flags: ShowFlags): void {
  const catalogue = catalogueOf(flags);
  const view = showView(catalogue, query);
  if (!view) {
    const known = unpricedHint(query);
    if (known) throw new UsageError(`no model, alias or platform id "${query}" in the pricing data, on purpose${hintText(known)}`);
    const near = catalogue.suggest(query);
    const hint = near.length > 0 ? `; did you mean ${near.map((s) => `"${s}"`).join(', ')}?` : '; list known models with `llm-audit pricing list`';
    throw new UsageError(`no model, alias or platform id "${query}" in the pricing data${hint}`);
  }
  io.stdout(flags.format === 'json' ? `${JSON.stringify(view, null, 2)}\n` : renderShow(view));
}

function renderShow(view: ShowView): string {
  const out: string[] = [];
  for (const meaning of view.meanings) {
    out.push(`${view.query} → ${meaning.id} (${meaning.via})`);
    for (const step of meaning.steps) out.push(`  ${step}`);
    for (const t of meaning.targets) out.push(`  means ${t.model}${t.from ? ` from ${t.from}` : ''}${t.until ? ` until ${t.until}` : ''}`);
    out.push('');
  }
  for (const model of view.models) out.push(...renderModel(model), '');
  return `${out.join('\n')}`;
}

function renderModel(m: ModelView): string[] {
  const lines = [`${m.id}${m.name ? ` — ${m.name}` : ''}  [provider ${m.provider}, ${m.file}]`];
  const limits = [m.contextWindow ? `context ${m.contextWindow} tokens` : '', m.maxOutputTokens ? `max output ${m.maxOutputTokens}` : '', m.retired ? `retired ${m.retired}` : ''].filter((s) => s !== '');
  if (limits.length > 0) lines.push(`  ${limits.join(', ')}`);
  if (m.aliases.length > 0) lines.push(`  aliases: ${m.aliases.map((a) => `${a.id}${a.from ? ` from ${a.from}` : ''}${a.until ? ` until ${a.until}` : ''}`).join('; ')}`);
  for (const v of m.versions) {
    const until = v.effectiveUntil ? ` → ${v.effectiveUntil}${v.endsBy === 'history ends' ? ' (price history ends)' : ''}` : ' → (in force)';
    lines.push('', `  ${v.effectiveFrom}${until}   book ${v.region}, ${v.currency} per million tokens${v.introductory ? '   (introductory price)' : ''}`);
    if (v.rates) lines.push(`    ${ratesText(v.rates)}`);
    for (const t of v.tiers ?? []) {
      const limits = [t.inputUpTo === null ? 'input: no limit' : `input ≤ ${t.inputUpTo}`, t.outputUpTo === null ? '' : `output ≤ ${t.outputUpTo}`].filter((s) => s !== '').join(', ');
      lines.push(`    tier ${limits}: ${ratesText(t.rates)}`);
    }
    for (const w of v.windows) {
      const days = w.days ? ` ${w.days.join(',')}` : '';
      const calendar = w.calendar ? ` except public holidays (${w.calendar})${w.makeupWorkdays ? ', make-up working days included' : ''}` : '';
      lines.push(`    window ${w.name} ${w.spans.join(', ')} UTC${days}${calendar}: ${ratesText(w.rates)}`);
    }
    for (const [fee, price] of Object.entries(v.feesPer1k)) lines.push(`    fee ${fee}: ${price} per 1,000 calls`);
    for (const [name, price] of Object.entries(v.serviceTiers)) lines.push(`    service tier ${name}: ${'multiplier' in price ? `× ${price.multiplier} of every rate` : ratesText(price.rates)}`);
    lines.push(`    source: ${v.source}`, `    checked ${v.checked}, confidence ${v.confidence}  (${v.at})`);
    if (v.notes) lines.push(`    notes: ${v.notes}`);
  }
  return lines;
}

function ratesText(r: RatesView): string {
  const parts = [`input ${r.input}`];
  if (r.cacheRead) parts.push(`cache read ${r.cacheRead}`);
  if (r.cacheWrite5m) parts.push(`cache write ${r.cacheWrite5m}`);
  if (r.cacheWrite1h) parts.push(`cache write 1h ${r.cacheWrite1h}`);
  parts.push(`output ${r.output}`);
  if (r.reasoning) parts.push(`reasoning ${r.reasoning}`);
  if (r.outputThinking) parts.push(`output in thinking mode ${r.outputThinking}`);
  if (r.inputAudio) parts.push(`audio input ${r.inputAudio}`);
  if (r.outputAudio) parts.push(`audio output ${r.outputAudio}`);
  if (r.inputImage) parts.push(`image input ${r.inputImage}`);
  return parts.join(', ');
}

function runCheck(io: Io, flags: SourceFlags): number {
  const base = flags.pricingDir ?? DEFAULT_PRICING_DIR;
  const { catalogue, problems } = loadPricing([base], flags.pricing);
  if (isFolder(base)) problems.push(...loadFxResult(base).problems);
  if (problems.length > 0) {
    io.stdout(problems.map((p) => `${p.file}: ${p.path}: ${p.message}\n`).join(''));
    io.stderr(`llm-audit: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the pricing data\n`);
    return 2;
  }
  const models = catalogue?.models ?? [];
  const versions = models.flatMap((m) => m.prices);
  const byConfidence = ['high', 'medium', 'low'].map((c) => `${versions.filter((v) => v.confidence === c).length} ${c}`).join(', ');
  io.stdout(`pricing data OK: ${catalogue?.fileNames.length ?? 0} files, ${models.length} models, ${versions.length} versions (confidence: ${byConfidence})\n`);
  return 0;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Left-aligned text columns, two spaces apart; the last column is not padded. */
function columns(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length))).join('  ').trimEnd() + '\n').join('');
}

// Display-only formatting. Renderers call these; none of them computes a cost.
import { compare, parseDecimal, toFixed } from '../core/money.ts';
import type { GroupKey } from '../core/aggregate.ts';

/** Grouped by day, week, month or block: rows in time order (for renderers, which import no core code). */
export { isTimeDimension } from '../core/aggregate.ts';
import type { CostByCurrency, Report, ReportTokens } from './contract.ts';
import { groupThousands } from '../core/text.ts';

const ONE = parseDecimal('1');
const HUNDRED = parseDecimal('100');

/**
 * An exact amount for reading: the fewer decimals the larger it is, so that a $0.000042 request
 * and a $1,234.56 month are both readable. The exact value is in the JSON and CSV outputs.
 */
export function formatAmount(exact: string): string {
  const value = parseDecimal(exact);
  if (value.coef === 0n) return '0.00';
  const magnitude = value.coef < 0n ? parseDecimal(exact.slice(1)) : value;
  const places = compare(magnitude, HUNDRED) >= 0 ? 2 : compare(magnitude, ONE) >= 0 ? 4 : 6;
  const [whole = '0', frac] = toFixed(value, places).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

export function formatMoney(currency: string, exact: string): string {
  return `${currency} ${formatAmount(exact)}`;
}

/** One line per currency; never an empty string for a priced group. */
export function formatCost(cost: CostByCurrency): string[] {
  return Object.entries(cost).map(([currency, amount]) => formatMoney(currency, amount));
}

export function formatSignedMoney(currency: string, exact: string): string {
  return `${currency} ${exact.startsWith('-') ? '' : '+'}${formatAmount(exact)}`;
}

/** "12 of the skipped rows were copies of requests already counted (…)": said when some were. */
export function copiesLine(copies: number): string {
  return `${formatCount(copies)} of the skipped rows ${copies === 1 ? 'was a copy' : 'were copies'} of requests already counted (resumed or continued sessions, sidechain and subagent replays, forked rollouts): counted once`;
}

export function formatCount(n: number): string {
  return groupThousands(n);
}

/** A count in at most 6 characters, for the compact table when whole counts do not fit: 999,999 → "1.0M", 12,345 → "12.3k". */
export function formatShortCount(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1e4) return groupThousands(n);
  const units: [number, string][] = [
    [1e3, 'k'],
    [1e6, 'M'],
    [1e9, 'B'],
    [1e12, 'T'],
  ];
  for (let i = 0; i < units.length; i++) {
    const [div, unit] = units[i] as [number, string];
    const value = abs / div;
    const text = value >= 99.95 ? value.toFixed(0) : value.toFixed(1);
    // 999,999 is "1.0M", not "1000k".
    if (Number(text) < 1000 || i === units.length - 1) return `${n < 0 ? '-' : ''}${text}${unit}`;
  }
  return groupThousands(n);
}

export function formatPercent(exact: string): string {
  return exact.startsWith('-') ? `${exact}%` : `+${exact}%`;
}

export function formatKey(key: GroupKey): string[] {
  return Object.entries(key).map(([dimension, v]) => (dimension === 'block' ? blockLabel(v ?? '') : (v ?? '')));
}

/** A block key as a table shows it: "2026-01-05T09:00Z" → "2026-01-05 09:00" (the zone is --tz, named in the notes). */
export function blockLabel(key: string): string {
  return key.replace('T', ' ').replace(/(Z|[+-]\d{2}:\d{2})$/, '');
}

export const TOKEN_COLUMNS = [
  ['input', 'Input'],
  ['cacheRead', 'Cache read'],
  ['cacheWrite', 'Cache write'],
  ['output', 'Output'],
  ['reasoning', '(Reasoning)'],
] as const satisfies readonly (readonly [keyof ReportTokens, string])[];

/** The per-call fee lines of a report, in words ("web search: 2 calls, USD 0.02 (in the cost above)"). */
export function feeLines(report: Report): string[] {
  return (report.fees ?? []).map((fee) => {
    const parts = [`web search: ${groupThousands(fee.calls)} ${fee.calls === 1 ? 'call' : 'calls'}`];
    const cost = formatCost(fee.cost);
    if (cost.length > 0) parts.push(`${cost.join(' + ')} (in the cost above)`);
    if (fee.uncharged > 0) parts.push(`${groupThousands(fee.uncharged)} of them on prices with no web-search fee: NOT charged, not in the totals`);
    if (fee.onUnpriced > 0) parts.push(`${groupThousands(fee.onUnpriced)} more on unpriced requests`);
    return parts.join('; ');
  });
}

/**
 * The months a conversion had no rate for, and the flags that supply one: "No exchange rate for
 * USD→CNY in 2026-10, 2026-11: pass --fx USDCNY=RATE, or --fx-file with rows such as 2026-10,USDCNY,RATE".
 */
export function missingRatesNote(conversion: { currency: string; missing: string[] }): string {
  const byCurrency = new Map<string, string[]>();
  for (const item of conversion.missing) {
    const [currency = '', month = ''] = item.split(' ');
    byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), month]);
  }
  const parts = [...byCurrency].map(([currency, months]) => {
    const pair = `${currency}${conversion.currency}`;
    return `No exchange rate for ${currency}→${conversion.currency} in ${months.join(', ')} (n/a, left out of figures marked *): pass --fx ${pair}=RATE, or --fx-file with rows such as ${months[0]},${pair},RATE`;
  });
  return `${parts.join('. ')}.`;
}

/**
 * A share as a percentage with one decimal ("43.0%"), never rounded to 0.0% when the part is not
 * zero nor to 100.0% when it is not the whole ("<0.1%", ">99.9%").
 */
export function formatShare(part: number, whole: number): string {
  if (whole <= 0 || part <= 0) return '0%';
  if (part >= whole) return '100%';
  const tenths = Math.round((part * 1000) / whole);
  if (tenths < 1) return '<0.1%';
  if (tenths > 999) return '>99.9%';
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

/**
 * What the totals leave out, to print beside them: "Not in the total: 86 of 200 requests unpriced
 * (43.0%; their logs carried USD 12.34), 17 rows rejected (malformed)." Undefined when nothing is.
 */
export function leftOutLine(report: Report): string | undefined {
  const unpriced = report.totals.unpriced?.requests ?? report.unpriced.reduce((n, u) => n + u.requests, 0);
  const rejected = report.rows.rejected;
  if (unpriced === 0 && rejected === 0) return undefined;
  const all = report.totals.requests + unpriced;
  const parts: string[] = [];
  if (unpriced > 0) {
    const logged = report.totals.unpriced?.logged;
    const carried = logged ? `; the log carried a cost of ${formatCost(logged.cost).join(' + ')} for ${logged.requests === unpriced ? (unpriced === 1 ? 'it' : 'all of them') : `${formatCount(logged.requests)} of them`}` : '';
    parts.push(`${formatCount(unpriced)} of ${formatCount(all)} ${all === 1 ? 'request' : 'requests'} unpriced (${formatShare(unpriced, all)}${carried})`);
  }
  if (rejected > 0) parts.push(`${formatCount(rejected)} ${rejected === 1 ? 'row' : 'rows'} rejected (malformed)`);
  return `Not in the total: ${parts.join(', ')}.`;
}

/** One CSV record, RFC 4180: cells with a comma, quote or line break are quoted, quotes doubled; CRLF. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')}\r\n`;
}

/**
 * The most groups a table or Markdown report lists (the first by their order: most expensive, or
 * earliest). A report of more (one group per user of a large gateway) lists these, then one line
 * saying how many more there are; the Total row still covers every group, and JSON and CSV list
 * them all.
 */
export const MAX_LISTED_GROUPS = 1000;

/** The "… and N more groups" line, or undefined when every group is listed. */
export function moreGroupsLine(report: Report): string | undefined {
  const more = report.groups.length - MAX_LISTED_GROUPS;
  return more > 0 ? `… and ${formatCount(more)} more ${more === 1 ? 'group' : 'groups'} (in the Total; every group is in --format csv or json)` : undefined;
}

/** Byte sizes as people read them: 25,047 B → 24.5 KB. */
function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** What the report read, in one line (the first 5 paths, then how many more): "Read: logs/ (12 files, 3.1 MB)". */
/** `llm-audit agents`: the agents read (where, how many files) and those not found. */
export function agentsLine(report: Report): string | undefined {
  const agents = report.agents;
  if (agents === undefined) return undefined;
  const found = agents.filter((a) => a.found).map((a) => `${a.name} (${a.paths.join(', ')}: ${groupThousands(a.files)} ${a.files === 1 ? 'file' : 'files'})`);
  const missing = agents.filter((a) => !a.found).map((a) => a.name);
  return `Agents read: ${found.length > 0 ? found.join('; ') : 'none'}${missing.length > 0 ? `. Not found: ${missing.join(', ')}` : ''}`;
}

export function inputsLine(report: Report): string | undefined {
  if (report.agents !== undefined) return agentsLine(report);
  const inputs = report.inputs ?? [];
  if (inputs.length === 0) return undefined;
  const shown = inputs.slice(0, 5).map((i) => {
    if (i.kind === 'stdin') return 'stdin';
    if (i.files === 0) return `${i.path} (${i.kind === 'file' ? 'read once, under another path given' : 'no log files'})`;
    const size = i.bytes === null ? '' : `, ${formatBytes(i.bytes)}`;
    return `${i.path} (${i.kind === 'folder' ? `${groupThousands(i.files)} ${i.files === 1 ? 'file' : 'files'}` : '1 file'}${size}${i.sha256 ? `, sha256 ${i.sha256.slice(0, 12)}…` : ''})`;
  });
  return `Read: ${shown.join('; ')}${inputs.length > 5 ? `; and ${inputs.length - 5} more` : ''}`;
}

// The status line drawn from kept figures at an instant: the block's time left, burn rate and
// projection move with the clock, the sums do not. One line of text for Claude Code, or the same
// facts as JSON for scripts.

import { BLOCK_MS, isActiveBlock } from '../core/blocks.ts';
import { compare, parseDecimal, toFixed, type MoneyBag } from '../core/money.ts';
import { groupThousands } from '../core/text.ts';
import { burnFigures } from '../report/blocks.ts';
import type { ReportBlock } from '../report/contract.ts';
import type { StatusFigures, WindowSums } from './figures.ts';
import type { StatusHook } from './hook.ts';

export interface StatusContext {
  tokens: number | null;
  size: number | null;
  /** Whole percent of the window used, when known. */
  percent: number | null;
}

export interface StatusView {
  now: string;
  timeZone: string;
  model: { id: string | null; name: string | null };
  session: (WindowSums & { id: string; claudeCostUsd: number | null }) | null;
  today: WindowSums & { day: string };
  block:
    | (WindowSums & { start: string; end: string; firstRequest: string; lastRequest: string; remainingMinutes: number } & Pick<ReportBlock, 'burnRate' | 'projection'>)
    | null;
  context: StatusContext | null;
  unpricedModels: string[];
  rejected: number;
  read: { since: string; files: number; of: number };
}

export function statusView(figures: StatusFigures, hook: StatusHook, now: number): StatusView {
  const b = figures.block;
  const active = b !== null && isActiveBlock(b, now, BLOCK_MS);
  let block: StatusView['block'] = null;
  if (b && active) {
    const cost: MoneyBag = new Map(Object.entries(b.cost).map(([c, a]) => [c, parseDecimal(a)]));
    block = {
      ...sumsOf(b),
      start: iso(b.start),
      end: iso(b.end),
      firstRequest: iso(b.firstAt),
      lastRequest: iso(b.lastAt),
      remainingMinutes: Math.floor(Math.max(0, b.end - now) / 60_000),
      ...burnFigures({ active, firstAt: b.firstAt, lastAt: b.lastAt, end: b.end }, { tokens: b.tokens, cost }, now),
    };
  }
  return {
    now: iso(now),
    timeZone: figures.timeZone,
    model: { id: hook.modelId ?? null, name: hook.modelName ?? null },
    session: figures.session && { ...sumsOf(figures.session), id: figures.session.id, claudeCostUsd: hook.claudeCostUsd ?? null },
    today: { day: figures.day, ...sumsOf(figures.today) },
    block,
    context: contextOf(hook, figures),
    unpricedModels: figures.unpricedModels,
    rejected: figures.rejected,
    read: { since: iso(figures.since), files: figures.filesRead, of: figures.filesTotal },
  };
}

function sumsOf(s: WindowSums): WindowSums {
  return { requests: s.requests, tokens: s.tokens, cost: s.cost, unpriced: s.unpriced };
}

/** The hook's own figures first (what Claude Code counts in the window), else the session file's last prompt. */
function contextOf(hook: StatusHook, figures: StatusFigures): StatusContext | null {
  const size = hook.context?.size ?? figures.contextWindow ?? null;
  const tokens = hook.context?.tokens ?? figures.contextTokens ?? null;
  const percent = hook.context?.percent !== undefined ? Math.round(hook.context.percent) : tokens !== null && size ? Math.round((tokens * 100) / size) : null;
  if (tokens === null && percent === null) return null;
  return { tokens, size, percent };
}

export interface LineOptions {
  color: boolean;
}

const paint = (on: boolean, code: number, text: string): string => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/** "Opus 4.5 | session $0.23 | today $1.23 | block $0.45, 2h 45m left, $0.12/h → $0.80 | ctx 25,000 (12%)". */
export function statusLine(view: StatusView, options: LineOptions): string {
  const parts: string[] = [];
  const model = view.model.name ?? view.model.id;
  if (model) parts.push(model);
  if (view.session) parts.push(`session ${windowText(view.session, options)}`);
  parts.push(`today ${windowText(view.today, options)}`);
  if (view.block) {
    const b = view.block;
    let text = `block ${windowText(b, options)}, ${duration(b.remainingMinutes)} left`;
    if (b.burnRate && b.projection) text += `, ${moneyText(b.burnRate.costPerHour)}/h → ${moneyText(b.projection.cost)}`;
    parts.push(text);
  } else parts.push('no active block');
  if (view.context) parts.push(`ctx ${contextText(view.context, options)}`);
  if (view.rejected > 0) parts.push(paint(options.color, 33, `${groupThousands(view.rejected)} unreadable ${view.rejected === 1 ? 'row' : 'rows'}`));
  return parts.join(' | ');
}

function windowText(s: WindowSums, options: LineOptions): string {
  const priced = s.requests > 0 || s.unpriced === 0 ? moneyText(s.cost) : '';
  const unpriced = s.unpriced > 0 ? paint(options.color, 33, `${priced === '' ? '' : ' + '}${groupThousands(s.unpriced)} unpriced`) : '';
  return `${priced}${unpriced}`;
}

function contextText(c: StatusContext, options: LineOptions): string {
  const pct = c.percent === null ? '' : paint(options.color, c.percent < 50 ? 32 : c.percent < 80 ? 33 : 31, `${c.percent}%`);
  if (c.tokens === null) return pct;
  return pct === '' ? groupThousands(c.tokens) : `${groupThousands(c.tokens)} (${pct})`;
}

const CENT = parseDecimal('0.01');

/** "$1.23", "CNY 4.56"; "<$0.01" for a cost under a cent (never a misleading $0.00); "$0.00" when nothing. */
export function moneyText(cost: Record<string, string>): string {
  const entries = Object.entries(cost);
  if (entries.length === 0) return '$0.00';
  return entries
    .map(([currency, exact]) => {
      const value = parseDecimal(exact);
      const small = value.coef > 0n && compare(value, CENT) < 0;
      const amount = small ? '0.01' : toFixed(value, 2);
      return `${small ? '<' : ''}${currency === 'USD' ? `$${amount}` : `${currency} ${amount}`}`;
    })
    .join(' + ');
}

/** "2h 45m", "45m". */
function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h}h ${m}m` : `${m}m`;
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

// The status line's figures: this session, today, and the 5-hour block that may be running, from
// one run of the ordinary audit (grouped by session, day and block) over the files modified since
// the window's start (window.ts). The figures are plain data, so that they can be kept between
// runs (state.ts) and the line drawn again at a later instant without reading anything.

import { accessSync, constants } from 'node:fs';
import { audit } from '../audit/index.ts';
import { add, bagToRecord, parseDecimal, type MoneyBag } from '../core/money.ts';
import { BLOCK_MS } from '../core/blocks.ts';
import { calendarFor, startOfDayBefore } from '../core/calendar.ts';
import type { Source } from '../ingest/read/walk.ts';
import type { Catalogue } from '../pricing/catalog.ts';
import { blockTokens } from '../report/blocks.ts';
import type { Report } from '../report/contract.ts';
import { lastPromptTokens } from './context.ts';
import { firstSince, lastBlockCertain } from './window.ts';

/** Priced and unpriced requests of one window, and the priced ones' tokens (ccusage's total) and cost. */
export interface WindowSums {
  requests: number;
  tokens: number;
  /** Exact decimal strings by currency. */
  cost: Record<string, string>;
  unpriced: number;
}

export interface StatusFigures {
  /** The instant the figures were made at (epoch ms). */
  madeAt: number;
  timeZone: string;
  /** Today in timeZone (YYYY-MM-DD), at madeAt, and when it ends (epoch ms). */
  day: string;
  dayEnd: number;
  session: (WindowSums & { id: string }) | null;
  today: WindowSums;
  /** The last block, when it may still be running (its last request less than 5 h before madeAt). */
  block: (WindowSums & { start: number; end: number; firstAt: number; lastAt: number }) | null;
  /** Models of the unpriced requests read (at most 5). */
  unpricedModels: string[];
  /** Rows that could not be read (rejected) in the files read, and files that could not be opened. */
  rejected: number;
  /** The session file's last prompt (context.ts), for a hook that does not say what the context holds. */
  contextTokens: number | null;
  /** The hook's model's context window in the pricing data, for a hook that does not say. */
  contextWindow: number | null;
  /** Requests since the window's start, files read and files in the history. */
  since: number;
  filesRead: number;
  filesTotal: number;
}

export interface FiguresInput {
  /** Every log file of the history, in path order (resolveSources), with its modification time. */
  sources: readonly Source[];
  sessionId?: string;
  /** When the session began (window.ts sessionStartOf). */
  sessionStart?: number;
  /** The session file (hook transcript_path). */
  transcript?: string;
  modelId?: string;
  now: number;
  timeZone: string;
  catalogue: Catalogue;
  cacheDir?: string;
}

const DIMENSIONS = ['session', 'day', 'block'] as const;

export async function makeFigures(input: FiguresInput): Promise<StatusFigures> {
  const { sources, now, timeZone } = input;
  let oldest = Number.POSITIVE_INFINITY;
  for (const s of sources) oldest = Math.min(oldest, s.mtimeMs ?? Number.NEGATIVE_INFINITY);
  let since = firstSince(now, timeZone, input.sessionStart);
  for (;;) {
    const chosen = sources.filter((s) => s.unreadable !== undefined || (s.mtimeMs ?? Number.POSITIVE_INFINITY) >= since);
    // The quick entry lists files without checking read permission (walk.ts Check): checked here, for the files read.
    const readable = chosen.filter((s) => s.unreadable === undefined && s.path !== undefined && canRead(s.path));
    const report = readable.length === 0 ? undefined : await auditFiles(readable, since, input);
    const spans = (report?.blocks?.list ?? []).map((b) => ({ firstAt: Date.parse(b.firstRequest), lastAt: Date.parse(b.lastRequest) }));
    // Every file read: nothing older can change the blocks.
    if (chosen.length === sources.length || since <= oldest || lastBlockCertain(spans, since, now, BLOCK_MS)) {
      return figuresOf(report, input, since, chosen.length - readable.length, readable.length);
    }
    // Requests all along the window: look twice as far back.
    since = now - 2 * (now - since);
  }
}

function canRead(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

async function auditFiles(files: readonly Source[], since: number, input: FiguresInput): Promise<Report> {
  return audit({
    paths: files.map((s) => s.path as string),
    catalogue: input.catalogue,
    groupBy: [...DIMENSIONS],
    compare: [],
    since: { at: since, text: new Date(since).toISOString() },
    timeZone: input.timeZone,
    now: input.now,
    problemLimit: 0,
    // A status line reads a day or two of files, mostly from the cache: worker threads would cost more to start than they save.
    threads: 1,
    ...(input.cacheDir !== undefined && { cacheDir: input.cacheDir }),
  });
}

function figuresOf(report: Report | undefined, input: FiguresInput, since: number, unreadable: number, filesRead: number): StatusFigures {
  const day = calendarFor(input.timeZone).day(input.now);
  const session = input.sessionId === undefined ? undefined : input.sessionId;
  const groups = report?.groups ?? [];
  const unpriced = report?.unpricedGroups ?? [];
  const last = report?.blocks?.list.at(-1);
  const lastAt = last === undefined ? Number.NaN : Date.parse(last.lastRequest);
  const block = last !== undefined && input.now - lastAt < BLOCK_MS ? last : undefined;
  const sums = (keep: (key: Record<string, string>) => boolean): WindowSums => {
    let requests = 0;
    let tokens = 0;
    const cost: MoneyBag = new Map();
    for (const g of groups) {
      if (!keep(g.key)) continue;
      requests += g.requests;
      tokens += blockTokens(g.tokens);
      for (const [currency, amount] of Object.entries(g.cost)) cost.set(currency, add(cost.get(currency) ?? parseDecimal('0'), parseDecimal(amount)));
    }
    let unpricedRequests = 0;
    for (const g of unpriced) if (keep(g.key)) unpricedRequests += g.requests;
    return { requests, tokens, cost: bagToRecord(cost), unpriced: unpricedRequests };
  };
  return {
    madeAt: input.now,
    timeZone: input.timeZone,
    day,
    dayEnd: startOfDayBefore(input.now, -1, input.timeZone),
    session: session === undefined ? null : { id: session, ...sums((k) => k.session === session) },
    today: sums((k) => k.day === day),
    block: block
      ? { start: Date.parse(block.start), end: Date.parse(block.end), firstAt: Date.parse(block.firstRequest), lastAt, ...sums((k) => k.block === block.key) }
      : null,
    unpricedModels: (report?.unpriced ?? []).slice(0, 5).map((u) => u.model),
    rejected: (report?.rows.rejected ?? 0) + unreadable,
    contextTokens: input.transcript === undefined ? null : (lastPromptTokens(input.transcript) ?? null),
    contextWindow: (input.modelId && input.catalogue.resolveModel(input.modelId, input.now)?.model.contextWindow) || null,
    since,
    filesRead,
    filesTotal: input.sources.length,
  };
}

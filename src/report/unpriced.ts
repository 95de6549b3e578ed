// The unpriced requests by --group-by key, and their totals: what a report's figures leave out,
// with the tokens and the cost the log itself carried, so an export shows them instead of
// dropping them. Pure: no IO, no clock.
import { isTimeDimension, type GroupDimension, type UnpricedGroupTotals, type UnpricedLine } from '../core/aggregate.ts';
import { add, bagToRecord, type MoneyBag, toPlainString, ZERO } from '../core/money.ts';
import { compareText } from '../core/text.ts';
import { addBuckets, emptyBuckets } from '../core/types.ts';
import type { ReportTokens, ReportUnpricedGroup, ReportUnpricedLine, ReportUnpricedLogged, ReportUnpricedTotals } from './contract.ts';
import { reportTokens } from './build.ts';

function sortedLines(lines: Map<string, UnpricedLine>): [string, UnpricedLine][] {
  // Logged currencies by name, then the requests that logged none.
  return [...lines].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : compareText(a, b)));
}

function reportLine(currency: string, line: UnpricedLine, shared?: ReportTokens): ReportUnpricedLine {
  return { currency: currency === '' ? null : currency, requests: line.requests, tokens: shared ?? reportTokens(line.tokens), loggedCost: currency === '' ? null : toPlainString(line.logged) };
}

function logged(lines: Iterable<[string, UnpricedLine]>): ReportUnpricedLogged | null {
  const cost: MoneyBag = new Map();
  let requests = 0;
  for (const [currency, line] of lines) {
    if (currency === '') continue;
    requests += line.requests;
    cost.set(currency, add(cost.get(currency) ?? ZERO, line.logged));
  }
  return requests > 0 ? { requests, cost: bagToRecord(cost) } : null;
}

/**
 * The report's unpriced groups and their totals, in one pass over the ledger's groups (each can be
 * freed once read). Ordered like the priced groups: by time when grouped by day or month, else most
 * requests first (there is no cost to order by); ties by key.
 */
export function buildUnpriced(source: Iterable<UnpricedGroupTotals>, dimensions: readonly GroupDimension[]): { groups: ReportUnpricedGroup[]; totals: ReportUnpricedTotals } {
  const groups: ReportUnpricedGroup[] = [];
  const all = new Map<string, UnpricedLine>();
  let firstAt = Infinity;
  let lastAt = -Infinity;
  for (const g of source) {
    const lines = sortedLines(g.lines);
    const tokens = emptyBuckets();
    let requests = 0;
    for (const [currency, line] of lines) {
      requests += line.requests;
      addBuckets(tokens, line.tokens);
      const into = all.get(currency) ?? { rows: 0, requests: 0, tokens: emptyBuckets(), logged: ZERO };
      into.rows += line.rows;
      into.requests += line.requests;
      addBuckets(into.tokens, line.tokens);
      into.logged = add(into.logged, line.logged);
      all.set(currency, into);
    }
    if (g.firstAt < firstAt) firstAt = g.firstAt;
    if (g.lastAt > lastAt) lastAt = g.lastAt;
    const from = new Date(g.firstAt).toISOString();
    const groupTokens = reportTokens(tokens);
    groups.push({
      key: g.key,
      period: { from, to: g.lastAt === g.firstAt ? from : new Date(g.lastAt).toISOString() },
      requests,
      tokens: groupTokens,
      logged: logged(lines),
      // One line (nearly always): it shares the group's tokens object.
      byCurrency: lines.map(([currency, line]) => reportLine(currency, line, lines.length === 1 ? groupTokens : undefined)),
    });
  }
  const timeOrdered = dimensions.some(isTimeDimension);
  const byKey = (a: ReportUnpricedGroup, b: ReportUnpricedGroup): number => {
    for (const d of dimensions) {
      const order = compareText(a.key[d] ?? '', b.key[d] ?? '');
      if (order !== 0) return order;
    }
    return 0;
  };
  groups.sort((a, b) => (timeOrdered ? 0 : b.requests - a.requests) || byKey(a, b));
  const lines = sortedLines(all);
  const tokens = emptyBuckets();
  let requests = 0;
  for (const [, line] of lines) {
    requests += line.requests;
    addBuckets(tokens, line.tokens);
  }
  return {
    groups,
    totals: {
      period: groups.length > 0 ? { from: new Date(firstAt).toISOString(), to: new Date(lastAt).toISOString() } : null,
      requests,
      tokens: reportTokens(tokens),
      logged: logged(lines),
      byCurrency: lines.map(([currency, line]) => reportLine(currency, line)),
    },
  };
}

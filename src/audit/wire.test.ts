import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { GroupLedger, type GroupTotals } from '../core/aggregate.ts';
import { emptyBuckets, type TokenBuckets, type UsageRecord } from '../core/types.ts';
import { isPriced, type PricePoint } from '../pricing/catalog.ts';
import { loadCatalogue } from '../pricing/load.ts';
import { createTokenCounter } from '../tokens/index.ts';
import { AuditRun } from './run.ts';
import { absorb, absorbGroups, groupsOut, toWire } from './wire.ts';

const catalogue = loadCatalogue(['fixtures/pricing/frozen']);
const at = (day: number) => Date.UTC(2025, 8, 1 + day, 12);

function point(model: string): PricePoint {
  const p = catalogue.price(model, at(0), { tokens: emptyBuckets(), requestTime: at(0) });
  if (!isPriced(p)) throw new Error(`no price for ${model}`);
  return p;
}

function record(user: string, team: string, day: number, tokens: Partial<TokenBuckets>, logged?: string): UsageRecord {
  return {
    where: { file: 'x', line: 1 },
    format: 'generic',
    model: 'm',
    timestamp: at(day),
    timeSource: 'logged',
    tokens: { ...emptyBuckets(), ...tokens },
    usageSource: 'logged',
    requests: 1,
    tags: { user, team },
    ...(logged ? { loggedCost: { amount: logged, currency: 'USD' } } : {}),
  };
}

/** A ledger's groups as plain data, in order, for comparing ledgers. */
function plain(ledger: GroupLedger): unknown[] {
  return ledger.all().map((g: GroupTotals) => ({
    key: g.key,
    rows: g.rows,
    requests: g.requests,
    tokens: { ...g.tokens },
    firstAt: g.firstAt,
    lastAt: g.lastAt,
    buckets: [...g.buckets.all()].map((b) => [b.point.ref, b.month, b.requests, { ...b.tokens }]),
    logged: g.logged && { cost: [...g.logged.cost].map(([c, a]) => [c, a.coef.toString(), a.scale]), requests: g.logged.requests, recomputed: [...g.logged.recomputed.all()].map((b) => [b.point.ref, b.month, { ...b.tokens }]) },
  }));
}

describe('groups on the wire (flat arrays)', () => {
  it('a worker ledger sent and absorbed gives the ledger that absorbing its objects gives', () => {
    const options = { dimensions: ['tag:user', 'tag:team'] as const, trackMonths: true };
    const [a, b] = [point('gpt-4o'), point('gpt-5')];
    const fill = (ledger: GroupLedger, offset: number) => {
      ledger.add(record('u1', 't', 0 + offset, { input: 10, output: 2 }), a);
      ledger.add(record('u1', 't', 40 + offset, { input: 5, cacheRead: 3 }), a); // another month
      ledger.add(record('u1', 't', 1, { input: 7, reasoning: 1, output: 4 }, '0.25'), b); // another point, logged
      ledger.add(record('u2', '', 2 + offset, { input: 2 ** 40, output: 2 ** 33, webSearch: 3 }), a); // beyond 32 bits
      ledger.add(record(`only-${offset}`, 'x|y', 3, { cacheWrite5m: 9, cacheWrite1h: 1, inputAudio: 2, inputImage: 1, outputAudio: 5 }, '0.0000001'), b);
    };
    const worker = new GroupLedger(options);
    fill(worker, 0);
    const viaObjects = new GroupLedger(options);
    fill(viaObjects, 1);
    const viaWire = new GroupLedger(options);
    fill(viaWire, 1);
    const wire = deserialize(serialize(groupsOut(worker)));
    absorbGroups(viaWire, wire, catalogue);
    // The reference: the worker's group objects absorbed as they are (the old wire sent them so).
    for (const g of worker.all()) viaObjects.absorb(g);
    expect(plain(viaWire)).toEqual(plain(viaObjects));
    expect(viaWire.all()).toHaveLength(4);
    // Into an empty ledger: the very groups that were sent, their tokens shared with their buckets.
    const sent = new GroupLedger(options);
    fill(sent, 0);
    const fresh = new GroupLedger(options);
    absorbGroups(fresh, deserialize(serialize(groupsOut(sent))), catalogue);
    expect(plain(fresh)).toEqual(plain(sent));
    for (const g of fresh.all()) expect(g.tokens).toBe(g.buckets.tokens);
    expect(groupsOut(sent).buckets).toBeInstanceOf(Float64Array); // 2^40 tokens
  });

  it('sends counts that fit in 32 bits as 32-bit numbers, and reads them back the same', () => {
    const small = new GroupLedger({ dimensions: ['tag:user'] });
    small.add(record('u1', 't', 0, { input: 0xffffffff, output: 3 }), point('gpt-4o'));
    small.add(record('u2', 't', 0, { input: 1 }, '0.5'), point('gpt-5'));
    const wire = groupsOut(small);
    expect(wire.buckets).toBeInstanceOf(Uint32Array);
    const back = new GroupLedger({ dimensions: ['tag:user'] });
    absorbGroups(back, deserialize(serialize(wire)), catalogue);
    expect(plain(back)).toEqual(plain(small));
  });
});

describe('what-if on the wire', () => {
  it('carries the "does not fit" tallies: a run shared between two threads gives the one-thread what-if', () => {
    const fit = loadCatalogue(['fixtures/pricing/fit']);
    const options = { groupBy: ['model' as const], compare: ['acme-small-128k', 'acme-mid'], problemLimit: 10, trackMonths: false };
    const rows: Partial<TokenBuckets>[] = [{ input: 300_000, output: 500 }, { input: 1000, output: 200 }, { input: 2000, output: 20_000 }, { input: 500_000 }, { input: 10 }];
    const feed = (target: AuditRun, which: (i: number) => boolean) =>
      rows.forEach((tokens, i) => {
        if (which(i)) target.consume({ kind: 'record', record: { ...record('u', 't', i % 3, tokens), model: 'acme-big', tags: {} } });
      });
    const counter = createTokenCounter();
    const one = new AuditRun(options, fit, counter);
    feed(one, () => true);
    const main = new AuditRun(options, fit, counter);
    const worker = new AuditRun(options, fit, counter);
    feed(main, (i) => i % 2 === 0);
    feed(worker, (i) => i % 2 === 1);
    absorb(main, deserialize(serialize(toWire(worker))), fit);
    counter.dispose();
    const view = (r: AuditRun) => r.whatIf.all().map((w) => ({ model: w.model, rows: w.rows, requests: w.requests, cost: [...w.target.cost()].map(([c, a]) => [c, a.coef.toString(), a.scale]), dnf: [w.doesNotFit?.rows, w.doesNotFit?.requests, w.doesNotFit?.reasons()] }));
    expect(view(main)).toEqual(view(one));
    expect(view(one).map((w) => w.dnf)).toEqual([
      [3, 3, ['prompt 500,000 tokens > context window 128,000 (2 requests, the largest shown)', 'output 20,000 tokens > max output 16,384 (1 request)']],
      [1, 1, ['prompt 500,000 tokens > context window 400,000 (1 request)']],
    ]);
  });
});

// The what-if of each group (--compare targets) and the swap scenarios (--swap, --scenario), per
// group and in total. A scenario's total is the sum of its groups' figures, so groups add up to it
// to the last digit in every currency. Pure: no IO, no clock.
import { PriceBuckets, type GroupTotals } from '../core/aggregate.ts';
import type { WhatIfCell } from '../core/group-whatif.ts';
import { add, bagToRecord, mergeBags, percentOf, sub, toPlainString, ZERO, type MoneyBag } from '../core/money.ts';
import type { ScenarioSpec } from '../core/scenario.ts';
import type { WhatIfTotals } from '../core/whatif.ts';
import type { ReportScenario, ReportScenarioFigures, ReportWhatIf } from './contract.ts';
import type { Converter } from './convert.ts';

/** What the run kept for the per-group what-if and the scenarios (audit/index.ts). */
export interface WhatIfSource {
  compare: readonly string[];
  scenarios: readonly ScenarioSpec[];
  /** A group's cells, one per column (the --compare targets, then the scenarios); read once per group. */
  cellsOf(group: GroupTotals): (WhatIfCell | undefined)[];
  /** Per scenario, in order: the run's totals of the rows its rules matched. */
  scenarioTotals: WhatIfTotals[];
  /** Rows each rule matched, per scenario. */
  matched: number[][];
}

type BuildWhatIf = (entry: WhatIfTotals, converter: Converter | undefined) => ReportWhatIf;

interface Sums {
  requests: { swapped: number; notSwapped: number; notRepriced: number };
  rows: { swapped: number; notSwapped: number; notRepriced: number };
  swappedCost: MoneyBag;
  swappedActual: MoneyBag;
}

const NO_REASONS: string[] = [];

/** Builds each group's what-if as the groups are read, and the scenarios' totals from them. */
export class WhatIfBuilder {
  private readonly source: WhatIfSource;
  private readonly converter: Converter | undefined;
  private readonly buildWhatIf: BuildWhatIf;
  private readonly sums: Sums[];

  constructor(source: WhatIfSource, converter: Converter | undefined, buildWhatIf: BuildWhatIf) {
    this.source = source;
    this.converter = converter;
    this.buildWhatIf = buildWhatIf;
    this.sums = source.scenarios.map(() => ({ requests: { swapped: 0, notSwapped: 0, notRepriced: 0 }, rows: { swapped: 0, notSwapped: 0, notRepriced: 0 }, swappedCost: new Map(), swappedActual: new Map() }));
  }

  /** The group's `whatIf` and `scenarios` fields (each only when there are targets, or scenarios). */
  group(group: GroupTotals, cost: MoneyBag): { whatIf?: ReportWhatIf[]; scenarios?: ReportScenarioFigures[] } {
    const { compare, scenarios } = this.source;
    const cells = this.source.cellsOf(group);
    const out: { whatIf?: ReportWhatIf[]; scenarios?: ReportScenarioFigures[] } = {};
    if (compare.length > 0) out.whatIf = compare.map((model, c) => this.buildWhatIf({ model, ...(cells[c] ?? emptyCell()) }, this.converter));
    if (scenarios.length > 0) {
      out.scenarios = scenarios.map((spec, s) => {
        const cell = cells[compare.length + s];
        const sums = this.sums[s] as Sums;
        const figures = scenarioFigures(spec.name, cell, group.rows, group.requests, cost, NO_REASONS, this.converter && convertedScenario(this.converter, group.buckets, cell?.target, cell?.actual));
        sums.requests.swapped += figures.requests.swapped;
        sums.requests.notSwapped += figures.requests.notSwapped;
        sums.requests.notRepriced += figures.requests.notRepriced;
        sums.rows.swapped += figures.rows.swapped;
        sums.rows.notSwapped += figures.rows.notSwapped;
        sums.rows.notRepriced += figures.rows.notRepriced;
        if (cell) {
          mergeBags(sums.swappedCost, cell.target.cost());
          mergeBags(sums.swappedActual, cell.actual.cost());
        }
        // Reasons are kept per scenario in total only: a reason per group would repeat it in thousands of groups.
        return figures;
      });
    }
    return out;
  }

  /** Each scenario over the whole traffic: the sums of its groups' figures; `actual` is the report's total cost. */
  scenarios(actual: MoneyBag, allBuckets: PriceBuckets): ReportScenario[] {
    return this.source.scenarios.map((spec, s) => {
      const sums = this.sums[s] as Sums;
      const totals = this.source.scenarioTotals[s];
      const rows = sums.rows.swapped + sums.rows.notSwapped + sums.rows.notRepriced;
      const requests = sums.requests.swapped + sums.requests.notSwapped + sums.requests.notRepriced;
      const reasons = [...(totals?.notPriced.reasons ?? [])].sort();
      const converted = this.converter ? convertedScenario(this.converter, allBuckets, totals?.target, totals?.actual) : undefined;
      const figures = figuresOf(spec.name, sums, rows, requests, actual, reasons, converted);
      const matched = this.source.matched[s] ?? [];
      return { ...figures, rules: spec.rules.map((r, i) => ({ pattern: r.pattern, target: r.target, rows: matched[i] ?? 0 })) };
    });
  }
}

function emptyCell(): WhatIfCell {
  // A target sees every priced request of a group, so a cell is empty only in a group that has none.
  return { rows: 0, requests: 0, target: new PriceBuckets(), actual: new PriceBuckets(), notPriced: { rows: 0, requests: 0, reasons: new Set() } };
}

/** One group's figures for a scenario: its cell holds the matched rows (repriced, or not repriced). */
function scenarioFigures(name: string, cell: WhatIfCell | undefined, rows: number, requests: number, actual: MoneyBag, reasons: string[], converted: ReportScenarioFigures['converted'] | undefined): ReportScenarioFigures {
  const sums: Sums = {
    requests: { swapped: cell?.requests ?? 0, notSwapped: 0, notRepriced: cell?.notPriced.requests ?? 0 },
    rows: { swapped: cell?.rows ?? 0, notSwapped: 0, notRepriced: cell?.notPriced.rows ?? 0 },
    swappedCost: cell ? cell.target.cost() : new Map(),
    swappedActual: cell ? cell.actual.cost() : new Map(),
  };
  return figuresOf(name, sums, rows, requests, actual, reasons, converted);
}

function figuresOf(name: string, sums: Sums, rows: number, requests: number, actual: MoneyBag, reasons: string[], converted: ReportScenarioFigures['converted'] | undefined): ReportScenarioFigures {
  const cost: MoneyBag = new Map(actual);
  for (const [currency, amount] of sums.swappedActual) cost.set(currency, sub(cost.get(currency) ?? ZERO, amount));
  for (const [currency, amount] of sums.swappedCost) cost.set(currency, add(cost.get(currency) ?? ZERO, amount));
  const delta: MoneyBag = new Map();
  for (const currency of [...cost.keys()].sort()) delta.set(currency, sub(cost.get(currency) ?? ZERO, actual.get(currency) ?? ZERO));
  const [only] = actual.keys();
  const oneCurrency = only !== undefined && actual.size === 1 && cost.size === 1 && cost.has(only);
  return {
    name,
    requests: { swapped: sums.requests.swapped, notSwapped: requests - sums.requests.swapped - sums.requests.notRepriced, notRepriced: sums.requests.notRepriced },
    rows: { swapped: sums.rows.swapped, notSwapped: rows - sums.rows.swapped - sums.rows.notRepriced, notRepriced: sums.rows.notRepriced },
    cost: bagToRecord(sorted(cost)),
    actualCost: bagToRecord(actual),
    delta: bagToRecord(delta),
    deltaPercent: oneCurrency ? percentOf(delta.get(only) ?? ZERO, actual.get(only) ?? ZERO) : null,
    swapped: { cost: bagToRecord(sums.swappedCost), actualCost: bagToRecord(sums.swappedActual) },
    notRepriced: { reasons },
    converted: converted ?? null,
  };
}

function sorted(bag: MoneyBag): MoneyBag {
  return new Map([...bag].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Whole traffic, converted: its actual cost, and that less the swapped requests' actual cost plus their cost on the targets. */
function convertedScenario(converter: Converter, all: PriceBuckets, target: PriceBuckets | undefined, actual: PriceBuckets | undefined): ReportScenarioFigures['converted'] {
  const whole = converter.amount(all);
  const t = target ? converter.amount(target) : { amount: ZERO, complete: true };
  const a = actual ? converter.amount(actual) : { amount: ZERO, complete: true };
  const delta = sub(t.amount, a.amount);
  return {
    currency: converter.request.currency,
    cost: toPlainString(add(whole.amount, delta)),
    actualCost: toPlainString(whole.amount),
    delta: toPlainString(delta),
    deltaPercent: percentOf(delta, whole.amount),
    complete: whole.complete && t.complete && a.complete,
  };
}

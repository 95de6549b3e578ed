// The running totals of swap scenarios: per scenario, the rows its rules matched, repriced on the
// rule's target (or not repriced, when the target has no price at the row's date), in the same
// WhatIfTotals a --compare target has; per rule, how many rows it matched (a rule that matched none
// is reported); and per group, the same cells in the GroupWhatIfLedger, after the --compare columns.
import type { NoPrice, PricePoint } from '../pricing/catalog.ts';
import { fitted } from './fit.ts';
import type { GroupWhatIfLedger } from './group-whatif.ts';
import { ScenarioMatcher, type ScenarioSpec } from './scenario.ts';
import type { TokenBuckets, UsageRecord } from './types.ts';
import { WhatIfLedger, type TargetTokenMethod, type WhatIfTotals } from './whatif.ts';

export class ScenarioLedger {
  readonly specs: readonly ScenarioSpec[];
  private readonly matchers: ScenarioMatcher[];
  /** Per scenario (keyed by its name): only the rows its rules matched. */
  readonly totals: WhatIfLedger;
  /** Rows each rule matched (first match wins), per scenario. */
  readonly matched: number[][];
  private readonly groups: GroupWhatIfLedger | undefined;
  /** The column of the first scenario in `groups` (the --compare targets come first). */
  private readonly firstColumn: number;

  constructor(specs: readonly ScenarioSpec[], groups?: GroupWhatIfLedger, firstColumn = 0) {
    this.specs = specs;
    this.matchers = specs.map((s) => new ScenarioMatcher(s));
    this.totals = new WhatIfLedger(specs.map((s) => s.name));
    this.matched = specs.map((s) => s.rules.map(() => 0));
    this.groups = groups;
    this.firstColumn = firstColumn;
  }

  /**
   * A priced record of group `group` (GroupLedger index): repriced under every scenario that has a
   * rule for it. `onTarget`: the row's price on a target, with the tokens it has there and how they
   * were counted. A row too large for the target stays on its model (not repriced, with the reason).
   */
  add(group: number, record: UsageRecord, actual: PricePoint, month: string, onTarget: (target: string) => { repriced: PricePoint | NoPrice; tokens: TokenBuckets; method: TargetTokenMethod }): void {
    for (let s = 0; s < this.matchers.length; s++) {
      const matcher = this.matchers[s] as ScenarioMatcher;
      const rule = matcher.match(record.model, actual.model.id);
      if (rule < 0) continue;
      const counts = this.matched[s] as number[];
      counts[rule] = (counts[rule] as number) + 1;
      const { repriced, tokens, method } = onTarget((matcher.spec.rules[rule] as { target: string }).target);
      this.totals.add(matcher.spec.name, record, actual, repriced, month, tokens, method);
      this.groups?.add(group, this.firstColumn + s, record, actual, fitted(repriced, tokens, record.requests), month, tokens);
    }
  }

  /** Adds another thread's totals and rule counts (its group cells travel with the GroupWhatIfLedger). */
  absorb(totals: WhatIfTotals[], matched: number[][]): void {
    for (const t of totals) this.totals.absorb(t);
    matched.forEach((counts, s) => counts.forEach((n, r) => {
      const into = this.matched[s];
      if (into && into[r] !== undefined) into[r] += n;
    }));
  }

  /** "--swap: the pattern "x*" matched no row": one sentence per rule that matched nothing. */
  unmatched(): string[] {
    const out: string[] = [];
    this.specs.forEach((spec, s) => spec.rules.forEach((rule, r) => {
      if ((this.matched[s]?.[r] ?? 0) === 0) out.push(`scenario "${spec.name}": the pattern "${rule.pattern}" (→ ${rule.target}) matched no priced row, so it changed nothing; check the model ids in the report's groups (--group-by model)`);
    }));
    return out;
  }
}

// Swap scenarios (--swap, --scenario): named lists of `PATTERN=TARGET` rules. A row whose model
// matches a rule is repriced on that rule's target; every other row keeps its actual cost. Pure:
// parsing throws UsageError with the option's name; matching is a cached loop over the rules.
import { UsageError } from '../errors.ts';

/** One rule as plain data (it crosses to worker threads as is). */
export interface SwapRule {
  /** A model id, `*` matching any run of characters (nothing else is special). */
  pattern: string;
  /** The catalogue model id the matching traffic is repriced on. */
  target: string;
}

/** A named list of rules, first match wins. `--swap RULES` is the scenario named "swap". */
export interface ScenarioSpec {
  name: string;
  rules: SwapRule[];
}

/** The name of the scenario `--swap` gives. */
export const SWAP_SCENARIO = 'swap';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Characters a pattern may hold: those of model ids (provider prefixes, snapshots, versions), and `*`. */
const PATTERN = /^[A-Za-z0-9._:/@+*-]+$/;
const TARGET = /^[A-Za-z0-9._:/@+-]+$/;
const EXAMPLE = "for example 'claude-sonnet-4-5*=gpt-5,deepseek-reasoner=qwen3-max'";

/** "PATTERN=TARGET,PATTERN=TARGET" → rules, in order. Throws a UsageError naming `option` and the bad part. */
export function parseSwapRules(option: string, text: string): SwapRule[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.every((p) => p === '')) throw new UsageError(`${option}: no swap rule; give PATTERN=TARGET pairs, ${EXAMPLE}`);
  const rules: SwapRule[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new UsageError(`${option}: "${part}" is not PATTERN=TARGET (no "="); ${EXAMPLE}`);
    const pattern = part.slice(0, eq).trim();
    const target = part.slice(eq + 1).trim();
    if (pattern === '' || !PATTERN.test(pattern)) throw new UsageError(`${option}: "${part}": the pattern "${pattern}" must be a model id, with * matching any characters; ${EXAMPLE}`);
    if (target === '' || !TARGET.test(target)) throw new UsageError(`${option}: "${part}": the target "${target}" must be one model id (no *, no "="); ${EXAMPLE}`);
    if (rules.some((r) => r.pattern === pattern)) throw new UsageError(`${option}: the pattern "${pattern}" is given twice; the first rule that matches a row wins, so the second would never apply`);
    rules.push({ pattern, target });
  }
  return rules;
}

/** "NAME=PATTERN=TARGET,…" (--scenario) → a scenario. */
export function parseScenario(option: string, text: string): ScenarioSpec {
  const eq = text.indexOf('=');
  const name = eq < 0 ? '' : text.slice(0, eq).trim();
  if (eq < 0 || !NAME.test(name)) {
    throw new UsageError(`${option}: "${text}" is not NAME=SWAPS; name the scenario (letters, digits, . _ -), then its rules: --scenario 'cheap=claude-sonnet-4-5*=gpt-5,deepseek-reasoner=qwen3-max'`);
  }
  return { name, rules: parseSwapRules(`${option} ${name}`, text.slice(eq + 1)) };
}

/** The scenarios of --swap and --scenario, names unique. */
export function collectScenarios(swap: SwapRule[] | undefined, scenarios: readonly ScenarioSpec[]): ScenarioSpec[] {
  const all = [...(swap ? [{ name: SWAP_SCENARIO, rules: swap }] : []), ...scenarios];
  const seen = new Set<string>();
  for (const s of all) {
    if (seen.has(s.name)) {
      const hint = s.name === SWAP_SCENARIO ? ' (--swap is the scenario named "swap")' : '';
      throw new UsageError(`--scenario: two scenarios are named "${s.name}"${hint}; give each its own name`);
    }
    seen.add(s.name);
  }
  return all;
}

/** A pattern as an anchored regular expression: `*` is any run of characters, everything else literal. */
export function patternRegex(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/** Distinct (logged id, resolved id) pairs cached per scenario before the cache is cleared: a log may hold a million ids. */
const MAX_CACHED = 10_000;

/**
 * Finds the rule of a scenario that a row matches: the first whose pattern matches the logged
 * model id or the catalogue model it resolved to (an alias, a snapshot, a routing prefix).
 */
export class ScenarioMatcher {
  readonly spec: ScenarioSpec;
  private readonly regexes: RegExp[];
  private readonly cache = new Map<string, number>();

  constructor(spec: ScenarioSpec) {
    this.spec = spec;
    this.regexes = spec.rules.map((r) => patternRegex(r.pattern));
  }

  /** The index of the first matching rule, or -1 when none matches (the row keeps its actual cost). */
  match(logged: string, resolved: string): number {
    const key = logged === resolved ? logged : `${logged}\u0000${resolved}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const found = this.regexes.findIndex((re) => re.test(logged) || re.test(resolved));
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(key, found);
    return found;
  }
}

/** The rules as text, as given: "claude-sonnet-4-5*=gpt-5, deepseek-reasoner=qwen3-max". */
export function rulesText(rules: readonly SwapRule[]): string {
  return rules.map((r) => `${r.pattern}=${r.target}`).join(', ');
}

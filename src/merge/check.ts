// Which reports can be merged: made by the same build, with the same options and the same pricing
// data, so that their inputs priced together would have given the very same figures. Anything
// else is refused with the reason (exit 2), never merged into numbers that mean nothing.
import { UsageError } from '../errors.ts';
import type { Report } from '../report/contract.ts';
import { VERSION } from '../version.ts';
import { targetTokensOf } from './notes.ts';

export interface Shard {
  file: string;
  report: Report;
}

const text = (value: unknown): string => JSON.stringify(value ?? null);

export function assertMergeable(shards: readonly Shard[]): void {
  const [first, ...rest] = shards;
  if (!first) throw new UsageError('merge: no reports given; pass the JSON reports of the shards (llm-audit LOGS --format json --out shard-N.json)');
  for (const shard of [first, ...rest]) {
    const why = unmergeable(shard.report);
    if (why) throw new UsageError(`${shard.file} ${why}`);
  }
  for (const shard of rest) {
    const why = mismatch(first.report, shard.report);
    if (why) throw new UsageError(`${shard.file} cannot be merged with ${first.file}: ${why}; make every shard with the same llm-audit version, options and pricing data`);
  }
}

/** Why a report cannot be merged with any other, whatever they hold alike. */
function unmergeable(report: Report): string | undefined {
  // The merge makes notes, orders and the ranking again with this build's code: another version's would differ.
  if (report.generator.version !== VERSION) return `was made by llm-audit ${report.generator.version}, and this is llm-audit ${VERSION}: the merge makes the report's notes, orders and ranking with its own code, so merge with the version that made the shards`;
  if (report.options.currency !== null) {
    return `was made with --currency ${report.options.currency}: converted figures are rounded month by month and cannot be added up exactly; make the shard reports without --currency (costs stay exact in each price's own currency)`;
  }
  if (report.options.groupBy.includes('block')) {
    return "is grouped by 5-hour block (--group-by block, llm-audit blocks), and blocks cannot be merged: where a block starts and ends depends on every request before it in all the inputs (a request in one shard can start or extend a block of another), and which block is active on the instant each shard was made; run it over all the inputs at once";
  }
  return undefined;
}

/** The first difference that would make the sum of the two reports differ from one run over both inputs. */
function mismatch(a: Report, b: Report): string | undefined {
  if (a.schemaVersion !== b.schemaVersion) return `schemaVersion ${text(b.schemaVersion)} differs from ${text(a.schemaVersion)}`;
  if (a.generator.version !== b.generator.version) return `made by llm-audit ${b.generator.version}, not ${a.generator.version}`;
  if (a.pricing.hash !== b.pricing.hash) return `pricing hash ${b.pricing.hash} differs from ${a.pricing.hash} (other pricing data or overrides)`;
  for (const key of ['files', 'overrides', 'fx'] as const) {
    if (text(a.pricing[key]) !== text(b.pricing[key])) return `pricing ${key} ${text(b.pricing[key])} differ from ${text(a.pricing[key])}`;
  }
  const keys = new Set([...Object.keys(a.options), ...Object.keys(b.options)]);
  for (const key of keys) {
    const x = text((a.options as Record<string, unknown>)[key]);
    const y = text((b.options as Record<string, unknown>)[key]);
    if (x !== y) return `option ${key} is ${y}, not ${x}`;
  }
  // Not among the options: read back from the what-if note (merge/notes.ts).
  const [tokensA, tokensB] = [targetTokensOf(a), targetTokensOf(b)];
  if (tokensA !== tokensB) return `made with --target-tokens ${tokensB ?? '(none)'}, not ${tokensA ?? '(none)'}`;
  if ((a.whatIfRanking === null) !== (b.whatIfRanking === null)) return `one has a what-if ranking (whatIfRanking) and the other none`;
  return undefined;
}

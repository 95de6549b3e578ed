// Which reports can be merged: made by the same build, with the same options and the same pricing
// data, so that their inputs priced together would have given the very same figures. Anything
// else is refused with the reason (exit 2), never merged into numbers that mean nothing.
import { UsageError } from '../errors.ts';
import type { Report } from '../report/contract.ts';

export interface Shard {
  file: string;
  report: Report;
}

const text = (value: unknown): string => JSON.stringify(value ?? null);

export function assertMergeable(shards: readonly Shard[]): void {
  const [first, ...rest] = shards;
  if (!first) throw new UsageError('merge: no reports given; pass the JSON reports of the shards (llm-audit LOGS --format json --out shard-N.json)');
  for (const shard of [first, ...rest]) {
    if (shard.report.options.currency !== null) {
      throw new UsageError(
        `${shard.file} was made with --currency ${shard.report.options.currency}: converted figures are rounded month by month and cannot be added up exactly; make the shard reports without --currency (costs stay exact in each price's own currency)`,
      );
    }
  }
  for (const shard of rest) {
    const why = mismatch(first.report, shard.report);
    if (why) throw new UsageError(`${shard.file} cannot be merged with ${first.file}: ${why}; make every shard with the same llm-audit version, options and pricing data`);
  }
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
  return undefined;
}

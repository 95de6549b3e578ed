// The ledger's promise: its priced rows' costs add up, per currency and to the last digit, to the
// totals of the report of the same run, and it has a row for every row the report read. Checked
// at the end of every ledger run, so a ledger that does not add up never passes unseen.
import { bagToRecord } from '../core/money.ts';
import type { Report } from '../report/contract.ts';
import type { LedgerWriter } from './write.ts';

/** Why the ledger does not match the report, or undefined when it does. */
export function ledgerMismatch(ledger: LedgerWriter, report: Report): string | undefined {
  const rows = report.rows;
  const counts = ledger.counts;
  if (counts.rows !== rows.read || counts.priced !== rows.priced || counts.unpriced !== rows.unpriced || counts.rejected !== rows.rejected || counts.skipped + counts.filtered !== rows.skipped) {
    return `the ledger has ${counts.rows} rows (${counts.priced} priced, ${counts.unpriced} unpriced, ${counts.skipped} skipped, ${counts.filtered} filtered, ${counts.rejected} rejected) but the run read ${rows.read} (${rows.priced} priced, ${rows.unpriced} unpriced, ${rows.skipped} skipped, ${rows.rejected} rejected)`;
  }
  const ours = bagToRecord(ledger.cost);
  const theirs = report.totals.cost;
  const currencies = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])].sort();
  const differ = currencies.filter((c) => (ours[c] ?? '0') !== (theirs[c] ?? '0'));
  if (differ.length === 0) return undefined;
  return `the ledger's costs (${differ.map((c) => `${c} ${ours[c] ?? '0'}`).join(', ')}) differ from the report's totals (${differ.map((c) => `${c} ${theirs[c] ?? '0'}`).join(', ')})`;
}

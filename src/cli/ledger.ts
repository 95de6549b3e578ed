// `--format ledger` / `ledger-csv`: the usage ledger (docs/ledger.md) written row by row while the
// run reads, to stdout or --out (a file put in place only once complete). The run also makes its
// report, never written, against which the ledger is checked before it is put in place.
import { AuditError, UsageError } from '../errors.ts';
import type { RowListener } from '../audit/outcome.ts';
import type { Catalogue } from '../pricing/catalog.ts';
import type { Report } from '../report/contract.ts';
import { ledgerMismatch } from '../ledger/check.ts';
import { type LedgerFormat, LedgerWriter } from '../ledger/write.ts';
import type { Io } from './io.ts';
import type { OutputFile } from './outpath.ts';

/** The report options that say nothing about a ledger row: refused, so that none is silently ignored. */
export interface LedgerFlagView {
  compare?: string;
  swap?: unknown;
  scenario: unknown[];
  whatIfCsv?: string;
  baseline?: string;
  policies: boolean;
  decimals?: number;
  currency?: string;
  breakdown?: boolean;
  groupByGiven: boolean;
  hashInputs?: boolean;
  github?: boolean;
}

export function assertLedgerFlags(format: LedgerFormat, flags: LedgerFlagView): void {
  const refused: [boolean, string, string][] = [
    [flags.compare !== undefined || flags.swap !== undefined || flags.scenario.length > 0, '--compare, --swap and --scenario', 'the what-if is a report of its own: run it with --format json or csv'],
    [flags.whatIfCsv !== undefined, '--what-if-csv', 'the what-if is a report of its own'],
    [flags.baseline !== undefined || flags.policies || flags.github === true, '--baseline, --github and the --max-… policies', 'gate with the report (--format json), not the ledger'],
    [flags.decimals !== undefined, '--decimals', 'the ledger\'s costs are exact, so that they add up to the report\'s totals'],
    [flags.currency !== undefined, '--currency', 'each row keeps the currency of its price; convert in the warehouse with your rates'],
    [flags.breakdown === true || flags.groupByGiven, '--group-by and --breakdown', 'the ledger has a row per row read, not groups: group it in the warehouse'],
    [flags.hashInputs === true, '--hash-inputs', 'the inputs are recorded in the JSON report, not in the ledger'],
  ];
  const found = refused.find(([given]) => given);
  if (found) throw new UsageError(`${found[1]} cannot be used with --format ${format}: ${found[2]}`);
}

/** Where the ledger goes while the run reads: a listener for the run, and what to do once it is over. */
export interface LedgerOutput {
  onRow: RowListener;
  /** After the run: checks the ledger against the report, puts the file in place; AuditError (exit 2) when it does not add up. */
  finish(report: Report): void;
  /** After a failed run: leaves no partial file. */
  abort(): void;
}

export function openLedger(io: Io, format: LedgerFormat, catalogue: Catalogue, out: string | undefined): LedgerOutput {
  const file: OutputFile | undefined = out === undefined ? undefined : io.openFile(out);
  const writer = new LedgerWriter(format, catalogue, file ? (chunk) => file.write(chunk) : (chunk) => io.stdoutNow(chunk));
  return {
    onRow: (outcome) => writer.add(outcome),
    finish(report) {
      writer.end();
      const why = ledgerMismatch(writer, report);
      if (why !== undefined) {
        file?.abort();
        throw new AuditError(`the usage ledger does not add up to the report of the same run: ${why}; this is a bug, please report it`);
      }
      file?.commit();
    },
    abort() {
      file?.abort();
    },
  };
}

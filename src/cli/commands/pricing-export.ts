// `llm-audit pricing export`: the resolved catalogue as flat price points (CSV, NDJSON, or SQL for
// DuckDB/PostgreSQL), so an engine holding the usage can price it with the same data. The rows are
// made in src/pricing/export; this file is the IO around them.
import { Command, Option } from 'commander';
import { DEFAULT_PRICING_DIR, loadCatalogue } from '../../pricing/load.ts';
import { EXPORT_TABLES, exportCatalogue, type ExportTable } from '../../pricing/export/points.ts';
import { EXPORT_FORMATS, type ExportFormat, writeExport } from '../../pricing/export/write.ts';
import type { Io } from '../io.ts';
import { assertWritable } from '../outpath.ts';

interface ExportFlags {
  format: ExportFormat;
  table?: ExportTable;
  region?: string;
  out?: string;
  pricingDir?: string;
  pricing: string[];
}

export function exportCommand(io: Io): Command {
  return new Command('export')
    .description('write the catalogue as flat price points (one row per model, version, size tier or window span, and service tier), with the catalogue hash; see docs/pricing-export.md')
    .addOption(new Option('-f, --format <format>', 'csv and ndjson write one table (--table); sql writes CREATE TABLE + INSERTs of every table for DuckDB and PostgreSQL').choices(EXPORT_FORMATS).default('csv'))
    .addOption(new Option('--table <name>', 'the table to write (default price_points; with sql, only this one)').choices(EXPORT_TABLES))
    .option('--region <book>', 'only the book each model is priced from when a request names this one (as the report\'s --region); default: every book, the fallback one marked')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--pricing-dir <dir>', 'use this pricing folder (or file) instead of the shipped pricing/')
    .option('--pricing <path>', 'apply an override file or folder on top (negotiated prices, private models); repeatable', (v: string, previous: string[]) => [...previous, v], [])
    .exitOverride()
    .action(async (flags: ExportFlags) => {
      const base = flags.pricingDir ?? DEFAULT_PRICING_DIR;
      if (flags.out !== undefined) assertWritable('--out', flags.out, flags.format === 'csv' ? 'csv' : 'json', { files: [], pricing: [base, ...flags.pricing] });
      const tables = exportCatalogue(loadCatalogue([base], flags.pricing), { region: flags.region });
      const chunks = writeExport(tables, flags.format, flags.table);
      if (flags.out !== undefined) io.writeFile(flags.out, chunks);
      else await io.stdoutChunks(chunks);
    });
}

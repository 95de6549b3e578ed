#!/usr/bin/env node
// Rebuilds pricing/fx.json from the Federal Reserve's monthly averages as published in the
// datasets/exchange-rates data package (data/monthly.csv, taken from FRED). A maintenance script,
// not part of the CLI: run it with the CSV of a newer snapshot to extend the table.
//
//   node scripts/fx-from-fred-monthly.mjs monthly.csv --commit <sha> [--from 2020-01] > pricing/fx.json
//
// The CSV's rows are "Date,Country,Exchange rate". China and Japan are quoted as currency per US
// dollar (FRED EXCHUS, EXJPUS). The data package inverts the euro and the pound (FRED EXUSEU and
// EXUSUK are US dollars per euro / pound) and rounds the inverse to 4 places, so those series are
// written as the package gives them (USDEUR, USDGBP: euros / pounds per dollar), with medium
// confidence; the Federal Reserve's own EURUSD figures already in fx.json are kept beside them.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const csvPath = args[0];
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
if (!csvPath) {
  process.stderr.write('usage: node scripts/fx-from-fred-monthly.mjs monthly.csv --commit SHA [--from YYYY-MM] [--existing pricing/fx.json] > pricing/fx.json\n');
  process.exit(2);
}
const commit = flag('--commit', 'unknown');
const from = flag('--from', '2020-01');
const existingPath = flag('--existing', new URL('../pricing/fx.json', import.meta.url).pathname);
const checked = new Date().toISOString().slice(0, 10);

const SERIES = [
  {
    country: 'China',
    pair: 'USDCNY',
    fred: 'EXCHUS',
    description: 'Chinese yuan per 1 US dollar: monthly average of the daily noon buying rates in New York certified by the Federal Reserve Bank of New York',
    row: "CHINA, P.R. YUAN",
    confidence: 'high',
  },
  {
    country: 'Japan',
    pair: 'USDJPY',
    fred: 'EXJPUS',
    description: 'Japanese yen per 1 US dollar: monthly average of the daily noon buying rates in New York',
    row: 'JAPAN YEN',
    confidence: 'high',
  },
  {
    country: 'Euro',
    pair: 'USDEUR',
    fred: 'EXUSEU',
    description: 'Euros per 1 US dollar: the inverse of the Federal Reserve monthly average (US dollars per euro), as the data package publishes it',
    row: '*EMU MEMBERS EURO',
    confidence: 'medium',
    inverted: true,
  },
  {
    country: 'United Kingdom',
    pair: 'USDGBP',
    fred: 'EXUSUK',
    description: 'Pounds sterling per 1 US dollar: the inverse of the Federal Reserve monthly average (US dollars per pound), as the data package publishes it',
    row: '*UNITED KINGDOM POUND',
    confidence: 'medium',
    inverted: true,
  },
];

const rows = readFileSync(csvPath, 'utf8').split(/\r?\n/).slice(1).filter(Boolean).map((line) => line.split(','));
const existing = JSON.parse(readFileSync(existingPath, 'utf8'));
const kept = existing.series.filter((s) => !SERIES.some((x) => x.pair === s.pair));
const oldRates = new Map(existing.series.flatMap((s) => s.rates.map((r) => [`${s.pair} ${r.month}`, r])));

const out = [];
for (const spec of SERIES) {
  const rates = rows
    .filter(([date, country]) => country === spec.country && date.slice(0, 7) >= from)
    .map(([date, , rate]) => {
      const month = date.slice(0, 7);
      const text = rate.trim();
      const old = oldRates.get(`${spec.pair} ${month}`);
      // Keep a month read from an official release as it was cited; the package must agree with it.
      if (old && old.rate !== text) process.stderr.write(`${spec.pair} ${month}: fx.json has ${old.rate}, the package ${text}; kept ${old.rate}\n`);
      return old ?? { month, rate: text };
    })
    .sort((a, b) => (a.month < b.month ? -1 : 1));
  if (rates.length === 0) continue;
  out.push({
    pair: spec.pair,
    description: spec.description,
    source: `US Federal Reserve Board, G.5 Foreign Exchange Rates (monthly), row '${spec.row}' (FRED ${spec.fred}), as published in datasets/exchange-rates@${commit} data/monthly.csv (https://github.com/datasets/exchange-rates)`,
    checked,
    confidence: spec.confidence,
    ...(spec.inverted ? { notes: `The data package inverts FRED ${spec.fred} and rounds to 4 places; a conversion with it can differ from one with the Federal Reserve's own figure in the 4th significant digit.` } : {}),
    rates,
  });
}

const notes =
  'Exchange rates for DISPLAY only (--currency). Costs are computed and summed in each price\'s own currency; a converted figure uses the monthly average rate of the month (UTC) of the requests it converts. ' +
  `Months listed: ${from} to the newest month the source has. A month that is missing is not converted (the report says which, and shows n/a); pass --fx USDCNY=7.2 for one rate, or --fx-file rates.csv (month,pair,rate) for your own monthly rates. ` +
  'Regenerate with scripts/fx-from-fred-monthly.mjs from a newer datasets/exchange-rates snapshot.';
process.stdout.write(`${JSON.stringify({ $schema: './fx.schema.json', notes, series: [...out, ...kept] }, null, 2)}\n`);

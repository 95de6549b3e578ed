#!/usr/bin/env node
// `npm run pricing:crosscheck -- [options]`: a script, not a test. Compares every price the
// catalogue (pricing/*.json) holds with the same model's price in public price lists, and prints
// every mismatch, each marked "known" (listed in pricing/crosscheck-known.json, with the reason)
// or "new". Models are found with the catalogue's own resolution (dist/: run `npm run build` first).
//
//   --genai-prices DIR  pydantic/genai-prices: a checkout or its prices/providers folder, or a git dir
//   --models-dev DIR    anomalyco/models.dev: a checkout or its providers folder, or a git dir
//   --litellm FILE      LiteLLM's model_prices_and_context_window.json
//   --rev REV           the revision read from git dirs (default HEAD)
//   --pricing-dir DIR   the catalogue to check (default: the package's pricing/)
//   --known FILE        known disagreements (default: pricing/crosscheck-known.json)
//   --at DATE           compare at this date or UTC instant (default: each snapshot's commit time;
//                       a folder or a file without git: today)
//
// Exit 0 whatever it finds; 2 when an input cannot be read. Output is sorted (deterministic).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InputError } from './crosscheck/decimal.mjs';
import { runCrosscheck } from './crosscheck/run.mjs';

const DEFAULT_KNOWN = fileURLToPath(new URL('../pricing/crosscheck-known.json', import.meta.url));

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'genai-prices': { type: 'string' },
        'models-dev': { type: 'string' },
        litellm: { type: 'string' },
        rev: { type: 'string' },
        'pricing-dir': { type: 'string' },
        known: { type: 'string' },
        at: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new InputError(error.message);
  }
  if (values.help) {
    process.stdout.write('usage: npm run pricing:crosscheck -- [--genai-prices DIR] [--models-dev DIR] [--litellm FILE] [--rev REV] [--pricing-dir DIR] [--known FILE] [--at DATE]\n');
    return 0;
  }
  const { lines } = await runCrosscheck({
    genaiPrices: values['genai-prices'],
    modelsDev: values['models-dev'],
    litellm: values.litellm,
    rev: values.rev,
    pricingDir: values['pricing-dir'],
    known: values.known ?? (existsSync(DEFAULT_KNOWN) ? DEFAULT_KNOWN : undefined),
    at: values.at,
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof InputError) {
      process.stderr.write(`pricing-crosscheck: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`pricing-crosscheck: ${error?.stack ?? error}\n`);
      process.exitCode = 2;
    }
  },
);

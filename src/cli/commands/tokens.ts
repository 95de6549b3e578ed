// `llm-audit tokens FILE… --tokenizers a,b`: the text-bearing rows of a log counted by several
// tokenizers side by side: totals per tokenizer, the ratio to the first, and per row with --rows.
import { Command, Option } from 'commander';
import { UsageError } from '../../errors.ts';
import { ingest } from '../../ingest/index.ts';
import { countColumn, createTextCounter, knownColumnNames, resolveColumn, type TokenizerColumn } from '../../tokens/index.ts';
import type { Io } from '../io.ts';

export const TOKENS_FORMATS = ['table', 'json'] as const;
export type TokensFormat = (typeof TOKENS_FORMATS)[number];

interface Flags {
  tokenizers: string;
  rows?: boolean;
  format: TokensFormat;
}

export interface TokensResult {
  files: string[];
  rows: { read: number; withText: number; withoutText: number; skipped: number; rejected: number };
  tokenizers: {
    name: string;
    family: string;
    tokenizer: string;
    fidelity: 'exact' | 'proxy' | 'factor';
    note: string;
    input: number;
    output: number;
    total: number;
    /** total / the first column's total, 4 decimals; null when the first total is 0. */
    ratioToFirst: string | null;
  }[];
  perRow?: { file: string; line: number; model: string; totals: number[] }[];
}

export function tokensCommand(io: Io): Command {
  return new Command('tokens')
    .description('count the text of a log’s rows with several tokenizers side by side (rows without text are skipped)')
    .argument('<files...>', 'log files or folders (any format llm-audit reads; only rows with message/prompt/completion text count)')
    .requiredOption('--tokenizers <list>', `comma-separated: ${knownColumnNames()}`)
    .option('--rows', 'also list every row with its total per tokenizer')
    .addOption(new Option('--format <format>', 'output format').choices(TOKENS_FORMATS).default('table'))
    .action(async (files: string[], flags: Flags) => {
      const columns = parseColumns(flags.tokenizers);
      const result = await countFiles(files, columns, flags.rows === true);
      io.stdout(flags.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderTokens(result));
    });
}

export function parseColumns(list: string): TokenizerColumn[] {
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError(`--tokenizers needs at least one name: ${knownColumnNames()}`);
  const unknown = names.filter((n) => resolveColumn(n) === undefined);
  if (unknown.length > 0) throw new UsageError(`unknown tokenizer ${unknown.map((n) => `"${n}"`).join(', ')} in --tokenizers; use ${knownColumnNames()}`);
  return names.map((n) => resolveColumn(n) as TokenizerColumn);
}

async function countFiles(files: string[], columns: TokenizerColumn[], perRow: boolean): Promise<TokensResult> {
  const counter = createTextCounter();
  const rows = { read: 0, withText: 0, withoutText: 0, skipped: 0, rejected: 0 };
  const sums = columns.map(() => ({ input: 0, output: 0 }));
  const detail: NonNullable<TokensResult['perRow']> = [];
  try {
    await ingest(files, {}, (event) => {
      rows.read += 1;
      if (event.kind === 'skipped') rows.skipped += 1;
      else if (event.kind === 'rejected') rows.rejected += 1;
      else if (event.record.text === undefined) rows.withoutText += 1;
      else {
        rows.withText += 1;
        const text = event.record.text;
        const totals = columns.map((column, i) => {
          const { input, output } = countColumn(counter, column, text);
          (sums[i] as { input: number }).input += input;
          (sums[i] as { output: number }).output += output;
          return input + output;
        });
        if (perRow) detail.push({ file: event.record.where.file, line: event.record.where.line, model: event.record.model, totals });
      }
    });
  } finally {
    counter.dispose();
  }
  const firstTotal = (sums[0]?.input ?? 0) + (sums[0]?.output ?? 0);
  const result: TokensResult = {
    files,
    rows,
    tokenizers: columns.map((c, i) => {
      const { input, output } = sums[i] as { input: number; output: number };
      const total = input + output;
      return { name: c.name, family: c.family, tokenizer: c.tokenizer, fidelity: c.fidelity, note: c.note, input, output, total, ratioToFirst: firstTotal === 0 ? null : ratio4(total, firstTotal) };
    }),
  };
  if (perRow) result.perRow = detail;
  return result;
}

/** a / b to 4 decimals, half up, in integers. */
function ratio4(a: number, b: number): string {
  const units = Math.floor((2 * a * 10_000 + b) / (2 * b));
  return `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, '0')}`;
}

export function renderTokens(result: TokensResult): string {
  const { rows } = result;
  const lines = [`${rows.read} rows read: ${rows.withText} with text, ${rows.withoutText} without text (not counted), ${rows.skipped} skipped, ${rows.rejected} rejected`, ''];
  const head = ['tokenizer', 'counts with', 'how', 'input', 'output', 'total', 'vs first'];
  const body = result.tokenizers.map((t) => [t.name, t.tokenizer, t.fidelity, group(t.input), group(t.output), group(t.total), t.ratioToFirst ?? '—']);
  lines.push(...table(head, body, [false, false, false, true, true, true, true]));
  const estimates = result.tokenizers.filter((t) => t.fidelity !== 'exact');
  if (estimates.length > 0) {
    lines.push('', 'Estimates:');
    for (const t of estimates) lines.push(`  ${t.name}: ${t.note}`);
  }
  if (result.perRow !== undefined) {
    lines.push('');
    const rowHead = ['file:line', 'model', ...result.tokenizers.map((t) => t.name)];
    const rowBody = result.perRow.map((r) => [`${r.file}:${r.line}`, r.model, ...r.totals.map(group)]);
    lines.push(...table(rowHead, rowBody, [false, false, ...result.tokenizers.map(() => true)]));
  }
  return `${lines.join('\n')}\n`;
}

function group(n: number): string {
  return n.toLocaleString('en-US');
}

function table(head: string[], body: string[][], right: boolean[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(head), ...body.map(line)];
}

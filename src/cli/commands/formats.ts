// `llm-audit formats`: the log formats ingest reads, in detection order, with how each is
// recognised and what its numbers mean. The list is ingest's own table (FORMATS), so it cannot
// drift from what is actually detected.
import { Command } from 'commander';
import { FORMATS, type FormatInfo } from '../../ingest/index.ts';
import type { Io } from '../io.ts';

const WIDTH = 100;
const INDENT = '    ';

export function formatsCommand(io: Io): Command {
  return new Command('formats')
    .description('list the log formats llm-audit reads, in detection order, with their detection signatures')
    .option('--json', 'print the list as JSON: [{name, signature, description}]')
    .action((flags: { json?: boolean }) => {
      io.stdout(flags.json ? `${JSON.stringify(FORMATS.map(({ name, signature, description }) => ({ name, signature, description })), null, 2)}\n` : renderFormats(FORMATS));
    });
}

/** Plain text: a name line, then the signature and the description wrapped under it. */
export function renderFormats(formats: readonly FormatInfo[]): string {
  const lines = [
    `${formats.length} log formats, tried in this order on every JSON line and every CSV header (the first match wins).`,
    'Force one with --input-format NAME.',
    '',
  ];
  for (const f of formats) {
    lines.push(f.name, ...wrap(`detect: ${f.signature}`), ...wrap(f.description), '');
  }
  return `${lines.join('\n')}`;
}

function wrap(text: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && INDENT.length + line.length + 1 + word.length > WIDTH) {
      out.push(INDENT + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') out.push(INDENT + line);
  return out;
}

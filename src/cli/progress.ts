// The progress line of a long run: on stderr, only when stderr is a terminal (never in a CI log or
// a pipe), first drawn after a second (a quick run shows nothing), redrawn at most four times a
// second, and wiped before anything else is written.
import type { AuditProgress } from '../audit/index.ts';
import { groupThousands } from '../core/text.ts';

/** No line for runs shorter than this. */
const FIRST_AFTER_MS = 1000;
const EVERY_MS = 250;
const ERASE_LINE = '\r\x1b[2K';

export class ProgressLine {
  readonly #write: (text: string) => void;
  readonly #now: () => number;
  readonly #start: number;
  #last = -Infinity;
  #shown = false;

  constructor(write: (text: string) => void, now: () => number = () => performance.now()) {
    this.#write = write;
    this.#now = now;
    this.#start = now();
  }

  update(progress: AuditProgress): void {
    const t = this.#now();
    if (t - this.#start < FIRST_AFTER_MS || t - this.#last < EVERY_MS) return;
    this.#last = t;
    this.#write(`${ERASE_LINE}${describeProgress(progress, (t - this.#start) / 1000)}`);
    this.#shown = true;
  }

  /** Wipes the line, if one was drawn. */
  done(): void {
    if (this.#shown) this.#write(ERASE_LINE);
    this.#shown = false;
  }
}

const MB = 1e6;

/** "llm-audit: 120.5 of 279.0 MB (43%), 132,000 rows, 98.1 MB/s": short enough not to wrap on 80 columns. */
export function describeProgress(p: AuditProgress, seconds: number): string {
  const read = (p.bytes / MB).toFixed(1);
  const of = p.bytesTotal === undefined ? `${read} MB` : `${read} of ${(p.bytesTotal / MB).toFixed(1)} MB (${p.bytesTotal > 0 ? Math.floor((100 * p.bytes) / p.bytesTotal) : 100}%)`;
  const rate = seconds > 0 ? `, ${(p.bytes / MB / seconds).toFixed(1)} MB/s` : '';
  return `llm-audit: ${of}, ${groupThousands(Math.round(p.rows))} rows${rate}`;
}

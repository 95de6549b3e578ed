// The report's footnotes: the assumptions behind the numbers, in words.
import { RATE_FALLBACK_NOTES } from '../core/cost.ts';
import type { Report } from '../report/contract.ts';
import type { AuditOptions } from './options.ts';
import type { TargetTokensMode } from './target-tokens.ts';
import { WEEKDAYS } from '../core/calendar.ts';

/**
 * The what-if's note per --target-tokens mode. A report does not list the mode among its options,
 * so this sentence is how a report says which one made its figures (merge/check.ts reads it back).
 */
export const TARGET_TOKENS_NOTES: Readonly<Record<TargetTokensMode, string>> = {
  logged: "What-if: token counts carry over to the target models as logged or counted (--target-tokens logged); cached tokens go to the target's cache-read rate where it has one, else to its input rate.",
  recount:
    "What-if: each target gets the token counts it would have counted: the log's text counted with the target's tokenizer when the log has text, else the logged counts converted by a ratio measured between the two tokenizers (an estimate, named below per target; same tokenizer: unchanged); cached tokens keep their share and go to the target's cache-read rate where it has one, else to its input rate. --target-tokens logged carries the logged counts over unchanged.",
};

export function reportNotes(options: AuditOptions, usage: Report['usage'], timestamps: Report['timestamps'], outsideRange: number, outsideProject = 0): string[] {
  const notes: string[] = [...RATE_FALLBACK_NOTES];
  if (outsideRange > 0) {
    const range = [options.since && `from ${options.since.text}`, options.until && `until ${options.until.text} (exclusive)`].filter(Boolean).join(' ');
    notes.push(`${outsideRange} rows fall outside ${range} and are counted as skipped.`);
  }
  if (options.project !== undefined) notes.push(`--project ${options.project}: ${outsideProject} rows of other projects (or of none) are counted as skipped.`);
  if (options.timeZone && options.timeZone !== 'UTC') notes.push(`Days, weeks and months are calendar days in ${options.timeZone}; prices are still chosen by each request's UTC instant.`);
  if (options.groupBy.includes('week')) notes.push(`Weeks start on ${WEEKDAYS[options.weekStart ?? 1]} and are labelled by their first day.`);
  if (options.groupBy.includes('block')) {
    notes.push(`Blocks: Claude's 5-hour billing windows (ccusage's rule): a block starts at its first request's UTC hour and lasts 5 hours; a request more than 5 hours after the block's start or after the request before it starts a new one. Burn rate and projection are over the active block's first to last request.`);
  }
  notes.push(
    options.asOf
      ? `Every request is priced with the tables in force at ${options.asOf.text} (--as-of); time-of-day windows still follow each request's own time.`
      : 'Every request is priced with the table in force at its own timestamp (UTC).',
  );
  if (options.serviceTier) notes.push(`Requests whose log names no service tier are priced as "${options.serviceTier}" (--service-tier).`);
  if (options.conversion) {
    notes.push(`Converted figures (${options.conversion.currency}) are for display: costs are computed and summed in each price's own currency, and each month is converted at its own rate (listed in "conversion").`);
  }
  if (options.compare.length > 0) notes.push(TARGET_TOKENS_NOTES[options.targetTokens ?? 'recount']);
  if ((options.scenarios ?? []).length > 0) {
    notes.push('Swap scenarios: a request is repriced on the target of the first rule whose pattern matches its logged or resolved model id, token counts as for the what-if; requests no rule matches, and matched ones the target has no price for at their date (counted as not repriced), keep their actual cost.');
  }
  if (usage.counted + usage.estimated > 0) {
    notes.push(
      `${usage.counted} requests had no logged usage and were counted with their model's tokenizer (tiktoken for OpenAI models; the shipped tokenizer.json for Qwen, DeepSeek, Llama, Gemma and Mistral NeMo); ${usage.estimated} were estimated ` +
        '(o200k_base where the model has no exact offline tokenizer, or very long repetitive text counted in chunks). ' +
        'Counted output excludes hidden reasoning tokens, which only logged usage shows.',
    );
  }
  if (timestamps.default > 0) notes.push(`${timestamps.default} rows had no timestamp and were priced at --default-time.`);
  if (timestamps.mtime > 0) notes.push(`${timestamps.mtime} rows had no timestamp and were priced at their file's modification time (pass --default-time to choose).`);
  return notes;
}

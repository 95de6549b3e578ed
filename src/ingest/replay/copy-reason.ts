// The words that mark a skipped row as a copy of usage already counted. A module of its own, with
// no imports: format data (agents/*/format.ts) uses it at load time, and dedupe.ts sits on an
// import cycle with the format list (dedupe → extract → formats → agents → dedupe), where a
// constant read during loading can still be undefined, depending on which module a program (or a
// test file) happens to import first.

/**
 * Every skip reason of a row dropped as a copy of usage already counted (a resumed session's
 * copied lines, a sidechain or subagent replay, a forked rollout's replayed totals) starts with
 * this, so that the report can say how many rows were copies (report field `copies`).
 */
export const COPY_REASON_PREFIX = 'a copy: ';

/** Whether a skip reason is one of a copy (see COPY_REASON_PREFIX). */
export function isCopyReason(reason: string): boolean {
  return reason.startsWith(COPY_REASON_PREFIX);
}

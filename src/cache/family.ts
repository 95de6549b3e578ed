// Codex rollouts on the cache (docs/cache.md, "Codex rollouts"). A rollout's events depend on the
// files of its family read before it, through three questions (CodexFamily): were these totals read
// in another file, note these totals, was this turn counted (and note it). Reading is deterministic
// given the answers, so an entry keeps the questions in order with the answers they got; a warm run
// asks them again of the family as it is now and, when every answer is the same, takes the events
// and applies the notes, as the read would have. An answer that differs (a parent rollout added,
// removed or changed before it) makes the entry a miss: the file is read.

import type { CodexFamily } from '../ingest/agents/codex/rollout.ts';
import type { RunState } from '../ingest/replay/dedupe.ts';

const ELSEWHERE = 0;
const NOTE = 1;
const TURN = 2;

/** Records what a file asks of its family: [question, hash, answer (0 or 1)] triples, flat. */
export class FamilyRecorder {
  readonly ops: number[] = [];

  wrap(live: CodexFamily): CodexFamily {
    const ops = this.ops;
    return {
      totalsElsewhere: (hash) => {
        const answer = live.totalsElsewhere(hash);
        ops.push(ELSEWHERE, hash, answer ? 1 : 0);
        return answer;
      },
      noteTotals: (hash) => {
        live.noteTotals(hash);
        ops.push(NOTE, hash, 0);
      },
      turnSeen: (turn) => {
        const answer = live.turnSeen(turn);
        ops.push(TURN, turn, answer ? 1 : 0);
        return answer;
      },
    };
  }
}

/**
 * Whether the recorded questions get the same answers from the family now, for the file being read
 * (run.file); if so, their notes are applied to it, as reading the file does. Nothing is changed
 * otherwise. The family holds only files read before this one (lower ordinals), so "totals read
 * in another file" is "totals the family already has", whatever this file noted itself.
 */
export function replayFamilyOps(ops: readonly unknown[], run: RunState): boolean {
  if (ops.length % 3 !== 0) return false;
  const totals = new Set<number>();
  const turns = new Set<number>();
  for (let i = 0; i < ops.length; i += 3) {
    const [op, hash, answer] = [ops[i], ops[i + 1], ops[i + 2]];
    if (typeof hash !== 'number' || (answer !== 0 && answer !== 1)) return false;
    if (op === ELSEWHERE) {
      if (run.codexTotals.has(hash) !== (answer === 1)) return false;
    } else if (op === NOTE) {
      if (!run.codexTotals.has(hash)) totals.add(hash);
    } else if (op === TURN) {
      const seen = run.codexTurns.has(hash) || turns.has(hash);
      if (seen !== (answer === 1)) return false;
      if (!seen) turns.add(hash);
    } else return false;
  }
  for (const hash of totals) run.codexTotals.set(hash, run.file);
  for (const turn of turns) run.codexTurns.add(turn);
  return true;
}

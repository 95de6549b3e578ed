// Audio and image tokens are billed per request (core/cost.ts billedMedia): of a request's audio
// tokens, those among its uncached input go to the audio rate, cached ones to the cache-read rate.
// A group's cost is then the sum of its requests' costs, as the ledger has them; before, the report
// took min(audio, uncached input) of the group's sums, which is not the sum of the minimums.
import { describe, expect, it } from 'vitest';
import { runIn, runJsonIn } from './run.ts';

const log = 'fixtures/cli/audio-cached.jsonl';

describe('cached audio tokens', () => {
  it('the report bills each request as the ledger does, to the last digit', async () => {
    // gpt-realtime: input 4, cache read 0.4, output 16, input audio 32 per million.
    // Request 1: 1,000 uncached input of which 800 audio: 200 × 4 + 800 × 32 + 100 output × 16 = 28,000.
    // Request 2: 100 uncached + 900 cached, 900 audio of which 100 uncached: 100 × 32 + 900 × 0.4 + 1,600 = 5,160.
    // 33,160 per million = 0.03316 (the sums' minimum, 1,100 audio, would give 0.03876).
    const { code, report } = await runJsonIn([log, '--group-by', 'day']);
    expect(code).toBe(0);
    expect(report.totals.cost).toEqual({ USD: '0.03316' });
    expect(report.groups[0].cost).toEqual({ USD: '0.03316' });
    // The audio tokens the report counts are the ones billed at the audio rate (uncached).
    expect(report.totals.tokens.inputAudio).toBe(900);
    const ledger = await runIn([log, '--format', 'ledger']);
    expect(ledger.code, ledger.stderr).toBe(0);
    const rows = ledger.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.cost)).toEqual(['0.028', '0.00516']);
    expect(rows.map((r) => r.input_audio)).toEqual([800, 100]);
  });

  it('the what-if bills the target per request too', async () => {
    const { report } = await runJsonIn([log, '--compare', 'gpt-realtime', '--target-tokens', 'logged']);
    expect(report.whatIf[0].cost).toEqual({ USD: '0.03316' });
    expect(report.whatIf[0].actualCost).toEqual({ USD: '0.03316' });
  });
});

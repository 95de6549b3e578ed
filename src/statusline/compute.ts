// The figures of a status line run: kept ones when they still hold (state.ts), else made from the
// logs (figures.ts) and kept for the next run. Used by the command and by the quick entry on a
// miss, which hands over the listing it already made instead of walking the folders again.

import { loadCatalogue } from '../pricing/load.ts';
import { makeFigures, type StatusFigures } from './figures.ts';
import type { StatusHook } from './hook.ts';
import type { StatusPlan, StatuslineFlags } from './plan.ts';
import { keepFigures, keptFigures } from './state.ts';
import { sessionStartOf } from './window.ts';

export async function statusFigures(plan: StatusPlan, hook: StatusHook, flags: Pick<StatuslineFlags, 'pricing'>, kept = plan.kept === undefined ? undefined : keptFigures(plan.kept, plan.key, plan.sources, plan.now)): Promise<StatusFigures> {
  if (kept) return kept;
  const figures = await makeFigures({
    sources: plan.sources,
    ...(hook.sessionId !== undefined && { sessionId: hook.sessionId }),
    ...(hook.transcriptPath !== undefined && { transcript: hook.transcriptPath, sessionStart: sessionStartOf(hook.transcriptPath) }),
    ...(hook.modelId !== undefined && { modelId: hook.modelId }),
    now: plan.now,
    timeZone: plan.timeZone(),
    catalogue: loadCatalogue([plan.pricingDir], flags.pricing, plan.cacheDir),
    ...(plan.cacheDir !== undefined && { cacheDir: plan.cacheDir }),
  });
  if (plan.kept !== undefined) keepFigures(plan.kept, plan.key, plan.sources, figures);
  return figures;
}

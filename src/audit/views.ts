// The views a run's ledgers are turned into once every record is in (on the main thread, after the
// workers' totals are absorbed, so 1 and 2 threads give the same groups):
// - blocks: the `block` dimension holds each record's hour slot during the run; the slots are made
//   into 5-hour blocks (core/blocks.ts) and each group is keyed by its block's start instead;
// - --breakdown: the run groups by --group-by plus model; the groups are folded back onto
//   --group-by, and the fine groups kept as each row's breakdown.
// Groups move between ledgers through the same flat form the worker threads send (wire.ts), their
// what-if cells with them.
import { GroupLedger, UnpricedGroupLedger, type GroupDimension, type GroupKey } from '../core/aggregate.ts';
import { assignBlocks, isActiveBlock, type SlotSpan } from '../core/blocks.ts';
import { zonedMinute } from '../core/calendar.ts';
import { GroupWhatIfLedger } from '../core/group-whatif.ts';
import type { Catalogue } from '../pricing/catalog.ts';
import type { BlockSpanInput } from '../report/blocks.ts';
import type { AuditOptions } from './options.ts';
import type { AuditRun } from './run.ts';
import { absorbGroups, GROUP_FIELDS, groupsOut, pointIn } from './wire.ts';

/** A block as the report lists it (report/blocks.ts BlockSpanInput): its key (start in --tz), span, and whether it runs at `now`. */
export type BlockView = BlockSpanInput;

export interface RunViews {
  /** Keyed by --group-by. */
  groups: GroupLedger;
  unpricedGroups: UnpricedGroupLedger;
  /** The groups' what-if cells (indices of `groups`). */
  cells: GroupWhatIfLedger | undefined;
  /** --breakdown: keyed by --group-by then model. */
  breakdown?: GroupLedger;
  /** With the block dimension: every block, in time order. */
  blocks?: BlockView[];
}

interface Ledgers {
  groups: GroupLedger;
  unpricedGroups: UnpricedGroupLedger;
  cells: GroupWhatIfLedger | undefined;
}

export function finishViews(run: AuditRun, options: AuditOptions): RunViews {
  let views: Ledgers = { groups: run.groups, unpricedGroups: run.unpricedGroups, cells: run.groupWhatIf };
  const dims = run.groups.dimensions;
  let blocks: BlockView[] | undefined;
  if (dims.includes('block')) {
    const made = blockViews(views, options);
    blocks = made.blocks;
    views = regroup(views, dims, (key) => ({ ...key, block: made.bySlot.get(key.block ?? '') ?? '' }), options);
  }
  if (dims.length === options.groupBy.length) return { ...views, ...(blocks && { blocks }) };
  // --breakdown: the fine groups stay as they are (without cells); the rows are folded from them.
  const fine = views.groups;
  const rows = regroup(views, options.groupBy, (key) => key, options);
  return { ...rows, breakdown: fine, ...(blocks && { blocks }) };
}

/** The blocks the run's hour slots make, and each slot's block key. */
function blockViews(views: Ledgers, options: AuditOptions): { blocks: BlockView[]; bySlot: Map<string, string> } {
  const spans: SlotSpan[] = [];
  for (const g of views.groups.groups()) spans.push({ slot: g.key.block ?? '', firstAt: g.firstAt, lastAt: g.lastAt });
  for (const g of views.unpricedGroups.all()) spans.push({ slot: g.key.block ?? '', firstAt: g.firstAt, lastAt: g.lastAt });
  const bySlot = new Map<string, string>();
  const now = options.now ?? Number.NaN;
  const blocks = assignBlocks(spans).map((b) => {
    const key = zonedMinute(b.start, options.timeZone);
    for (const slot of b.slots) bySlot.set(slot, key);
    return { key, start: b.start, end: b.end, firstAt: b.firstAt, lastAt: b.lastAt, active: isActiveBlock(b, now) };
  });
  return { blocks, bySlot };
}

/** The ledgers again, keyed by `dims` with each key rewritten by `rekey`: groups that meet are summed, cells too. */
function regroup(views: Ledgers, dims: readonly GroupDimension[], rekey: (key: GroupKey) => GroupKey, options: AuditOptions): Ledgers {
  const { catalogue } = options;
  const from = views.groups;
  const wire = groupsOut(from);
  const count = wire.groups.length / GROUP_FIELDS;
  const n = from.dimensions.length;
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const key: GroupKey = {};
    from.dimensions.forEach((d, j) => (key[d] = wire.keys[i * n + j] ?? ''));
    const out = rekey(key);
    for (const d of dims) keys.push(out[d] ?? '');
  }
  wire.keys = keys;
  const ledgerOptions = { dimensions: dims, timeZone: options.timeZone, weekStart: options.weekStart, trackMonths: options.conversion !== undefined };
  const groups = new GroupLedger(ledgerOptions);
  const indices = absorbGroups(groups, wire, catalogue);
  let cells: GroupWhatIfLedger | undefined;
  if (views.cells) {
    cells = new GroupWhatIfLedger(views.cells.columns);
    cells.absorbWire(views.cells.toWire(count), indices, (ref) => pointIn(catalogue, ref));
  }
  const unpricedGroups = new UnpricedGroupLedger(ledgerOptions);
  for (const g of views.unpricedGroups.drain()) {
    const out = rekey(g.key);
    const key: GroupKey = {};
    for (const d of dims) key[d] = out[d] ?? '';
    unpricedGroups.absorb({ ...g, key });
  }
  return { groups, unpricedGroups, cells };
}

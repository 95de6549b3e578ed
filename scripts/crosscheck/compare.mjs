// Pairs each snapshot model with our model and compares their rates, exactly.
//
// Pairing: a snapshot id is resolved with our own catalogue (Catalogue.resolveModel: ids, dated
// aliases, the providers' declared rewrites) at the compared instant; and, for a source whose models
// carry match rules (genai-prices), each of our model ids is also priced the way that source would
// price it: by the first of its models, in file order, whose rule matches the id.
//
// Comparison: for each field the snapshot states, at each input-length threshold either side has
// (a tier starts when input > threshold) and at each time-of-day boundary either side has, the rate
// each side would bill. Our missing rates count as what the catalogue bills them at (cache_read →
// input…), and say so; a rate the snapshot does not state is not compared.
import { cmpDecimal, formatDecimal } from './decimal.mjs';
import { FIELDS, ourPrice, shortSource } from './ours.mjs';

/** The providers the catalogue covers or means to: every report lists each of them. */
export const COVERED_PROVIDERS = ['alibaba', 'anthropic', 'deepseek', 'google', 'minimax', 'mistral', 'moonshot', 'openai', 'xai', 'zhipu'];

const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Our id for a platform's own price book: `claude-sonnet-4-5@aws-regional` (an `@` and a name, not a Vertex
 * date such as `claude-sonnet-4@20250514`). Such a model holds a platform's price (Bedrock's regional
 * premium), and logs reach it only through the platform's ids (id_patterns: `us.anthropic.claude-…-v1:0`),
 * never through this id. A provider list's match rule (`starts_with: claude-sonnet-4-5`) would price the id
 * at the provider's list price, which is another product: these models are not paired by match rules and
 * not listed as only-in-ours; a note counts them.
 */
export const isPlatformBookId = (id) => /@[a-z][a-z0-9-]*$/i.test(id);

/**
 * Whether a known-disagreement entry covers a mismatch. `model` (ours or the snapshot's id) and `field`
 * are exact names or patterns with `*` (any run of characters): `"*@aws-regional"`, `"*>199999"`, `"*"`.
 * Optional `provider` (ours) and `snapshot_provider` (the snapshot's folder or file: `alibaba-cn`) narrow it.
 */
export function knownMatches(entry, source, m) {
  if (entry.source !== source) return false;
  if (entry.provider !== undefined && entry.provider !== m.provider) return false;
  if (entry.snapshot_provider !== undefined && entry.snapshot_provider !== m.snapshotProvider) return false;
  const model = glob(entry.model);
  return (model.test(m.model) || model.test(m.snapshotId)) && glob(entry.field).test(m.field);
}

const globs = new Map();
function glob(pattern) {
  if (!globs.has(pattern)) globs.set(pattern, new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
  return globs.get(pattern);
}

/**
 * Compares one snapshot (`{ source, label, at, models, notes, providersRead }`) with the catalogue.
 * `known` is the list from pricing/crosscheck-known.json. Returns a plain, sorted report.
 */
export function compareSnapshot(catalogue, snapshot, known) {
  const { source, at } = snapshot;
  const models = snapshot.models.filter((m) => COVERED_PROVIDERS.includes(m.provider));
  const ours = catalogue.models.filter((m) => COVERED_PROVIDERS.includes(m.provider));

  // Pairs, keyed "our id\0snapshot provider/id" so a pair found both ways counts once.
  const pairs = new Map();
  const addPair = (model, snap, how) => {
    const key = `${model.id}\u0000${snap.snapshotProvider}/${snap.id}`;
    if (!pairs.has(key)) pairs.set(key, { model, snap, how });
  };
  const crossProvider = [];
  for (const snap of models) {
    for (const id of snap.lookupIds) {
      const match = catalogue.resolveModel(id, at);
      if (!match) continue;
      // A model listed under another provider's price list (genai-prices lists Claude under google:
      // Vertex) is that platform's price, not the one our model holds: not compared, said so.
      if (match.model.provider !== snap.provider) crossProvider.push(`${snap.snapshotProvider} lists ${snap.id}, which is our ${match.model.provider} model ${match.model.id}: another price list, not compared`);
      else addPair(match.model, snap, match.via === 'id' ? 'same id' : `our ${match.via}`);
      break;
    }
  }
  const platformBooks = [];
  for (const model of ours) {
    if (isPlatformBookId(model.id)) {
      platformBooks.push(model.id);
      continue;
    }
    const snap = models.find((s) => s.matches && s.provider === model.provider && s.matches(model.id));
    if (snap) addPair(model, snap, 'its match rule');
  }

  const rows = new Map(COVERED_PROVIDERS.map((p) => [p, { provider: p, inSnapshot: snapshot.providersRead.has(p), compared: 0, equal: 0, mismatched: 0, unpriced: 0, onlyInSnapshot: [], onlyInOurs: [] }]));
  const mismatches = [];
  const unpriced = [];
  const pairNotes = [];
  const pairedSnaps = new Set();
  const pairedOurs = new Set();
  for (const { model, snap, how } of [...pairs.values()].sort((a, b) => byText(a.model.id, b.model.id) || byText(a.snap.id, b.snap.id))) {
    pairedSnaps.add(snap);
    pairedOurs.add(model.id);
    const row = rows.get(snap.provider);
    const found = comparePair(catalogue, model, snap, at);
    if (found.unpriced) {
      row.unpriced++;
      unpriced.push({ provider: snap.provider, model: model.id, snapshotProvider: snap.snapshotProvider, snapshotId: snap.id, reason: found.unpriced });
      continue;
    }
    row.compared++;
    for (const note of found.notes) pairNotes.push(`${snap.provider} ${model.id}: ${note}`);
    if (found.mismatches.length === 0) {
      row.equal++;
      continue;
    }
    row.mismatched++;
    for (const m of found.mismatches) {
      const entry = { source, provider: snap.provider, model: model.id, snapshotProvider: snap.snapshotProvider, snapshotId: snap.id, how, ...m };
      const rule = known.find((k) => knownMatches(k, source, entry));
      if (rule) {
        entry.known = rule.reason;
        rule.used = true;
      }
      mismatches.push(entry);
    }
  }
  for (const snap of models) if (!pairedSnaps.has(snap)) rows.get(snap.provider).onlyInSnapshot.push(snap.id);
  for (const model of ours) {
    if (!pairedOurs.has(model.id) && !isPlatformBookId(model.id) && snapshot.providersRead.has(model.provider)) rows.get(model.provider).onlyInOurs.push(model.id);
  }
  for (const row of rows.values()) {
    row.onlyInSnapshot = [...new Set(row.onlyInSnapshot)].sort(byText);
    row.onlyInOurs.sort(byText);
  }
  const fieldRank = (f) => FIELDS.indexOf(f.replace(/[>@].*$/, ''));
  mismatches.sort((a, b) => byText(a.provider, b.provider) || byText(a.model, b.model) || byText(a.snapshotProvider, b.snapshotProvider) || byText(a.snapshotId, b.snapshotId) || fieldRank(a.field) - fieldRank(b.field) || byText(a.field, b.field));
  unpriced.sort((a, b) => byText(a.provider, b.provider) || byText(a.model, b.model) || byText(a.snapshotProvider, b.snapshotProvider) || byText(a.snapshotId, b.snapshotId));
  return {
    source,
    label: snapshot.label,
    at,
    dateNote: snapshot.dateNote,
    rows: [...rows.values()],
    mismatches,
    unpriced,
    notes: [...new Set([...snapshot.notes, ...pairNotes, ...crossProvider, ...platformBookNote(platformBooks, pairedOurs)])].sort(byText),
  };
}

/** The note on our platform price-book models (isPlatformBookId) left out of the comparison. */
function platformBookNote(ids, pairedOurs) {
  const left = ids.filter((id) => !pairedOurs.has(id)).sort(byText);
  if (left.length === 0) return [];
  return [`${left.length} models of ours are a platform's own price book (id@platform, e.g. ${left[0]}): a log never carries these ids and a provider's list does not price that platform, so they are not compared`];
}

/** Compares one pair at every time-of-day boundary either side has. */
export function comparePair(catalogue, model, snap, at) {
  const first = ourPrice(catalogue, model, at, 0, snap.book);
  if (first.unpriced) return { unpriced: first.unpriced };
  const minutes = [...new Set([0, ...first.breaks, ...snap.breaks])].sort((a, b) => a - b);
  const mismatches = [];
  const notes = new Set(first.notes);
  let rounded = 0;
  for (const minute of minutes) {
    const mine = minute === 0 ? first : ourPrice(catalogue, model, at, minute, snap.book);
    if (mine.unpriced) return { unpriced: mine.unpriced };
    const theirs = snap.priceAt(at, minute);
    const when = minutes.length > 1 ? `@${hhmm(minute)}` : '';
    for (const field of FIELDS) {
      const theirSteps = theirs[field];
      const mySteps = mine.fields[field];
      if (!theirSteps || mySteps.length === 0) continue;
      const thresholds = [...new Set([...theirSteps, ...mySteps].map((s) => s.above))].sort((a, b) => a - b);
      for (const above of thresholds) {
        const o = stepAt(mySteps, above);
        const s = stepAt(theirSteps, above);
        if (cmpDecimal(o.value, s.value) === 0) continue;
        // A converted book (models.dev alibaba-cn: CNY × 0.1435) is rounded by the snapshot: equal
        // within one unit of its last decimal place (at least 0.001), counted and said in the notes.
        if (snap.book.factor && withinRounding(o.value, s.value)) {
          rounded++;
          continue;
        }
        mismatches.push({
          field: `${field}${above > 0 ? `>${above}` : ''}${when}`,
          ours: formatDecimal(o.value),
          oursNote: [o.via && `not set: billed at ${o.via}`, o.above < above && `no tier above ${above}`].filter(Boolean).join('; ') || undefined,
          versionFrom: mine.version.effectiveFromText,
          versionSource: shortSource(mine.version),
          region: mine.region,
          snapshot: formatDecimal(s.value),
          snapshotNote: [s.above < above && `no tier above ${above}`, snap.info].filter(Boolean).join('; ') || undefined,
        });
      }
    }
  }
  if (rounded > 0) notes.add(`${rounded} converted rates (${snap.snapshotProvider}, ${snap.info?.match(/converted: ([^;]+)/)?.[1] ?? 'converted'}) equal only up to the snapshot's rounding`);
  return { mismatches, notes: [...notes] };
}

/**
 * A converted figure that is our rate up to the snapshot's rounding: |a − b| ≤ one unit of b's last
 * decimal place (at most 0.001), or ≤ 0.5% of b. models.dev rounds its CNY × 0.1435 figures to three
 * significant digits (¥24 × 0.1435 = 3.444 is written 3.44) or converts some with a slightly different
 * rate (¥1 → 0.143353, ¥24 → 3.441): both stay well inside 0.5%, while a real price difference between
 * two CNY list prices is far larger.
 */
export function withinRounding(a, b) {
  const places = Math.max(b.scale, 3);
  const scale = Math.max(a.scale, b.scale, places);
  const x = a.coef * 10n ** BigInt(scale - a.scale);
  const y = b.coef * 10n ** BigInt(scale - b.scale);
  const diff = x > y ? x - y : y - x;
  const absY = y < 0n ? -y : y;
  return diff <= 10n ** BigInt(scale - places) || diff * 1000n <= absY * 5n;
}

/** The step that applies to a request whose input is just above `above`. */
function stepAt(steps, above) {
  let found = steps[0];
  for (const step of steps) if (step.above <= above) found = step;
  return found;
}

function hhmm(minute) {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The snapshot's name for the model when it is not simply ours: " [snapshot alibaba-cn/qwen3-max]". */
function snapshotName(m) {
  if (m.snapshotId === m.model && m.snapshotProvider === m.provider) return '';
  return ` [snapshot ${m.snapshotProvider === m.provider ? '' : `${m.snapshotProvider}/`}${m.snapshotId}]`;
}

/** One mismatch as a line: `provider model field: ours X (version from D, source S) vs snapshot Y`. */
export function mismatchLine(m) {
  const snapId = snapshotName(m);
  const oursNote = m.oursNote ? `, ${m.oursNote}` : '';
  const snapNote = m.snapshotNote ? ` (${m.snapshotNote})` : '';
  return `${m.provider} ${m.model}${snapId} ${m.field}: ours ${m.ours} (version from ${m.versionFrom}, ${m.region}${oursNote}, source ${m.versionSource}) vs snapshot ${m.snapshot}${snapNote}`;
}

/** The whole report as text lines (deterministic: every list is sorted). */
export function formatReport({ catalogueLabel, reports, staleKnown }) {
  const out = [`pricing crosscheck: ${catalogueLabel}`];
  for (const r of reports) {
    const newCount = r.mismatches.filter((m) => !m.known).length;
    out.push('', `== ${r.source}: ${r.label}`, `   compared at ${new Date(r.at).toISOString()}${r.dateNote ? ` (${r.dateNote})` : ''}`, '');
    const header = ['provider', 'compared', 'equal', 'mismatched', 'only-in-snapshot', 'only-in-ours', 'unpriced-in-ours'];
    const table = [header, ...r.rows.map((row) => [row.provider, row.compared, row.equal, row.mismatched, row.inSnapshot ? row.onlyInSnapshot.length : '-', row.inSnapshot ? row.onlyInOurs.length : '-', row.unpriced].map(String))];
    const total = ['total', ...[1, 2, 3, 4, 5, 6].map((i) => String(table.slice(1).reduce((sum, row) => sum + (Number(row[i]) || 0), 0)))];
    table.push(total);
    const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
    for (const row of table) out.push(`   ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')}`);
    const missing = r.rows.filter((row) => !row.inSnapshot).map((row) => row.provider);
    if (missing.length > 0) out.push(`   (-: not in this snapshot: ${missing.join(', ')})`);
    out.push('', `   mismatches: ${r.mismatches.length} (${newCount} new, ${r.mismatches.length - newCount} known)`);
    for (const m of r.mismatches) out.push(`   ${m.known ? 'known' : 'new  '} ${mismatchLine(m)}${m.known ? ` — ${m.known}` : ''}`);
    if (r.unpriced.length > 0) {
      out.push('', `   unpriced in ours at that instant (not compared): ${r.unpriced.length}`);
      for (const u of r.unpriced) out.push(`     ${u.provider} ${u.model}${snapshotName(u)}: ${u.reason}`);
    }
    const onlySnap = r.rows.filter((row) => row.onlyInSnapshot.length > 0);
    if (onlySnap.length > 0) {
      out.push('', '   only in snapshot:');
      for (const row of onlySnap) out.push(`     ${row.provider} (${row.onlyInSnapshot.length}): ${row.onlyInSnapshot.join(', ')}`);
    }
    const onlyOurs = r.rows.filter((row) => row.onlyInOurs.length > 0);
    if (onlyOurs.length > 0) {
      out.push('', '   only in ours:');
      for (const row of onlyOurs) out.push(`     ${row.provider} (${row.onlyInOurs.length}): ${row.onlyInOurs.join(', ')}`);
    }
    if (r.notes.length > 0) {
      out.push('', '   notes:');
      for (const note of r.notes) out.push(`     - ${note}`);
    }
  }
  if (staleKnown.length > 0) {
    out.push('', `known disagreements that matched nothing (fixed, or the snapshot moved): ${staleKnown.length}`);
    for (const k of staleKnown) out.push(`   ${k.source} ${k.model} ${k.field}: ${k.reason}`);
  }
  const all = reports.flatMap((r) => r.mismatches);
  out.push('', `summary: ${all.length} mismatches, ${all.filter((m) => !m.known).length} new, ${all.filter((m) => m.known).length} known`);
  return out;
}

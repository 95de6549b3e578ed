// `llm-audit sql`: one query that prices a usage table (the ledger's shape, or the user's columns
// through --map) by joining it to the exported price points (`pricing export`), and aggregates it as
// the report does: groups, totals, unpriced requests and the what-if. It prices each row itself, from
// its instant, model, tokens and service tier: the version in force ([valid_from, valid_to)), the
// book, the size tier, the time-of-day window and its holiday calendar, thinking mode, and the rate
// fallbacks of core/cost.ts; it never reads the ledger's own cost columns. Money stays exact
// decimal. Pure: options in, SQL text out. docs/sql.md says what each part does.
import type { GroupDimension } from '../core/aggregate.ts';
import { DIALECT, sqlString, type Dialect, type DialectName } from './dialect.ts';

/** The usage columns the query reads, as the ledger names them (docs/ledger.md); --map renames them. */
export const USAGE_COLUMNS = [
  'status',
  'timestamp',
  'model',
  'model_id',
  'service_tier',
  'requests',
  'input',
  'cache_read',
  'cache_write_5m',
  'cache_write_1h',
  'output',
  'reasoning',
  'input_audio',
  'input_image',
  'output_audio',
  'web_search_calls',
  'tags',
] as const;
export type UsageColumn = (typeof USAGE_COLUMNS)[number];

/** Columns a usage table may lack (--map COLUMN= with nothing after it), and what stands in for them. */
export const OPTIONAL_COLUMNS: Partial<Record<UsageColumn, string>> = {
  status: 'every row is a request',
  model_id: "the logged model resolved through model_ids (ids and aliases, at the pricing instant)",
  service_tier: '--service-tier, else standard',
  requests: '1 request per row',
  cache_read: '0',
  cache_write_5m: '0',
  cache_write_1h: '0',
  reasoning: '0',
  input_audio: '0',
  input_image: '0',
  output_audio: '0',
  web_search_calls: '0',
  tags: 'no tags (tag:NAME, session and project groups are "(none)")',
};

/** The result's sections (its `section` column), in order. */
export const SECTIONS = ['total', 'group', 'unpriced_total', 'unpriced_group', 'whatif', 'whatif_cost', 'group_whatif', 'group_whatif_cost'] as const;

/** A target's size limits (the what-if's fit check): not in the export, so written into the query. */
export interface TargetLimits {
  modelId: string;
  contextWindow: number | null;
  maxOutputTokens: number | null;
}

export interface SqlOptions {
  dialect: DialectName;
  groupBy: readonly GroupDimension[];
  /** The usage table and the price tables, as the engine names them. */
  usageTable: string;
  priceTables: { pricePoints: string; modelIds: string; calendarDays: string };
  /** Usage column → the user's column; null: the table has no such column (OPTIONAL_COLUMNS). */
  columns: Record<UsageColumn, string | null>;
  /** --as-of: every version chosen at this instant (ISO); time-of-day windows still read each request's own time. */
  asOf?: string;
  region?: string;
  serviceTier?: string;
  timeZone?: string;
  weekStart: number;
  /** What-if targets (catalogue ids or exact aliases), and the size limits of every model they can mean. */
  compare: readonly string[];
  limits: readonly TargetLimits[];
  /** The catalogue hash, for the header comment. */
  catalogueHash: string;
}

const TOKENS = ['input', 'cache_read', 'cache_write_5m', 'cache_write_1h', 'output', 'reasoning', 'input_audio', 'input_image', 'output_audio', 'web_search_calls'] as const;
const COSTS = ['cost_input', 'cost_cache_read', 'cost_cache_write_5m', 'cost_cache_write_1h', 'cost_output', 'cost_web_search'] as const;

/** The group key column of a dimension in the result: g_model, g_day, g_tag_team… */
export function groupColumn(dimension: GroupDimension): string {
  return `g_${dimension.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** The result's columns, in order. */
export function resultColumns(groupBy: readonly GroupDimension[]): string[] {
  return ['section', ...groupBy.map(groupColumn), 'target', 'currency', 'requests', ...TOKENS, 'cost', ...COSTS, 'actual_cost', 'not_priced_requests', 'does_not_fit_requests'];
}

export function buildQuery(o: SqlOptions): string {
  const d = DIALECT[o.dialect];
  const col = (c: UsageColumn): string | null => {
    const name = o.columns[c];
    return name === null ? null : `u.${d.id(name)}`;
  };
  const count = (c: UsageColumn): string => {
    const e = col(c);
    return e === null ? '0' : `COALESCE(CAST(${e} AS ${d.bigint}), 0)`;
  };
  const at = o.asOf === undefined ? 'r.ts' : d.instant(o.asOf);
  const tier = sqlString(o.serviceTier ?? 'standard');
  const serviceTier = col('service_tier') === null ? tier : `COALESCE(CAST(${col('service_tier')} AS ${d.text}), ${tier})`;
  const status = col('status');
  const tags = col('tags');
  const pp = d.id(o.priceTables.pricePoints);
  const mi = d.id(o.priceTables.modelIds);
  const cd = d.id(o.priceTables.calendarDays);
  const local = o.timeZone === undefined || o.timeZone === 'UTC' ? 'r.ts' : d.inZone('r.ts', o.timeZone);
  const day = d.dateText(d.toDate(local));
  /** A dimension's value in `requests_in` (alias r of usage_rows). */
  const dimension = (dim: GroupDimension): string => {
    switch (dim) {
      case 'model':
        return 'r.model';
      case 'provider':
        // Known only once priced: filled in `rows_all`.
        return sqlString('');
      case 'day':
        return day;
      case 'month':
        return `SUBSTR(${day}, 1, 7)`;
      case 'week':
        return d.dateText(d.minusDays(d.toDate(local), `((${d.dow(local)} - ${o.weekStart} + 7) % 7)`));
      case 'block':
        throw new Error('block groups are refused before the query is built');
      default: {
        const key = dim.startsWith('tag:') ? dim.slice(4) : dim;
        return tags === null ? sqlString('(none)') : `COALESCE(${d.jsonKey('r.tags', key)}, '(none)')`;
      }
    }
  };
  const keys = o.groupBy.map(groupColumn);
  const keyList = keys.map((k) => `${k}, `).join('');
  const targets = o.compare;
  const ceil = (tokens: string): string => d.idiv(`${tokens} + q.n - 1`, 'q.n');
  const money = (x: string): string => `CAST(${x} AS ${d.money})`;
  const rows: string[] = [];

  rows.push(`-- llm-audit sql (${o.dialect}): prices ${o.usageTable} with the exported price points of the catalogue ${o.catalogueHash}`);
  rows.push(`-- options: group by ${o.groupBy.join(',')}${o.asOf ? `; as of ${o.asOf}` : ''}${o.region ? `; region ${o.region}` : ''}${o.serviceTier ? `; service tier ${o.serviceTier}` : ''}${o.timeZone ? `; time zone ${o.timeZone}` : ''}${targets.length > 0 ? `; compare ${targets.join(',')} (logged token counts)` : ''}`);
  rows.push('-- See docs/sql.md: one row per (section, group, target, currency); money is exact decimal.');
  rows.push('WITH');
  // 1. The usage rows that are requests, with their instant, model and buckets (audio and image
  //    tokens billed per request: those among the uncached input, core/cost.ts billedMedia).
  rows.push(`usage_rows AS ${d.materialized}(
  SELECT
    ROW_NUMBER() OVER () AS rid,
    ${d.castInstant(col('timestamp') as string)} AS ts,
    CAST(${col('model')} AS ${d.text}) AS model,
    ${col('model_id') === null ? d.nullOf(d.text) : `CAST(${col('model_id')} AS ${d.text})`} AS logged_model_id,
    ${serviceTier} AS service_tier,
    ${col('requests') === null ? '1' : `COALESCE(CAST(${col('requests')} AS ${d.bigint}), 1)`} AS requests,
    ${TOKENS.filter((t) => t !== 'input_audio' && t !== 'input_image')
      .map((t) => `${count(t)} AS ${t}`)
      .join(',\n    ')},
    ${count('input_audio')} AS logged_input_audio,
    ${count('input_image')} AS logged_input_image,
    ${tags === null ? d.nullOf(d.text) : `CAST(${tags} AS ${d.text})`} AS tags
  FROM ${d.id(o.usageTable)} u${status === null ? '' : `\n  WHERE ${status} IN ('priced', 'unpriced')`}
)`);
  rows.push(`requests_in AS ${d.materialized}(
  SELECT
    r.*,
    ${at} AS at,
    GREATEST(r.requests, 1) AS n,
    LEAST(r.logged_input_audio, r.input) AS input_audio,
    LEAST(r.logged_input_image, r.input - LEAST(r.logged_input_audio, r.input)) AS input_image${o.groupBy
      .map((g) => `,\n    ${dimension(g)} AS ${groupColumn(g)}`)
      .join('')}
  FROM usage_rows r
)`);
  // 2. The model each row means: the usage table's model_id, else the logged id or an alias valid then.
  rows.push(`resolved AS ${d.materialized}(
  SELECT r.*, COALESCE(r.logged_model_id, m.model_id) AS model_id
  FROM requests_in r
  LEFT JOIN ${mi} m ON m.logged_id = r.model AND (m.valid_from IS NULL OR m.valid_from <= r.at) AND (m.valid_to IS NULL OR r.at < m.valid_to)
)`);
  // 3. What to price: each row on its own model, and on every what-if target.
  const targetRows = targets.map(
    (t) => `  UNION ALL
  SELECT r.rid, ${sqlString(t)} AS target, t.model_id, r.at, r.ts, r.service_tier, r.n, r.input + r.cache_read + r.cache_write_5m + r.cache_write_1h AS prompt, r.output, r.reasoning
  FROM resolved r
  JOIN ${mi} t ON t.logged_id = ${sqlString(t)} AND (t.valid_from IS NULL OR t.valid_from <= r.at) AND (t.valid_to IS NULL OR r.at < t.valid_to)`,
  );
  rows.push(`to_price AS ${d.materialized}(
  SELECT r.rid, '' AS target, r.model_id, r.at, r.ts, r.service_tier, r.n, r.input + r.cache_read + r.cache_write_5m + r.cache_write_1h AS prompt, r.output, r.reasoning
  FROM resolved r
  WHERE r.model_id IS NOT NULL
${targetRows.join('\n')}
)`);
  // 4. The book: --region where the model has it, else the model's fallback book.
  const book = o.region === undefined ? 'MAX(CASE WHEN book_fallback THEN book END)' : `COALESCE(MAX(CASE WHEN book = ${sqlString(o.region)} THEN book END), MAX(CASE WHEN book_fallback THEN book END))`;
  rows.push(`books AS (
  SELECT model_id, ${book} AS book
  FROM ${pp}
  GROUP BY model_id
)`);
  rows.push(`calendars AS (
  SELECT calendar, MAX(utc_offset_minutes) AS utc_offset_minutes
  FROM ${cd}
  GROUP BY calendar
)`);
  // 5. Candidate price rows: the version in force at the pricing instant, the row's service tier,
  //    the size tiers the request fits, the window spans holding at the request's own UTC minute.
  const minute = `(${d.hour('q.ts')} * 60 + ${d.minute('q.ts')})`;
  rows.push(`candidates AS (
  SELECT
    q.rid, q.target, q.ts, q.reasoning, p.provider, p.currency, p.tier_index, p.window_index, p.window_days, p.window_calendar, p.window_makeup_workdays,
    p.input AS r_input, p.cache_read AS r_cache_read, p.cache_write_5m AS r_cache_write_5m, p.cache_write_1h AS r_cache_write_1h, p.output AS r_output,
    p.reasoning AS r_reasoning, p.output_thinking AS r_output_thinking, p.input_audio AS r_input_audio, p.output_audio AS r_output_audio,
    p.input_image AS r_input_image, p.web_search_per_1k AS r_web_search_per_1k,
    ${d.addMinutes('q.ts', 'COALESCE(c.utc_offset_minutes, 0)')} AS local_ts,
    ${ceil('q.prompt')} AS request_prompt,
    ${ceil('q.output')} AS request_output
  FROM to_price q
  JOIN books b ON b.model_id = q.model_id
  JOIN ${pp} p ON p.model_id = q.model_id AND p.book = b.book AND p.service_tier = q.service_tier
  LEFT JOIN calendars c ON c.calendar = p.window_calendar
  WHERE p.valid_from <= q.at AND (p.valid_to IS NULL OR q.at < p.valid_to)
    AND (p.tier_index IS NULL OR ((p.tier_input_up_to IS NULL OR ${ceil('q.prompt')} <= p.tier_input_up_to) AND (p.tier_output_up_to IS NULL OR ${ceil('q.output')} <= p.tier_output_up_to)))
    AND (p.window_index IS NULL OR (p.window_from_minute < p.window_to_minute AND ${minute} >= p.window_from_minute AND ${minute} < p.window_to_minute)
      OR (p.window_from_minute >= p.window_to_minute AND (${minute} >= p.window_from_minute OR ${minute} < p.window_to_minute)))
)`);
  // 6. The day rule of each window candidate: its weekdays, on the calendar's local date, less its
  //    holidays, plus its make-up working days; a year the calendar does not publish: unpriced.
  const weekday = (ts: string): string => `(c.window_days IS NULL OR ${d.strpos(`',' || c.window_days || ','`, `',' || ${d.intText(d.dow(ts))} || ','`)} > 0)`;
  // Only window candidates with a calendar read calendar_days (a planner without statistics would
  // otherwise loop over it for every candidate).
  rows.push(`judged AS (
  SELECT c.*,
    CASE
      WHEN c.window_index IS NULL THEN 'base'
      WHEN ${weekday('c.ts')} THEN 'holds'
      ELSE 'skip'
    END AS window_state
  FROM candidates c
  WHERE c.window_calendar IS NULL
  UNION ALL
  SELECT c.*,
    CASE
      WHEN y.calendar IS NULL THEN 'unpublished'
      WHEN h.kind = 'holiday' THEN 'skip'
      WHEN c.window_makeup_workdays AND h.kind = 'workday' THEN 'holds'
      WHEN ${weekday('c.local_ts')} THEN 'holds'
      ELSE 'skip'
    END AS window_state
  FROM candidates c
  LEFT JOIN ${cd} y ON y.calendar = c.window_calendar AND y.kind = 'year' AND y.year = ${d.year('c.local_ts')}
  LEFT JOIN ${cd} h ON h.calendar = c.window_calendar AND h.kind IN ('holiday', 'workday') AND h.date = ${d.toDate('c.local_ts')}
  WHERE c.window_calendar IS NOT NULL
)`);
  // 7. The price: the lowest size tier that fits; the lowest window that holds, else the price
  //    outside every window (a window whose calendar year is not published leaves it unpriced).
  rows.push(`picked AS (
  SELECT * FROM (
    SELECT j.*, ROW_NUMBER() OVER (PARTITION BY j.rid, j.target ORDER BY CASE WHEN j.window_state = 'base' THEN 1 ELSE 0 END, j.tier_index, j.window_index) AS choice
    FROM judged j
    WHERE j.window_state <> 'skip'
  ) x
  WHERE x.choice = 1 AND x.window_state <> 'unpublished'
)`);
  // 8. The cost of each billed line, per request (core/cost.ts costByBucket), exact.
  const thinking = '(r.reasoning > 0 AND k.r_output_thinking IS NOT NULL)';
  const outRate = `CASE WHEN ${thinking} THEN k.r_output_thinking ELSE k.r_output END`;
  const m = (x: string): string => `${money(x)} * ${d.perMillion}`;
  rows.push(`costed AS ${d.materialized}(
  SELECT
    k.rid, k.target, k.provider, k.currency,
    ${m(`r.input * k.r_input
      + CASE WHEN k.r_input_audio IS NOT NULL THEN r.input_audio * (k.r_input_audio - k.r_input) ELSE 0 END
      + CASE WHEN k.r_input_image IS NOT NULL THEN r.input_image * (k.r_input_image - k.r_input) ELSE 0 END`)} AS cost_input,
    ${m('r.cache_read * COALESCE(k.r_cache_read, k.r_input)')} AS cost_cache_read,
    ${m('r.cache_write_5m * COALESCE(k.r_cache_write_5m, k.r_input)')} AS cost_cache_write_5m,
    ${m('r.cache_write_1h * COALESCE(k.r_cache_write_1h, k.r_cache_write_5m, k.r_input)')} AS cost_cache_write_1h,
    ${m(`r.output * (${outRate})
      + CASE WHEN NOT ${thinking} AND k.r_reasoning IS NOT NULL THEN r.reasoning * (k.r_reasoning - k.r_output) ELSE 0 END
      + CASE WHEN k.r_output_audio IS NOT NULL THEN r.output_audio * (k.r_output_audio - (${outRate})) ELSE 0 END`)} AS cost_output,
    ${m('CASE WHEN k.r_web_search_per_1k IS NOT NULL THEN r.web_search_calls * k.r_web_search_per_1k * 1000 ELSE 0 END')} AS cost_web_search
  FROM picked k
  JOIN requests_in r ON r.rid = k.rid
)`);
  // 9. Every request with its actual price (or none: unpriced), and its group key.
  const providerKey = o.groupBy.includes('provider') ? `,\n    CASE WHEN a.rid IS NULL THEN '(unknown)' ELSE a.provider END AS ${groupColumn('provider')}` : '';
  rows.push(`rows_all AS ${d.materialized}(
  SELECT
    ${['rid', 'requests', ...TOKENS, ...o.groupBy.filter((g) => g !== 'provider').map(groupColumn)].map((c) => `r.${c}`).join(', ')},
    r.prompt_tokens, r.output_tokens,
    a.currency, a.rid IS NOT NULL AS priced,
    ${COSTS.map((c) => `a.${c}`).join(', ')},
    ${COSTS.map((c) => `a.${c}`).join(' + ')} AS cost${providerKey}
  FROM (SELECT r.*, r.input + r.cache_read + r.cache_write_5m + r.cache_write_1h AS prompt_tokens, r.output AS output_tokens FROM requests_in r) r
  LEFT JOIN costed a ON a.rid = r.rid AND a.target = ''
)`);
  const sums = (prefix = ''): string => [`SUM(${prefix}requests)`, ...TOKENS.map((t) => `SUM(${prefix}${t})`)].join(', ');
  const nullKeys = keys.map(() => `${d.nullOf(d.text)}, `).join('');
  const nullTokens = [...TOKENS].map(() => d.nullOf(d.bigint)).join(', ');
  const nullCosts = ['cost', ...COSTS].map(() => d.nullOf(d.money)).join(', ');
  const nm = d.nullOf(d.money);
  const nb = d.nullOf(d.bigint);
  const nt = d.nullOf(d.text);
  const costSums = ['cost', ...COSTS].map((c) => `SUM(${c})`).join(', ');
  const selects: string[] = [];
  selects.push(`SELECT 'total', ${nullKeys}${nt}, currency, ${sums()}, ${costSums}, ${nm}, ${nb}, ${nb}
FROM rows_all WHERE priced GROUP BY currency`);
  selects.push(`SELECT 'group', ${keyList}${nt}, currency, ${sums()}, ${costSums}, ${nm}, ${nb}, ${nb}
FROM rows_all WHERE priced GROUP BY ${keyList}currency`);
  selects.push(`SELECT 'unpriced_total', ${nullKeys}${nt}, ${nt}, ${sums()}, ${nullCosts}, ${nm}, ${nb}, ${nb}
FROM rows_all WHERE NOT priced HAVING COUNT(*) > 0`);
  selects.push(`SELECT 'unpriced_group', ${keyList}${nt}, ${nt}, ${sums()}, ${nullCosts}, ${nm}, ${nb}, ${nb}
FROM rows_all WHERE NOT priced GROUP BY ${keys.join(', ')}`);
  if (targets.length > 0) {
    const limits = o.limits.length === 0 ? `SELECT ${nt} AS model_id, ${nb} AS context_window, ${nb} AS max_output WHERE 1 = 0` : o.limits.map((l, i) => `SELECT ${sqlString(l.modelId)}${i === 0 ? ' AS model_id' : ''}, ${l.contextWindow === null ? nb : `CAST(${l.contextWindow} AS ${d.bigint})`}${i === 0 ? ' AS context_window' : ''}, ${l.maxOutputTokens === null ? nb : `CAST(${l.maxOutputTokens} AS ${d.bigint})`}${i === 0 ? ' AS max_output' : ''}`).join('\n  UNION ALL ');
    // The what-if: each priced request on each target (logged token counts), as core/whatif.ts: a
    // price the target has → repriced, unless the request is larger than the target's context
    // window or max output (core/fit.ts: per request, rounded up); no price → not priced.
    rows.push(`target_limits AS (
  ${limits}
)`);
    rows.push(`what_if AS ${d.materialized}(
  SELECT
    w.target, ${keys.map((k) => `r.${k}, `).join('')}r.requests, r.currency AS actual_currency, r.cost AS actual_cost,
    t.currency AS target_currency, ${COSTS.map((c) => `t.${c}`).join(' + ')} AS target_cost,
    CASE
      WHEN t.rid IS NULL THEN 'not_priced'
      WHEN l.context_window IS NOT NULL AND ${d.idiv('r.prompt_tokens + GREATEST(r.requests, 1) - 1', 'GREATEST(r.requests, 1)')} + ${d.idiv('r.output_tokens + GREATEST(r.requests, 1) - 1', 'GREATEST(r.requests, 1)')} > l.context_window THEN 'does_not_fit'
      WHEN l.max_output IS NOT NULL AND ${d.idiv('r.output_tokens + GREATEST(r.requests, 1) - 1', 'GREATEST(r.requests, 1)')} > l.max_output THEN 'does_not_fit'
      ELSE 'repriced'
    END AS outcome
  FROM rows_all r
  CROSS JOIN (${targets.map((t) => `SELECT ${sqlString(t)} AS target`).join(' UNION ALL ')}) w
  LEFT JOIN costed t ON t.rid = r.rid AND t.target = w.target
  LEFT JOIN to_price tp ON tp.rid = r.rid AND tp.target = w.target
  LEFT JOIN target_limits l ON l.model_id = tp.model_id
  WHERE r.priced
)`);
    const counts = (misfitApart: boolean): string =>
      `SUM(CASE WHEN outcome = 'repriced' THEN requests ELSE 0 END), ${nullTokens}, ${nullCosts}, ${nm}, ` +
      (misfitApart
        ? `SUM(CASE WHEN outcome = 'not_priced' THEN requests ELSE 0 END), SUM(CASE WHEN outcome = 'does_not_fit' THEN requests ELSE 0 END)`
        : `SUM(CASE WHEN outcome <> 'repriced' THEN requests ELSE 0 END), ${nb}`);
    const costRows = (groupKeys: string): string => `SELECT target, ${groupKeys}currency, SUM(cost) AS cost, SUM(actual_cost) AS actual_cost
  FROM (
    SELECT target, ${groupKeys}target_currency AS currency, target_cost AS cost, ${nm} AS actual_cost FROM what_if WHERE outcome = 'repriced'
    UNION ALL
    SELECT target, ${groupKeys}actual_currency AS currency, ${nm} AS cost, actual_cost FROM what_if WHERE outcome = 'repriced'
  ) c
  GROUP BY target, ${groupKeys}currency`;
    selects.push(`SELECT 'whatif', ${nullKeys}target, ${nt}, ${counts(true)}
FROM what_if GROUP BY target`);
    selects.push(`SELECT 'whatif_cost', ${nullKeys}target, currency, ${nb}, ${nullTokens}, cost, ${COSTS.map(() => nm).join(', ')}, actual_cost, ${nb}, ${nb}
FROM (${costRows('')}) wc`);
    // In a group's cell, a request the target cannot take counts as one it did not reprice (core/group-whatif.ts).
    selects.push(`SELECT 'group_whatif', ${keyList}target, ${nt}, ${counts(false)}
FROM what_if GROUP BY ${keyList}target`);
    selects.push(`SELECT 'group_whatif_cost', ${keyList}target, currency, ${nb}, ${nullTokens}, cost, ${COSTS.map(() => nm).join(', ')}, actual_cost, ${nb}, ${nb}
FROM (${costRows(keyList)}) gc`);
  }
  const header = resultColumns(o.groupBy);
  // Every branch lists its values in the header's order; the first names them (a CTE column list is not portable).
  const first = aliased(selects[0] as string, header);
  return `${rows.slice(0, 4).join('\n')}\n${rows.slice(4).join(',\n')},\nresult AS (\n${[first, ...selects.slice(1)].join('\nUNION ALL\n')}\n)\nSELECT * FROM result\nORDER BY section, ${[...keys, 'target', 'currency'].join(', ')};\n`;
}

/** `SELECT a, b, c\nFROM …` with `AS name` after each value (values are split at top-level commas). */
function aliased(select: string, names: readonly string[]): string {
  const newline = select.indexOf('\n');
  const values = splitTopLevel(select.slice('SELECT '.length, newline));
  if (values.length !== names.length) throw new Error(`internal: ${values.length} values for ${names.length} columns`);
  return `SELECT ${values.map((v, i) => `${v.trim()} AS ${names[i]}`).join(', ')}${select.slice(newline)}`;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

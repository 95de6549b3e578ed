-- llm-audit sql (postgres): prices usage with the exported price points of the catalogue sha256:342d16003467878d2e655ac83782c0fb51c2ff9474ee49166e91cb332201bd77
-- options: group by model,week,tag:team; region cn; time zone Asia/Shanghai; compare gpt-4o (logged token counts)
-- See docs/sql.md: one row per (section, group, target, currency); money is exact decimal.
WITH
usage_rows AS MATERIALIZED (
  SELECT
    ROW_NUMBER() OVER () AS rid,
    CAST(u."created_at" AS TIMESTAMP) AS ts,
    CAST(u."model" AS VARCHAR) AS model,
    CAST(NULL AS VARCHAR) AS logged_model_id,
    COALESCE(CAST(u."service_tier" AS VARCHAR), 'standard') AS service_tier,
    COALESCE(CAST(u."requests" AS BIGINT), 1) AS requests,
    COALESCE(CAST(u."input" AS BIGINT), 0) AS input,
    COALESCE(CAST(u."cache_read" AS BIGINT), 0) AS cache_read,
    COALESCE(CAST(u."cache_write_5m" AS BIGINT), 0) AS cache_write_5m,
    COALESCE(CAST(u."cache_write_1h" AS BIGINT), 0) AS cache_write_1h,
    COALESCE(CAST(u."output" AS BIGINT), 0) AS output,
    COALESCE(CAST(u."reasoning" AS BIGINT), 0) AS reasoning,
    COALESCE(CAST(u."output_audio" AS BIGINT), 0) AS output_audio,
    COALESCE(CAST(u."web_search_calls" AS BIGINT), 0) AS web_search_calls,
    COALESCE(CAST(u."input_audio" AS BIGINT), 0) AS logged_input_audio,
    COALESCE(CAST(u."input_image" AS BIGINT), 0) AS logged_input_image,
    CAST(u."tags" AS VARCHAR) AS tags
  FROM "usage" u
),
requests_in AS MATERIALIZED (
  SELECT
    r.*,
    r.ts AS at,
    GREATEST(r.requests, 1) AS n,
    LEAST(r.logged_input_audio, r.input) AS input_audio,
    LEAST(r.logged_input_image, r.input - LEAST(r.logged_input_audio, r.input)) AS input_image,
    r.model AS g_model,
    to_char((CAST(((r.ts AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai') AS DATE) - CAST(((CAST(EXTRACT(DOW FROM ((r.ts AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai')) AS BIGINT) - 1 + 7) % 7) AS INTEGER)), 'YYYY-MM-DD') AS g_week,
    COALESCE((CAST(r.tags AS JSONB) ->> 'team'), '(none)') AS g_tag_team
  FROM usage_rows r
),
resolved AS MATERIALIZED (
  SELECT r.*, COALESCE(r.logged_model_id, m.model_id) AS model_id
  FROM requests_in r
  LEFT JOIN "model_ids" m ON m.logged_id = r.model AND (m.valid_from IS NULL OR m.valid_from <= r.at) AND (m.valid_to IS NULL OR r.at < m.valid_to)
),
to_price AS MATERIALIZED (
  SELECT r.rid, '' AS target, r.model_id, r.at, r.ts, r.service_tier, r.n, r.input + r.cache_read + r.cache_write_5m + r.cache_write_1h AS prompt, r.output, r.reasoning
  FROM resolved r
  WHERE r.model_id IS NOT NULL
  UNION ALL
  SELECT r.rid, 'gpt-4o' AS target, t.model_id, r.at, r.ts, r.service_tier, r.n, r.input + r.cache_read + r.cache_write_5m + r.cache_write_1h AS prompt, r.output, r.reasoning
  FROM resolved r
  JOIN "model_ids" t ON t.logged_id = 'gpt-4o' AND (t.valid_from IS NULL OR t.valid_from <= r.at) AND (t.valid_to IS NULL OR r.at < t.valid_to)
),
books AS (
  SELECT model_id, COALESCE(MAX(CASE WHEN book = 'cn' THEN book END), MAX(CASE WHEN book_fallback THEN book END)) AS book
  FROM "price_points"
  GROUP BY model_id
),
calendars AS (
  SELECT calendar, MAX(utc_offset_minutes) AS utc_offset_minutes
  FROM "calendar_days"
  GROUP BY calendar
),
candidates AS (
  SELECT
    q.rid, q.target, q.ts, q.reasoning, p.provider, p.currency, p.tier_index, p.window_index, p.window_days, p.window_calendar, p.window_makeup_workdays,
    p.input AS r_input, p.cache_read AS r_cache_read, p.cache_write_5m AS r_cache_write_5m, p.cache_write_1h AS r_cache_write_1h, p.output AS r_output,
    p.reasoning AS r_reasoning, p.output_thinking AS r_output_thinking, p.input_audio AS r_input_audio, p.output_audio AS r_output_audio,
    p.input_image AS r_input_image, p.web_search_per_1k AS r_web_search_per_1k,
    (q.ts + COALESCE(c.utc_offset_minutes, 0) * INTERVAL '1 minute') AS local_ts,
    (q.prompt + q.n - 1 / q.n) AS request_prompt,
    (q.output + q.n - 1 / q.n) AS request_output
  FROM to_price q
  JOIN books b ON b.model_id = q.model_id
  JOIN "price_points" p ON p.model_id = q.model_id AND p.book = b.book AND p.service_tier = q.service_tier
  LEFT JOIN calendars c ON c.calendar = p.window_calendar
  WHERE p.valid_from <= q.at AND (p.valid_to IS NULL OR q.at < p.valid_to)
    AND (p.tier_index IS NULL OR ((p.tier_input_up_to IS NULL OR (q.prompt + q.n - 1 / q.n) <= p.tier_input_up_to) AND (p.tier_output_up_to IS NULL OR (q.output + q.n - 1 / q.n) <= p.tier_output_up_to)))
    AND (p.window_index IS NULL OR (p.window_from_minute < p.window_to_minute AND (CAST(EXTRACT(HOUR FROM q.ts) AS BIGINT) * 60 + CAST(EXTRACT(MINUTE FROM q.ts) AS BIGINT)) >= p.window_from_minute AND (CAST(EXTRACT(HOUR FROM q.ts) AS BIGINT) * 60 + CAST(EXTRACT(MINUTE FROM q.ts) AS BIGINT)) < p.window_to_minute)
      OR (p.window_from_minute >= p.window_to_minute AND ((CAST(EXTRACT(HOUR FROM q.ts) AS BIGINT) * 60 + CAST(EXTRACT(MINUTE FROM q.ts) AS BIGINT)) >= p.window_from_minute OR (CAST(EXTRACT(HOUR FROM q.ts) AS BIGINT) * 60 + CAST(EXTRACT(MINUTE FROM q.ts) AS BIGINT)) < p.window_to_minute)))
),
judged AS (
  SELECT c.*,
    CASE
      WHEN c.window_index IS NULL THEN 'base'
      WHEN (c.window_days IS NULL OR strpos(',' || c.window_days || ',', ',' || CAST(CAST(EXTRACT(DOW FROM c.ts) AS BIGINT) AS VARCHAR) || ',') > 0) THEN 'holds'
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
      WHEN (c.window_days IS NULL OR strpos(',' || c.window_days || ',', ',' || CAST(CAST(EXTRACT(DOW FROM c.local_ts) AS BIGINT) AS VARCHAR) || ',') > 0) THEN 'holds'
      ELSE 'skip'
    END AS window_state
  FROM candidates c
  LEFT JOIN "calendar_days" y ON y.calendar = c.window_calendar AND y.kind = 'year' AND y.year = CAST(EXTRACT(YEAR FROM c.local_ts) AS BIGINT)
  LEFT JOIN "calendar_days" h ON h.calendar = c.window_calendar AND h.kind IN ('holiday', 'workday') AND h.date = CAST(c.local_ts AS DATE)
  WHERE c.window_calendar IS NOT NULL
),
picked AS (
  SELECT * FROM (
    SELECT j.*, ROW_NUMBER() OVER (PARTITION BY j.rid, j.target ORDER BY CASE WHEN j.window_state = 'base' THEN 1 ELSE 0 END, j.tier_index, j.window_index) AS choice
    FROM judged j
    WHERE j.window_state <> 'skip'
  ) x
  WHERE x.choice = 1 AND x.window_state <> 'unpublished'
),
costed AS MATERIALIZED (
  SELECT
    k.rid, k.target, k.provider, k.currency,
    CAST(r.input * k.r_input
      + CASE WHEN k.r_input_audio IS NOT NULL THEN r.input_audio * (k.r_input_audio - k.r_input) ELSE 0 END
      + CASE WHEN k.r_input_image IS NOT NULL THEN r.input_image * (k.r_input_image - k.r_input) ELSE 0 END AS DECIMAL(38, 18)) * 0.000001 AS cost_input,
    CAST(r.cache_read * COALESCE(k.r_cache_read, k.r_input) AS DECIMAL(38, 18)) * 0.000001 AS cost_cache_read,
    CAST(r.cache_write_5m * COALESCE(k.r_cache_write_5m, k.r_input) AS DECIMAL(38, 18)) * 0.000001 AS cost_cache_write_5m,
    CAST(r.cache_write_1h * COALESCE(k.r_cache_write_1h, k.r_cache_write_5m, k.r_input) AS DECIMAL(38, 18)) * 0.000001 AS cost_cache_write_1h,
    CAST(r.output * (CASE WHEN (r.reasoning > 0 AND k.r_output_thinking IS NOT NULL) THEN k.r_output_thinking ELSE k.r_output END)
      + CASE WHEN NOT (r.reasoning > 0 AND k.r_output_thinking IS NOT NULL) AND k.r_reasoning IS NOT NULL THEN r.reasoning * (k.r_reasoning - k.r_output) ELSE 0 END
      + CASE WHEN k.r_output_audio IS NOT NULL THEN r.output_audio * (k.r_output_audio - (CASE WHEN (r.reasoning > 0 AND k.r_output_thinking IS NOT NULL) THEN k.r_output_thinking ELSE k.r_output END)) ELSE 0 END AS DECIMAL(38, 18)) * 0.000001 AS cost_output,
    CAST(CASE WHEN k.r_web_search_per_1k IS NOT NULL THEN r.web_search_calls * k.r_web_search_per_1k * 1000 ELSE 0 END AS DECIMAL(38, 18)) * 0.000001 AS cost_web_search
  FROM picked k
  JOIN requests_in r ON r.rid = k.rid
),
rows_all AS MATERIALIZED (
  SELECT
    r.rid, r.requests, r.input, r.cache_read, r.cache_write_5m, r.cache_write_1h, r.output, r.reasoning, r.input_audio, r.input_image, r.output_audio, r.web_search_calls, r.g_model, r.g_week, r.g_tag_team,
    r.prompt_tokens, r.output_tokens,
    a.currency, a.rid IS NOT NULL AS priced,
    a.cost_input, a.cost_cache_read, a.cost_cache_write_5m, a.cost_cache_write_1h, a.cost_output, a.cost_web_search,
    a.cost_input + a.cost_cache_read + a.cost_cache_write_5m + a.cost_cache_write_1h + a.cost_output + a.cost_web_search AS cost
  FROM (SELECT r.*, r.input + r.cache_read + r.cache_write_5m + r.cache_write_1h AS prompt_tokens, r.output AS output_tokens FROM requests_in r) r
  LEFT JOIN costed a ON a.rid = r.rid AND a.target = ''
),
target_limits AS (
  SELECT 'gpt-4o-2024-05-13' AS model_id, CAST(NULL AS BIGINT) AS context_window, CAST(NULL AS BIGINT) AS max_output
  UNION ALL SELECT 'gpt-4o-2024-08-06', CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)
),
what_if AS MATERIALIZED (
  SELECT
    w.target, r.g_model, r.g_week, r.g_tag_team, r.requests, r.currency AS actual_currency, r.cost AS actual_cost,
    t.currency AS target_currency, t.cost_input + t.cost_cache_read + t.cost_cache_write_5m + t.cost_cache_write_1h + t.cost_output + t.cost_web_search AS target_cost,
    CASE
      WHEN t.rid IS NULL THEN 'not_priced'
      WHEN l.context_window IS NOT NULL AND (r.prompt_tokens + GREATEST(r.requests, 1) - 1 / GREATEST(r.requests, 1)) + (r.output_tokens + GREATEST(r.requests, 1) - 1 / GREATEST(r.requests, 1)) > l.context_window THEN 'does_not_fit'
      WHEN l.max_output IS NOT NULL AND (r.output_tokens + GREATEST(r.requests, 1) - 1 / GREATEST(r.requests, 1)) > l.max_output THEN 'does_not_fit'
      ELSE 'repriced'
    END AS outcome
  FROM rows_all r
  CROSS JOIN (SELECT 'gpt-4o' AS target) w
  LEFT JOIN costed t ON t.rid = r.rid AND t.target = w.target
  LEFT JOIN to_price tp ON tp.rid = r.rid AND tp.target = w.target
  LEFT JOIN target_limits l ON l.model_id = tp.model_id
  WHERE r.priced
),
result AS (
SELECT 'total' AS section, CAST(NULL AS VARCHAR) AS g_model, CAST(NULL AS VARCHAR) AS g_week, CAST(NULL AS VARCHAR) AS g_tag_team, CAST(NULL AS VARCHAR) AS target, currency AS currency, SUM(requests) AS requests, SUM(input) AS input, SUM(cache_read) AS cache_read, SUM(cache_write_5m) AS cache_write_5m, SUM(cache_write_1h) AS cache_write_1h, SUM(output) AS output, SUM(reasoning) AS reasoning, SUM(input_audio) AS input_audio, SUM(input_image) AS input_image, SUM(output_audio) AS output_audio, SUM(web_search_calls) AS web_search_calls, SUM(cost) AS cost, SUM(cost_input) AS cost_input, SUM(cost_cache_read) AS cost_cache_read, SUM(cost_cache_write_5m) AS cost_cache_write_5m, SUM(cost_cache_write_1h) AS cost_cache_write_1h, SUM(cost_output) AS cost_output, SUM(cost_web_search) AS cost_web_search, CAST(NULL AS DECIMAL(38, 18)) AS actual_cost, CAST(NULL AS BIGINT) AS not_priced_requests, CAST(NULL AS BIGINT) AS does_not_fit_requests
FROM rows_all WHERE priced GROUP BY currency
UNION ALL
SELECT 'group', g_model, g_week, g_tag_team, CAST(NULL AS VARCHAR), currency, SUM(requests), SUM(input), SUM(cache_read), SUM(cache_write_5m), SUM(cache_write_1h), SUM(output), SUM(reasoning), SUM(input_audio), SUM(input_image), SUM(output_audio), SUM(web_search_calls), SUM(cost), SUM(cost_input), SUM(cost_cache_read), SUM(cost_cache_write_5m), SUM(cost_cache_write_1h), SUM(cost_output), SUM(cost_web_search), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)
FROM rows_all WHERE priced GROUP BY g_model, g_week, g_tag_team, currency
UNION ALL
SELECT 'unpriced_total', CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), SUM(requests), SUM(input), SUM(cache_read), SUM(cache_write_5m), SUM(cache_write_1h), SUM(output), SUM(reasoning), SUM(input_audio), SUM(input_image), SUM(output_audio), SUM(web_search_calls), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)
FROM rows_all WHERE NOT priced HAVING COUNT(*) > 0
UNION ALL
SELECT 'unpriced_group', g_model, g_week, g_tag_team, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), SUM(requests), SUM(input), SUM(cache_read), SUM(cache_write_5m), SUM(cache_write_1h), SUM(output), SUM(reasoning), SUM(input_audio), SUM(input_image), SUM(output_audio), SUM(web_search_calls), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)
FROM rows_all WHERE NOT priced GROUP BY g_model, g_week, g_tag_team
UNION ALL
SELECT 'whatif', CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), target, CAST(NULL AS VARCHAR), SUM(CASE WHEN outcome = 'repriced' THEN requests ELSE 0 END), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), SUM(CASE WHEN outcome = 'not_priced' THEN requests ELSE 0 END), SUM(CASE WHEN outcome = 'does_not_fit' THEN requests ELSE 0 END)
FROM what_if GROUP BY target
UNION ALL
SELECT 'whatif_cost', CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), target, currency, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), cost, CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), actual_cost, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)
FROM (SELECT target, currency, SUM(cost) AS cost, SUM(actual_cost) AS actual_cost
  FROM (
    SELECT target, target_currency AS currency, target_cost AS cost, CAST(NULL AS DECIMAL(38, 18)) AS actual_cost FROM what_if WHERE outcome = 'repriced'
    UNION ALL
    SELECT target, actual_currency AS currency, CAST(NULL AS DECIMAL(38, 18)) AS cost, actual_cost FROM what_if WHERE outcome = 'repriced'
  ) c
  GROUP BY target, currency) wc
UNION ALL
SELECT 'group_whatif', g_model, g_week, g_tag_team, target, CAST(NULL AS VARCHAR), SUM(CASE WHEN outcome = 'repriced' THEN requests ELSE 0 END), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), SUM(CASE WHEN outcome <> 'repriced' THEN requests ELSE 0 END), CAST(NULL AS BIGINT)
FROM what_if GROUP BY g_model, g_week, g_tag_team, target
UNION ALL
SELECT 'group_whatif_cost', g_model, g_week, g_tag_team, target, currency, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), cost, CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), CAST(NULL AS DECIMAL(38, 18)), actual_cost, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)
FROM (SELECT target, g_model, g_week, g_tag_team, currency, SUM(cost) AS cost, SUM(actual_cost) AS actual_cost
  FROM (
    SELECT target, g_model, g_week, g_tag_team, target_currency AS currency, target_cost AS cost, CAST(NULL AS DECIMAL(38, 18)) AS actual_cost FROM what_if WHERE outcome = 'repriced'
    UNION ALL
    SELECT target, g_model, g_week, g_tag_team, actual_currency AS currency, CAST(NULL AS DECIMAL(38, 18)) AS cost, actual_cost FROM what_if WHERE outcome = 'repriced'
  ) c
  GROUP BY target, g_model, g_week, g_tag_team, currency) gc
)
SELECT * FROM result
ORDER BY section, g_model, g_week, g_tag_team, target, currency;

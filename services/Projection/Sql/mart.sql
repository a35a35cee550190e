-- The BI marts: views in schema mart over the projection's typed tables (Sql/tables.sql) and Marten
-- document tables in schema projection. Installed by MartSchemaMigrator in one transaction whenever this script changes (its
-- hash is kept in projection.mart_schema_version), after Marten has created the document tables and
-- drop-mart.sql has removed the previous views.
-- Views run with their owner's rights (security_invoker = false), so the read-only role needs
-- SELECT on these views only, never on the document tables.
--
-- A read of one customer touches that customer's rows only. Figures that depend on the whole population
-- are kept, not recomputed per read: the customer count by statement triggers (exact as of the last
-- batch), the RFM quintile boundaries and cohort retention by the global refresh (MartRefresher, as of
-- scores_as_of / computed_at). Tier, recency and R are per-customer formulas over the as-of date, exact.
-- docs/marts.md says per column which is which.

CREATE SCHEMA mart;
COMMENT ON SCHEMA mart IS 'CustomerStream BI marts (read-only views; see docs/marts.md)';

-- ---------------------------------------------------------------------------------------------
-- Helpers (private schema: BI reads them only through the mart views)
-- ---------------------------------------------------------------------------------------------

CREATE VIEW projection.effective_settings AS
SELECT s.tier_platinum_min,
       s.tier_gold_min,
       s.tier_silver_min,
       s.as_of_date AS configured_as_of_date,
       COALESCE(s.as_of_date, (now() AT TIME ZONE 'UTC')::date) AS as_of_date
FROM projection.mart_settings s
WHERE s.id = 1;

-- Who reads personal data in clear: the projection's own role (the owner of schema projection, which the
-- services and the CLI use) and whoever has the rights of customerstream_bi_pii. Every other reader of mart
-- (customerstream_bi) reads pseudonyms: e-mail addresses as keyed hashes (projection.pseudonym_key), no names,
-- phones or raw rejected lines. current_user is the role running the query: a view checks table rights as its
-- owner but does not change the current user. The key's pads travel from here to projection.pseudonymized_identifier,
-- so a reader never needs the right to read the key itself.
CREATE VIEW projection.pii_access AS
SELECT pg_has_role(current_user, n.nspowner, 'USAGE')
       OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'customerstream_bi_pii' AND pg_has_role(current_user, r.oid, 'USAGE')) AS in_clear,
       k.inner_pad,
       k.outer_pad
FROM pg_namespace n
LEFT JOIN projection.pseudonym_key k ON k.id = 1
WHERE n.nspname = 'projection';

-- A merge is superseded when the merged ID later became a survivor again (a newer merge into it).
CREATE VIEW projection.active_alias AS
SELECT a.id::text AS merged_id, a.survivor_id, a.version, a.event_id, a.merged_at, a.reason, a.linking_identifier, a.updated_at
FROM projection.mt_doc_customer_alias a
WHERE NOT EXISTS (
    SELECT 1 FROM projection.mt_doc_customer_alias b
    WHERE b.survivor_id = a.id AND b.version > a.version);

-- Customers that exist now: not merged away (removed by the aggregator or announced as an alias)
-- and with a profile.
-- (projection.customer.live, kept by the writer).
CREATE VIEW projection.live_customer AS
SELECT c.*
FROM projection.customer c
WHERE c.live;

-- The last calendar month with an approved order anywhere: month-over-month rows and cohort offsets run to it.
CREATE VIEW projection.last_data_month AS
SELECT max(p.period_start) AS last_month
FROM projection.customer_period p
WHERE p.grain = 'month' AND p.order_count > 0;

-- Every calendar month from the first to the last month with an approved order anywhere.
CREATE VIEW projection.month_calendar AS
SELECT m::date AS month, (m - interval '1 month')::date AS prior_month
FROM (
    SELECT min(p.period_start) AS first_month FROM projection.customer_period p
    WHERE p.grain = 'month' AND p.order_count > 0
) b
CROSS JOIN projection.last_data_month l
CROSS JOIN LATERAL generate_series(b.first_month::timestamp, l.last_month::timestamp, interval '1 month') AS m;

-- Per-customer figures that need only the customer's own row and the settings.
CREATE VIEW projection.customer_metrics AS
SELECT c.*,
       CASE WHEN c.total_transactions > 0
            THEN (c.last_transaction_ts AT TIME ZONE 'UTC')::date - (c.first_transaction_ts AT TIME ZONE 'UTC')::date
       END AS customer_age_days,
       CASE WHEN c.total_transactions > 0
            THEN round(c.lifetime_value / GREATEST((c.last_transaction_ts AT TIME ZONE 'UTC')::date - (c.first_transaction_ts AT TIME ZONE 'UTC')::date, 1), 4)
       END AS avg_spend_per_day,
       CASE WHEN c.lifetime_value >= s.tier_platinum_min THEN 'Platinum'
            WHEN c.lifetime_value >= s.tier_gold_min THEN 'Gold'
            WHEN c.lifetime_value >= s.tier_silver_min THEN 'Silver'
            ELSE 'Bronze'
       END AS tier,
       CASE WHEN c.total_transactions > 0
            THEN s.as_of_date - (c.last_transaction_ts AT TIME ZONE 'UTC')::date
       END AS recency_days,
       -- Coefficient of variation = sample stddev / mean. One transaction has no spread (stddev
       -- undefined, taken as 0); a mean of 0 means every amount was 0: no spread either.
       CASE WHEN c.total_transactions = 0 OR c.avg_transaction_value IS NULL THEN NULL
            WHEN c.avg_transaction_value = 0 OR COALESCE(c.transaction_value_stddev, 0) / c.avg_transaction_value < 0.5 THEN 'Consistent'
            WHEN COALESCE(c.transaction_value_stddev, 0) / c.avg_transaction_value < 1.0 THEN 'Moderate'
            ELSE 'Variable'
       END AS spending_consistency
FROM projection.live_customer c
CROSS JOIN projection.effective_settings s;

-- The RFM scores of each customer that has them (visible, with an approved order), as stored on its row: at
-- the last global refresh exactly ntile(5) and R from the as-of date; for a customer written since, its F and
-- M are where its current values fall among the quintile boundaries of that refresh (projection.rfm_bounds).
CREATE VIEW projection.customer_scores AS
SELECT m.*, CASE WHEN m.r_score IS NOT NULL THEN b.scores_as_of END AS scores_as_of
FROM projection.customer_metrics m
CROSS JOIN projection.rfm_bounds b;

-- ---------------------------------------------------------------------------------------------
-- Per customer × period
-- ---------------------------------------------------------------------------------------------

CREATE VIEW mart.customer_month WITH (security_invoker = false) AS
SELECT p.customer_id, p.period_start, p.order_count, p.revenue, p.refunded_amount,
       CASE WHEN p.order_count > 0 THEN round(p.revenue / p.order_count, 4) END AS avg_order_value,
       p.first_order_ts, p.last_order_ts, p.web_sessions, p.page_views, p.updated_at
FROM projection.customer_period p
WHERE p.grain = 'month';

CREATE VIEW mart.customer_quarter WITH (security_invoker = false) AS
SELECT p.customer_id, p.period_start, p.order_count, p.revenue, p.refunded_amount,
       CASE WHEN p.order_count > 0 THEN round(p.revenue / p.order_count, 4) END AS avg_order_value,
       p.first_order_ts, p.last_order_ts, p.web_sessions, p.page_views, p.updated_at
FROM projection.customer_period p
WHERE p.grain = 'quarter';

CREATE VIEW mart.customer_year WITH (security_invoker = false) AS
SELECT p.customer_id, p.period_start, p.order_count, p.revenue, p.refunded_amount,
       CASE WHEN p.order_count > 0 THEN round(p.revenue / p.order_count, 4) END AS avg_order_value,
       p.first_order_ts, p.last_order_ts, p.web_sessions, p.page_views, p.updated_at
FROM projection.customer_period p
WHERE p.grain = 'year';

CREATE VIEW mart.customer_period_unit WITH (security_invoker = false) AS
SELECT u.customer_id, u.grain, u.period_start, u.business_unit, u.order_count, u.revenue, u.refunded_amount,
       CASE WHEN u.order_count > 0 THEN round(u.revenue / u.order_count, 4) END AS avg_order_value,
       u.first_order_ts, u.last_order_ts, u.updated_at
FROM projection.customer_period_unit u;

CREATE VIEW mart.orders WITH (security_invoker = false) AS
SELECT o.order_id, o.source_system, o.customer_id, o.order_ts, o.updated_at, o.status, o.amount, o.currency,
       o.business_unit, o.category, o.product_id, o.quantity, o.projected_at
FROM projection.customer_order o;

-- ---------------------------------------------------------------------------------------------
-- Per customer
-- ---------------------------------------------------------------------------------------------

CREATE VIEW mart.metric_customer_ltv WITH (security_invoker = false) AS
SELECT m.customer_id, m.lifetime_value, m.total_transactions, m.customer_age_days, m.avg_spend_per_day, m.tier,
       m.visibility_status
FROM projection.customer_metrics m;

CREATE VIEW mart.metric_avg_transaction_value WITH (security_invoker = false) AS
SELECT m.customer_id, m.avg_transaction_value, m.transaction_value_stddev, m.min_transaction_value,
       m.max_transaction_value, m.median_transaction_value, m.spending_consistency, m.total_transactions,
       m.visibility_status
FROM projection.customer_metrics m
WHERE m.total_transactions > 0;

-- Visible customers with at least one approved order. F and M are quintiles (ntile(5)) over them, ordered by
-- the value and then by customer_id (byte order), as of scores_as_of (projection.customer_scores).
CREATE VIEW mart.customer_rfm WITH (security_invoker = false) AS
SELECT s.customer_id, s.recency_days, s.total_transactions AS frequency, s.lifetime_value AS monetary,
       s.r_score, s.f_score, s.m_score, s.segment, s.scores_as_of
FROM projection.customer_scores s
-- A stored segment means visible with an approved order (MartWriter, Sql/refresh.sql); naming it lets
-- aggregations read the customer_segments index.
WHERE s.visibility_status = 'visible' AND s.total_transactions > 0 AND s.segment IS NOT NULL;

-- Personal columns as the reader may see them (projection.pii_access): in clear, or pseudonymized — the e-mail
-- as its keyed hash (the same hash as the identifier email:<hash> in mart.identity_links, so the two join), no
-- name, no phone. One query rather than a branch per kind of reader, so that a join or a lookup by customer_id
-- still reaches one customer through the indexes; a filter on email cannot use the index on lower(email) here:
-- look a customer up by e-mail through mart.identity_links.
CREATE VIEW mart.customer_profile WITH (security_invoker = false) AS
SELECT s.customer_id, s.visibility_status, s.acquisition_ts, s.acquisition_source,
       CASE WHEN a.in_clear THEN s.email ELSE substr(projection.pseudonymized_identifier('email:' || s.email, a.inner_pad, a.outer_pad), 7) END AS email,
       CASE WHEN a.in_clear THEN s.first_name END AS first_name,
       CASE WHEN a.in_clear THEN s.last_name END AS last_name,
       CASE WHEN a.in_clear THEN s.phone END AS phone,
       s.country, s.city,
       -- Where each identifier resolves now (identity's links), not every identifier the customer's history
       -- passed through: a device that moved on to another login is no longer this customer's.
       ARRAY(SELECT CASE WHEN a.in_clear OR l.namespace <> 'email' THEN l.identifier ELSE l.identifier_pseudonym END
             FROM projection.identity_link l WHERE l.customer_id = s.customer_id ORDER BY l.identifier) AS identifiers,
       s.lifetime_value, s.total_transactions, s.refunded_amount, s.first_transaction_ts, s.last_transaction_ts,
       s.customer_age_days, s.avg_spend_per_day, s.avg_transaction_value, s.transaction_value_stddev,
       s.min_transaction_value, s.max_transaction_value, s.median_transaction_value, s.spending_consistency,
       s.tier, s.recency_days, s.r_score, s.f_score, s.m_score, s.segment,
       s.web_sessions, s.page_views, s.version, s.updated_at, s.scores_as_of
FROM projection.customer_scores s
CROSS JOIN projection.pii_access a;

-- Every calendar month from the month of the customer's first approved order to the last month with an
-- approved order anywhere (projection.last_data_month), 0 spend in months without one. Built as
-- customers x a calendar of months, so a filter on customer_id or on month narrows every part of it.
CREATE VIEW mart.metric_mom_spend_change WITH (security_invoker = false) AS
SELECT x.customer_id, x.month, x.monthly_spend, x.prior_month_spend,
       round(c.pct, 2) AS mom_change_pct,
       CASE WHEN c.pct IS NULL THEN NULL
            WHEN c.pct >= 50 THEN 'High Growth'
            WHEN c.pct >= 10 THEN 'Growth'
            WHEN c.pct > -10 THEN 'Flat'
            WHEN c.pct > -50 THEN 'Decline'
            ELSE 'High Decline'
       END AS mom_trend_category,
       x.month_number
FROM (
    SELECT f.customer_id,
           cal.month,
           COALESCE(cur.revenue, 0) AS monthly_spend,
           CASE WHEN cal.month = f.first_month THEN NULL ELSE COALESCE(prev.revenue, 0) END AS prior_month_spend,
           ((extract(year FROM cal.month) - extract(year FROM f.first_month)) * 12
             + extract(month FROM cal.month) - extract(month FROM f.first_month) + 1)::int AS month_number
    FROM (
        SELECT lc.customer_id, date_trunc('month', lc.first_transaction_ts AT TIME ZONE 'UTC')::date AS first_month
        FROM projection.live_customer lc
        WHERE lc.total_transactions > 0
    ) f
    JOIN projection.month_calendar cal ON cal.month >= f.first_month
    LEFT JOIN projection.customer_period cur
           ON cur.customer_id = f.customer_id AND cur.grain = 'month' AND cur.period_start = cal.month
    LEFT JOIN projection.customer_period prev
           ON prev.customer_id = f.customer_id AND prev.grain = 'month' AND prev.period_start = cal.prior_month
) x
-- The change is undefined (NULL) in the customer's first month and after a month without spend.
CROSS JOIN LATERAL (
    SELECT CASE WHEN x.prior_month_spend > 0 THEN (x.monthly_spend - x.prior_month_spend) / x.prior_month_spend * 100 END AS pct
) c;

-- ---------------------------------------------------------------------------------------------
-- Population
-- ---------------------------------------------------------------------------------------------

-- Cohort retention computed from the current rows (the global refresh stores it in projection.cohort_retention).
-- Cohort = calendar month (UTC) of acquisition, over visible customers. For every month offset from 0
-- to the later of the last data month and the cohort month: customers of the cohort with at least one
-- approved order in that month.
CREATE VIEW projection.cohort_retention_now AS
WITH members AS (
    SELECT c.customer_id, date_trunc('month', c.acquisition_ts AT TIME ZONE 'UTC')::date AS cohort_month
    FROM projection.live_customer c
    WHERE c.visibility_status = 'visible' AND c.acquisition_ts IS NOT NULL
),
cohorts AS (
    SELECT cohort_month, count(*) AS cohort_size FROM members GROUP BY cohort_month
),
retained AS (
    SELECT m.cohort_month,
           ((extract(year FROM p.period_start) - extract(year FROM m.cohort_month)) * 12
             + extract(month FROM p.period_start) - extract(month FROM m.cohort_month))::int AS month_offset,
           count(DISTINCT m.customer_id) AS retained_customers
    FROM members m
    JOIN projection.customer_period p
      ON p.customer_id = m.customer_id AND p.grain = 'month' AND p.order_count > 0 AND p.period_start >= m.cohort_month
    GROUP BY 1, 2
)
SELECT c.cohort_month, k.month_offset, c.cohort_size,
       COALESCE(r.retained_customers, 0) AS retained_customers,
       round(COALESCE(r.retained_customers, 0)::numeric / c.cohort_size, 4) AS retention_rate
FROM cohorts c
CROSS JOIN projection.last_data_month l
CROSS JOIN LATERAL generate_series(0,
    ((extract(year FROM GREATEST(l.last_month, c.cohort_month)) - extract(year FROM c.cohort_month)) * 12
      + extract(month FROM GREATEST(l.last_month, c.cohort_month)) - extract(month FROM c.cohort_month))::int) AS k(month_offset)
LEFT JOIN retained r ON r.cohort_month = c.cohort_month AND r.month_offset = k.month_offset;

-- As of computed_at (the last global refresh).
CREATE VIEW mart.cohort_retention WITH (security_invoker = false) AS
SELECT r.cohort_month, r.month_offset, r.cohort_size, r.retained_customers, r.retention_rate, r.computed_at
FROM projection.cohort_retention r;

-- All four buckets, always, in the order the contract lists them; "how many customers" = visible.
CREATE VIEW mart.customer_count_audit WITH (security_invoker = false) AS
SELECT b.visibility_status, COALESCE(n.customers, 0)::bigint AS customers, b.sort_order
FROM (VALUES ('visible', 1), ('test', 2), ('deleted', 3), ('anonymous', 4)) AS b(visibility_status, sort_order)
LEFT JOIN (
    -- Kept by triggers on projection.customer (Sql/tables.sql): exact as of the last committed batch.
    SELECT visibility_status, sum(customers) AS customers FROM projection.customer_count_delta GROUP BY visibility_status
) n ON n.visibility_status = b.visibility_status;

-- ---------------------------------------------------------------------------------------------
-- Identity and input quality
-- ---------------------------------------------------------------------------------------------

-- Pseudonymized readers see an e-mail identifier as its stored pseudonym (indexed like the identifier itself, so
-- a lookup by either stays one index probe); the reader's rights pick the branches.
CREATE VIEW mart.identity_links WITH (security_invoker = false) AS
SELECT l.identifier, l.customer_id, l.source_system, l.first_seen_ts, l.namespace, l.is_strong, l.version, l.updated_at
FROM projection.identity_link l
WHERE (SELECT a.in_clear FROM projection.pii_access a) OR l.namespace <> 'email'
UNION ALL
SELECT l.identifier_pseudonym, l.customer_id, l.source_system, l.first_seen_ts, l.namespace, l.is_strong, l.version, l.updated_at
FROM projection.identity_link l
WHERE NOT (SELECT a.in_clear FROM projection.pii_access a) AND l.namespace = 'email' AND l.identifier_pseudonym IS NOT NULL;

-- Every merge identity announced (customer.merged.v1), in the order it saw them, with the live customer
-- each merged ID resolves to now (merges chain: a -> b -> c resolves a to c). This is processing history:
-- the same records arriving in another order may pass through other intermediate IDs.
CREATE VIEW mart.customer_merges WITH (security_invoker = false) AS
WITH RECURSIVE chain(merged_id, resolved_id, depth) AS (
    SELECT a.merged_id, a.survivor_id, 1 FROM projection.active_alias a
    UNION ALL
    SELECT ch.merged_id, a.survivor_id, ch.depth + 1
    FROM chain ch
    JOIN projection.active_alias a ON a.merged_id = ch.resolved_id
    WHERE ch.depth < 64 AND a.survivor_id <> ch.merged_id
)
SELECT a.merged_id, a.survivor_id, r.resolved_id, a.version, a.event_id, a.merged_at,
       -- The reason names the identifiers the linking record carried: e-mail addresses only in clear.
       CASE WHEN p.in_clear THEN a.reason ELSE regexp_replace(a.reason, 'email:\S+', 'email:(pseudonymized)', 'g') END AS reason,
       CASE WHEN p.in_clear THEN a.linking_identifier ELSE projection.pseudonymized_identifier(a.linking_identifier, p.inner_pad, p.outer_pad) END AS linking_identifier
FROM projection.active_alias a
CROSS JOIN projection.pii_access p
JOIN LATERAL (
    SELECT ch.resolved_id FROM chain ch WHERE ch.merged_id = a.merged_id ORDER BY ch.depth DESC LIMIT 1
) r ON true;

-- Every Customer360 ID derived from a strong identifier that is not the live customer holding it. Any ID
-- a customer ever had is the ID one of its strong identifiers derives, so these rows cover every merge of
-- customers whatever order the records came in, and depend on the data alone. (An anonymous profile that
-- joined a customer exists only when the device's anonymous events arrived before its owner's login, an
-- accident of arrival order: its merge is in customer_merges.)
CREATE VIEW mart.customer_aliases WITH (security_invoker = false) AS
SELECT l.derived_id AS merged_id, l.customer_id AS resolved_id,
       CASE WHEN p.in_clear OR l.namespace <> 'email' THEN l.identifier ELSE l.identifier_pseudonym END AS linking_identifier
FROM projection.identity_link l
CROSS JOIN projection.pii_access p
WHERE l.is_strong AND l.derived_id <> l.customer_id;

CREATE VIEW mart.rejected_records WITH (security_invoker = false) AS
SELECT r.source_system, r.input_ref, r.reason_code,
       -- A reason quotes the values it found wrong (a malformed e-mail, a name in a broken row): pseudonymized
       -- readers get it with every quoted text that is not a lower_snake word (field names, vocabulary such as
       -- a status) and every JSON snippet cut out. The lower_snake words are set aside in curly quotes while
       -- the rest is masked, then put back.
       CASE WHEN p.in_clear THEN r.reason
            ELSE regexp_replace(
                     translate(regexp_replace(regexp_replace(r.reason, '''([a-z][a-z0-9_]*)''', '‘\1’', 'g'), '''[^'']*''', '''…''', 'g'), '‘’', ''''''),
                     '(an object|an array|invalid JSON:|not valid JSON:|broken quoting:) .*$', '\1 …')
       END AS reason,
       CASE WHEN p.in_clear THEN r.raw END AS raw,
       r.rejected_at, r.entity, r.id::text AS rejection_id
FROM projection.mt_doc_rejected_record r
CROSS JOIN projection.pii_access p;

CREATE VIEW mart.settings WITH (security_invoker = false) AS
SELECT tier_platinum_min, tier_gold_min, tier_silver_min, configured_as_of_date, as_of_date
FROM projection.effective_settings;

COMMENT ON VIEW mart.customer_profile IS 'One row per live Customer360 ID (not an alias), any visibility: Customer 360 profile with lifetime figures, tier, recency, RFM (e-mail pseudonymized, no name or phone, except for customerstream_bi_pii)';
COMMENT ON VIEW mart.customer_month IS 'Customer x calendar month (UTC), all business units; every customer, filter visibility by joining customer_profile';
COMMENT ON VIEW mart.customer_quarter IS 'Customer x calendar quarter (UTC), all business units';
COMMENT ON VIEW mart.customer_year IS 'Customer x calendar year (UTC), all business units';
COMMENT ON VIEW mart.customer_period_unit IS 'Customer x grain x period x business unit (order figures only); never sum it together with customer_month';
COMMENT ON VIEW mart.orders IS 'One row per order (source_system, order_id), its current version, under the customer that owns it now';
COMMENT ON VIEW mart.metric_customer_ltv IS 'Per customer: lifetime value, transactions, age in days, spend per day, tier (thresholds in mart.settings)';
COMMENT ON VIEW mart.metric_avg_transaction_value IS 'Per customer with at least one approved order: mean, sample stddev, min, max, median, spending consistency';
COMMENT ON VIEW mart.metric_mom_spend_change IS 'Customer x every month from the first approved order to the last month with data; 0 spend where none';
COMMENT ON VIEW mart.customer_rfm IS 'Visible customers with at least one approved order: recency, frequency, monetary scores and segment (quintiles as of scores_as_of)';
COMMENT ON VIEW mart.cohort_retention IS 'Acquisition month x month offset over visible customers: cohort size, retained customers, retention rate (as of computed_at)';
COMMENT ON VIEW mart.customer_count_audit IS 'Customers per visibility status, all four buckets; how many customers we have = visible';
COMMENT ON VIEW mart.identity_links IS 'Where each identifier resolves now';
COMMENT ON VIEW mart.customer_aliases IS 'Customer360 IDs derived from strong identifiers that are not live customers, and the live customer each resolves to (depends on the data alone)';
COMMENT ON VIEW mart.customer_merges IS 'Every merge announced on customer.merged.v1, as processed, with the live customer the merged ID resolves to now';
COMMENT ON VIEW mart.rejected_records IS 'Input records ingest rejected, with source, input reference, reason code; raw text only for customerstream_bi_pii';
COMMENT ON VIEW mart.settings IS 'Tier thresholds and the as-of date recency is measured to';

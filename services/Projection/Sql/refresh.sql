-- The global refresh: the population-wide figures no single read should compute, replaced in one
-- transaction (readers keep seeing the previous figures until it commits and are never blocked: plain
-- UPDATE/DELETE/INSERT, no table lock). Run by MartRefresher on the configured cadence.

-- RFM quintile boundaries: ntile(5) over the visible customers with an approved order, ordered by value then
-- customer_id (byte order). ntile puts the first (n % 5) quintiles one row larger, so quintile k ends at row
-- k * (n / 5) + least(k, n % 5); the row there is the boundary.
WITH base AS (
    SELECT c.customer_id COLLATE "C" AS id, c.total_transactions AS f, c.lifetime_value AS m
    FROM projection.customer c
    WHERE c.live AND c.visibility_status = 'visible' AND c.total_transactions > 0
),
population AS (SELECT count(*) AS n FROM base),
ends AS (SELECT k, k * (p.n / 5) + LEAST(k, p.n % 5) AS pos FROM population p, generate_series(1, 4) AS k),
f AS (SELECT e.k, r.f, r.id FROM (SELECT f, id, row_number() OVER (ORDER BY f, id) AS rn FROM base) r JOIN ends e ON e.pos = r.rn),
m AS (SELECT e.k, r.m, r.id FROM (SELECT m, id, row_number() OVER (ORDER BY m, id) AS rn FROM base) r JOIN ends e ON e.pos = r.rn)
UPDATE projection.rfm_bounds b SET
    scores_as_of = now(),
    ranked_customers = (SELECT n FROM population),
    f1_value = (SELECT f FROM f WHERE k = 1), f1_id = (SELECT id FROM f WHERE k = 1),
    f2_value = (SELECT f FROM f WHERE k = 2), f2_id = (SELECT id FROM f WHERE k = 2),
    f3_value = (SELECT f FROM f WHERE k = 3), f3_id = (SELECT id FROM f WHERE k = 3),
    f4_value = (SELECT f FROM f WHERE k = 4), f4_id = (SELECT id FROM f WHERE k = 4),
    m1_value = (SELECT m FROM m WHERE k = 1), m1_id = (SELECT id FROM m WHERE k = 1),
    m2_value = (SELECT m FROM m WHERE k = 2), m2_id = (SELECT id FROM m WHERE k = 2),
    m3_value = (SELECT m FROM m WHERE k = 3), m3_id = (SELECT id FROM m WHERE k = 3),
    m4_value = (SELECT m FROM m WHERE k = 4), m4_id = (SELECT id FROM m WHERE k = 4)
WHERE b.id = 1;

-- Every customer's stored RFM scores, exact: ntile(5) over the ranked customers, R from the as-of date; NULL
-- for everyone else. Only rows whose scores change are written.
WITH ranked AS (
    SELECT c.customer_id,
           projection.rfm_r_score(s.as_of_date - (c.last_transaction_ts AT TIME ZONE 'UTC')::date) AS r,
           ntile(5) OVER (ORDER BY c.total_transactions, c.customer_id COLLATE "C") AS f,
           ntile(5) OVER (ORDER BY c.lifetime_value, c.customer_id COLLATE "C") AS m
    FROM projection.customer c
    CROSS JOIN projection.effective_settings s
    WHERE c.live AND c.visibility_status = 'visible' AND c.total_transactions > 0
),
scored AS (
    SELECT c.customer_id, x.r, x.f, x.m, projection.rfm_segment(x.r, x.f, x.m) AS segment
    FROM projection.customer c
    LEFT JOIN ranked x ON x.customer_id = c.customer_id
)
UPDATE projection.customer c
SET r_score = x.r, f_score = x.f, m_score = x.m, segment = x.segment
FROM scored x
WHERE c.customer_id = x.customer_id AND (c.r_score, c.f_score, c.m_score, c.segment) IS DISTINCT FROM (x.r, x.f, x.m, x.segment);

-- Cohort retention, replaced whole.
DELETE FROM projection.cohort_retention;
INSERT INTO projection.cohort_retention (cohort_month, month_offset, cohort_size, retained_customers, retention_rate, computed_at)
SELECT r.cohort_month, r.month_offset, r.cohort_size, r.retained_customers, r.retention_rate, now()
FROM projection.cohort_retention_now r;

-- The count deltas the triggers appended since the last refresh, folded into one row per status (exactly the
-- rows this statement sees; deltas of batches committing meanwhile stay and are folded next time).
WITH folded AS (DELETE FROM projection.customer_count_delta RETURNING visibility_status, customers)
INSERT INTO projection.customer_count_delta (visibility_status, customers)
SELECT visibility_status, sum(customers) FROM folded GROUP BY visibility_status HAVING sum(customers) <> 0;

-- The projection's typed tables (schema projection, private: BI reads them through the mart views).
-- Run on every start, idempotent. One row per natural key, so no customer-period row can exist twice.
-- These are plain tables rather than Marten documents because they are the hot write path: a document
-- row carries its whole JSON next to the duplicated columns, several times the bytes and a serialization
-- per row. Measured in one run of `projection --customers 20000` (tests/CustomerStream.Benchmarks, shared
-- 2-core machine): these tables took 46,800 rows/s through MartWriter, Marten's IDocumentSession.Store
-- 3,400 documents/s; the hosted projection applied 11,000 changes (328,400 rows) in 10.9 s where it had
-- taken 40.5 s as documents (`projection-service --customers 11000`). Aliases and rejected records,
-- written rarely, stay Marten documents.

-- One row per Customer360 ID the aggregator reported: its profile and lifetime figures, or a tombstone
-- (removed, merged into another) that keeps the version so that an older change replayed later cannot
-- bring it back.
CREATE TABLE IF NOT EXISTS projection.customer (
    customer_id text PRIMARY KEY,
    version bigint NOT NULL,
    removed boolean NOT NULL,
    merged_into text NULL,
    changed_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    visibility_status text NULL,
    acquisition_ts timestamptz NULL,
    acquisition_source text NULL,
    email text NULL,
    first_name text NULL,
    last_name text NULL,
    phone text NULL,
    country text NULL,
    city text NULL,
    identifiers text[] NOT NULL DEFAULT '{}',
    lifetime_value numeric NOT NULL DEFAULT 0,
    total_transactions bigint NOT NULL DEFAULT 0,
    refunded_amount numeric NOT NULL DEFAULT 0,
    first_transaction_ts timestamptz NULL,
    last_transaction_ts timestamptz NULL,
    avg_transaction_value numeric NULL,
    transaction_value_stddev numeric NULL,
    min_transaction_value numeric NULL,
    max_transaction_value numeric NULL,
    median_transaction_value numeric NULL,
    web_sessions bigint NOT NULL DEFAULT 0,
    page_views bigint NOT NULL DEFAULT 0,
    -- RFM scores and segment of a visible customer with an approved order (else NULL): written with the
    -- customer from the stored quintile boundaries (projection.rfm_bounds), set to the exact ntile by the
    -- global refresh. Stored so that aggregations over everybody read them instead of ranking everybody.
    r_score integer NULL,
    f_score integer NULL,
    m_score integer NULL,
    segment text NULL,
    -- An announced merge (customer.merged.v1) names this ID as merged away and no newer merge made it a
    -- survivor again. Kept by the writer whenever customers or merges are written.
    aliased boolean NOT NULL DEFAULT false,
    -- A customer that exists now: a profile, not removed, not an alias. Every mart relation filters on it.
    live boolean GENERATED ALWAYS AS (NOT removed AND visibility_status IS NOT NULL AND NOT aliased) STORED
);
-- One customer by e-mail (equality) and the console's search by the start of an e-mail address or a name
-- (prefix ranges in index order): byte-wise (text_pattern_ops) indexes serve both whatever the database's
-- collation. Names are held as "last first", so that a last name alone is a prefix too. E-mail and names
-- rarely change, so updating a customer's figures stays a HOT update.
CREATE INDEX IF NOT EXISTS customer_email_pattern ON projection.customer (lower(email) text_pattern_ops);
DROP INDEX IF EXISTS projection.customer_lower_email;
CREATE INDEX IF NOT EXISTS customer_name_pattern
    ON projection.customer (lower(coalesce(last_name, '') || ' ' || coalesce(first_name, '')) text_pattern_ops);

-- Aggregations over everybody (segments, tiers) read these small indexes instead of the wide rows
-- (index-only scans): the ranked customers with their figures, and every live customer's lifetime value.
CREATE INDEX IF NOT EXISTS customer_segments ON projection.customer (segment)
    INCLUDE (visibility_status, lifetime_value, total_transactions, avg_transaction_value) WHERE live AND segment IS NOT NULL;
CREATE INDEX IF NOT EXISTS customer_lifetime_value ON projection.customer (lifetime_value) INCLUDE (visibility_status) WHERE live;

-- Rows are updated in place often (each change of a customer rewrites its row and some period rows): room on
-- every page lets PostgreSQL keep the new version on the same page without touching the indexes (HOT).
ALTER TABLE projection.customer SET (fillfactor = 85);

-- Customer x grain x period over all business units.
CREATE TABLE IF NOT EXISTS projection.customer_period (
    customer_id text NOT NULL,
    grain text NOT NULL CHECK (grain IN ('month', 'quarter', 'year')),
    period_start date NOT NULL,
    order_count bigint NOT NULL,
    revenue numeric NOT NULL,
    refunded_amount numeric NOT NULL,
    first_order_ts timestamptz NULL,
    last_order_ts timestamptz NULL,
    web_sessions bigint NOT NULL,
    page_views bigint NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (customer_id, grain, period_start)
);
ALTER TABLE projection.customer_period SET (fillfactor = 85);
-- The first and last month with an approved order anywhere (month-over-month and cohorts run to it): read
-- from the ends of this index. Its predicate names only grain, which never changes, so updating a row's
-- figures leaves the index alone (a HOT update) when the page has room.
CREATE INDEX IF NOT EXISTS customer_period_months ON projection.customer_period (period_start)
    WHERE grain = 'month';
DROP INDEX IF EXISTS projection.customer_period_order_months;

-- Customer x grain x period x business unit (order figures only).
CREATE TABLE IF NOT EXISTS projection.customer_period_unit (
    customer_id text NOT NULL,
    grain text NOT NULL CHECK (grain IN ('month', 'quarter', 'year')),
    period_start date NOT NULL,
    business_unit text NOT NULL,
    order_count bigint NOT NULL,
    revenue numeric NOT NULL,
    refunded_amount numeric NOT NULL,
    first_order_ts timestamptz NULL,
    last_order_ts timestamptz NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (customer_id, grain, period_start, business_unit)
);
ALTER TABLE projection.customer_period_unit SET (fillfactor = 85);

-- The current version of each order as reported by the customer that owns it. Keyed by owner: when a
-- merge moves an order from the loser to the survivor, the two owners' changes arrive on different
-- partitions in any order, and the loser's removal deletes only the loser's copy.
CREATE TABLE IF NOT EXISTS projection.customer_order (
    customer_id text NOT NULL,
    source_system text NOT NULL,
    order_id text NOT NULL,
    order_ts timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    status text NOT NULL,
    amount numeric NOT NULL,
    currency text NOT NULL,
    business_unit text NOT NULL,
    category text NULL,
    product_id text NULL,
    quantity integer NULL,
    projected_at timestamptz NOT NULL,
    PRIMARY KEY (customer_id, source_system, order_id)
);
CREATE INDEX IF NOT EXISTS customer_order_order ON projection.customer_order (source_system, order_id);

-- Where each identifier resolves now (identity.links.v1), newest identity version wins.
CREATE TABLE IF NOT EXISTS projection.identity_link (
    identifier text PRIMARY KEY,
    customer_id text NOT NULL,
    -- The Customer360 ID this identifier derives (Customer360Id.From); empty for an unparsable identifier.
    derived_id text NOT NULL,
    namespace text NOT NULL,
    is_strong boolean NOT NULL,
    source_system text NULL,
    first_seen_ts timestamptz NOT NULL,
    version bigint NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS identity_link_customer ON projection.identity_link (customer_id);
-- What BI reads in place of an e-mail identifier (projection.pseudonymized_identifier with the current key;
-- NULL for other identifiers): stored and indexed, so that BI finds a customer by it as fast as by any other
-- identifier. Written with each link; rewritten for every link when the key changes (MartSchemaMigrator).
ALTER TABLE projection.identity_link ADD COLUMN IF NOT EXISTS identifier_pseudonym text NULL;
CREATE INDEX IF NOT EXISTS identity_link_pseudonym ON projection.identity_link (identifier_pseudonym) WHERE identifier_pseudonym IS NOT NULL;
-- mart.customer_aliases: IDs derived from strong identifiers that are not the live customer holding them.
CREATE INDEX IF NOT EXISTS identity_link_alias ON projection.identity_link (derived_id)
    WHERE is_strong AND derived_id <> customer_id;

-- Why identifiers are one customer (the evidence identity.links.v1 carries): for every pair of identifiers a
-- record made one customer for the first time, and every login that attributed a device or cookie to a user,
-- that record: its source, where it came from, its time. `explain` walks them (CustomerExplainer).
CREATE TABLE IF NOT EXISTS projection.identity_evidence (
    identifier text NOT NULL,
    linked_identifier text NOT NULL,
    source_system text NULL,
    source_ref text NULL,
    record_ts timestamptz NULL,
    version bigint NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (identifier, linked_identifier)
);
CREATE INDEX IF NOT EXISTS identity_evidence_linked ON projection.identity_evidence (linked_identifier);

-- ---------------------------------------------------------------------------------------------
-- Population-wide figures, kept so that no read has to look at everybody
-- ---------------------------------------------------------------------------------------------

-- Live customers per visibility status, as deltas appended by statement triggers on projection.customer
-- (exact as of the last committed batch). Appending rather than updating one counter row per status means
-- concurrent writers never wait on each other; the global refresh folds the deltas into one row per status.
CREATE TABLE IF NOT EXISTS projection.customer_count_delta (
    visibility_status text NOT NULL,
    customers bigint NOT NULL
);

CREATE OR REPLACE FUNCTION projection.count_inserted_customers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO projection.customer_count_delta (visibility_status, customers)
    SELECT visibility_status, count(*) FROM new_rows WHERE live GROUP BY visibility_status;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION projection.count_updated_customers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO projection.customer_count_delta (visibility_status, customers)
    SELECT visibility_status, sum(d) FROM (
        SELECT visibility_status, 1 AS d FROM new_rows WHERE live
        UNION ALL
        SELECT visibility_status, -1 FROM old_rows WHERE live) x
    GROUP BY visibility_status HAVING sum(d) <> 0;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION projection.count_deleted_customers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO projection.customer_count_delta (visibility_status, customers)
    SELECT visibility_status, -count(*) FROM old_rows WHERE live GROUP BY visibility_status;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION projection.count_truncated_customers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM projection.customer_count_delta;
    RETURN NULL;
END $$;

-- A table created by an earlier version already holds customers: count them once, before the triggers count changes.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgname = 'customer_count_insert' AND tgrelid = 'projection.customer'::regclass) THEN
        DELETE FROM projection.customer_count_delta;
        INSERT INTO projection.customer_count_delta (visibility_status, customers)
        SELECT visibility_status, count(*) FROM projection.customer WHERE live GROUP BY visibility_status;
    END IF;
END $$;

CREATE OR REPLACE TRIGGER customer_count_insert AFTER INSERT ON projection.customer
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION projection.count_inserted_customers();
CREATE OR REPLACE TRIGGER customer_count_update AFTER UPDATE ON projection.customer
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION projection.count_updated_customers();
CREATE OR REPLACE TRIGGER customer_count_delete AFTER DELETE ON projection.customer
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION projection.count_deleted_customers();
CREATE OR REPLACE TRIGGER customer_count_truncate AFTER TRUNCATE ON projection.customer
    FOR EACH STATEMENT EXECUTE FUNCTION projection.count_truncated_customers();

-- The RFM rules, one home for the refresh and the views (MartWriter scores in C# with the same rules;
-- a test compares the two): R from recency in days, the segment from the three scores, first match.
CREATE OR REPLACE FUNCTION projection.rfm_r_score(recency_days integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN recency_days IS NULL THEN NULL
                WHEN recency_days <= 30 THEN 5
                WHEN recency_days <= 60 THEN 4
                WHEN recency_days <= 90 THEN 3
                WHEN recency_days <= 180 THEN 2
                ELSE 1
           END
$$;

CREATE OR REPLACE FUNCTION projection.rfm_segment(r integer, f integer, m integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN r IS NULL OR f IS NULL OR m IS NULL THEN NULL
                WHEN r >= 4 AND f >= 4 AND m >= 4 THEN 'Champion'
                WHEN f >= 4 THEN 'Loyal'
                WHEN r >= 4 AND f <= 1 THEN 'New'
                WHEN r <= 2 AND f >= 3 THEN 'At Risk'
                WHEN r = 1 AND f <= 2 THEN 'Lost'
                ELSE 'Others'
           END
$$;

-- RFM frequency and monetary quintiles: the last customer (value, customer_id in byte order) of each of the
-- first four quintiles of ntile(5) over the visible customers with an approved order, as of scores_as_of.
-- A customer written between two refreshes gets the F and M scores of where its current values fall among
-- these boundaries; the global refresh moves them and re-scores everybody exactly. One row.
CREATE TABLE IF NOT EXISTS projection.rfm_bounds (
    id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    scores_as_of timestamptz NULL,
    ranked_customers bigint NOT NULL DEFAULT 0,
    f1_value bigint NULL, f1_id text COLLATE "C" NULL,
    f2_value bigint NULL, f2_id text COLLATE "C" NULL,
    f3_value bigint NULL, f3_id text COLLATE "C" NULL,
    f4_value bigint NULL, f4_id text COLLATE "C" NULL,
    m1_value numeric NULL, m1_id text COLLATE "C" NULL,
    m2_value numeric NULL, m2_id text COLLATE "C" NULL,
    m3_value numeric NULL, m3_id text COLLATE "C" NULL,
    m4_value numeric NULL, m4_id text COLLATE "C" NULL
);
INSERT INTO projection.rfm_bounds (id) VALUES (1) ON CONFLICT (id) DO NOTHING;

-- Cohort retention as of computed_at, replaced whole by the global refresh (in one transaction: readers see
-- the previous rows until it commits and are never blocked).
CREATE TABLE IF NOT EXISTS projection.cohort_retention (
    cohort_month date NOT NULL,
    month_offset integer NOT NULL,
    cohort_size bigint NOT NULL,
    retained_customers bigint NOT NULL,
    retention_rate numeric NOT NULL,
    computed_at timestamptz NOT NULL,
    PRIMARY KEY (cohort_month, month_offset)
);

-- ---------------------------------------------------------------------------------------------
-- Erasures (docs/privacy.md)
-- ---------------------------------------------------------------------------------------------

-- The erasure ledger as the marts applied it: which Customer360 ID was forgotten by which request, and when.
-- No personal data. `rebuild` keeps it (it is not a projection of the topics alone) and applies it again at the end
-- of every replay, so that replayed links, aliases and rejections of an erased person never come back.
CREATE TABLE IF NOT EXISTS projection.erasures (
    customer_id text PRIMARY KEY,
    erasure_id text NOT NULL,
    erased_at timestamptz NOT NULL,
    applied_at timestamptz NOT NULL
);

-- Every Customer360 ID of an erased person (the survivor and every ID merged into it, as the stored merges said at
-- the erasure): a link of any of them that reaches the marts after the erasure (identity.links.v1 read behind the
-- customer changes) is deleted in the batch that writes it.
CREATE TABLE IF NOT EXISTS projection.erased_ids (
    customer_id text PRIMARY KEY
);

-- Rejected input lines deleted with an erased person (they carried one of the person's e-mails or source ids):
-- a replay of ingest.rejected.v1 does not write them again.
CREATE TABLE IF NOT EXISTS projection.erased_rejections (
    rejection_id text PRIMARY KEY
);

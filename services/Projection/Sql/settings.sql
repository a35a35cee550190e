-- Objects that must survive every upgrade of the mart views: run on every start, idempotent.
CREATE SCHEMA IF NOT EXISTS projection;

-- Population-wide settings read by the mart views; one row. Written from ProjectionOptions at start-up.
CREATE TABLE IF NOT EXISTS projection.mart_settings (
    id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    tier_platinum_min numeric NOT NULL DEFAULT 1000,
    tier_gold_min numeric NOT NULL DEFAULT 500,
    tier_silver_min numeric NOT NULL DEFAULT 200,
    as_of_date date NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (tier_platinum_min >= tier_gold_min AND tier_gold_min >= tier_silver_min)
);
INSERT INTO projection.mart_settings (id) VALUES (1) ON CONFLICT (id) DO NOTHING;

-- Hash of the installed mart.sql: the views are rebuilt only when the script changed.
CREATE TABLE IF NOT EXISTS projection.mart_schema_version (
    id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    script_sha256 text NOT NULL,
    installed_at timestamptz NOT NULL DEFAULT now()
);

-- The key of the pseudonyms BI reads instead of e-mail addresses (HMAC-SHA256, RFC 2104): the key's inner
-- and outer pads, written at start-up by MartSchemaMigrator from Projection:PseudonymKey (or generated once
-- when none is configured). Private: BI roles never read this schema. One row.
CREATE TABLE IF NOT EXISTS projection.pseudonym_key (
    id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    inner_pad bytea NOT NULL CHECK (length(inner_pad) = 64),
    outer_pad bytea NOT NULL CHECK (length(outer_pad) = 64),
    fingerprint text NOT NULL,
    origin text NOT NULL CHECK (origin IN ('configured', 'generated')),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- What BI reads in place of an identifier: an e-mail identifier becomes email:<HMAC-SHA256 of the address with
-- the pads above, in hex> (the same for the same address, so it still joins); other identifiers stay as they
-- are. The pads are passed in, so that a view (which reads the key with its owner's rights) can call it for a
-- role that may not read the key; the body names nothing in this schema, which such a role may not use.
CREATE OR REPLACE FUNCTION projection.pseudonymized_identifier(identifier text, inner_pad bytea, outer_pad bytea) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN identifier LIKE 'email:%'
                THEN 'email:' || encode(sha256(outer_pad || sha256(inner_pad || convert_to(substr(identifier, 7), 'UTF8'))), 'hex')
                ELSE identifier
           END
$$;

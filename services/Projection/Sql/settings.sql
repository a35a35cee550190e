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

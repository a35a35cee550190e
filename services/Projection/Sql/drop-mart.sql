-- Removes the mart views and their helpers (mart.sql recreates them); the tables are untouched.
DROP SCHEMA IF EXISTS mart CASCADE;
DROP VIEW IF EXISTS projection.cohort_retention_now, projection.customer_scores, projection.customer_metrics, projection.month_calendar,
    projection.last_data_month, projection.live_customer, projection.active_alias, projection.effective_settings, projection.pii_access CASCADE;

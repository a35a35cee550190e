namespace CustomerStream.Projection.Tests;

/// <summary>
/// The relations of docs/marts.md written down for the tests: every mart relation with the columns BI queries rely on, their
/// PostgreSQL types (information_schema spelling), the unique key, and the columns that may never be NULL.
/// </summary>
public static class MartContract
{
    private const string Text = "text";
    private const string Money = "numeric";
    private const string Instant = "timestamp with time zone";
    private const string Date = "date";
    private const string Count = "bigint";
    private const string Int = "integer";

    public sealed record Relation(string Name, (string Column, string Type)[] Columns, string[] Key, string[] NotNull);

    public static readonly Relation[] Relations =
    [
        new("customer_profile",
            [("customer_id", Text), ("visibility_status", Text), ("acquisition_ts", Instant), ("acquisition_source", Text), ("email", Text),
             ("first_name", Text), ("last_name", Text), ("country", Text), ("city", Text), ("lifetime_value", Money), ("total_transactions", Count),
             ("first_transaction_ts", Instant), ("last_transaction_ts", Instant), ("customer_age_days", Int), ("avg_spend_per_day", Money),
             ("avg_transaction_value", Money), ("transaction_value_stddev", Money), ("min_transaction_value", Money), ("max_transaction_value", Money),
             ("median_transaction_value", Money), ("spending_consistency", Text), ("tier", Text), ("recency_days", Int), ("r_score", Int),
             ("f_score", Int), ("m_score", Int), ("segment", Text), ("web_sessions", Count), ("page_views", Count), ("version", Count), ("updated_at", Instant)],
            ["customer_id"],
            ["customer_id", "visibility_status", "lifetime_value", "total_transactions", "tier", "web_sessions", "page_views", "version", "updated_at"]),
        PeriodTable("customer_month"),
        PeriodTable("customer_quarter"),
        PeriodTable("customer_year"),
        new("customer_period_unit",
            [("customer_id", Text), ("grain", Text), ("period_start", Date), ("business_unit", Text), ("order_count", Count), ("revenue", Money), ("refunded_amount", Money)],
            ["customer_id", "grain", "period_start", "business_unit"],
            ["customer_id", "grain", "period_start", "business_unit", "order_count", "revenue", "refunded_amount"]),
        new("orders",
            [("order_id", Text), ("source_system", Text), ("customer_id", Text), ("order_ts", Instant), ("status", Text), ("amount", Money), ("currency", Text),
             ("business_unit", Text), ("category", Text)],
            ["source_system", "order_id"],
            ["order_id", "source_system", "customer_id", "order_ts", "status", "amount", "currency", "business_unit"]),
        new("metric_customer_ltv",
            [("customer_id", Text), ("lifetime_value", Money), ("total_transactions", Count), ("customer_age_days", Int), ("avg_spend_per_day", Money), ("tier", Text)],
            ["customer_id"],
            ["customer_id", "lifetime_value", "total_transactions", "tier"]),
        new("metric_mom_spend_change",
            [("customer_id", Text), ("month", Date), ("monthly_spend", Money), ("prior_month_spend", Money), ("mom_change_pct", Money), ("mom_trend_category", Text), ("month_number", Int)],
            ["customer_id", "month"],
            ["customer_id", "month", "monthly_spend", "month_number"]),
        new("metric_avg_transaction_value",
            [("customer_id", Text), ("avg_transaction_value", Money), ("transaction_value_stddev", Money), ("min_transaction_value", Money),
             ("max_transaction_value", Money), ("median_transaction_value", Money), ("spending_consistency", Text)],
            ["customer_id"],
            ["customer_id", "avg_transaction_value", "min_transaction_value", "max_transaction_value", "median_transaction_value", "spending_consistency"]),
        new("customer_rfm",
            [("customer_id", Text), ("recency_days", Int), ("frequency", Count), ("monetary", Money), ("r_score", Int), ("f_score", Int), ("m_score", Int), ("segment", Text)],
            ["customer_id"],
            ["customer_id", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "segment"]),
        new("cohort_retention",
            [("cohort_month", Date), ("month_offset", Int), ("cohort_size", Count), ("retained_customers", Count), ("retention_rate", Money)],
            ["cohort_month", "month_offset"],
            ["cohort_month", "month_offset", "cohort_size", "retained_customers", "retention_rate"]),
        new("customer_count_audit",
            [("visibility_status", Text), ("customers", Count)],
            ["visibility_status"],
            ["visibility_status", "customers"]),
        new("identity_links",
            [("identifier", Text), ("customer_id", Text), ("source_system", Text), ("first_seen_ts", Instant)],
            ["identifier"],
            ["identifier", "customer_id", "first_seen_ts"]),
        new("rejected_records",
            [("source_system", Text), ("input_ref", Text), ("reason_code", Text), ("reason", Text), ("raw", Text), ("rejected_at", Instant)],
            ["rejection_id"],
            ["source_system", "input_ref", "reason_code", "reason", "raw", "rejected_at"]),
        new("customer_merges",
            [("merged_id", Text), ("survivor_id", Text), ("resolved_id", Text)],
            ["merged_id"],
            ["merged_id", "survivor_id", "resolved_id"]),
        new("customer_aliases",
            [("merged_id", Text), ("resolved_id", Text), ("linking_identifier", Text)],
            ["merged_id"],
            ["merged_id", "resolved_id"]),
    ];

    private static Relation PeriodTable(string name) => new(name,
        [("customer_id", Text), ("period_start", Date), ("order_count", Count), ("revenue", Money), ("refunded_amount", Money), ("avg_order_value", Money),
         ("first_order_ts", Instant), ("last_order_ts", Instant), ("web_sessions", Count), ("page_views", Count), ("updated_at", Instant)],
        ["customer_id", "period_start"],
        ["customer_id", "period_start", "order_count", "revenue", "refunded_amount", "web_sessions", "page_views", "updated_at"]);
}

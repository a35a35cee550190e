namespace CustomerStream.Projection.Queries;

/// <summary>
/// The statements of the one-customer reads the console's read API serves, in one place so that the plan
/// tests (tests/CustomerStream.Projection.Tests, ReadPathPlanTests) check exactly what the API runs: each is a
/// few index probes, whatever the population. Parameters: <c>$1</c> the live Customer360 ID; the searches take
/// the lower-cased prefix (<c>$1</c>) and its upper bound (<c>$2</c>, <see cref="PrefixUpperBound"/>).
/// </summary>
public static class CustomerReadSql
{
    /// <summary>Most results a search returns.</summary>
    public const int SearchLimit = 20;

    /// <summary>Most orders one answer lists (newest first); a customer with more says so.</summary>
    public const int OrderLimit = 500;

    public const string Profile = """
        SELECT customer_id, visibility_status, acquisition_ts, acquisition_source, email, first_name, last_name, phone, country, city,
               lifetime_value, total_transactions, refunded_amount, first_transaction_ts, last_transaction_ts, customer_age_days,
               avg_spend_per_day, avg_transaction_value, transaction_value_stddev, min_transaction_value, max_transaction_value,
               median_transaction_value, spending_consistency, tier, recency_days, r_score, f_score, m_score, segment, scores_as_of,
               web_sessions, page_views, version, updated_at
        FROM mart.customer_profile WHERE customer_id = $1
        """;

    public const string Identifiers = """
        SELECT identifier, is_strong, source_system, first_seen_ts FROM mart.identity_links WHERE customer_id = $1 ORDER BY is_strong DESC, identifier
        """;

    public const string Months = "SELECT " + PeriodColumns + " FROM mart.customer_month WHERE customer_id = $1 ORDER BY period_start";

    public const string Quarters = "SELECT " + PeriodColumns + " FROM mart.customer_quarter WHERE customer_id = $1 ORDER BY period_start";

    public const string Years = "SELECT " + PeriodColumns + " FROM mart.customer_year WHERE customer_id = $1 ORDER BY period_start";

    /// <summary>One more than <see cref="OrderLimit"/>, to tell whether there are more.</summary>
    public static readonly string Orders = $"""
        SELECT order_id, source_system, order_ts, updated_at, status, amount, currency, business_unit, category, product_id, quantity
        FROM mart.orders WHERE customer_id = $1 ORDER BY order_ts DESC, source_system, order_id LIMIT {OrderLimit + 1}
        """;

    /// <summary>Every Customer360 ID that resolves to the customer, with the strong identifier that derives it (depends on the data alone).</summary>
    public const string Aliases = """
        SELECT merged_id, linking_identifier FROM mart.customer_aliases WHERE resolved_id = $1 ORDER BY merged_id
        """;

    /// <summary>
    /// The merges announced on <c>customer.merged.v1</c> that ended in this customer, walked backwards from it
    /// through the survivor index (<c>mart.customer_merges</c> resolves chains for everybody at once, which is
    /// not a one-customer read).
    /// </summary>
    public const string Merges = """
        WITH RECURSIVE m AS (
            SELECT a.merged_id, a.survivor_id, a.version, a.merged_at, a.reason, a.linking_identifier, 1 AS depth
            FROM projection.active_alias a WHERE a.survivor_id = $1
            UNION ALL
            SELECT a.merged_id, a.survivor_id, a.version, a.merged_at, a.reason, a.linking_identifier, m.depth + 1
            FROM m JOIN projection.active_alias a ON a.survivor_id = m.merged_id
            WHERE m.depth < 64 AND a.merged_id <> $1
        )
        SELECT merged_id, survivor_id, version, merged_at, reason, linking_identifier FROM m ORDER BY merged_at, version, merged_id
        """;

    /// <summary>What <c>explain</c> says of the customer itself: its visibility and acquisition (the survivor rule's evidence).</summary>
    public const string ExplainSubject = """
        SELECT visibility_status, acquisition_ts, acquisition_source FROM projection.live_customer WHERE customer_id = $1
        """;

    /// <summary>The customer's identifiers with the ID each derives (the survivor's derives the customer's own), strong or weak.</summary>
    public const string ExplainLinks = """
        SELECT identifier, derived_id, is_strong FROM projection.identity_link WHERE customer_id = $1 ORDER BY identifier
        """;

    /// <summary>
    /// Every recorded piece of evidence with one end among the customer's identifiers: the record (source, position,
    /// time) that linked <c>identifier</c> and <c>linked_identifier</c>, found from either end (primary key and
    /// <c>identity_evidence_linked</c>). A record linking two of them comes once per end.
    /// </summary>
    public const string Evidence = """
        SELECT e.identifier, e.linked_identifier, e.source_system, e.source_ref, e.record_ts
        FROM projection.identity_link l
        JOIN projection.identity_evidence e ON e.identifier = l.identifier OR e.linked_identifier = l.identifier
        WHERE l.customer_id = $1
        ORDER BY e.record_ts NULLS LAST, e.identifier, e.linked_identifier
        """;

    /// <summary>
    /// Customers whose e-mail address starts with the prefix, in address order (byte-wise index
    /// <c>customer_email_pattern</c>). The prefix is matched on the projection's own table: the profile's e-mail
    /// column depends on the reader (pseudonymized for the BI role), so no index serves it.
    /// </summary>
    public static readonly string SearchByEmail = $"""
        SELECT p.customer_id, p.email, p.first_name, p.last_name, p.visibility_status, p.lifetime_value
        FROM (SELECT customer_id, lower(email) AS k FROM projection.live_customer
              WHERE lower(email) ~>=~ $1 AND lower(email) ~<~ $2 ORDER BY lower(email) USING ~<~ LIMIT {SearchLimit}) c
        JOIN mart.customer_profile p ON p.customer_id = c.customer_id
        ORDER BY c.k USING ~<~
        """;

    /// <summary>
    /// Customers whose "last first" name starts with the prefix (index <c>customer_name_pattern</c>); the API asks
    /// again with "first last" turned round, so "mia khan", "khan mia" and "khan" all find Mia Khan.
    /// </summary>
    public static readonly string SearchByName = $"""
        SELECT p.customer_id, p.email, p.first_name, p.last_name, p.visibility_status, p.lifetime_value
        FROM (SELECT customer_id, lower(coalesce(last_name, '') || ' ' || coalesce(first_name, '')) AS k FROM projection.live_customer
              WHERE lower(coalesce(last_name, '') || ' ' || coalesce(first_name, '')) ~>=~ $1
                AND lower(coalesce(last_name, '') || ' ' || coalesce(first_name, '')) ~<~ $2
              ORDER BY lower(coalesce(last_name, '') || ' ' || coalesce(first_name, '')) USING ~<~ LIMIT {SearchLimit}) c
        JOIN mart.customer_profile p ON p.customer_id = c.customer_id
        ORDER BY c.k USING ~<~
        """;

    /// <summary>The customer count: all four visibility buckets (kept by triggers, touches no customer).</summary>
    public const string CountAudit = "SELECT visibility_status, customers FROM mart.customer_count_audit ORDER BY sort_order";

    private const string PeriodColumns =
        "period_start, order_count, revenue, refunded_amount, avg_order_value, first_order_ts, last_order_ts, web_sessions, page_views";

    /// <summary>
    /// The exclusive upper bound of the strings starting with <paramref name="prefix"/> in byte order (what the
    /// <c>~&lt;~</c> operators compare): the prefix followed by the largest code point.
    /// </summary>
    public static string PrefixUpperBound(string prefix) => prefix + char.ConvertFromUtf32(0x10FFFF);
}

using CustomerStream.Contracts.Primitives;
using System.Text.Json;
using CustomerStream.Projection.Writing;
using NpgsqlTypes;

namespace CustomerStream.Projection.Storage;

/// <summary>
/// How each batch's rows land in the typed tables of <c>Sql/tables.sql</c>: one column list per table,
/// used by the live writer and by rebuilds alike.
/// </summary>
internal static class ProjectionTableLayouts
{
    /// <summary>Whether a Customer360 ID is merged away now (an announced merge that no newer merge reversed), for the row <c>u</c>.</summary>
    public const string AliasedNow = "EXISTS (SELECT 1 FROM projection.active_alias a WHERE a.merged_id = u.customer_id)";

    /// <summary>A customer with the profile its changes carried (or none: a tombstone, or rows without a stored profile to keep).</summary>
    public static readonly TableLayout<StagedCustomer> Customer =
        new TableLayout<StagedCustomer>(ProjectionTables.Customer, TableUpsert.ReplaceNewer, "customer_id")
            .Column("customer_id", "text", NpgsqlDbType.Text, s => s.Customer.CustomerId)
            .Column("version", "bigint", NpgsqlDbType.Bigint, s => s.Customer.Version)
            .Column("removed", "boolean", NpgsqlDbType.Boolean, s => s.Customer.Removed)
            .Column("merged_into", "text", NpgsqlDbType.Text, s => s.Customer.MergedInto)
            .Column("changed_at", "timestamptz", NpgsqlDbType.TimestampTz, s => Utc.Of(s.Customer.ChangedAt))
            .Column("updated_at", "timestamptz", NpgsqlDbType.TimestampTz, s => s.Now)
            .Column("visibility_status", "text", NpgsqlDbType.Text, s => s.Customer.Summary is { } x ? Names.Visibility(x.VisibilityStatus) : null)
            .Column("acquisition_ts", "timestamptz", NpgsqlDbType.TimestampTz, s => Utc.Of(s.Customer.Summary?.AcquisitionTs))
            .Column("acquisition_source", "text", NpgsqlDbType.Text, s => s.Customer.Summary?.AcquisitionSource)
            .Column("email", "text", NpgsqlDbType.Text, s => s.Customer.Summary?.Email)
            .Column("first_name", "text", NpgsqlDbType.Text, s => s.Customer.Summary?.FirstName)
            .Column("last_name", "text", NpgsqlDbType.Text, s => s.Customer.Summary?.LastName)
            .Column("phone", "text", NpgsqlDbType.Text, s => s.Customer.Summary?.Phone)
            .Column("country", "text", NpgsqlDbType.Text, s => s.Customer.Summary?.Country)
            .Column("city", "text", NpgsqlDbType.Text, s => s.Customer.Summary?.City)
            // An array per row cannot travel in one PostgreSQL array parameter (arrays are rectangular): as JSON text.
            .Column("identifiers", "text", NpgsqlDbType.Text, s => JsonSerializer.Serialize(s.Customer.Summary?.Identifiers ?? []),
                "ARRAY(SELECT json_array_elements_text(u.identifiers::json))", NpgsqlDbType.Array | NpgsqlDbType.Text, s => s.Customer.Summary?.Identifiers ?? [])
            .Column("lifetime_value", "numeric", NpgsqlDbType.Numeric, s => s.Customer.Summary?.LifetimeValue ?? 0m)
            .Column("total_transactions", "bigint", NpgsqlDbType.Bigint, s => s.Customer.Summary?.TotalTransactions ?? 0L)
            .Column("refunded_amount", "numeric", NpgsqlDbType.Numeric, s => s.Customer.Summary?.RefundedAmount ?? 0m)
            .Column("first_transaction_ts", "timestamptz", NpgsqlDbType.TimestampTz, s => Utc.Of(s.Customer.Summary?.FirstTransactionTs))
            .Column("last_transaction_ts", "timestamptz", NpgsqlDbType.TimestampTz, s => Utc.Of(s.Customer.Summary?.LastTransactionTs))
            .Column("avg_transaction_value", "numeric", NpgsqlDbType.Numeric, s => s.Customer.Summary?.AvgTransactionValue)
            .Column("transaction_value_stddev", "numeric", NpgsqlDbType.Numeric, s => s.Customer.Summary?.TransactionValueStddev)
            .Column("min_transaction_value", "numeric", NpgsqlDbType.Numeric, s => s.Customer.Summary?.MinTransactionValue)
            .Column("max_transaction_value", "numeric", NpgsqlDbType.Numeric, s => s.Customer.Summary?.MaxTransactionValue)
            .Column("median_transaction_value", "numeric", NpgsqlDbType.Numeric, s => s.Customer.Summary?.MedianTransactionValue)
            .Column("web_sessions", "bigint", NpgsqlDbType.Bigint, s => s.Customer.Summary?.WebSessions ?? 0L)
            .Column("page_views", "bigint", NpgsqlDbType.Bigint, s => s.Customer.Summary?.PageViews ?? 0L)
            .Column("r_score", "integer", NpgsqlDbType.Integer, s => s.Scores?.R)
            .Column("f_score", "integer", NpgsqlDbType.Integer, s => s.Scores?.F)
            .Column("m_score", "integer", NpgsqlDbType.Integer, s => s.Scores?.M)
            .Column("segment", "text", NpgsqlDbType.Text, s => s.Scores?.Segment)
            .Computed("aliased", AliasedNow);

    /// <summary>
    /// A customer whose applied changes carried rows only: the version moves on and the stored profile stays
    /// (a customer never seen before gets a row without a profile, as the aggregator has not described it yet).
    /// </summary>
    public static readonly TableLayout<StagedCustomer> CustomerVersion =
        new TableLayout<StagedCustomer>(ProjectionTables.Customer, TableUpsert.ReplaceNewer, "customer_id")
            .Column("customer_id", "text", NpgsqlDbType.Text, s => s.Customer.CustomerId)
            .Column("version", "bigint", NpgsqlDbType.Bigint, s => s.Customer.Version)
            .Column("removed", "boolean", NpgsqlDbType.Boolean, s => false)
            .Column("merged_into", "text", NpgsqlDbType.Text, s => (string?)null)
            .Column("changed_at", "timestamptz", NpgsqlDbType.TimestampTz, s => Utc.Of(s.Customer.ChangedAt))
            .Column("updated_at", "timestamptz", NpgsqlDbType.TimestampTz, s => s.Now)
            .Computed("aliased", AliasedNow);

    public static readonly TableLayout<StagedPeriod> Period =
        new TableLayout<StagedPeriod>(ProjectionTables.CustomerPeriod, TableUpsert.ReplaceChanged, "customer_id", "grain", "period_start")
            .Column("customer_id", "text", NpgsqlDbType.Text, s => s.CustomerId)
            .Column("grain", "text", NpgsqlDbType.Text, s => Names.Grain(s.Row.Grain))
            .Column("period_start", "date", NpgsqlDbType.Date, s => Names.PeriodStart(s.Row))
            .Column("order_count", "bigint", NpgsqlDbType.Bigint, s => s.Row.OrderCount)
            .Column("revenue", "numeric", NpgsqlDbType.Numeric, s => s.Row.Revenue)
            .Column("refunded_amount", "numeric", NpgsqlDbType.Numeric, s => s.Row.RefundedAmount)
            .Column("first_order_ts", "timestamptz", NpgsqlDbType.TimestampTz, s => Utc.Of(s.Row.FirstOrderTs))
            .Column("last_order_ts", "timestamptz", NpgsqlDbType.TimestampTz, s => Utc.Of(s.Row.LastOrderTs))
            .Column("web_sessions", "bigint", NpgsqlDbType.Bigint, s => s.Row.WebSessions)
            .Column("page_views", "bigint", NpgsqlDbType.Bigint, s => s.Row.PageViews)
            .Column("updated_at", "timestamptz", NpgsqlDbType.TimestampTz, s => s.Now, content: false);

    public static readonly TableLayout<StagedPeriod> PeriodUnit =
        new TableLayout<StagedPeriod>(ProjectionTables.CustomerPeriodUnit, TableUpsert.ReplaceChanged, "customer_id", "grain", "period_start", "business_unit")
            .Column("customer_id", "text", NpgsqlDbType.Text, s => s.CustomerId)
            .Column("grain", "text", NpgsqlDbType.Text, s => Names.Grain(s.Row.Grain))
            .Column("period_start", "date", NpgsqlDbType.Date, s => Names.PeriodStart(s.Row))
            .Column("business_unit", "text", NpgsqlDbType.Text, s => s.Row.BusinessUnit ?? throw new ArgumentException("A business-unit row needs a business unit"))
            .Column("order_count", "bigint", NpgsqlDbType.Bigint, s => s.Row.OrderCount)
            .Column("revenue", "numeric", NpgsqlDbType.Numeric, s => s.Row.Revenue)
            .Column("refunded_amount", "numeric", NpgsqlDbType.Numeric, s => s.Row.RefundedAmount)
            .Column("first_order_ts", "timestamptz", NpgsqlDbType.TimestampTz, s => Utc.Of(s.Row.FirstOrderTs))
            .Column("last_order_ts", "timestamptz", NpgsqlDbType.TimestampTz, s => Utc.Of(s.Row.LastOrderTs))
            .Column("updated_at", "timestamptz", NpgsqlDbType.TimestampTz, s => s.Now, content: false);

    public static readonly TableLayout<StagedOrder> Order =
        new TableLayout<StagedOrder>(ProjectionTables.CustomerOrder, TableUpsert.ReplaceChanged, "customer_id", "source_system", "order_id")
            .Column("customer_id", "text", NpgsqlDbType.Text, s => s.CustomerId)
            .Column("source_system", "text", NpgsqlDbType.Text, s => s.Row.SourceSystem)
            .Column("order_id", "text", NpgsqlDbType.Text, s => s.Row.OrderId)
            .Column("order_ts", "timestamptz", NpgsqlDbType.TimestampTz, s => Utc.Of(s.Row.OrderTs))
            .Column("updated_at", "timestamptz", NpgsqlDbType.TimestampTz, s => Utc.Of(s.Row.UpdatedAt))
            .Column("status", "text", NpgsqlDbType.Text, s => Names.Status(s.Row.Status))
            .Column("amount", "numeric", NpgsqlDbType.Numeric, s => s.Row.Amount)
            .Column("currency", "text", NpgsqlDbType.Text, s => s.Row.Currency)
            .Column("business_unit", "text", NpgsqlDbType.Text, s => s.Row.BusinessUnit)
            .Column("category", "text", NpgsqlDbType.Text, s => s.Row.Category)
            .Column("product_id", "text", NpgsqlDbType.Text, s => s.Row.ProductId)
            .Column("quantity", "integer", NpgsqlDbType.Integer, s => s.Row.Quantity)
            .Column("projected_at", "timestamptz", NpgsqlDbType.TimestampTz, s => s.Now, content: false);

    public static readonly TableLayout<StagedLink> IdentityLink =
        new TableLayout<StagedLink>(ProjectionTables.IdentityLink, TableUpsert.ReplaceNewer, "identifier")
            .Column("identifier", "text", NpgsqlDbType.Text, s => s.Link.Identifier)
            .Column("customer_id", "text", NpgsqlDbType.Text, s => s.Link.CustomerId)
            .Column("derived_id", "text", NpgsqlDbType.Text, s => s.DerivedId)
            .Column("namespace", "text", NpgsqlDbType.Text, s => s.Namespace)
            .Column("is_strong", "boolean", NpgsqlDbType.Boolean, s => s.IsStrong)
            .Column("source_system", "text", NpgsqlDbType.Text, s => s.Link.SourceSystem)
            .Column("first_seen_ts", "timestamptz", NpgsqlDbType.TimestampTz, s => Utc.Of(s.Link.FirstSeenTs))
            .Column("version", "bigint", NpgsqlDbType.Bigint, s => s.Link.Version)
            .Column("updated_at", "timestamptz", NpgsqlDbType.TimestampTz, s => s.Now)
            .Computed("identifier_pseudonym", PseudonymOfIdentifier);

    /// <summary>The evidence a link carries (only links that name a linked identifier).</summary>
    public static readonly TableLayout<StagedLink> IdentityEvidence =
        new TableLayout<StagedLink>(ProjectionTables.IdentityEvidence, TableUpsert.ReplaceNewer, "identifier", "linked_identifier")
            .Column("identifier", "text", NpgsqlDbType.Text, s => s.Link.Identifier)
            .Column("linked_identifier", "text", NpgsqlDbType.Text, s => s.Link.LinkedIdentifier)
            .Column("source_system", "text", NpgsqlDbType.Text, s => s.Link.EvidenceSourceSystem)
            .Column("source_ref", "text", NpgsqlDbType.Text, s => s.Link.EvidenceRef)
            .Column("record_ts", "timestamptz", NpgsqlDbType.TimestampTz, s => Utc.Of(s.Link.EvidenceTs))
            .Column("version", "bigint", NpgsqlDbType.Bigint, s => s.Link.Version)
            .Column("updated_at", "timestamptz", NpgsqlDbType.TimestampTz, s => s.Now);

    /// <summary>
    /// What pseudonymized readers see for the identifier of the row <c>u</c> (e-mail identifiers only, else NULL):
    /// computed in SQL with the key the database holds (Sql/settings.sql), the one home of that rule.
    /// </summary>
    public const string PseudonymOfIdentifier =
        "CASE WHEN u.namespace = 'email' THEN (SELECT projection.pseudonymized_identifier(u.identifier, k.inner_pad, k.outer_pad) " +
        "FROM projection.pseudonym_key k WHERE k.id = 1) END";
}

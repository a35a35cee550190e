using CustomerStream.Projection.Documents;
using NpgsqlTypes;

namespace CustomerStream.Projection.Storage;

/// <summary>
/// The table layout of every projected document: each column a mart view reads is duplicated into a
/// typed column (money numeric, instants timestamptz, periods date, counts bigint).
/// </summary>
internal static class ProjectionDocuments
{
    public static readonly DocumentLayout<CustomerDocument> Customer =
        new DocumentLayout<CustomerDocument>(ProjectionTables.CustomerAlias, x => x.Id)
            .Column(x => x.Version, "version", NpgsqlDbType.Bigint, notNull: true)
            .Column(x => x.Removed, "removed", NpgsqlDbType.Boolean, notNull: true)
            .Column(x => x.MergedInto, "merged_into", NpgsqlDbType.Text)
            .Column(x => x.ChangedAt, "changed_at", NpgsqlDbType.TimestampTz, notNull: true)
            .Column(x => x.UpdatedAt, "updated_at", NpgsqlDbType.TimestampTz, notNull: true)
            .Column(x => x.VisibilityStatus, "visibility_status", NpgsqlDbType.Text)
            .Column(x => x.AcquisitionTs, "acquisition_ts", NpgsqlDbType.TimestampTz)
            .Column(x => x.AcquisitionSource, "acquisition_source", NpgsqlDbType.Text)
            .Column(x => x.Email, "email", NpgsqlDbType.Text)
            .Column(x => x.FirstName, "first_name", NpgsqlDbType.Text)
            .Column(x => x.LastName, "last_name", NpgsqlDbType.Text)
            .Column(x => x.Phone, "phone", NpgsqlDbType.Text)
            .Column(x => x.Country, "country", NpgsqlDbType.Text)
            .Column(x => x.City, "city", NpgsqlDbType.Text)
            .Column(x => x.Identifiers, "identifiers", NpgsqlDbType.Array | NpgsqlDbType.Text, notNull: true)
            .Column(x => x.LifetimeValue, "lifetime_value", NpgsqlDbType.Numeric, notNull: true)
            .Column(x => x.TotalTransactions, "total_transactions", NpgsqlDbType.Bigint, notNull: true)
            .Column(x => x.RefundedAmount, "refunded_amount", NpgsqlDbType.Numeric, notNull: true)
            .Column(x => x.FirstTransactionTs, "first_transaction_ts", NpgsqlDbType.TimestampTz)
            .Column(x => x.LastTransactionTs, "last_transaction_ts", NpgsqlDbType.TimestampTz)
            .Column(x => x.AvgTransactionValue, "avg_transaction_value", NpgsqlDbType.Numeric)
            .Column(x => x.TransactionValueStddev, "transaction_value_stddev", NpgsqlDbType.Numeric)
            .Column(x => x.MinTransactionValue, "min_transaction_value", NpgsqlDbType.Numeric)
            .Column(x => x.MaxTransactionValue, "max_transaction_value", NpgsqlDbType.Numeric)
            .Column(x => x.MedianTransactionValue, "median_transaction_value", NpgsqlDbType.Numeric)
            .Column(x => x.WebSessions, "web_sessions", NpgsqlDbType.Bigint, notNull: true)
            .Column(x => x.PageViews, "page_views", NpgsqlDbType.Bigint, notNull: true)
            .ExpressionIndex("email", "lower(?)");

    public static readonly DocumentLayout<CustomerPeriodDocument> Period =
        new DocumentLayout<CustomerPeriodDocument>(ProjectionTables.CustomerPeriodAlias, x => x.Id)
            .Column(x => x.CustomerId, "customer_id", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.Grain, "grain", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.PeriodStart, "period_start", NpgsqlDbType.Date, notNull: true)
            .Column(x => x.OrderCount, "order_count", NpgsqlDbType.Bigint, notNull: true)
            .Column(x => x.Revenue, "revenue", NpgsqlDbType.Numeric, notNull: true)
            .Column(x => x.RefundedAmount, "refunded_amount", NpgsqlDbType.Numeric, notNull: true)
            .Column(x => x.FirstOrderTs, "first_order_ts", NpgsqlDbType.TimestampTz)
            .Column(x => x.LastOrderTs, "last_order_ts", NpgsqlDbType.TimestampTz)
            .Column(x => x.WebSessions, "web_sessions", NpgsqlDbType.Bigint, notNull: true)
            .Column(x => x.PageViews, "page_views", NpgsqlDbType.Bigint, notNull: true)
            .Column(x => x.UpdatedAt, "updated_at", NpgsqlDbType.TimestampTz, notNull: true)
            .UniqueIndex("customer_id", "grain", "period_start")
            .Index("grain", "period_start");

    public static readonly DocumentLayout<CustomerPeriodUnitDocument> PeriodUnit =
        new DocumentLayout<CustomerPeriodUnitDocument>(ProjectionTables.CustomerPeriodUnitAlias, x => x.Id)
            .Column(x => x.CustomerId, "customer_id", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.Grain, "grain", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.PeriodStart, "period_start", NpgsqlDbType.Date, notNull: true)
            .Column(x => x.BusinessUnit, "business_unit", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.OrderCount, "order_count", NpgsqlDbType.Bigint, notNull: true)
            .Column(x => x.Revenue, "revenue", NpgsqlDbType.Numeric, notNull: true)
            .Column(x => x.RefundedAmount, "refunded_amount", NpgsqlDbType.Numeric, notNull: true)
            .Column(x => x.FirstOrderTs, "first_order_ts", NpgsqlDbType.TimestampTz)
            .Column(x => x.LastOrderTs, "last_order_ts", NpgsqlDbType.TimestampTz)
            .Column(x => x.UpdatedAt, "updated_at", NpgsqlDbType.TimestampTz, notNull: true)
            .UniqueIndex("customer_id", "grain", "period_start", "business_unit")
            .Index("business_unit");

    public static readonly DocumentLayout<OrderDocument> Order =
        new DocumentLayout<OrderDocument>(ProjectionTables.OrderAlias, x => x.Id)
            .Column(x => x.CustomerId, "customer_id", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.SourceSystem, "source_system", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.OrderId, "order_id", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.OrderTs, "order_ts", NpgsqlDbType.TimestampTz, notNull: true)
            .Column(x => x.UpdatedAt, "updated_at", NpgsqlDbType.TimestampTz, notNull: true)
            .Column(x => x.Status, "status", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.Amount, "amount", NpgsqlDbType.Numeric, notNull: true)
            .Column(x => x.Currency, "currency", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.BusinessUnit, "business_unit", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.Category, "category", NpgsqlDbType.Text)
            .Column(x => x.ProductId, "product_id", NpgsqlDbType.Text)
            .Column(x => x.Quantity, "quantity", NpgsqlDbType.Integer)
            .Column(x => x.ProjectedAt, "projected_at", NpgsqlDbType.TimestampTz, notNull: true)
            .UniqueIndex("customer_id", "source_system", "order_id")
            .Index("source_system", "order_id");

    public static readonly DocumentLayout<IdentityLinkDocument> IdentityLink =
        new DocumentLayout<IdentityLinkDocument>(ProjectionTables.IdentityLinkAlias, x => x.Id)
            .Column(x => x.CustomerId, "customer_id", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.DerivedId, "derived_id", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.Namespace, "namespace", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.IsStrong, "is_strong", NpgsqlDbType.Boolean, notNull: true)
            .Column(x => x.SourceSystem, "source_system", NpgsqlDbType.Text)
            .Column(x => x.FirstSeenTs, "first_seen_ts", NpgsqlDbType.TimestampTz, notNull: true)
            .Column(x => x.Version, "version", NpgsqlDbType.Bigint, notNull: true)
            .Column(x => x.UpdatedAt, "updated_at", NpgsqlDbType.TimestampTz, notNull: true)
            .Index("customer_id")
            .Index("derived_id");

    public static readonly DocumentLayout<CustomerAliasDocument> Alias =
        new DocumentLayout<CustomerAliasDocument>(ProjectionTables.CustomerAliasAlias, x => x.Id)
            .Column(x => x.SurvivorId, "survivor_id", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.Version, "version", NpgsqlDbType.Bigint, notNull: true)
            .Column(x => x.EventId, "event_id", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.MergedAt, "merged_at", NpgsqlDbType.TimestampTz, notNull: true)
            .Column(x => x.Reason, "reason", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.LinkingIdentifier, "linking_identifier", NpgsqlDbType.Text)
            .Column(x => x.UpdatedAt, "updated_at", NpgsqlDbType.TimestampTz, notNull: true)
            .Index("survivor_id");

    public static readonly DocumentLayout<RejectedRecordDocument> Rejected =
        new DocumentLayout<RejectedRecordDocument>(ProjectionTables.RejectedRecordAlias, x => x.Id)
            .Column(x => x.SourceSystem, "source_system", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.Entity, "entity", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.InputRef, "input_ref", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.ReasonCode, "reason_code", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.Reason, "reason", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.Raw, "raw", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.RawBytes, "raw_bytes", NpgsqlDbType.Bytea)
            .Column(x => x.RejectedAt, "rejected_at", NpgsqlDbType.TimestampTz, notNull: true)
            .Column(x => x.UpdatedAt, "updated_at", NpgsqlDbType.TimestampTz, notNull: true)
            .Index("reason_code");
}

using Avro.Reflect;
using CustomerStream.Contracts.Customer;

namespace CustomerStream.Contracts.Aggregate;

/// <summary>The whole current profile and lifetime figures of a customer.</summary>
[AvroContract("customerstream.aggregate.CustomerSummary")]
public sealed class CustomerSummary
{
    [AvroField("visibility_status")] public VisibilityStatus VisibilityStatus { get; set; }
    [AvroField("acquisition_ts")] public DateTime? AcquisitionTs { get; set; }
    [AvroField("acquisition_source")] public string? AcquisitionSource { get; set; }
    [AvroField("email")] public string? Email { get; set; }
    [AvroField("first_name")] public string? FirstName { get; set; }
    [AvroField("last_name")] public string? LastName { get; set; }
    [AvroField("phone")] public string? Phone { get; set; }
    [AvroField("country")] public string? Country { get; set; }
    [AvroField("city")] public string? City { get; set; }
    [AvroField("identifiers")] public List<string> Identifiers { get; set; } = [];
    [AvroField("lifetime_value")] public decimal LifetimeValue { get; set; }
    [AvroField("total_transactions")] public long TotalTransactions { get; set; }
    [AvroField("refunded_amount")] public decimal RefundedAmount { get; set; }
    [AvroField("first_transaction_ts")] public DateTime? FirstTransactionTs { get; set; }
    [AvroField("last_transaction_ts")] public DateTime? LastTransactionTs { get; set; }
    [AvroField("avg_transaction_value")] public decimal? AvgTransactionValue { get; set; }
    [AvroField("transaction_value_stddev")] public decimal? TransactionValueStddev { get; set; }
    [AvroField("min_transaction_value")] public decimal? MinTransactionValue { get; set; }
    [AvroField("max_transaction_value")] public decimal? MaxTransactionValue { get; set; }
    [AvroField("median_transaction_value")] public decimal? MedianTransactionValue { get; set; }
    [AvroField("web_sessions")] public long WebSessions { get; set; }
    [AvroField("page_views")] public long PageViews { get; set; }
}

using Avro.Reflect;

namespace CustomerStream.Contracts.Aggregate;

/// <summary>
/// Internal: what changed for one customer in one aggregator batch (topic
/// <c>aggregate.customer-changes.v1</c>, key customer_id). Apply only when <see cref="Version"/> is
/// above the stored one; <see cref="Removed"/> deletes every row of the customer.
/// </summary>
[AvroContract("customerstream.aggregate.CustomerChange")]
public sealed class CustomerChange
{
    [AvroField("customer_id")] public string CustomerId { get; set; } = "";
    [AvroField("version")] public long Version { get; set; }
    [AvroField("changed_at")] public DateTime ChangedAt { get; set; }
    [AvroField("removed")] public bool Removed { get; set; }
    [AvroField("merged_into")] public string? MergedInto { get; set; }
    [AvroField("summary")] public CustomerSummary? Summary { get; set; }
    [AvroField("periods")] public List<PeriodRow> Periods { get; set; } = [];
    [AvroField("orders")] public List<OrderRow> Orders { get; set; } = [];

    /// <summary>Set on the removal that erases the customer (an erasure request), null on a merge's removal.</summary>
    [AvroField("erasure_id")] public string? ErasureId { get; set; }
}

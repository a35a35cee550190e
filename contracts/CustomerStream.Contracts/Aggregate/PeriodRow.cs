using Avro.Reflect;

namespace CustomerStream.Contracts.Aggregate;

/// <summary>One customer × grain × period (× business unit; null = all units) row.</summary>
[AvroContract("customerstream.aggregate.PeriodRow")]
public sealed class PeriodRow
{
    [AvroField("grain")] public Grain Grain { get; set; }

    /// <summary>First day of the period (UTC date, time part zero).</summary>
    [AvroField("period_start")] public DateTime PeriodStart { get; set; }

    [AvroField("business_unit")] public string? BusinessUnit { get; set; }
    [AvroField("order_count")] public long OrderCount { get; set; }
    [AvroField("revenue")] public decimal Revenue { get; set; }
    [AvroField("refunded_amount")] public decimal RefundedAmount { get; set; }
    [AvroField("first_order_ts")] public DateTime? FirstOrderTs { get; set; }
    [AvroField("last_order_ts")] public DateTime? LastOrderTs { get; set; }
    [AvroField("web_sessions")] public long WebSessions { get; set; }
    [AvroField("page_views")] public long PageViews { get; set; }
    [AvroField("deleted")] public bool Deleted { get; set; }
}

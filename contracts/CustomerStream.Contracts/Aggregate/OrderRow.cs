using Avro.Reflect;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Contracts.Aggregate;

/// <summary>The current version of one order of a customer.</summary>
[AvroContract("customerstream.aggregate.OrderRow")]
public sealed class OrderRow
{
    [AvroField("source_system")] public string SourceSystem { get; set; } = "";
    [AvroField("order_id")] public string OrderId { get; set; } = "";
    [AvroField("order_ts")] public DateTime OrderTs { get; set; }
    [AvroField("updated_at")] public DateTime UpdatedAt { get; set; }
    [AvroField("status")] public OrderStatus Status { get; set; }
    [AvroField("amount")] public decimal Amount { get; set; }
    [AvroField("currency")] public string Currency { get; set; } = "";
    [AvroField("business_unit")] public string BusinessUnit { get; set; } = "default";
    [AvroField("category")] public string? Category { get; set; }
    [AvroField("product_id")] public string? ProductId { get; set; }
    [AvroField("quantity")] public int? Quantity { get; set; }
}

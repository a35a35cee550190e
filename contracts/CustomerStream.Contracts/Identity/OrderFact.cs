using Avro.Reflect;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Contracts.Identity;

/// <summary>An order version now belongs to the fact's customer.</summary>
[AvroContract("customerstream.identity.OrderFact")]
public sealed class OrderFact
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
    [AvroField("customer_email")] public string? CustomerEmail { get; set; }
    [AvroField("record_hash")] public string RecordHash { get; set; } = "";
}

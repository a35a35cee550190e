using Avro.Reflect;

namespace CustomerStream.Contracts.Ingest;

/// <summary>One normalized order version (topic <c>ingest.orders.v1</c>).</summary>
[AvroContract("customerstream.ingest.OrderRecord")]
public sealed class OrderRecord
{
    [AvroField("source_system")] public string SourceSystem { get; set; } = "";
    [AvroField("order_id")] public string OrderId { get; set; } = "";
    [AvroField("source_customer_id")] public string? SourceCustomerId { get; set; }
    [AvroField("customer_email")] public string? CustomerEmail { get; set; }
    [AvroField("customer_email_raw")] public string? CustomerEmailRaw { get; set; }
    [AvroField("customer_email_valid")] public bool CustomerEmailValid { get; set; }
    [AvroField("order_ts")] public DateTime OrderTs { get; set; }
    [AvroField("updated_at")] public DateTime UpdatedAt { get; set; }
    [AvroField("status")] public OrderStatus Status { get; set; }
    [AvroField("amount")] public decimal Amount { get; set; }
    [AvroField("currency")] public string Currency { get; set; } = "";
    [AvroField("business_unit")] public string BusinessUnit { get; set; } = "default";
    [AvroField("category")] public string? Category { get; set; }
    [AvroField("product_id")] public string? ProductId { get; set; }
    [AvroField("quantity")] public int? Quantity { get; set; }
    [AvroField("source_ref")] public string SourceRef { get; set; } = "";
    [AvroField("ingested_at")] public DateTime IngestedAt { get; set; }
    [AvroField("record_hash")] public string RecordHash { get; set; } = "";
}

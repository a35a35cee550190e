using Avro;
using Avro.Reflect;

namespace CustomerStream.SchemaRegistry.Tests.Support;

public enum Status
{
    ACTIVE,
    INACTIVE,
    DELETED,
}

public sealed class Order
{
    [AvroField("order_id")] public string OrderId { get; set; } = "";
    [AvroField("amount")] public decimal Amount { get; set; }
    [AvroField("refund")] public decimal? Refund { get; set; }
    [AvroField("order_ts")] public DateTime OrderTs { get; set; }
    [AvroField("shipped_at")] public DateTime? ShippedAt { get; set; }
    [AvroField("status")] public Status Status { get; set; }
    [AvroField("quantity")] public int? Quantity { get; set; }
    [AvroField("tags")] public List<string> Tags { get; set; } = [];
    [AvroField("properties")] public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);
    [AvroField("line")] public OrderLine? Line { get; set; }
    [AvroField("lines")] public List<OrderLine> Lines { get; set; } = [];
    [AvroField("version")] public long Version { get; set; }
    [AvroField("score")] public double Score { get; set; }
    [AvroField("flag")] public bool Flag { get; set; }
    [AvroField("note")] public string? Note { get; set; }
}

public sealed class OrderLine
{
    [AvroField("sku")] public string Sku { get; set; } = "";
    [AvroField("price")] public decimal Price { get; set; }
}

public static class TestSchemas
{
    public const string OrderJson = """
        {
          "type": "record", "name": "Order", "namespace": "test.orders",
          "fields": [
            {"name": "order_id", "type": "string"},
            {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 4}},
            {"name": "refund", "type": ["null", {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 4}], "default": null},
            {"name": "order_ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
            {"name": "shipped_at", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null},
            {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["ACTIVE", "INACTIVE", "DELETED"]}},
            {"name": "quantity", "type": ["null", "int"], "default": null},
            {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
            {"name": "properties", "type": {"type": "map", "values": "string"}, "default": {}},
            {"name": "line", "type": ["null", {"type": "record", "name": "OrderLine", "fields": [
              {"name": "sku", "type": "string"},
              {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 4}}
            ]}], "default": null},
            {"name": "lines", "type": {"type": "array", "items": "OrderLine"}, "default": []},
            {"name": "version", "type": "long"},
            {"name": "score", "type": "double"},
            {"name": "flag", "type": "boolean", "default": false},
            {"name": "note", "type": ["null", "string"], "default": null}
          ]
        }
        """;

    public static RecordSchema Order { get; } = (RecordSchema)Schema.Parse(OrderJson);

    public static Order SampleOrder() => new()
    {
        OrderId = "o-1",
        Amount = 1234.5678m,
        Refund = -0.0001m,
        OrderTs = new DateTime(2024, 2, 29, 23, 59, 59, 999, DateTimeKind.Utc),
        ShippedAt = new DateTime(1969, 7, 20, 20, 17, 40, 123, DateTimeKind.Utc),
        Status = Status.INACTIVE,
        Quantity = 3,
        Tags = ["a", "ünïcødé ✓", ""],
        Properties = { ["utm_source"] = "news", ["empty"] = "" },
        Line = new OrderLine { Sku = "sku-1", Price = 99999999999999.9999m },
        Lines = [new OrderLine { Sku = "x", Price = 0m }, new OrderLine { Sku = "y", Price = -12.5m }],
        Version = long.MaxValue,
        Score = -1.5e-300,
        Flag = true,
        Note = null,
    };
}

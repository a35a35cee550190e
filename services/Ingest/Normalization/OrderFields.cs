namespace CustomerStream.Ingest.Normalization;

/// <summary>Field positions of an <c>orders*.csv</c> record.</summary>
public static class OrderFields
{
    public const int SourceSystem = 0;
    public const int OrderId = 1;
    public const int SourceCustomerId = 2;
    public const int CustomerEmail = 3;
    public const int OrderTs = 4;
    public const int UpdatedAt = 5;
    public const int Status = 6;
    public const int Amount = 7;
    public const int Currency = 8;
    public const int BusinessUnit = 9;
    public const int Category = 10;
    public const int ProductId = 11;
    public const int Quantity = 12;

    public static FieldSet Set { get; } = new(
        IngestEntity.Orders,
        ["source_system", "order_id", "source_customer_id", "customer_email", "order_ts", "updated_at", "status", "amount", "currency", "business_unit", "category", "product_id", "quantity"],
        ["order_id", "order_ts", "status", "amount", "currency"]);
}

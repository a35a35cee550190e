namespace CustomerStream.Ingest.Normalization;

/// <summary>Field positions of a <c>customers*.csv</c> record.</summary>
public static class CustomerFields
{
    public const int SourceSystem = 0;
    public const int SourceCustomerId = 1;
    public const int Email = 2;
    public const int FirstName = 3;
    public const int LastName = 4;
    public const int Phone = 5;
    public const int Country = 6;
    public const int City = 7;
    public const int CreatedAt = 8;
    public const int UpdatedAt = 9;
    public const int Status = 10;
    public const int IsTest = 11;

    public static FieldSet Set { get; } = new(
        IngestEntity.Customers,
        ["source_system", "source_customer_id", "email", "first_name", "last_name", "phone", "country", "city", "created_at", "updated_at", "status", "is_test"],
        ["source_customer_id", "status"]);
}

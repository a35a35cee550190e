using Avro.Reflect;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Contracts.Identity;

/// <summary>A customer-master record version now belongs to the fact's customer.</summary>
[AvroContract("customerstream.identity.CustomerFact")]
public sealed class CustomerFact
{
    [AvroField("source_system")] public string SourceSystem { get; set; } = "";
    [AvroField("source_customer_id")] public string SourceCustomerId { get; set; } = "";
    [AvroField("email")] public string? Email { get; set; }
    [AvroField("first_name")] public string? FirstName { get; set; }
    [AvroField("last_name")] public string? LastName { get; set; }
    [AvroField("phone")] public string? Phone { get; set; }
    [AvroField("country")] public string? Country { get; set; }
    [AvroField("city")] public string? City { get; set; }
    [AvroField("created_at")] public DateTime? CreatedAt { get; set; }
    [AvroField("updated_at")] public DateTime UpdatedAt { get; set; }
    [AvroField("status")] public CustomerStatus Status { get; set; }
    [AvroField("is_test")] public bool IsTest { get; set; }
    [AvroField("record_hash")] public string RecordHash { get; set; } = "";
}

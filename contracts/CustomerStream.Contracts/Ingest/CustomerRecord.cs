using Avro.Reflect;

namespace CustomerStream.Contracts.Ingest;

/// <summary>One normalized customer-master record version (topic <c>ingest.customers.v1</c>).</summary>
[AvroContract("customerstream.ingest.CustomerRecord")]
public sealed class CustomerRecord
{
    [AvroField("source_system")] public string SourceSystem { get; set; } = "";
    [AvroField("source_customer_id")] public string SourceCustomerId { get; set; } = "";
    [AvroField("email")] public string? Email { get; set; }
    [AvroField("email_raw")] public string? EmailRaw { get; set; }
    [AvroField("email_valid")] public bool EmailValid { get; set; }
    [AvroField("first_name")] public string? FirstName { get; set; }
    [AvroField("last_name")] public string? LastName { get; set; }
    [AvroField("phone")] public string? Phone { get; set; }
    [AvroField("country")] public string? Country { get; set; }
    [AvroField("city")] public string? City { get; set; }
    [AvroField("created_at")] public DateTime? CreatedAt { get; set; }
    [AvroField("updated_at")] public DateTime UpdatedAt { get; set; }
    [AvroField("status")] public CustomerStatus Status { get; set; }
    [AvroField("is_test")] public bool IsTest { get; set; }
    [AvroField("source_ref")] public string SourceRef { get; set; } = "";
    [AvroField("ingested_at")] public DateTime IngestedAt { get; set; }
    [AvroField("record_hash")] public string RecordHash { get; set; } = "";
}

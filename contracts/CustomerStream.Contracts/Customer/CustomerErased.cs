using Avro.Reflect;

namespace CustomerStream.Contracts.Customer;

/// <summary>A person was forgotten (topic <c>customer.erased.v1</c>, key customer_id): delete everything held under these IDs.</summary>
[AvroContract("customerstream.customer.CustomerErased")]
public sealed class CustomerErased
{
    [AvroField("event_id")] public string EventId { get; set; } = "";
    [AvroField("customer_id")] public string CustomerId { get; set; } = "";
    [AvroField("erasure_id")] public string ErasureId { get; set; } = "";
    [AvroField("version")] public long Version { get; set; }
    [AvroField("erased_at")] public DateTime ErasedAt { get; set; }
    [AvroField("erased_ids")] public List<string> ErasedIds { get; set; } = [];
}

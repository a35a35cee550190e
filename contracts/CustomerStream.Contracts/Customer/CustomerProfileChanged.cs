using Avro.Reflect;

namespace CustomerStream.Contracts.Customer;

/// <summary>A customer's profile changed (topic <c>customer.profile-changed.v1</c>, key customer_id).</summary>
[AvroContract("customerstream.customer.CustomerProfileChanged")]
public sealed class CustomerProfileChanged
{
    [AvroField("event_id")] public string EventId { get; set; } = "";
    [AvroField("customer_id")] public string CustomerId { get; set; } = "";
    [AvroField("version")] public long Version { get; set; }
    [AvroField("changed_at")] public DateTime ChangedAt { get; set; }
    [AvroField("changed_fields")] public List<string> ChangedFields { get; set; } = [];
    [AvroField("profile")] public CustomerProfile Profile { get; set; } = new();
}

using Avro.Reflect;

namespace CustomerStream.Contracts.Identity;

/// <summary>Internal: where an identifier resolves now (topic <c>identity.links.v1</c>, key identifier).</summary>
[AvroContract("customerstream.identity.IdentityLink")]
public sealed class IdentityLink
{
    [AvroField("identifier")] public string Identifier { get; set; } = "";
    [AvroField("customer_id")] public string CustomerId { get; set; } = "";
    [AvroField("source_system")] public string? SourceSystem { get; set; }
    [AvroField("first_seen_ts")] public DateTime FirstSeenTs { get; set; }
    [AvroField("version")] public long Version { get; set; }
}

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

    /// <summary>Evidence: the other identifier of the record that linked this one to its customer (null on links that restate a resolution).</summary>
    [AvroField("linked_identifier")] public string? LinkedIdentifier { get; set; }

    [AvroField("evidence_source_system")] public string? EvidenceSourceSystem { get; set; }

    /// <summary>Evidence: file:line, or the HTTP request and index, of the linking record.</summary>
    [AvroField("evidence_ref")] public string? EvidenceRef { get; set; }

    [AvroField("evidence_ts")] public DateTime? EvidenceTs { get; set; }
}

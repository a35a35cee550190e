using Avro.Reflect;

namespace CustomerStream.Contracts.Identity;

/// <summary>An identifier now belongs to the fact's customer.</summary>
[AvroContract("customerstream.identity.IdentifierFact")]
public sealed class IdentifierFact
{
    [AvroField("identifier")] public string Identifier { get; set; } = "";
    [AvroField("source_system")] public string? SourceSystem { get; set; }
    [AvroField("first_seen_ts")] public DateTime FirstSeenTs { get; set; }
}

using Avro.Reflect;

namespace CustomerStream.Contracts.Identity;

/// <summary>The fact's customer is merged into <see cref="SurvivorId"/>: its whole state moves there, exactly once.</summary>
[AvroContract("customerstream.identity.MergeFact")]
public sealed class MergeFact
{
    [AvroField("survivor_id")] public string SurvivorId { get; set; } = "";
}

using Avro.Reflect;

namespace CustomerStream.Contracts.Identity;

/// <summary>The fact's customer is erased: its whole state and every row of it go, for good.</summary>
[AvroContract("customerstream.identity.ErasureFact")]
public sealed class ErasureFact
{
    [AvroField("erasure_id")] public string ErasureId { get; set; } = "";
}

using Avro.Reflect;

namespace CustomerStream.Contracts.Identity;

/// <summary>
/// Internal: a fact attributed to a Customer360 ID by the identity service (topic
/// <c>identity.customer-facts.v1</c>, key customer_id). <see cref="Seq"/> is the identity service's
/// global sequence; per customer it only increases.
/// </summary>
[AvroContract("customerstream.identity.IdentityFact")]
public sealed class IdentityFact
{
    [AvroField("customer_id")] public string CustomerId { get; set; } = "";
    [AvroField("seq")] public long Seq { get; set; }

    /// <summary>One of <see cref="CustomerFact"/>, <see cref="OrderFact"/>, <see cref="WebActivityFact"/>,
    /// <see cref="IdentifierFact"/>, <see cref="AcquisitionFact"/>, <see cref="MergeFact"/>, <see cref="ErasureFact"/> (an Avro union).</summary>
    [AvroField("fact")] public object Fact { get; set; } = null!;
}

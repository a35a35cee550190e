using Avro.Reflect;

namespace CustomerStream.Contracts.Identity;

/// <summary>The customer's acquisition is now this (earliest evidence over all of its records).</summary>
[AvroContract("customerstream.identity.AcquisitionFact")]
public sealed class AcquisitionFact
{
    [AvroField("acquisition_ts")] public DateTime? AcquisitionTs { get; set; }
    [AvroField("acquisition_source")] public string? AcquisitionSource { get; set; }
}

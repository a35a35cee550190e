using Avro.Reflect;

namespace CustomerStream.Contracts.Customer;

/// <summary>Two customers turned out to be one (topic <c>customer.merged.v1</c>, key survivor_id).</summary>
[AvroContract("customerstream.customer.CustomerMerged")]
public sealed class CustomerMerged
{
    [AvroField("event_id")] public string EventId { get; set; } = "";
    [AvroField("survivor_id")] public string SurvivorId { get; set; } = "";
    [AvroField("merged_id")] public string MergedId { get; set; } = "";
    [AvroField("version")] public long Version { get; set; }
    [AvroField("merged_at")] public DateTime MergedAt { get; set; }
    [AvroField("reason")] public string Reason { get; set; } = "";
    [AvroField("linking_identifier")] public string? LinkingIdentifier { get; set; }
    [AvroField("survivor_acquisition_ts")] public DateTime? SurvivorAcquisitionTs { get; set; }
    [AvroField("merged_acquisition_ts")] public DateTime? MergedAcquisitionTs { get; set; }
}

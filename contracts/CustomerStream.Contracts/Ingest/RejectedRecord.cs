using Avro.Reflect;

namespace CustomerStream.Contracts.Ingest;

/// <summary>An input record that ingest could not accept, with its reason (topic <c>ingest.rejected.v1</c>).</summary>
[AvroContract("customerstream.ingest.RejectedRecord")]
public sealed class RejectedRecord
{
    [AvroField("rejection_id")] public string RejectionId { get; set; } = "";
    [AvroField("source_system")] public string SourceSystem { get; set; } = "";
    [AvroField("entity")] public string Entity { get; set; } = "";
    [AvroField("input_ref")] public string InputRef { get; set; } = "";
    [AvroField("reason_code")] public string ReasonCode { get; set; } = "";
    [AvroField("reason")] public string Reason { get; set; } = "";
    [AvroField("raw")] public string Raw { get; set; } = "";
    [AvroField("raw_bytes")] public byte[]? RawBytes { get; set; }
    [AvroField("rejected_at")] public DateTime RejectedAt { get; set; }
}

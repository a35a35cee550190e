using Avro.Reflect;

namespace CustomerStream.Contracts.Ingest;

/// <summary>One normalized web or app event (topic <c>ingest.web-events.v1</c>).</summary>
[AvroContract("customerstream.ingest.WebEvent")]
public sealed class WebEvent
{
    [AvroField("event_id")] public string EventId { get; set; } = "";
    [AvroField("ts")] public DateTime Ts { get; set; }
    [AvroField("type")] public string Type { get; set; } = "";
    [AvroField("device_id")] public string? DeviceId { get; set; }
    [AvroField("cookie_id")] public string? CookieId { get; set; }
    [AvroField("user_id")] public string? UserId { get; set; }
    [AvroField("user_source")] public string? UserSource { get; set; }
    [AvroField("email")] public string? Email { get; set; }
    [AvroField("email_raw")] public string? EmailRaw { get; set; }
    [AvroField("email_valid")] public bool EmailValid { get; set; }
    [AvroField("session_id")] public string? SessionId { get; set; }
    [AvroField("url")] public string? Url { get; set; }
    [AvroField("referrer")] public string? Referrer { get; set; }
    [AvroField("properties")] public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);
    [AvroField("source_system")] public string SourceSystem { get; set; } = "web";
    [AvroField("source_ref")] public string SourceRef { get; set; } = "";
    [AvroField("ingested_at")] public DateTime IngestedAt { get; set; }
    [AvroField("record_hash")] public string RecordHash { get; set; } = "";
}

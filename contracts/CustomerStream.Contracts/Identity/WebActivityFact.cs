using Avro.Reflect;

namespace CustomerStream.Contracts.Identity;

/// <summary>A web event is attributed to, or taken away from, the fact's customer.</summary>
[AvroContract("customerstream.identity.WebActivityFact")]
public sealed class WebActivityFact
{
    [AvroField("event_id")] public string EventId { get; set; } = "";
    [AvroField("action")] public AttributionAction Action { get; set; }
    [AvroField("ts")] public DateTime Ts { get; set; }
    [AvroField("type")] public string Type { get; set; } = "";
    [AvroField("session_id")] public string? SessionId { get; set; }
    [AvroField("email")] public string? Email { get; set; }
}

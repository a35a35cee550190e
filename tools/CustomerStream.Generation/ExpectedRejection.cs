using System.Text.Json.Serialization;

namespace CustomerStream.Generation;

/// <summary>A line ingest must reject: its reference (<c>file:line</c>) and reason code.</summary>
public sealed record ExpectedRejection(
    [property: JsonPropertyName("input_ref")] string InputRef,
    [property: JsonPropertyName("reason_code")] string ReasonCode);

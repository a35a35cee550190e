using System.Text.Json.Serialization;

namespace CustomerStream.Ingest.Http;

/// <summary>The body of <c>POST /v1/erasures</c>.</summary>
public sealed record ErasureApiRequest(
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("reason")] string? Reason = null);

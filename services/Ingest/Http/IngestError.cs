using System.Text.Json.Serialization;

namespace CustomerStream.Ingest.Http;

/// <summary>Why one record of a batch was rejected; <see cref="Index"/> is null when the body as a whole was unreadable.</summary>
public sealed record IngestError(
    [property: JsonPropertyName("index")] int? Index,
    [property: JsonPropertyName("reason_code")] string ReasonCode,
    [property: JsonPropertyName("reason")] string Reason);

using System.Text.Json.Serialization;

namespace CustomerStream.Ingest.Http;

/// <summary>
/// The answer to an ingest batch: 202 with the counts when every record was accepted, 400 with the
/// same counts and one error per rejected record otherwise (the accepted ones are published either way).
/// </summary>
public sealed record IngestResponse(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("errors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IngestError>? Errors = null);

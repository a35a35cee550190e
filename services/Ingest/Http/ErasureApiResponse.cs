using System.Text.Json.Serialization;

namespace CustomerStream.Ingest.Http;

/// <summary>The answer to <c>POST /v1/erasures</c> (202): the request is in the erasure ledger.</summary>
public sealed record ErasureApiResponse(
    [property: JsonPropertyName("erasure_id")] string ErasureId,
    [property: JsonPropertyName("subject_kind")] string SubjectKind,
    [property: JsonPropertyName("requested_at")] DateTime RequestedAt);

using System.Text.Json.Serialization;

namespace CustomerStream.Ingest.Http;

/// <summary>A request the API does not process at all (401, 413, 503): what is wrong and what to do.</summary>
public sealed record ApiProblem(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("hint"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Hint = null);

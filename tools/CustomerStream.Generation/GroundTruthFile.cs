using System.Text.Json.Serialization;

namespace CustomerStream.Generation;

/// <summary>One written file: what it holds, its records (not counting a header) and how many of them must be rejected.</summary>
public sealed record GroundTruthFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("entity")] string Entity,
    [property: JsonPropertyName("records")] long Records,
    [property: JsonPropertyName("rejected")] long Rejected,
    [property: JsonPropertyName("duplicates")] long Duplicates);

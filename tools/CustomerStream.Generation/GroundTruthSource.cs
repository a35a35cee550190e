using System.Text.Json.Serialization;

namespace CustomerStream.Generation;

/// <summary>A source's reading rules, as <c>Ingest:Sources:&lt;name&gt;</c> must say them.</summary>
public sealed record GroundTruthSource(
    [property: JsonPropertyName("time_zone")] string? TimeZone,
    [property: JsonPropertyName("us_dates")] bool UsDates,
    [property: JsonPropertyName("default_user_source")] string? DefaultUserSource);

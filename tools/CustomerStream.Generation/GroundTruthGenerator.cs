using System.Text.Json.Serialization;

namespace CustomerStream.Generation;

/// <summary>The parameters a sample was generated with; the same ones give the same files.</summary>
public sealed record GroundTruthGenerator(
    [property: JsonPropertyName("customers")] int Customers,
    [property: JsonPropertyName("months")] int Months,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("first_month")] string FirstMonth,
    [property: JsonPropertyName("last_month")] string LastMonth);

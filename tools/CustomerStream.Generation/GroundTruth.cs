using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerStream.Generation;

/// <summary>
/// What the customer definition contract (contracts/README.md) must make of a generated sample:
/// the customers (as sets of strong identifiers) with their visibility, acquisition, Customer360 ID
/// and monthly figures, the anonymous web profiles, and every line that ingest must reject. It is
/// computed from the records the generator wrote by the contract's rules, not from what the generator
/// "meant" (two addresses of one person that nothing links are two customers here).
/// Written as <c>ground_truth.json</c> next to the sample; <see cref="LoadAsync"/> reads it back.
/// </summary>
public sealed record GroundTruth
{
    public const string FileName = "ground_truth.json";

    [JsonPropertyName("generator")]
    public required GroundTruthGenerator Generator { get; init; }

    /// <summary>How each source must be configured (<c>Ingest:Sources</c>) for its files to read as intended.</summary>
    [JsonPropertyName("sources")]
    public required Dictionary<string, GroundTruthSource> Sources { get; init; }

    [JsonPropertyName("files")]
    public required List<GroundTruthFile> Files { get; init; }

    [JsonPropertyName("totals")]
    public required GroundTruthTotals Totals { get; init; }

    [JsonPropertyName("customers")]
    public required List<ExpectedCustomer> Customers { get; init; }

    [JsonPropertyName("anonymous_profiles")]
    public required List<ExpectedCustomer> AnonymousProfiles { get; init; }

    [JsonPropertyName("rejected")]
    public required List<ExpectedRejection> Rejected { get; init; }

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Reads a <c>ground_truth.json</c> written by <see cref="SampleGenerator"/>.</summary>
    public static async Task<GroundTruth> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await JsonSerializer.DeserializeAsync<GroundTruth>(stream, Json, cancellationToken).ConfigureAwait(false)
               ?? throw new InvalidDataException($"{path} holds no ground truth");
    }
}

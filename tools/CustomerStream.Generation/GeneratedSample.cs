namespace CustomerStream.Generation;

/// <summary>What <see cref="SampleGenerator"/> wrote.</summary>
/// <param name="Folder">The output folder.</param>
/// <param name="Files">The data files with their record counts.</param>
/// <param name="GroundTruthPath">Path of <c>ground_truth.json</c>.</param>
/// <param name="Totals">The customer counts and sums the contract must produce.</param>
/// <param name="Elapsed">How long generation took.</param>
public sealed record GeneratedSample(string Folder, IReadOnlyList<GroundTruthFile> Files, string GroundTruthPath, GroundTruthTotals Totals, TimeSpan Elapsed)
{
    public long Records => Files.Sum(f => f.Records);
}

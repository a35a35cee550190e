namespace CustomerStream.Projection.Rebuild;

/// <summary>How far a replay of the retained topics is.</summary>
/// <param name="Consumed">Records read so far.</param>
/// <param name="Total">Records in the topics when the replay started (what it will read).</param>
/// <param name="DocumentsWritten">Documents written so far.</param>
/// <param name="Elapsed">Time since the replay started.</param>
public sealed record ReplayProgress(long Consumed, long Total, long DocumentsWritten, TimeSpan Elapsed)
{
    public double Fraction => Total == 0 ? 1 : (double)Consumed / Total;

    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Consumed / Elapsed.TotalSeconds : 0;
}

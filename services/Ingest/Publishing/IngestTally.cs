namespace CustomerStream.Ingest.Publishing;

/// <summary>How an ingest run went: records read, accepted, rejected per reason code.</summary>
/// <param name="Records">Records read.</param>
/// <param name="Accepted">Records published to their topic.</param>
/// <param name="Rejected">Records published as rejections.</param>
/// <param name="RejectedByReason">Rejections per reason code.</param>
/// <param name="BytesRead">Input bytes read.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Waited">Part of <paramref name="Elapsed"/> spent waiting for the consumers (pacing).</param>
/// <param name="Waiting">In a progress report made while the run waits for the consumers: for whom and how far behind they are.</param>
public sealed record IngestTally(
    long Records,
    long Accepted,
    long Rejected,
    IReadOnlyDictionary<string, long> RejectedByReason,
    long BytesRead,
    TimeSpan Elapsed,
    TimeSpan Waited = default,
    PacingWait? Waiting = null)
{
    public double RecordsPerSecond => Elapsed > TimeSpan.Zero ? Records / Elapsed.TotalSeconds : 0;

    /// <summary>One line, e.g. <c>1,000 records: 990 accepted, 10 rejected (bad_amount 6, bad_timestamp 4)</c>.</summary>
    public override string ToString()
    {
        var reasons = RejectedByReason.Count == 0
            ? ""
            : $" ({string.Join(", ", RejectedByReason.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value:N0}"))})";
        return $"{Records:N0} records: {Accepted:N0} accepted, {Rejected:N0} rejected{reasons}";
    }
}

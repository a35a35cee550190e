namespace CustomerStream.Ingest.Publishing;

/// <summary>Ingest is waiting for the consumers of a topic to catch up.</summary>
/// <param name="Topic">The ingest topic.</param>
/// <param name="Group">The slowest consumer group on it.</param>
/// <param name="RecordsBehind">Records that group has not committed yet, over all partitions of the topic.</param>
/// <param name="Waited">How long this wait has lasted so far.</param>
public sealed record PacingWait(string Topic, string Group, long RecordsBehind, TimeSpan Waited)
{
    /// <summary>One line, e.g. <c>waiting for the pipeline: 61,200 records behind on ingest.orders.v1 (group g)</c>.</summary>
    public override string ToString() => $"waiting for the pipeline: {RecordsBehind:N0} records behind on {Topic} (group {Group})";
}

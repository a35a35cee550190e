namespace CustomerStream.Kafka.Inspection;

/// <summary>Where one partition's log begins and ends, and how far each consumer group has committed on it.</summary>
/// <param name="Topic">Topic name.</param>
/// <param name="Partition">Partition id.</param>
/// <param name="LogStart">Offset of the oldest record still retained (the low watermark).</param>
/// <param name="LogEnd">Offset the next record will get (the high watermark).</param>
/// <param name="Committed">Each group's committed offset, or null when the group has committed none on this partition.</param>
public sealed record PartitionPositions(string Topic, int Partition, long LogStart, long LogEnd, IReadOnlyDictionary<string, long?> Committed)
{
    /// <summary>
    /// Records <paramref name="group"/> has not committed yet: from its committed offset (or, without one, from the
    /// log start: everything retained) to the log end.
    /// </summary>
    public long LagOf(string group) => Math.Max(0, LogEnd - Math.Max(Committed[group] ?? LogStart, LogStart));

    /// <summary>
    /// Records retention removed before <paramref name="group"/> committed past them: the gap between its committed
    /// offset (0 without one) and the log start. Zero when the group is within the retained log.
    /// </summary>
    public long LostTo(string group) => Math.Max(0, LogStart - (Committed[group] ?? 0));
}

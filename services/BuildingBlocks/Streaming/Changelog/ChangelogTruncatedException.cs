namespace CustomerStream.Streaming.Changelog;

/// <summary>
/// A task's changelog no longer holds the records its restore needs (retention removed its head), so its
/// state cannot be rebuilt. Changelogs must keep everything (see <c>InternalTopicSpec.ChangelogConfig</c>);
/// on the embedded cluster, which keeps about 5 MB per partition, keep changelogs small or restart only
/// cleanly (a checkpoint then spares the replay).
/// </summary>
public sealed class ChangelogTruncatedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChangelogTruncatedException(string topic, int partition, long needed, long start)
        : base($"Changelog {topic}[{partition}] starts at offset {start}, but restoring needs offset {needed}: "
            + "records were removed by retention, and the state cannot be rebuilt from it.")
    {
        Topic = topic;
        Partition = partition;
        NeededOffset = needed;
        StartOffset = start;
    }

    /// <summary>The changelog topic.</summary>
    public string Topic { get; }

    /// <summary>The task's partition.</summary>
    public int Partition { get; }

    /// <summary>The first offset the restore needed.</summary>
    public long NeededOffset { get; }

    /// <summary>The changelog's current first offset.</summary>
    public long StartOffset { get; }
}

namespace CustomerStream.Streaming.Topics;

/// <summary>A topic the runtime needs (a changelog, a lease) and how it must be configured.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Partitions">Partition count.</param>
/// <param name="Config">Topic configuration (e.g. <c>cleanup.policy</c>), applied when the topic is created.</param>
public sealed record InternalTopicSpec(string Name, int Partitions, IReadOnlyDictionary<string, string> Config)
{
    /// <summary>
    /// The configuration of a changelog: never compacted, never expired. Compaction would be unsafe: it can
    /// remove a committed value while keeping a newer, uncommitted one of the same key (see
    /// <c>docs/streaming-runtime.md</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ChangelogConfig { get; } = new Dictionary<string, string>
    {
        ["cleanup.policy"] = "delete",
        ["retention.ms"] = "-1",
        ["retention.bytes"] = "-1",
    };

    /// <summary>The configuration of a single-task topology's lease topic: never written, so any retention does.</summary>
    public static IReadOnlyDictionary<string, string> LeaseConfig { get; } = new Dictionary<string, string>
    {
        ["cleanup.policy"] = "delete",
    };
}

namespace CustomerStream.Streaming.GlobalTables;

/// <summary>Settings of a <see cref="GlobalTable{TKey,TValue}"/>.</summary>
public sealed class GlobalTableOptions
{
    /// <summary>The topic to replicate (usually compacted, keyed by what lookups use).</summary>
    public string Topic { get; set; } = "";

    /// <summary>Kafka bootstrap servers.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>
    /// Directory for a RocksDB copy of the table (larger than memory, and a restart replays only what
    /// came after its last checkpoint); null or empty keeps the table in memory.
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>How often a RocksDB table flushes and records how far it has read.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra librdkafka properties of the table's consumer (security, …).</summary>
    public IDictionary<string, string> ClientProperties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

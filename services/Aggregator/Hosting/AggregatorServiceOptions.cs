namespace CustomerStream.Aggregator.Hosting;

/// <summary>Configuration of the aggregator service (section <c>Aggregator</c>).</summary>
public sealed class AggregatorServiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Aggregator";

    /// <summary>Consumer group and changelog prefix.</summary>
    public string ApplicationId { get; set; } = "customerstream-aggregator";

    /// <summary>Where the RocksDB state lives; relative paths are resolved against the working directory.</summary>
    public string StateDirectory { get; set; } = Path.Combine(".customerstream", "state", "aggregator");

    /// <summary>Facts per batch: many facts of one customer in one batch make one change.</summary>
    public int MaxBatchRecords { get; set; } = 5_000;

    /// <summary>How long a batch waits to fill before it is processed.</summary>
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Consumer session timeout; a crashed instance's partitions move after it.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

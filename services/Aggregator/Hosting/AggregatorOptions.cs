using System.ComponentModel.DataAnnotations;

namespace CustomerStream.Aggregator.Hosting;

/// <summary>
/// Settings of the aggregator service, bound from the <c>Aggregator</c> configuration section (environment:
/// <c>Aggregator__StateDirectory</c> etc.) and validated at start-up. Kafka comes from the <c>Kafka</c>
/// section, the registry from <c>SchemaRegistry</c>.
/// </summary>
public sealed class AggregatorOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Aggregator";

    /// <summary>Consumer group, changelog prefix (<c>&lt;id&gt;-changelog</c>) and metrics tag of the stream application.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,200}$", ErrorMessage = "Aggregator:ApplicationId may hold letters, digits, '.', '_' and '-' only.")]
    public string ApplicationId { get; set; } = "customerstream-aggregator";

    /// <summary>
    /// Where this instance keeps its RocksDB stores and checkpoints; relative paths are taken from the
    /// working directory. Two instances must not share it.
    /// </summary>
    [Required]
    public string StateDirectory { get; set; } = Path.Combine(".customerstream", "state", "aggregator");

    /// <summary>Most input records of one batch: the bound on a batch's work and on how much one commit covers.</summary>
    [Range(1, 1_000_000)]
    public int MaxBatchRecords { get; set; } = 10_000;

    /// <summary>
    /// How long a batch gathers records: the latency a fact may wait, and the window within which many facts
    /// of one customer collapse into one change.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How often each task flushes its stores and writes a checkpoint: it bounds the changelog a task needs
    /// to restart. Every changed customer writes its whole state (a few hundred bytes per fact), so at tens
    /// of thousands of facts per second a partition's changelog grows by megabytes per second; a cluster
    /// that keeps only a few megabytes per partition (the embedded one) must see a checkpoint before it
    /// drops what a restart would replay.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(2);
}

namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// Where one instance's processing thread spent its time since it started: what a benchmark or an operator needs
/// to see which stage is the bottleneck and why (busy processing, or waiting for the cluster).
/// </summary>
/// <param name="Records">Input records of committed batches.</param>
/// <param name="Batches">Committed batches.</param>
/// <param name="CpuSeconds">CPU time of the processing thread (Linux; 0 elsewhere). Client and broker threads are not in it.</param>
/// <param name="ProcessSeconds">Wall time in processors (Process and OnBatchEnd) and output serialization.</param>
/// <param name="PollSeconds">Wall time waiting for input in the consumer's poll (includes rebalance callbacks).</param>
/// <param name="BackpressureSeconds">Wall time waiting because the producer's queue was full.</param>
/// <param name="FlushSeconds">Wall time waiting for outputs, plans and changelog records to be acknowledged.</param>
/// <param name="CommitSeconds">Wall time writing commit markers and waiting for them, and applying batches to the local stores.</param>
/// <param name="RestoreSeconds">Wall time restoring tasks from changelogs (assignment, re-synchronization).</param>
/// <param name="SkippedRecords">Input records lost before they were read (retention removed them), per topic: anything but 0 is data loss.</param>
public sealed record StreamThreadFigures(
    long Records,
    long Batches,
    double CpuSeconds,
    double ProcessSeconds,
    double PollSeconds,
    double BackpressureSeconds,
    double FlushSeconds,
    double CommitSeconds,
    double RestoreSeconds,
    IReadOnlyDictionary<string, long> SkippedRecords)
{
    /// <summary>Nothing yet.</summary>
    public static StreamThreadFigures Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, long>());

    /// <summary>Input records of committed batches sent to the dead-letter topic (they could not be processed).</summary>
    public long DeadLetters { get; init; }

    /// <summary>Batches abandoned and processed again because a dependency was away (<c>StreamTopology.RetryOn</c>).</summary>
    public long ProcessingRetries { get; init; }

    /// <summary>
    /// Kafka client errors waited out (all brokers down, unknown partition or no leader for a while, failed writes
    /// whose batch was processed again): a broker fault shows here, and never ends the application.
    /// </summary>
    public long ClientErrors { get; init; }

    /// <summary>Input records lost before they were read, over all topics.</summary>
    public long LostRecords => SkippedRecords.Values.Sum();
}

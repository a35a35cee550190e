using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Projection.Writing;

namespace CustomerStream.Projection.Service;

/// <summary>What one poll collected: the decoded batch and, per partition, the offset to commit once it is applied.</summary>
public sealed class ConsumedBatch
{
    public ProjectionBatch Batch { get; } = new();

    /// <summary>Next offset to read per partition (last consumed + 1), the value to commit.</summary>
    public Dictionary<TopicPartition, Offset> NextOffsets { get; } = [];

    /// <summary>Kafka timestamps (ms) of the records that have one, for the freshness metric.</summary>
    public List<long> TimestampsMs { get; } = [];

    public int Records { get; set; }

    /// <summary>Records that could not be decoded: sent to the dead-letter topic before the batch commits.</summary>
    public List<(ConsumeResult<byte[]?, byte[]?> Record, Exception Error)> DeadLetters { get; } = [];

    /// <summary>Trace contexts of (some of) the records, for the batch's span (<see cref="ProjectionTelemetry"/>).</summary>
    public List<ActivityLink> TraceLinks { get; } = [];

    public bool IsEmpty => Records == 0;
}

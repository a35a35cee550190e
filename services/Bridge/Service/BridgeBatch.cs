using Confluent.Kafka;

namespace CustomerStream.Bridge.Service;

/// <summary>What one poll collected: the messages to publish and, per partition, the offset to commit once they are confirmed.</summary>
public sealed class BridgeBatch
{
    public List<OutgoingMessage> Messages { get; } = [];

    /// <summary>Next offset to read per partition (last consumed + 1), the value to commit.</summary>
    public Dictionary<TopicPartition, Offset> NextOffsets { get; } = [];

    /// <summary>Records consumed, including those that gave no message (tombstones, undecodable records).</summary>
    public int Records { get; set; }

    /// <summary>Records that could not be decoded: written to the dead-letter topic before the batch commits.</summary>
    public List<(ConsumeResult<byte[]?, byte[]?> Record, Exception Error)> DeadLetters { get; } = [];

    public bool IsEmpty => Records == 0;
}

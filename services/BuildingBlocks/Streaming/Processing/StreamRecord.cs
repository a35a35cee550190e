using Confluent.Kafka;

namespace CustomerStream.Streaming.Processing;

/// <summary>One input record as the processor gets it: raw key and value bytes, and where it came from.</summary>
public sealed class StreamRecord
{
    /// <summary>Creates a record (the runtime does; tests of processors may too).</summary>
    public StreamRecord(string topic, int partition, long offset, Timestamp timestamp, byte[]? key, byte[]? value, Headers? headers)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Topic = topic;
        Partition = partition;
        Offset = offset;
        Timestamp = timestamp;
        Key = key;
        Value = value;
        Headers = headers ?? [];
    }

    internal StreamRecord(ConsumeResult<byte[], byte[]> result)
        : this(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Timestamp,
            result.Message.Key, result.Message.Value, result.Message.Headers)
    {
    }

    /// <summary>The input topic.</summary>
    public string Topic { get; }

    /// <summary>The input partition (equal to the task's partition).</summary>
    public int Partition { get; }

    /// <summary>The record's offset in its partition.</summary>
    public long Offset { get; }

    /// <summary>The record's timestamp.</summary>
    public Timestamp Timestamp { get; }

    /// <summary>Key bytes, or null.</summary>
    public byte[]? Key { get; }

    /// <summary>Value bytes, or null (a tombstone).</summary>
    public byte[]? Value { get; }

    /// <summary>The record's headers (never null; may be empty).</summary>
    public Headers Headers { get; }
}

using Confluent.Kafka;

namespace CustomerStream.Streaming.Changelog;

/// <summary>A changelog record, decoded.</summary>
internal sealed record ChangelogEntry(
    ChangelogEntryKind Kind,
    long Offset,
    BatchId Batch,
    string? Store,
    byte[]? Key,
    byte[]? Value,
    IReadOnlyDictionary<TopicPartition, long>? InputOffsets);

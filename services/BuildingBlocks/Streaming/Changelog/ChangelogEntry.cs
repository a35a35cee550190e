using Confluent.Kafka;

namespace CustomerStream.Streaming.Changelog;

/// <summary>A changelog record, decoded: data records carry one or more store changes, markers and plans offsets.</summary>
internal sealed record ChangelogEntry(
    ChangelogEntryKind Kind,
    long Offset,
    BatchId Batch,
    IReadOnlyList<StoreChange> Changes,
    IReadOnlyDictionary<TopicPartition, long>? InputOffsets);

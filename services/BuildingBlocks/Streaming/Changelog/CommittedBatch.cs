using Confluent.Kafka;

namespace CustomerStream.Streaming.Changelog;

/// <summary>A batch whose marker was read: its store changes are to be applied, and its offsets are the task's.</summary>
internal sealed record CommittedBatch(BatchId Batch, IReadOnlyList<StoreChange> Changes, IReadOnlyDictionary<TopicPartition, long> InputOffsets);

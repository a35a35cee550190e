using Confluent.Kafka;

namespace CustomerStream.Streaming.Changelog;

/// <summary>A batch whose marker was read: its data records are to be applied, and its offsets are the task's.</summary>
internal sealed record CommittedBatch(BatchId Batch, IReadOnlyList<ChangelogEntry> Records, IReadOnlyDictionary<TopicPartition, long> InputOffsets);

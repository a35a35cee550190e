using Confluent.Kafka;

namespace CustomerStream.Streaming.Changelog;

/// <summary>
/// The input records a batch takes: from the task's offsets after its last committed batch up to these end
/// offsets (exclusive), per input partition. Processed in a fixed order (topic, partition, offset), the same
/// records give the same outputs whoever processes them and however the partitions interleaved on arrival.
/// </summary>
internal sealed record BatchPlan(BatchId Batch, IReadOnlyDictionary<TopicPartition, long> EndOffsets);

using Confluent.Kafka;
using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Processing;

/// <summary>What a processor may reach: its task's stores, the current record's metadata, and outputs.</summary>
public interface IProcessorContext
{
    /// <summary>The application id (consumer group).</summary>
    string ApplicationId { get; }

    /// <summary>The task, i.e. the partition number this processor owns.</summary>
    TaskId TaskId { get; }

    /// <summary>
    /// The version to put on the current batch's outputs (stateful tasks): higher than any version this task
    /// produced before — under this instance or any earlier owner, across crashes, re-synchronizations and
    /// clock changes — because it counts the task's changelog epochs (each owner's fence offset) and the batches
    /// within one. A consumer that keeps, per key, the output with the highest version keeps the latest state;
    /// an output with a version not above the one it holds is a duplicate or stale and is dropped. Versions
    /// grow but are not consecutive. Emit at most one output per key per batch.
    /// </summary>
    /// <exception cref="InvalidOperationException">The task is stateless (it has no changelog to count epochs in).</exception>
    long BatchVersion { get; }

    /// <summary>The record being processed, or null in <see cref="IStreamProcessor.OnBatchEnd"/>.</summary>
    StreamRecord? CurrentRecord { get; }

    /// <summary>The task's partition of a store declared in the topology.</summary>
    /// <exception cref="ArgumentException">The store is not part of the topology.</exception>
    IKeyValueStore<TKey, TValue> GetStore<TKey, TValue>(KeyValueStoreDefinition<TKey, TValue> definition);

    /// <summary>
    /// Produces a record once the batch ends (before the batch commits). The topic's partitioner picks the
    /// partition from the key (murmur2, like the Java client). When <paramref name="headers"/> carry no
    /// <c>traceparent</c>, the current record's trace context is added (in <see cref="IStreamProcessor.OnBatchEnd"/>
    /// the batch span's). The timestamp is the current record's (in OnBatchEnd, the batch's latest).
    /// </summary>
    void Forward(string topic, byte[]? key, byte[]? value, Headers? headers = null);

    /// <summary>
    /// Sends the record being processed, unchanged, to the topology's dead-letter topic
    /// (<see cref="StreamTopology.DeadLetterTopic"/>) with <paramref name="error"/>, its source topic, partition and
    /// offset (<see cref="CustomerStream.Kafka.Faults.DeadLetters"/>), as part of the batch: for a record that can never be processed (it
    /// does not decode, its schema does not resolve). Call it before the record changed anything; the processor
    /// then goes on with the next record. Counted in the <c>customerstream.streaming.dead_letters</c> metric.
    /// </summary>
    /// <exception cref="InvalidOperationException">No record is being processed, or the topology has no dead-letter topic.</exception>
    void DeadLetter(Exception error);

    /// <summary>Like <see cref="Forward(string, byte[], byte[], Headers)"/>, serializing with the topic's serializers.</summary>
    void Forward<TKey, TValue>(OutputTopic<TKey, TValue> topic, TKey key, TValue value, Headers? headers = null);
}

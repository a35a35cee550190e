using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Kafka.Telemetry;
using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Processing;

/// <summary>The context of one task, reused across its batches.</summary>
internal sealed class ProcessorContext(
    string applicationId, TaskId taskId, IReadOnlyDictionary<string, ITaskStore> stores, Func<long> batchVersion, string? deadLetterTopic = null)
    : IProcessorContext
{
    private readonly List<PendingOutput> _outputs = [];
    private long _latestTimestampMs = -1;

    public string ApplicationId { get; } = applicationId;

    public TaskId TaskId { get; } = taskId;

    public StreamRecord? CurrentRecord { get; private set; }

    /// <summary>Trace context of the batch span, for outputs forwarded outside <see cref="IStreamProcessor.Process"/>.</summary>
    public ActivityContext BatchTraceContext { get; set; }

    public IReadOnlyList<PendingOutput> Outputs => _outputs;

    public long BatchVersion => batchVersion();

    /// <summary>Dead letters of the batch in progress (counted once the batch commits).</summary>
    public int DeadLettered { get; private set; }

    public IKeyValueStore<TKey, TValue> GetStore<TKey, TValue>(KeyValueStoreDefinition<TKey, TValue> definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!stores.TryGetValue(definition.Name, out var store))
        {
            throw new ArgumentException($"Store '{definition.Name}' is not part of this application's topology.", nameof(definition));
        }

        return store as IKeyValueStore<TKey, TValue>
            ?? throw new ArgumentException(
                $"Store '{definition.Name}' is declared with other key or value types than {typeof(TKey).Name}/{typeof(TValue).Name}.",
                nameof(definition));
    }

    public void Forward(string topic, byte[]? key, byte[]? value, Headers? headers = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        var outgoing = PrepareHeaders(headers);
        _outputs.Add(new PendingOutput(topic, new Message<byte[], byte[]>
        {
            Key = key!,
            Value = value!,
            Headers = outgoing,
            Timestamp = OutputTimestamp(),
        }));
    }

    public void Forward<TKey, TValue>(OutputTopic<TKey, TValue> topic, TKey key, TValue value, Headers? headers = null)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var outgoing = PrepareHeaders(headers);

        // Serialized now (the loop runs on its own thread, so an asynchronous serializer that has to wait, e.g. for
        // a schema registration, may block it): the batch then holds bytes only.
        var (keyBytes, valueBytes) = topic.Serialize(key, value, outgoing);
        _outputs.Add(new PendingOutput(topic.Name, new Message<byte[], byte[]>
        {
            Key = keyBytes!,
            Value = valueBytes!,
            Headers = outgoing,
            Timestamp = OutputTimestamp(),
        }));
    }

    public void DeadLetter(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var record = CurrentRecord ?? throw new InvalidOperationException("DeadLetter is for the record being processed; OnBatchEnd has none.");
        if (deadLetterTopic is null)
        {
            throw new InvalidOperationException($"The topology of {ApplicationId} has no dead-letter topic (StreamTopology.DeadLetterTopic).", error);
        }

        // With the batch's outputs: committed with the input offset, so a dead letter is neither lost nor skipped.
        _outputs.Add(new PendingOutput(deadLetterTopic, CustomerStream.Kafka.Faults.DeadLetters.Create(
            ApplicationId, record.Topic, record.Partition, record.Offset, record.Timestamp, record.Key, record.Value, record.Headers, error)));
        DeadLettered++;
    }

    public void Begin(StreamRecord record)
    {
        CurrentRecord = record;
        if (record.Timestamp.Type != TimestampType.NotAvailable && record.Timestamp.UnixTimestampMs > _latestTimestampMs)
        {
            _latestTimestampMs = record.Timestamp.UnixTimestampMs;
        }
    }

    public void EndRecord() => CurrentRecord = null;

    public void ResetBatch()
    {
        _outputs.Clear();
        DeadLettered = 0;
        CurrentRecord = null;
        _latestTimestampMs = -1;
        BatchTraceContext = default;
    }

    private Headers PrepareHeaders(Headers? headers)
    {
        var outgoing = headers ?? [];
        if (CurrentRecord is { } record)
        {
            TraceContextPropagation.CopyIfMissing(record.Headers, outgoing);
        }
        else if (BatchTraceContext != default && !outgoing.TryGetLastBytes(TraceContextPropagation.TraceParentHeader, out _))
        {
            TraceContextPropagation.Inject(outgoing, BatchTraceContext);
        }

        return outgoing;
    }

    private Timestamp OutputTimestamp()
    {
        if (CurrentRecord is { } record && record.Timestamp.Type != TimestampType.NotAvailable)
        {
            return new Timestamp(record.Timestamp.UnixTimestampMs, TimestampType.CreateTime);
        }

        return _latestTimestampMs >= 0 ? new Timestamp(_latestTimestampMs, TimestampType.CreateTime) : Timestamp.Default;
    }
}

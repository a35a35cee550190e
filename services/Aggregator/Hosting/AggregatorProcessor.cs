using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Processing;
using CustomerStream.Aggregator.Serialization;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Identity;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Codec;
using CustomerStream.Streaming.Processing;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Aggregator.Hosting;

/// <summary>
/// The stream processor of one task: decodes its inputs, hands them to an <see cref="AggregatorTaskRunner"/>
/// over the task's stores, and at the end of the batch forwards what the batch produced. The runtime
/// replaces the processor after an abandoned batch; the runner notices a rolled-back batch on its own too.
/// </summary>
internal sealed partial class AggregatorProcessor : IStreamProcessor
{
    private readonly AggregatorTopology _topology;
    private readonly ILogger _logger;
    private readonly AggregatorStore _store;
    private readonly AggregatorTaskRunner _runner;
    private bool _hasInput;
    private long _latestTimestampMs = -1;
    private long _processingTicks;

    public AggregatorProcessor(IProcessorContext context, AggregatorTopology topology, ILogger logger)
    {
        _topology = topology;
        _logger = logger;
        _store = new AggregatorStore(context.GetStore(AggregatorTopology.CustomersStore), context.GetStore(AggregatorTopology.TaskStore));
        _runner = new AggregatorTaskRunner(_store, topology.Time);
    }

    public void Process(StreamRecord record, IProcessorContext context)
    {
        var started = Stopwatch.GetTimestamp();
        if (record.Timestamp.Type != TimestampType.NotAvailable && record.Timestamp.UnixTimestampMs > _latestTimestampMs)
        {
            _latestTimestampMs = record.Timestamp.UnixTimestampMs;
        }

        if (record.Topic == Topics.IdentityFacts)
        {
            if (TryDecodeFact(record) is { } fact)
            {
                _topology.Metrics.Fact(_runner.Process(fact));
                _hasInput = true;
            }
        }
        else if (record.Topic == Topics.AggregatorStateTransfers)
        {
            if (TryDecodeTransfer(record) is { } transfer)
            {
                _topology.Metrics.Transfer(_runner.Process(transfer));
                _hasInput = true;
            }
        }

        _processingTicks += Stopwatch.GetTimestamp() - started;
    }

    public void OnBatchEnd(IProcessorContext context)
    {
        if (!_hasInput)
        {
            // Every record of the batch was skipped: nothing to store, nothing to publish.
            _latestTimestampMs = -1;
            _processingTicks = 0;
            return;
        }

        var started = Stopwatch.GetTimestamp();

        // The batch's latest input time, not the clock: a replayed batch stamps its outputs alike.
        var changedAt = _latestTimestampMs >= 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(_latestTimestampMs).UtcDateTime
            : _topology.Time.GetUtcNow().UtcDateTime;
        var batch = _runner.EndBatch(changedAt);
        foreach (var change in batch.Changes)
        {
            context.Forward(_topology.Changes, change.CustomerId, change);
        }

        foreach (var profile in batch.ProfileChanges)
        {
            context.Forward(_topology.Profiles, profile.CustomerId, profile);
        }

        foreach (var transfer in batch.Transfers)
        {
            // Keyed by the target, so the murmur2 partitioner routes it to the target's task.
            context.Forward(Topics.AggregatorStateTransfers, Encoding.UTF8.GetBytes(transfer.TargetId), CustomerStateSerializer.SerializeTransfer(transfer));
        }

        var parked = (batch.UpdatedTaskState ?? _store.LoadTaskState())?.Parked.Count ?? 0;
        var processing = Stopwatch.GetElapsedTime(started) + Stopwatch.GetElapsedTime(0, _processingTicks);
        _topology.Metrics.Batch(context.TaskId.Partition, batch, parked, _store.TakeBytesWritten(), processing);
        _hasInput = false;
        _latestTimestampMs = -1;
        _processingTicks = 0;
    }

    private IdentityFact? TryDecodeFact(StreamRecord record)
    {
        if (record.Value is null)
        {
            Skip(record, "a null value (tombstone) is not a fact", null);
            return null;
        }

        try
        {
            return _topology.Facts.Deserialize(record.Value, record.Topic);
        }
        catch (Exception e) when (e is InvalidDataException or AvroMappingException or AvroDataException
                                      || SchemaRegistryFailures.IsNotFound(e))
        {
            // A registry that cannot be reached is not a bad record: that exception stops the service instead.
            Skip(record, e.Message, e);
            return null;
        }
    }

    private StateTransfer? TryDecodeTransfer(StreamRecord record)
    {
        if (record.Value is null)
        {
            Skip(record, "a null value (tombstone) is not a state transfer", null);
            return null;
        }

        try
        {
            return CustomerStateSerializer.DeserializeTransfer(record.Value);
        }
        catch (InvalidDataException e)
        {
            Skip(record, e.Message, e);
            return null;
        }
    }

    private void Skip(StreamRecord record, string reason, Exception? exception)
    {
        _topology.Metrics.Undecodable(record.Topic);
        UndecodableRecord(_logger, exception, record.Topic, record.Partition, record.Offset, reason);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error,
        Message = "Skipped an undecodable record at {Topic}[{Partition}]@{Offset}: {Reason}")]
    private static partial void UndecodableRecord(ILogger logger, Exception? exception, string topic, int partition, long offset, string reason);
}

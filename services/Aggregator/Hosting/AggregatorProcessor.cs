using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Processing;
using CustomerStream.Aggregator.Serialization;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.SchemaRegistry;
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
    private readonly ContextOutput _output;
    private readonly List<bool> _transferInputs = [];
    private bool _hasInput;
    private long _latestTimestampMs = -1;
    private long _processingTicks;

    public AggregatorProcessor(IProcessorContext context, AggregatorTopology topology, ILogger logger)
    {
        _topology = topology;
        _logger = logger;
        _store = new AggregatorStore(context.GetStore(AggregatorTopology.CustomersStore), context.GetStore(AggregatorTopology.TaskStore));
        _runner = new AggregatorTaskRunner(_store);
        _output = new ContextOutput(topology);
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
            if (TryDecodeFact(record, context) is { } fact)
            {
                _runner.Process(fact);
                _transferInputs.Add(false);
                _hasInput = true;
            }
        }
        else if (record.Topic == Topics.AggregatorStateTransfers)
        {
            if (TryDecodeTransfer(record, context) is { } transfer)
            {
                _runner.Process(transfer);
                _transferInputs.Add(true);
                _hasInput = true;
            }
        }

        _processingTicks += Stopwatch.GetTimestamp() - started;
    }

    public void OnBatchEnd(IProcessorContext context)
    {
        if (!_hasInput)
        {
            // Every record of the batch was dead-lettered: nothing to store, nothing to publish.
            _latestTimestampMs = -1;
            _processingTicks = 0;
            return;
        }

        var started = Stopwatch.GetTimestamp();

        // The batch's latest input time, not the clock: a replayed batch stamps its outputs alike.
        var changedAt = _latestTimestampMs >= 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(_latestTimestampMs).UtcDateTime
            : _topology.Time.GetUtcNow().UtcDateTime;
        _output.Context = context;
        // The runtime's batch version: above anything an earlier owner of the task published, whatever the clocks say.
        var batch = _runner.EndBatch(changedAt, context.BatchVersion, _output);
        _output.Context = null;

        foreach (var transfer in batch.Transfers)
        {
            // Keyed by the target, so the murmur2 partitioner routes it to the target's task.
            context.Forward(Topics.AggregatorStateTransfers, Encoding.UTF8.GetBytes(transfer.TargetId), CustomerStateSerializer.SerializeTransfer(transfer));
        }

        var processing = Stopwatch.GetElapsedTime(started) + Stopwatch.GetElapsedTime(0, _processingTicks);
        _topology.Metrics.Batch(context.TaskId.Partition, batch, _transferInputs, _runner.ParkedTransfers, _store.TakeBytesWritten(), processing);
        _transferInputs.Clear();
        _hasInput = false;
        _latestTimestampMs = -1;
        _processingTicks = 0;
    }

    private IdentityFact? TryDecodeFact(StreamRecord record, IProcessorContext context)
    {
        try
        {
            return _topology.Facts.Deserialize(
                record.Value ?? throw new InvalidDataException("A null value (tombstone) is not a fact."), record.Topic);
        }
        catch (Exception e) when (SchemaRegistryFailures.IsUndecodable(e))
        {
            // A registry that cannot be reached is not a bad record: the runtime retries the batch (AggregatorTopology).
            DeadLetter(record, context, e);
            return null;
        }
        catch (Exception e) when (SchemaRegistryFailures.IsNotFound(e))
        {
            throw SchemaRegistryFailures.MissingSchema(e, record.Topic, record.Partition, record.Offset);
        }
    }

    private StateTransfer? TryDecodeTransfer(StreamRecord record, IProcessorContext context)
    {
        try
        {
            return CustomerStateSerializer.DeserializeTransfer(
                record.Value ?? throw new InvalidDataException("A null value (tombstone) is not a state transfer."));
        }
        catch (InvalidDataException e)
        {
            DeadLetter(record, context, e);
            return null;
        }
    }

    private void DeadLetter(StreamRecord record, IProcessorContext context, Exception error)
    {
        _topology.Metrics.Undecodable(record.Topic);
        UndecodableRecord(_logger, error, record.Topic, record.Partition, record.Offset, error.Message);
        context.DeadLetter(error);
    }

    /// <summary>Forwards each customer's outputs as the batch makes them (encoded at once by the topics' serializers).</summary>
    private sealed class ContextOutput(AggregatorTopology topology) : IAggregatorOutput
    {
        public IProcessorContext? Context { get; set; }

        public void Change(CustomerChange change) => Context!.Forward(topology.Changes, change.CustomerId, change);

        public void ProfileChanged(CustomerProfileChanged profile) => Context!.Forward(topology.Profiles, profile.CustomerId, profile);

        // A null value on the compacted profile topic: compaction then removes the person's profiles from it.
        public void ProfileErased(string customerId) =>
            Context!.Forward(topology.Profiles.Name, Encoding.UTF8.GetBytes(customerId), null);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error,
        Message = "Dead-lettered an undecodable record at {Topic}[{Partition}]@{Offset}: {Reason}")]
    private static partial void UndecodableRecord(ILogger logger, Exception? exception, string topic, int partition, long offset, string reason);
}

using Confluent.Kafka;
using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Processing;
using CustomerStream.Aggregator.Serialization;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Serialization;
using CustomerStream.Streaming.State;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Aggregator.Hosting;

/// <summary>
/// One aggregator task on the runtime: identity facts (Avro) and state transfers (binary) of one
/// partition go through <see cref="AggregatorTaskRunner"/>; at the end of each batch the changed
/// customers' states are written to the store and their changes, profile events and outgoing transfers
/// become the batch's outputs, committed together with the input offsets.
/// </summary>
public sealed partial class AggregatorProcessor : IStreamProcessor
{
    /// <summary>The task's store: customer states and the task state.</summary>
    public static readonly KeyValueStoreDefinition<string, byte[]> Store = new("aggregator-customers", Serdes.Utf8, Serdes.ByteArray);

    private readonly AggregatorTaskRunner _runner;
    private readonly AggregatorCodecs _codecs;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the task's processor (the runtime makes a new one after an abandoned batch).</summary>
    public AggregatorProcessor(IProcessorContext context, AggregatorCodecs codecs, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        _codecs = codecs;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _runner = new AggregatorTaskRunner(new RuntimeAggregatorStore(context.GetStore(Store)), _time);
    }

    /// <inheritdoc />
    public void Process(StreamRecord record, IProcessorContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        object input;
        try
        {
            input = record.Topic == Topics.AggregatorStateTransfers
                ? CustomerStateSerializer.DeserializeTransfer(record.Value ?? throw new InvalidDataException("a transfer without a value"))
                : _codecs.Facts.Deserialize(record.Value ?? throw new InvalidDataException("a fact without a value"), false, new SerializationContext(MessageComponentType.Value, record.Topic));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            AggregatorTelemetry.Undecodable.Add(1, new KeyValuePair<string, object?>("topic", record.Topic));
            LogUndecodable(_logger, exception, record.Topic, record.Partition, record.Offset);
            return;
        }

        // Past decoding an exception is a defect: it fails the batch, which is then replayed, instead of
        // skipping a fact a customer may have half applied.
        _ = input is StateTransfer transfer ? _runner.Process(transfer) : _runner.Process((IdentityFact)input);
    }

    /// <inheritdoc />
    public void OnBatchEnd(IProcessorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = _runner.EndBatch(_time.GetUtcNow().UtcDateTime);
        foreach (var change in batch.Changes)
        {
            context.Forward(_codecs.Changes, change.CustomerId, change);
        }

        foreach (var profile in batch.ProfileChanges)
        {
            context.Forward(_codecs.Profiles, profile.CustomerId, profile);
        }

        foreach (var transfer in batch.Transfers)
        {
            context.Forward(Topics.AggregatorStateTransfers, System.Text.Encoding.UTF8.GetBytes(transfer.TargetId), CustomerStateSerializer.SerializeTransfer(transfer));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Skipped a record that could not be read ({Topic}[{Partition}]@{Offset})")]
    private static partial void LogUndecodable(ILogger logger, Exception exception, string topic, int partition, long offset);
}

using Confluent.Kafka;
using Confluent.SchemaRegistry;
using CustomerStream.Bridge.Mapping;
using CustomerStream.Contracts;
using CustomerStream.Kafka.Telemetry;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.Kafka.Faults;
using Microsoft.Extensions.Logging;
using Contract = CustomerStream.Contracts.Customer;

namespace CustomerStream.Bridge.Service;

/// <summary>
/// Turns a record of <c>customer.profile-changed.v1</c>, <c>customer.merged.v1</c> or <c>customer.erased.v1</c> (Avro, Confluent wire format)
/// into the message to publish. This is the bridge's only contact with the Schema Registry client (Confluent's
/// <see cref="ISchemaRegistryClient"/>) and the Avro deserializers of <c>CustomerStream.SchemaRegistry</c>.
/// </summary>
/// <remarks>
/// A record that can never be decoded (not Confluent-framed, corrupt Avro, a writer schema that does not resolve
/// to the contract) is logged as an error with its topic, partition and offset, counted, and handed back for the
/// dead-letter topic: one poisoned record must not stop every subscriber, and none is dropped. A registry that
/// cannot be reached is different: the decoder waits and tries again until the registry answers or the service
/// stops. A schema id the registry does not know is a configuration error that stops the service.
/// </remarks>
public sealed partial class BridgeDecoder
{
    private readonly AvroDeserializer<Contract.CustomerProfileChanged> _profiles;
    private readonly AvroDeserializer<Contract.CustomerMerged> _merges;
    private readonly AvroDeserializer<Contract.CustomerErased> _erasures;
    private readonly BridgeMetrics _metrics;
    private readonly BridgeStatus _status;
    private readonly TimeSpan _maxDelay;
    private readonly ILogger _logger;

    public BridgeDecoder(ISchemaRegistryClient registry, BridgeMetrics metrics, BridgeStatus status, TimeSpan maxDelay, ILogger<BridgeDecoder> logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _profiles = new AvroDeserializer<Contract.CustomerProfileChanged>(registry);
        _merges = new AvroDeserializer<Contract.CustomerMerged>(registry);
        _erasures = new AvroDeserializer<Contract.CustomerErased>(registry);
        _metrics = metrics;
        _status = status;
        _maxDelay = maxDelay;
        _logger = logger;
    }

    /// <summary>The message for <paramref name="record"/>, or null for a tombstone or an undecodable record (added to <paramref name="deadLetters"/>).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> ended a wait for the registry.</exception>
    /// <exception cref="InvalidOperationException">The registry does not know the record's schema id (a configuration error).</exception>
    public async Task<OutgoingMessage?> DecodeAsync(
        ConsumeResult<byte[]?, byte[]?> record, ICollection<(ConsumeResult<byte[]?, byte[]?> Record, Exception Error)> deadLetters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(deadLetters);
        if (record.Message.Value is not { } value)
        {
            return null;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var message = await MapAsync(record.Topic, value, record.Message.Headers).ConfigureAwait(false);
                if (attempt > 1)
                {
                    _status.Recovered(BridgeStatus.Registry);
                }

                TraceContextPropagation.TryExtract(record.Message.Headers, out var parent);
                return new OutgoingMessage(message.Message, MessageIds.For(record.Topic, message.EventId), record.TopicPartitionOffset, parent);
            }
            catch (Exception e) when (SchemaRegistryFailures.IsUnavailable(e) && !cancellationToken.IsCancellationRequested)
            {
                var delay = RetryBackoff.Delay(attempt, _maxDelay);
                _metrics.RegistryRetried();
                _status.Fail(BridgeStatus.Registry, e.Message);
                LogRegistryUnavailable(_logger, record.Topic, record.Partition.Value, record.Offset.Value, attempt, delay.TotalSeconds, e.Message);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (SchemaRegistryFailures.IsUndecodable(e) || e is ArgumentOutOfRangeException)
            {
                _metrics.DeadLettered(record.Topic);
                LogUndecodable(_logger, record.Topic, record.Partition.Value, record.Offset.Value, e.Message);
                deadLetters.Add((record, e));
                return null;
            }
            catch (Exception e) when (SchemaRegistryFailures.IsNotFound(e))
            {
                throw SchemaRegistryFailures.MissingSchema(e, record.Topic, record.Partition.Value, record.Offset.Value);
            }
        }
    }

    private async Task<(object Message, string EventId)> MapAsync(string topic, byte[] value, Headers? headers)
    {
        var context = new SerializationContext(MessageComponentType.Value, topic, headers);
        switch (topic)
        {
            case Topics.CustomerProfileChanged:
                var changed = await _profiles.DeserializeAsync(value, isNull: false, context).ConfigureAwait(false);
                return (MessageMapper.ToMessage(changed), changed.EventId);
            case Topics.CustomerMerged:
                var merged = await _merges.DeserializeAsync(value, isNull: false, context).ConfigureAwait(false);
                return (MessageMapper.ToMessage(merged), merged.EventId);
            case Topics.CustomerErased:
                var erased = await _erasures.DeserializeAsync(value, isNull: false, context).ConfigureAwait(false);
                return (MessageMapper.ToMessage(erased), erased.EventId);
            default:
                throw new InvalidOperationException($"The bridge does not read topic {topic}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot decode the record at {Topic} [{Partition}] @{Offset}, it goes to the dead-letter topic: {Reason}")]
    private static partial void LogUndecodable(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schema Registry unavailable while decoding {Topic} [{Partition}] @{Offset} (attempt {Attempt}); retrying in {Seconds:N1} s: {Reason}")]
    private static partial void LogRegistryUnavailable(ILogger logger, string topic, int partition, long offset, int attempt, double seconds, string reason);
}

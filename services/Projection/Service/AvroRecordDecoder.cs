using Confluent.Kafka;
using Confluent.SchemaRegistry;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.Kafka.Faults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerStream.Projection.Service;

/// <summary>
/// Decodes the projection's topics from Avro in the Confluent wire format, through the Schema Registry:
/// each topic's values are resolved to its contract type (<see cref="ProjectionTopicNames.ContractOf"/>),
/// so data written with an older or newer compatible schema still reads.
/// </summary>
/// <remarks>
/// A record that can never be decoded (not Confluent-framed, corrupt Avro, a writer schema that does not
/// resolve to the contract) is decoded as an <see cref="UndecodableRecord"/>, which the service sends to its
/// dead-letter topic: one poisoned record must not stop the marts, and none is skipped. A registry that cannot
/// be reached is waited out (<see cref="RetryBackoff"/>) until it answers or the service stops. A schema id the
/// registry does not know is a configuration error (<see cref="SchemaRegistryFailures.MissingSchema"/>): it
/// stops the service.
/// </remarks>
public sealed partial class AvroRecordDecoder : IRecordDecoder
{
    private readonly ProjectionTopicNames _topics;
    private readonly AvroDeserializer<CustomerChange> _changes;
    private readonly AvroDeserializer<IdentityLink> _links;
    private readonly AvroDeserializer<CustomerMerged> _merges;
    private readonly AvroDeserializer<RejectedRecord> _rejections;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _undecodable;

    /// <summary>Creates a decoder of <paramref name="topics"/> reading writer schemas from <paramref name="registry"/>.</summary>
    public AvroRecordDecoder(ISchemaRegistryClient registry, ProjectionTopicNames topics, ILogger<AvroRecordDecoder>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(topics);
        _topics = topics;
        _changes = new AvroDeserializer<CustomerChange>(registry);
        _links = new AvroDeserializer<IdentityLink>(registry);
        _merges = new AvroDeserializer<CustomerMerged>(registry);
        _rejections = new AvroDeserializer<RejectedRecord>(registry);
        _logger = logger ?? NullLogger<AvroRecordDecoder>.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Records that could not be decoded (answered as <see cref="UndecodableRecord"/>), since this decoder was made.</summary>
    public long Undecodable => Interlocked.Read(ref _undecodable);

    /// <inheritdoc />
    public async ValueTask<object?> DecodeAsync(ConsumeResult<byte[]?, byte[]?> record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var value = record.Message.Value;
        if (value is null)
        {
            return null;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DecodeOnceAsync(record.Topic, value, record.Message.Headers).ConfigureAwait(false);
            }
            catch (Exception e) when (SchemaRegistryFailures.IsUnavailable(e) && !cancellationToken.IsCancellationRequested)
            {
                var delay = RetryBackoff.Delay(attempt);
                LogRegistryUnavailable(_logger, record.Topic, record.Partition.Value, record.Offset.Value, attempt, delay.TotalSeconds, e.Message);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (SchemaRegistryFailures.IsUndecodable(e))
            {
                Interlocked.Increment(ref _undecodable);
                LogUndecodable(_logger, record.Topic, record.Partition.Value, record.Offset.Value, e.Message);
                return new UndecodableRecord(e);
            }
            catch (Exception e) when (SchemaRegistryFailures.IsNotFound(e))
            {
                throw SchemaRegistryFailures.MissingSchema(e, record.Topic, record.Partition.Value, record.Offset.Value);
            }
        }
    }

    private async Task<object?> DecodeOnceAsync(string topic, byte[] value, Headers? headers)
    {
        var context = new SerializationContext(MessageComponentType.Value, topic, headers);
        var contract = _topics.ContractOf(topic);
        if (contract == typeof(CustomerChange))
        {
            return await _changes.DeserializeAsync(value, isNull: false, context).ConfigureAwait(false);
        }

        if (contract == typeof(IdentityLink))
        {
            return await _links.DeserializeAsync(value, isNull: false, context).ConfigureAwait(false);
        }

        if (contract == typeof(CustomerMerged))
        {
            return await _merges.DeserializeAsync(value, isNull: false, context).ConfigureAwait(false);
        }

        return await _rejections.DeserializeAsync(value, isNull: false, context).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot decode the record at {Topic} [{Partition}] @{Offset}, it goes to the dead-letter topic: {Reason}")]
    private static partial void LogUndecodable(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schema Registry unavailable while decoding {Topic} [{Partition}] @{Offset} (attempt {Attempt}); retrying in {Seconds:N1} s: {Reason}")]
    private static partial void LogRegistryUnavailable(ILogger logger, string topic, int partition, long offset, int attempt, double seconds, string reason);
}

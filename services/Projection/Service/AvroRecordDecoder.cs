using Confluent.Kafka;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Projection.Service;

/// <summary>
/// Decodes the projection's topics from Avro in the Confluent wire format (writer schema fetched from the
/// registry by id, resolved to the contract's). A record that cannot be decoded is logged with its
/// position and skipped (decoded as null): one bad record must not stop the marts.
/// </summary>
public sealed partial class AvroRecordDecoder(ISchemaRegistryClient registry, ProjectionTopicNames topics, ILogger<AvroRecordDecoder> logger) : IRecordDecoder
{
    private readonly AvroDeserializer<CustomerChange> _changes = new(registry);
    private readonly AvroDeserializer<IdentityLink> _links = new(registry);
    private readonly AvroDeserializer<CustomerMerged> _merges = new(registry);
    private readonly AvroDeserializer<RejectedRecord> _rejections = new(registry);

    /// <summary>Records skipped because they could not be decoded.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    private long _skipped;

    /// <inheritdoc />
    public async ValueTask<object?> DecodeAsync(ConsumeResult<byte[]?, byte[]?> record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Message.Value is not { } value)
        {
            return null;
        }

        var context = new SerializationContext(MessageComponentType.Value, record.Topic, record.Message.Headers);
        try
        {
            var topic = record.Topic;
            if (topic == topics.Changes)
            {
                return await _changes.DeserializeAsync(value, false, context).ConfigureAwait(false);
            }

            if (topic == topics.Links)
            {
                return await _links.DeserializeAsync(value, false, context).ConfigureAwait(false);
            }

            if (topic == topics.Merges)
            {
                return await _merges.DeserializeAsync(value, false, context).ConfigureAwait(false);
            }

            return topic == topics.Rejections
                ? await _rejections.DeserializeAsync(value, false, context).ConfigureAwait(false)
                : throw new InvalidDataException($"the projection does not consume topic '{topic}'");
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            Interlocked.Increment(ref _skipped);
            LogSkipped(logger, exception, record.Topic, record.Partition.Value, record.Offset.Value);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Skipped a record that could not be decoded ({Topic}[{Partition}]@{Offset})")]
    private static partial void LogSkipped(ILogger logger, Exception exception, string topic, int partition, long offset);
}

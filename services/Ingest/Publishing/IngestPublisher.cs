using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Ingest.Normalization;
using Microsoft.Extensions.Options;

namespace CustomerStream.Ingest.Publishing;

/// <summary>
/// Publishes normalized records and rejections through one shared idempotent producer with string keys
/// and Avro values; each file or request gets its own <see cref="PublishBatch"/>.
/// </summary>
public sealed class IngestPublisher(IProducer<string, byte[]> producer, IngestSerializers serializers, IOptions<IngestOptions> options)
{
    public IngestOptions Options => options.Value;

    /// <summary>How long <see cref="PublishBatch.CompleteAsync"/> waits for the last acknowledgements.</summary>
    public TimeSpan CompletionTimeout => TimeSpan.FromMilliseconds(options.Value.DeliveryTimeoutMs + 10_000);

    public PublishBatch Begin(IngestEntity entity, Activity activity) =>
        new(producer, serializers, activity, entity, options.Value.MaxInFlight);
}

using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Ingest.Normalization;
using Microsoft.Extensions.Options;

namespace CustomerStream.Ingest.Publishing;

/// <summary>
/// Publishes normalized records and rejections through one shared idempotent producer with string keys
/// and Avro values; each file or request gets its own <see cref="PublishBatch"/>. With a <see cref="IngestPacer"/>
/// that is active, every batch waits while the consumers of its topic are too far behind.
/// </summary>
public sealed class IngestPublisher(IProducer<string, byte[]> producer, IngestSerializers serializers, IOptions<IngestOptions> options, IngestPacer? pacer = null)
{
    public IngestOptions Options => options.Value;

    /// <summary>The pacing of every batch, or null.</summary>
    public IngestPacer? Pacer => pacer;

    /// <summary>How long <see cref="PublishBatch.CompleteAsync"/> waits for the last acknowledgements.</summary>
    public TimeSpan CompletionTimeout => TimeSpan.FromMilliseconds(options.Value.DeliveryTimeoutMs + 10_000);

    public PublishBatch Begin(IngestEntity entity, Activity activity) =>
        new(producer, serializers, activity, entity, options.Value.MaxInFlight, pacer);
}

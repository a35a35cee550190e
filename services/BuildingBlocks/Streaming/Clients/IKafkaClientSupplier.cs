using Confluent.Kafka;

namespace CustomerStream.Streaming.Clients;

/// <summary>
/// The one seam through which the runtime creates its Kafka clients: the group member that reads the inputs,
/// the producer that writes outputs and changelogs, and the consumer that restores tasks from their changelogs.
/// The default creates Confluent.Kafka clients; a test or an adapter can supply its own (instrumented,
/// fault-injecting, ...) without touching the processing loop.
/// </summary>
public interface IKafkaClientSupplier
{
    /// <summary>Creates the group member; <paramref name="listener"/> must receive its rebalance events and errors.</summary>
    IConsumer<byte[], byte[]> CreateConsumer(ConsumerConfig config, IConsumerListener listener);

    /// <summary>Creates the producer of outputs, changelog records and commit markers.</summary>
    IProducer<byte[], byte[]> CreateProducer(ProducerConfig config, IClientListener listener);

    /// <summary>Creates the consumer that reads changelogs (and replays planned batches); it only ever assigns partitions.</summary>
    IConsumer<byte[], byte[]> CreateRestoreConsumer(ConsumerConfig config, IClientListener listener);
}

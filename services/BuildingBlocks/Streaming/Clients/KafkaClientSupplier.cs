using Confluent.Kafka;

namespace CustomerStream.Streaming.Clients;

/// <summary>Creates Confluent.Kafka clients wired to the runtime's listeners.</summary>
public sealed class KafkaClientSupplier : IKafkaClientSupplier
{
    /// <summary>The supplier every application uses unless told otherwise.</summary>
    public static KafkaClientSupplier Default { get; } = new();

    /// <inheritdoc />
    public IConsumer<byte[], byte[]> CreateConsumer(ConsumerConfig config, IConsumerListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return new ConsumerBuilder<byte[], byte[]>(config)
            .SetPartitionsAssignedHandler((_, partitions) => listener.OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => listener.OnRevoked(partitions))
            .SetPartitionsLostHandler((_, partitions) => listener.OnLost(partitions))
            .SetErrorHandler((_, error) => listener.OnError(error))
            .SetLogHandler((_, message) => listener.OnLog(message))
            .Build();
    }

    /// <inheritdoc />
    public IProducer<byte[], byte[]> CreateProducer(ProducerConfig config, IClientListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return new ProducerBuilder<byte[], byte[]>(config)
            .SetErrorHandler((_, error) => listener.OnError(error))
            .SetLogHandler((_, message) => listener.OnLog(message))
            .Build();
    }

    /// <inheritdoc />
    public IConsumer<byte[], byte[]> CreateRestoreConsumer(ConsumerConfig config, IClientListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return new ConsumerBuilder<byte[], byte[]>(config)
            .SetErrorHandler((_, error) => listener.OnError(error))
            .SetLogHandler((_, message) => listener.OnLog(message))
            .Build();
    }
}

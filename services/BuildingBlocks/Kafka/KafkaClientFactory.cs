using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Kafka;

/// <summary>
/// Hands out tuned client configurations and builders whose librdkafka logs and errors go to
/// <see cref="ILogger"/> instead of raw stderr. Every Kafka client of CustomerStream is made here, so
/// tuning and security settings (<see cref="KafkaOptions.Settings"/>) are applied in one place.
/// </summary>
public sealed class KafkaClientFactory
{
    private readonly KafkaOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a factory over the given options.</summary>
    public KafkaClientFactory(IOptions<KafkaOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        _logger = loggerFactory.CreateLogger("CustomerStream.Kafka.Librdkafka");
    }

    /// <summary>The options the factory applies.</summary>
    public KafkaOptions Options => _options;

    /// <summary>
    /// An idempotent producer (<c>acks=all</c>, no duplicates or reordering on retries) that batches for
    /// throughput. <paramref name="clientName"/> becomes part of the client id.
    /// </summary>
    public ProducerConfig CreateProducerConfig(string clientName)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = _options.BootstrapServers,
            ClientId = ClientId(clientName),
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = _options.LingerMs,
            BatchSize = _options.BatchSizeBytes,
            BatchNumMessages = _options.BatchNumMessages,
            QueueBufferingMaxMessages = _options.ProducerQueueMaxMessages,
            CompressionType = _options.Compression,
        };
        return ApplySettings(config);
    }

    /// <summary>
    /// A consumer of group <paramref name="groupId"/> that starts from the earliest offset when the group
    /// has none and fetches with a short wait and large partition fetches. Offsets are committed
    /// explicitly by the caller (<c>enable.auto.commit=false</c>), because at-least-once processing
    /// commits only what it has applied.
    /// </summary>
    public ConsumerConfig CreateConsumerConfig(string groupId, string clientName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        var config = new ConsumerConfig
        {
            BootstrapServers = _options.BootstrapServers,
            ClientId = ClientId(clientName),
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = _options.FetchWaitMaxMs,
            MaxPartitionFetchBytes = _options.MaxPartitionFetchBytes,
            FetchMaxBytes = Math.Max(_options.MaxPartitionFetchBytes, 52_428_800),
            SessionTimeoutMs = _options.SessionTimeoutMs,
            HeartbeatIntervalMs = _options.HeartbeatIntervalMs,
        };
        return ApplySettings(config);
    }

    /// <summary>Configuration of an admin client (metadata, topics, group offsets).</summary>
    public AdminClientConfig CreateAdminConfig(string clientName)
    {
        var config = new AdminClientConfig
        {
            BootstrapServers = _options.BootstrapServers,
            ClientId = ClientId(clientName),
        };
        return ApplySettings(config);
    }

    /// <summary>A producer builder over <paramref name="config"/> with logs and errors routed to <see cref="ILogger"/>.</summary>
    public ProducerBuilder<TKey, TValue> CreateProducerBuilder<TKey, TValue>(ProducerConfig config) =>
        new ProducerBuilder<TKey, TValue>(config)
            .SetLogHandler((_, message) => KafkaLog.Write(_logger, message))
            .SetErrorHandler((_, error) => KafkaLog.Write(_logger, error));

    /// <summary>A consumer builder over <paramref name="config"/> with logs and errors routed to <see cref="ILogger"/>.</summary>
    public ConsumerBuilder<TKey, TValue> CreateConsumerBuilder<TKey, TValue>(ConsumerConfig config) =>
        new ConsumerBuilder<TKey, TValue>(config)
            .SetLogHandler((_, message) => KafkaLog.Write(_logger, message))
            .SetErrorHandler((_, error) => KafkaLog.Write(_logger, error));

    /// <summary>An admin client with logs and errors routed to <see cref="ILogger"/>.</summary>
    public IAdminClient CreateAdminClient(string clientName) =>
        new AdminClientBuilder(CreateAdminConfig(clientName))
            .SetLogHandler((_, message) => KafkaLog.Write(_logger, message))
            .SetErrorHandler((_, error) => KafkaLog.Write(_logger, error))
            .Build();

    private string ClientId(string clientName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientName);
        return $"{_options.ClientIdPrefix}-{clientName}";
    }

    private T ApplySettings<T>(T config) where T : ClientConfig
    {
        foreach (var (key, value) in _options.Settings)
        {
            config.Set(key, value);
        }

        return config;
    }
}

using Confluent.Kafka;
using CustomerStream.Streaming.Runtime;

namespace CustomerStream.Streaming.Clients;

/// <summary>The librdkafka settings of an application's three clients, from its options.</summary>
internal static class StreamClientConfigs
{
    /// <summary>The group member. Offsets are stored by the loop after each commit and committed in the background (lag only).</summary>
    public static ConsumerConfig Consumer(StreamApplicationOptions options, string clientId)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.ApplicationId,
            ClientId = clientId,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = (int)options.CommitInterval.TotalMilliseconds,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = options.AutoOffsetReset,

            // Range keeps the co-partitioning of tasks: with equal partition counts, every member gets the same
            // partition numbers of every input topic. (Cooperative-sticky balances topic-partitions one by one
            // and can split partition p of two topics between two members.)
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
            SessionTimeoutMs = (int)options.SessionTimeout.TotalMilliseconds,
            HeartbeatIntervalMs = (int)options.HeartbeatInterval.TotalMilliseconds,
            MaxPollIntervalMs = (int)options.MaxPollInterval.TotalMilliseconds,

            // Small fetch waits keep latency low when a partition is quiet; large fetches keep throughput high
            // when it is not (a fetch returns as soon as it has data).
            FetchWaitMaxMs = 10,
            MaxPartitionFetchBytes = 10_000_000,
            EnablePartitionEof = false,
            AllowAutoCreateTopics = false,
        };
        Apply(options, config);
        return config;
    }

    /// <summary>The producer of outputs, changelog records, plans and markers.</summary>
    public static ProducerConfig Producer(StreamApplicationOptions options, string clientId)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = clientId,

            // Idempotence keeps each partition's writes in order and without duplicates across retries, which
            // the changelog's plan-data-marker layout and the contiguity check rely on.
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = options.ProducerLinger.TotalMilliseconds,
            QueueBufferingMaxKbytes = options.ProducerQueueMaxKbytes,
            MessageTimeoutMs = (int)options.DeliveryTimeout.TotalMilliseconds,

            // Java's partitioner, so keys land where Java and other murmur2 clients put them (co-partitioning).
            Partitioner = Partitioner.Murmur2Random,
            DeliveryReportFields = "none",

            // Outputs and changelogs repeat field names, IDs and strings batch after batch: LZ4 shrinks them
            // several-fold for little CPU, which is broker disk and network in production and, on the embedded
            // cluster, several times more records within its fixed per-partition retention.
            CompressionType = CompressionType.Lz4,
        };
        config.Set("allow.auto.create.topics", "false");
        Apply(options, config);
        return config;
    }

    /// <summary>The consumer that reads changelogs and planned input ranges; it never joins the group.</summary>
    public static ConsumerConfig Restore(StreamApplicationOptions options, string clientId)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,

            // Required by the client; this consumer only ever assigns partitions, so it never joins the group.
            GroupId = $"{options.ApplicationId}-restore",
            ClientId = $"{clientId}-restore",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Error,
            FetchWaitMaxMs = 10,
            MaxPartitionFetchBytes = 10_000_000,
            EnablePartitionEof = false,
            AllowAutoCreateTopics = false,
        };
        Apply(options, config);
        return config;
    }

    private static void Apply(StreamApplicationOptions options, ClientConfig config)
    {
        foreach (var (key, value) in options.ClientProperties)
        {
            config.Set(key, value);
        }
    }
}

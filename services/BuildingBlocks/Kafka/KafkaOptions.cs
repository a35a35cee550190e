using System.ComponentModel.DataAnnotations;

namespace CustomerStream.Kafka;

/// <summary>
/// How to reach Kafka and how to tune its clients. Bound from the <c>Kafka</c> configuration section
/// (environment: <c>Kafka__BootstrapServers</c> or <c>CS_Kafka__BootstrapServers</c>).
/// </summary>
/// <remarks>
/// The defaults favour throughput on a small machine: the consumer figures come from measurements on the
/// embedded cluster (one consumer read 1,000,000 small messages in 4.6 s with a 10 ms fetch wait and
/// 10 MB partition fetches, against 9.5 s with librdkafka's defaults).
/// </remarks>
public sealed class KafkaOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Kafka";

    /// <summary>Comma-separated <c>host:port</c> list. Filled in automatically for an in-process embedded cluster.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>External (Admin API creates topics) or Embedded (the mock cluster creates them).</summary>
    public KafkaMode Mode { get; set; } = KafkaMode.External;

    /// <summary>
    /// Base URL of the topic-admin endpoint of an embedded cluster that runs in another process
    /// (<c>customerstream up</c> writes it to <c>.customerstream/endpoints.json</c> as <c>kafka_admin_url</c>).
    /// </summary>
    public string? AdminUrl { get; set; }

    /// <summary>Partition count of a topic whose <see cref="Topics.TopicSpec"/> does not name one.</summary>
    [Range(1, 10_000)]
    public int DefaultPartitions { get; set; } = 6;

    /// <summary>Replication factor of created topics; unset means the broker default (External) or every broker (Embedded).</summary>
    [Range(1, 100)]
    public short? ReplicationFactor { get; set; }

    /// <summary>
    /// <c>retention.ms</c> of the topics that are streams rather than logs kept for <c>rebuild</c> (the ingest
    /// topics, identity's input and facts, the aggregator's transfers), set when a service creates them:
    /// 7 days by default, -1 for forever. Every consumer must read a record within this time, also after an
    /// outage. The topics <c>rebuild</c> replays are always kept forever.
    /// </summary>
    [Range(-1, long.MaxValue)]
    public long StreamRetentionMs { get; set; } = 7L * 24 * 60 * 60 * 1000;

    /// <summary>Prefix of every client id, so that broker logs and metrics show which service a connection belongs to.</summary>
    [Required]
    public string ClientIdPrefix { get; set; } = "customerstream";

    /// <summary>
    /// Producer compression (<c>lz4</c> by default): records of one topic repeat field values batch after
    /// batch, so this is cheap broker disk and network, and several times more records within the embedded
    /// cluster's bounded per-partition retention.
    /// </summary>
    public Confluent.Kafka.CompressionType Compression { get; set; } = Confluent.Kafka.CompressionType.Lz4;

    /// <summary>How long the producer waits to fill a batch (<c>linger.ms</c>).</summary>
    [Range(0, 60_000)]
    public int LingerMs { get; set; } = 5;

    /// <summary>Maximum bytes of one produce batch per partition (<c>batch.size</c>).</summary>
    [Range(1, 100_000_000)]
    public int BatchSizeBytes { get; set; } = 1_000_000;

    /// <summary>Maximum messages of one produce batch (<c>batch.num.messages</c>).</summary>
    [Range(1, 1_000_000)]
    public int BatchNumMessages { get; set; } = 10_000;

    /// <summary>Maximum messages the producer buffers before <c>Produce</c> reports a full queue.</summary>
    [Range(1, 10_000_000)]
    public int ProducerQueueMaxMessages { get; set; } = 500_000;

    /// <summary>How long a broker may hold a fetch waiting for data (<c>fetch.wait.max.ms</c>).</summary>
    [Range(0, 10_000)]
    public int FetchWaitMaxMs { get; set; } = 10;

    /// <summary>Maximum bytes fetched per partition and request (<c>max.partition.fetch.bytes</c>).</summary>
    [Range(1, 1_000_000_000)]
    public int MaxPartitionFetchBytes { get; set; } = 10_000_000;

    /// <summary>Consumer group session timeout; lower means a dead member's partitions move sooner.</summary>
    [Range(1_000, 3_600_000)]
    public int SessionTimeoutMs { get; set; } = 10_000;

    /// <summary>Consumer group heartbeat interval; must be well below <see cref="SessionTimeoutMs"/>.</summary>
    [Range(100, 3_600_000)]
    public int HeartbeatIntervalMs { get; set; } = 1_000;

    /// <summary>Timeout of admin and metadata requests (topic provisioning, status, health checks).</summary>
    [Range(100, 600_000)]
    public int AdminTimeoutMs { get; set; } = 15_000;

    /// <summary>
    /// Any other librdkafka property, applied to every client last (e.g. <c>security.protocol</c>,
    /// <c>sasl.mechanism</c>, <c>compression.type</c>). Keys are librdkafka property names.
    /// </summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.Ordinal);
}

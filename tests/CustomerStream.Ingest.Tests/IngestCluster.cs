using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Publishing;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Kafka.Inspection;
using CustomerStream.Kafka.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CustomerStream.Ingest.Tests;

/// <summary>
/// An embedded Kafka cluster of its own (it starts in milliseconds) with the four ingest topics, a
/// publisher on it, and a way to read back what was published. One per test, because the ingest topic
/// names are fixed by the contract. Topics get 6 partitions: librdkafka's mock cluster keeps at most
/// 5 MiB (or 100,000 batches) per partition and silently drops older batches beyond that, so tests
/// that read everything back stay well below it.
/// </summary>
internal sealed class IngestCluster : IDisposable
{
    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start(brokerCount: 3);
    private readonly IProducer<string, byte[]> _producer;

    public const int Partitions = 6;

    public IngestCluster(IngestOptions? options = null, string? bootstrapOverride = null, IngestPacingOptions? pacing = null)
    {
        foreach (var topic in new[] { Topics.IngestCustomers, Topics.IngestOrders, Topics.IngestWebEvents, Topics.IngestRejected, Topics.ErasureRequests })
        {
            _cluster.CreateTopic(topic, Partitions, 3);
        }

        Options = options ?? new IngestOptions { Sources = ProfilesConfig() };
        _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapOverride ?? _cluster.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            MessageTimeoutMs = Options.DeliveryTimeoutMs,
        }).Build();
        Pacer = pacing is null ? null : new IngestPacer(pacing, ConsumerPositionReader.Connect(_cluster.BootstrapServers), NullLogger<IngestPacer>.Instance);
        Publisher = new IngestPublisher(_producer, Serializers(), Microsoft.Extensions.Options.Options.Create(Options), Pacer);
        Pipeline = new IngestPipeline(Options);
        Files = new FileIngestor(Publisher, Pipeline, NullLogger<FileIngestor>.Instance);
    }

    public IngestOptions Options { get; }

    /// <summary>The pacer of the publisher, when the cluster was made with pacing options.</summary>
    public IngestPacer? Pacer { get; }

    public IngestPublisher Publisher { get; }

    public IngestPipeline Pipeline { get; }

    public FileIngestor Files { get; }

    public string BootstrapServers => _cluster.BootstrapServers;

    /// <summary>The cluster itself, for injecting faults (brokers down, slow, failing requests).</summary>
    public EmbeddedKafkaCluster Faults => _cluster;

    /// <summary>The producer the publisher uses, for hosts that register it in their container.</summary>
    public IProducer<string, byte[]> Producer => _producer;

    public static IngestSerializers Serializers() => new(
        new JsonStandInSerializer<CustomerRecord>(),
        new JsonStandInSerializer<OrderRecord>(),
        new JsonStandInSerializer<WebEvent>(),
        new JsonStandInSerializer<RejectedRecord>());

    public static Dictionary<string, SourceOptions> ProfilesConfig() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["crm"] = new() { UsDates = true, TimeZone = "America/New_York" },
        ["shop"] = new() { TimeZone = "Europe/Berlin" },
        ["app"] = new() { DefaultUserSource = "shop" },
    };

    /// <summary>Every message of <paramref name="topic"/>, decoded, with its key and headers.</summary>
    public List<Published<T>> ReadAll<T>(string topic)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            GroupId = $"read-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
            MaxPartitionFetchBytes = 10_000_000,
        }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(topic, p)).ToList();
        var ends = partitions.ToDictionary(tp => tp.Partition.Value, tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var result = new List<Published<T>>();
        var remaining = ends.Values.Sum();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (remaining > 0 && DateTime.UtcNow < deadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record?.Message is null)
            {
                continue;
            }

            remaining--;
            var traceParent = record.Message.Headers.TryGetLastBytes(TraceContextPropagation.TraceParentHeader, out var tp) ? System.Text.Encoding.ASCII.GetString(tp) : null;
            result.Add(new Published<T>(record.Message.Key, JsonStandInSerializer<T>.Deserialize(record.Message.Value), traceParent, record.Partition.Value));
        }

        Assert.Equal(0, remaining);
        return result;
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
        Pacer?.Dispose();
        _cluster.Dispose();
    }

    public sealed record Published<T>(string Key, T Value, string? TraceParent, int Partition);
}

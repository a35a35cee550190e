using Confluent.Kafka;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Projection.Rebuild;
using CustomerStream.Projection.Service;
using CustomerStream.Projection.Storage;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.Kafka.Faults;
using CustomerStream.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CustomerStream.Projection.Tests.Streaming;

/// <summary>
/// The projection's topics (unique names, 3 partitions each) on an embedded cluster, with helpers to produce
/// Avro (Confluent wire format, schemas registered under <c>&lt;topic&gt;-value</c>) to them and run the service.
/// </summary>
public sealed class KafkaProjection(StreamingFixture streaming, MartDatabase db)
{
    public ProjectionTopicNames Topics { get; } = new(Unique.Name("changes"), Unique.Name("links"), Unique.Name("merged"), Unique.Name("rejected"))
    {
        DeadLetters = Unique.Name("projection-dead-letter"),
    };

    private EmbeddedKafkaFixture Kafka => streaming.Kafka;

    public async Task CreateTopicsAsync()
    {
        foreach (var topic in Topics.All)
        {
            await Kafka.CreateTopicAsync(topic, partitions: 3);
        }

        await Kafka.CreateTopicAsync(Topics.DeadLetters, partitions: 1);
    }

    /// <summary>Every record of the (one-partition) dead-letter topic so far.</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadDeadLetters() => TopicContents.Read(Kafka.BootstrapServers, Topics.DeadLetters);

    public AvroRecordDecoder CreateDecoder(ILogger<AvroRecordDecoder>? logger = null) => new(streaming.RegistryClient, Topics, logger);

    public void Produce(IEnumerable<object> records)
    {
        var changes = new AvroSerializer<CustomerChange>(streaming.RegistryClient).AsSyncSerializer();
        var links = new AvroSerializer<IdentityLink>(streaming.RegistryClient).AsSyncSerializer();
        var merges = new AvroSerializer<CustomerMerged>(streaming.RegistryClient).AsSyncSerializer();
        var rejections = new AvroSerializer<RejectedRecord>(streaming.RegistryClient).AsSyncSerializer();
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = Kafka.BootstrapServers, EnableIdempotence = true }).Build();
        foreach (var record in records)
        {
            var (topic, key, value) = record switch
            {
                CustomerChange c => (Topics.Changes, c.CustomerId, changes.Serialize(c, Value(Topics.Changes))),
                IdentityLink l => (Topics.Links, l.Identifier, links.Serialize(l, Value(Topics.Links))),
                CustomerMerged m => (Topics.Merges, m.SurvivorId, merges.Serialize(m, Value(Topics.Merges))),
                RejectedRecord r => (Topics.Rejections, r.InputRef, rejections.Serialize(r, Value(Topics.Rejections))),
                _ => throw new ArgumentException(record.GetType().Name),
            };
            ProduceRaw(producer, topic, key, value);
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>Produces bytes as they are, e.g. a record no decoder can read.</summary>
    public void ProduceRaw(string topic, string key, byte[] value)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = Kafka.BootstrapServers, EnableIdempotence = true }).Build();
        ProduceRaw(producer, topic, key, value);
        producer.Flush(TimeSpan.FromSeconds(30));
    }

    private static void ProduceRaw(IProducer<byte[], byte[]> producer, string topic, string key, byte[] value) =>
        producer.Produce(topic, new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(key), Value = value });

    private static SerializationContext Value(string topic) => new(MessageComponentType.Value, topic);

    public IConsumer<byte[]?, byte[]?> CreateConsumer(string groupId) =>
        new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = Kafka.BootstrapServers,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
            // The embedded cluster lets a new member in only after the previous one's session ends.
            SessionTimeoutMs = 6_000,
            HeartbeatIntervalMs = 500,
        }).Build();

    public ProjectionService CreateService(string groupId, ProjectionMetrics metrics, int maxBatch = 97, IRecordDecoder? decoder = null) => new(
        new MartSchemaMigrator(db.DataSource, db.Store, db.Options),
        db.Writer,
        decoder ?? CreateDecoder(),
        CreateConsumer,
        Topics,
        Options.Create(new ProjectionOptions { ConnectionString = db.ConnectionString, GroupId = groupId, MaxBatchSize = maxBatch, MaxBatchWaitMs = 50 }),
        metrics,
        NullLogger<ProjectionService>.Instance,
        deadLetters: new DeadLetterPublisher(
            () => new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = Kafka.BootstrapServers, EnableIdempotence = true }).Build(),
            Topics.DeadLetters,
            groupId));

    public RebuildRunner CreateRebuild() =>
        new(new MartRebuilder(db.DataSource, db.Store), new TopicReplayer(CreateConsumer, CreateDecoder(), batchSize: 250), Topics, new MartRefresher(db.DataSource));

    /// <summary>Runs a service until it has consumed <paramref name="records"/> records, then stops it gracefully.</summary>
    public async Task RunUntilConsumedAsync(string groupId, long records, IRecordDecoder? decoder = null)
    {
        using var metrics = new ProjectionMetrics();
        var service = CreateService(groupId, metrics, decoder: decoder);
        await service.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (metrics.RecordsConsumed < records && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await service.StopAsync(CancellationToken.None);
        Assert.Equal(records, metrics.RecordsConsumed);
    }

    /// <summary>Committed offsets of the group, summed over the topics.</summary>
    public long Committed(string groupId)
    {
        using var consumer = CreateConsumer(groupId);
        var partitions = Topics.All.SelectMany(t => Enumerable.Range(0, 3).Select(p => new TopicPartition(t, p))).ToList();
        return consumer.Committed(partitions, TimeSpan.FromSeconds(10)).Sum(o => o.Offset.Value > 0 ? o.Offset.Value : 0);
    }
}

using Confluent.Kafka;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Projection.Rebuild;
using CustomerStream.Projection.Service;
using CustomerStream.Projection.Storage;
using CustomerStream.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CustomerStream.Projection.Tests.Streaming;

/// <summary>The projection's topics (unique names, 3 partitions each) on an embedded cluster, with helpers to produce to them and run the service.</summary>
public sealed class KafkaProjection(EmbeddedKafkaFixture kafka, MartDatabase db)
{
    public ProjectionTopicNames Topics { get; } = new(Unique.Name("changes"), Unique.Name("links"), Unique.Name("merged"), Unique.Name("rejected"));

    public async Task CreateTopicsAsync()
    {
        foreach (var topic in Topics.All)
        {
            await kafka.CreateTopicAsync(topic, partitions: 3);
        }
    }

    public void Produce(IEnumerable<object> records)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true }).Build();
        foreach (var record in records)
        {
            var (topic, key) = record switch
            {
                CustomerChange c => (Topics.Changes, c.CustomerId),
                IdentityLink l => (Topics.Links, l.Identifier),
                CustomerMerged m => (Topics.Merges, m.SurvivorId),
                RejectedRecord r => (Topics.Rejections, r.InputRef),
                _ => throw new ArgumentException(record.GetType().Name),
            };
            producer.Produce(topic, new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(key), Value = JsonRecordDecoder.Encode(record) });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    public IConsumer<byte[]?, byte[]?> CreateConsumer(string groupId) =>
        new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
            // The embedded cluster lets a new member in only after the previous one's session ends.
            SessionTimeoutMs = 6_000,
            HeartbeatIntervalMs = 500,
        }).Build();

    public ProjectionService CreateService(string groupId, ProjectionMetrics metrics, int maxBatch = 97) => new(
        new MartSchemaMigrator(db.DataSource, db.Store, db.Options),
        db.Writer,
        new JsonRecordDecoder(Topics),
        CreateConsumer,
        Topics,
        Options.Create(new ProjectionOptions { ConnectionString = db.ConnectionString, GroupId = groupId, MaxBatchSize = maxBatch, MaxBatchWaitMs = 50 }),
        metrics,
        NullLogger<ProjectionService>.Instance);

    public RebuildRunner CreateRebuild() =>
        new(new MartRebuilder(db.DataSource, db.Store), new TopicReplayer(CreateConsumer, new JsonRecordDecoder(Topics), batchSize: 250), Topics);

    /// <summary>Runs a service until it has consumed <paramref name="records"/> records, then stops it gracefully.</summary>
    public async Task RunUntilConsumedAsync(string groupId, long records)
    {
        using var metrics = new ProjectionMetrics();
        var service = CreateService(groupId, metrics);
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

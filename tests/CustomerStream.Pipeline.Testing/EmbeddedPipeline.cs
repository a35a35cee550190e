using Confluent.SchemaRegistry;
using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest;
using CustomerStream.Generation;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Publishing;
using CustomerStream.Kafka.Embedded;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Server;
using CustomerStream.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerStream.Pipeline.Testing;

/// <summary>
/// What a pipeline test stands on: an embedded Kafka cluster with every topic of the contract's catalog,
/// a Schema Registry (PostgreSQL-backed, every contract subject registered) and a way to publish a
/// generated sample through the real ingest path (Avro, Confluent wire format). One per test: the
/// services use the catalog's fixed topic names.
/// </summary>
public sealed class EmbeddedPipeline : IAsyncDisposable
{
    /// <summary>Partitions of topics whose catalog entry leaves the count open.</summary>
    public const int DefaultPartitions = 4;

    private readonly PostgresDatabaseFixture _database;

    private EmbeddedPipeline(PostgresDatabaseFixture database, EmbeddedKafkaCluster cluster, EmbeddedSchemaRegistry registry, CachedSchemaRegistryClient client)
    {
        _database = database;
        Cluster = cluster;
        Registry = registry;
        Client = client;
    }

    /// <summary>The Kafka cluster.</summary>
    public EmbeddedKafkaCluster Cluster { get; }

    /// <summary>The registry server.</summary>
    public EmbeddedSchemaRegistry Registry { get; }

    /// <summary>A client of the registry.</summary>
    public CachedSchemaRegistryClient Client { get; }

    /// <summary>The test's own PostgreSQL database (also holding the registry's tables).</summary>
    public string PostgresConnectionString => _database.ConnectionString;

    /// <summary>Starts the cluster and the registry and provisions the catalog.</summary>
    public static async Task<EmbeddedPipeline> StartAsync()
    {
        var database = new PostgresDatabaseFixture();
        await database.InitializeAsync();
        var cluster = EmbeddedKafkaCluster.Start(brokerCount: 3);
        foreach (var topic in Topics.All)
        {
            cluster.CreateTopic(topic.Name, topic.Partitions ?? DefaultPartitions, replicationFactor: 3);
        }

        var registry = await EmbeddedSchemaRegistry.StartAsync(new SchemaRegistryServerOptions { ConnectionString = database.ConnectionString, Port = 0 });
        var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url, MaxRetries = 3 });
        await ContractSubjects.RegisterAsync(client);
        return new EmbeddedPipeline(database, cluster, registry, client);
    }

    /// <summary>The configuration a service of the stack reads (Kafka, registry, PostgreSQL), plus <paramref name="extra"/>.</summary>
    public IConfiguration Configuration(params (string Key, string Value)[] extra) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = Cluster.BootstrapServers,
            ["Kafka:Mode"] = "Embedded",
            ["Kafka:SessionTimeoutMs"] = "6000",
            ["Kafka:HeartbeatIntervalMs"] = "500",
            ["SchemaRegistry:Url"] = Registry.Url,
            ["ConnectionStrings:Postgres"] = PostgresConnectionString,
        }.Concat(extra.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)))).Build();

    /// <summary>Writes a generated sample into <paramref name="folder"/>.</summary>
    public static Task<GeneratedSample> GenerateAsync(GeneratorOptions options, string folder) =>
        new SampleGenerator().GenerateAsync(options, folder);

    /// <summary>Publishes every file of the sample through the ingest pipeline; returns the tallies.</summary>
    public async Task<IReadOnlyList<IngestTally>> PublishAsync(GeneratedSample sample, CancellationToken cancellationToken = default)
    {
        var options = new IngestOptions { Sources = new(SampleGenerator.SourceConfiguration, StringComparer.OrdinalIgnoreCase) };
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = Cluster.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
        }).Build();
        var serializers = new IngestSerializers(
            new AvroSerializer<CustomerRecord>(Client),
            new AvroSerializer<OrderRecord>(Client),
            new AvroSerializer<WebEvent>(Client),
            new AvroSerializer<RejectedRecord>(Client));
        var publisher = new IngestPublisher(producer, serializers, Microsoft.Extensions.Options.Options.Create(options));
        var files = new FileIngestor(publisher, new IngestPipeline(options), NullLogger<FileIngestor>.Instance);
        var tallies = new List<IngestTally>();
        foreach (var file in sample.Files)
        {
            if (!IngestEntityExtensions.TryParseEntity(file.Entity, out var entity))
            {
                throw new InvalidDataException($"The sample lists {file.Name} as '{file.Entity}', which is no ingest entity.");
            }

            tallies.Add(await files.IngestAsync(entity, Path.Combine(sample.Folder, file.Name), cancellationToken: cancellationToken));
        }

        producer.Flush(cancellationToken);
        return tallies;
    }

    /// <summary>Every record of <paramref name="topic"/> up to its current end, decoded with the registry.</summary>
    public List<ConsumeResult<string, T>> ReadAll<T>(string topic)
        where T : class
    {
        using var consumer = new ConsumerBuilder<string, T>(new ConsumerConfig
        {
            BootstrapServers = Cluster.BootstrapServers,
            GroupId = $"read-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).SetValueDeserializer(new AvroDeserializer<T>(Client).AsSyncDeserializer()).Build();
        var partitions = Partitions(topic);
        var ends = partitions.Select(tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10))).ToList();
        consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var remaining = partitions.Select((tp, i) => ends[i].High.Value - ends[i].Low.Value).Sum();
        var result = new List<ConsumeResult<string, T>>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (remaining > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{topic}: {remaining} records were not read within a minute.");
            }

            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } record)
            {
                result.Add(record);
                remaining--;
            }
        }

        return result;
    }

    /// <summary>
    /// Waits until <paramref name="groupId"/> has committed the end of every non-empty partition of <paramref name="topics"/>
    /// and the ends stayed put for a moment (downstream stages may still be writing into them).
    /// </summary>
    public async Task WaitForCaughtUpAsync(string groupId, IReadOnlyList<string> topics, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = Cluster.BootstrapServers,
            GroupId = groupId,
            EnableAutoCommit = false,
        }).Build();
        var partitions = topics.SelectMany(t => Partitions(t)).ToList();
        var deadline = DateTime.UtcNow + timeout;
        var settled = 0;
        while (settled < 3)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Group {groupId} did not catch up with {string.Join(", ", topics)} within {timeout}.");
            }

            var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10));
            // A partition nothing was ever written to has no commit to wait for (e.g. customer.erased.v1 when nobody was forgotten).
            var caughtUp = committed.All(c => consumer.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(10)).High.Value is var high
                                              && (c.Offset.Value >= high || (high == 0 && c.Offset == Offset.Unset)));
            settled = caughtUp ? settled + 1 : 0;
            await Task.Delay(200);
        }
    }

    private static List<TopicPartition> Partitions(string topic)
    {
        var definition = Topics.All.Single(t => t.Name == topic);
        return Enumerable.Range(0, definition.Partitions ?? DefaultPartitions).Select(p => new TopicPartition(topic, p)).ToList();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Registry.DisposeAsync();
        Cluster.Dispose();
        await _database.DisposeAsync();
    }
}

using Confluent.SchemaRegistry;
using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Server;
using CustomerStream.ServiceDefaults;
using CustomerStream.Testing;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CustomerStream.Cli.Tests;

/// <summary>
/// What <c>up</c> gives other processes, made by the test: an embedded Kafka cluster with the product topics, a
/// Schema Registry, a marts database, and <c>.customerstream/endpoints.json</c> naming them (owned by this
/// process), so that CLI commands run as their own processes find the stack the way they do for users.
/// </summary>
public sealed class RunningStack : IAsyncLifetime
{
    private readonly PostgresDatabaseFixture _registryDatabase = new();
    private readonly PostgresDatabaseFixture _marts = new();
    private readonly TemporaryDirectory _home = new("cs-stack-");
    private EmbeddedSchemaRegistry _registry = null!;
    private WebApplication _admin = null!;

    public EmbeddedKafkaFixture Kafka { get; } = new();

    public CachedSchemaRegistryClient Registry { get; private set; } = null!;

    public string Home => _home.Path;

    public string MartsConnectionString => _marts.ConnectionString;

    /// <summary>The environment of the CLI processes: this home and the marts database.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        [StackEndpoints.HomeEnvironmentVariable] = Home,
        [ConfigurationKeys.PostgresEnvironmentVariable] = _marts.ConnectionString,
    };

    public async Task InitializeAsync()
    {
        await _registryDatabase.InitializeAsync();
        await _marts.InitializeAsync();
        _registry = await EmbeddedSchemaRegistry.StartAsync(new SchemaRegistryServerOptions { ConnectionString = _registryDatabase.ConnectionString });
        Registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.Url, MaxRetries = 2 });
        foreach (var topic in Topics.All)
        {
            await Kafka.CreateTopicAsync(topic.Name, topic.Partitions ?? 2);
        }

        // Processes other than the cluster's create topics through this endpoint, as with `up`.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddCustomerStreamKafka(builder.Configuration);
        builder.Services.AddEmbeddedKafka(Kafka.Cluster);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _admin = builder.Build();
        _admin.MapKafkaTopicAdmin();
        await _admin.StartAsync();

        await new StackEndpoints
        {
            KafkaBootstrap = Kafka.BootstrapServers,
            KafkaMode = "embedded",
            KafkaAdminUrl = _admin.Urls.First() + KafkaTopicAdminEndpoints.DefaultPrefix,
            SchemaRegistryUrl = _registry.Url,
            Postgres = _marts.ConnectionString,
        }.WriteAsync(StackEndpoints.PathUnder(Home), CancellationToken.None);
    }

    /// <summary>Produces contract records as Avro to their catalog topics, as the aggregator and identity do.</summary>
    public void Produce(IEnumerable<object> records)
    {
        var changes = new AvroSerializer<CustomerChange>(Registry).AsSyncSerializer();
        var links = new AvroSerializer<IdentityLink>(Registry).AsSyncSerializer();
        var merges = new AvroSerializer<CustomerMerged>(Registry).AsSyncSerializer();
        var rejections = new AvroSerializer<RejectedRecord>(Registry).AsSyncSerializer();
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = Kafka.BootstrapServers, EnableIdempotence = true }).Build();
        foreach (var record in records)
        {
            var (topic, key, value) = record switch
            {
                CustomerChange c => (Topics.AggregateChanges, c.CustomerId, changes.Serialize(c, Value(Topics.AggregateChanges))),
                IdentityLink l => (Topics.IdentityLinks, l.Identifier, links.Serialize(l, Value(Topics.IdentityLinks))),
                CustomerMerged m => (Topics.CustomerMerged, m.SurvivorId, merges.Serialize(m, Value(Topics.CustomerMerged))),
                RejectedRecord r => (Topics.IngestRejected, r.InputRef, rejections.Serialize(r, Value(Topics.IngestRejected))),
                _ => throw new ArgumentException(record.GetType().Name),
            };
            producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = value });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Every value on <paramref name="topic"/>, decoded through the registry.</summary>
    public List<T> ReadAll<T>(string topic)
    {
        var deserializer = new AvroDeserializer<T>(Registry);
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = Kafka.BootstrapServers, GroupId = Unique.Name("reader") }).Build();
        var values = new List<T>();
        foreach (var partition in Enumerable.Range(0, 2).Select(p => new TopicPartition(topic, p)))
        {
            var end = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
            if (end == 0)
            {
                continue;
            }

            consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
            while (true)
            {
                var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"{partition} ended early");
                values.Add(deserializer.Deserialize(result.Message.Value, topic));
                if (result.Offset.Value + 1 >= end)
                {
                    break;
                }
            }
        }

        return values;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_marts.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        Registry.Dispose();
        await _registry.DisposeAsync();
        await _registryDatabase.DisposeAsync();
        await _marts.DisposeAsync();
        Kafka.Dispose();
        _home.Dispose();
    }

    private static SerializationContext Value(string topic) => new(MessageComponentType.Value, topic);
}

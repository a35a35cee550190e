using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Aggregator.Hosting;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Kafka;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>
/// One test's world: its own embedded Kafka cluster (the aggregator's topic names are fixed), a shared
/// registry, a state directory, hosts built with <c>AddAggregatorService</c> exactly as the CLI builds
/// them, a producer of Avro identity facts, and a downstream reader that decodes both output topics with
/// the registry deserializers into a <see cref="ProjectedView"/>.
/// </summary>
public sealed class ServiceScenario : IAsyncDisposable
{
    public const int Partitions = 4;

    private readonly RegistryFixture _registry;
    private readonly ITestOutputHelper _output;
    private readonly EmbeddedKafkaFixture _kafka = new();
    private readonly TemporaryDirectory _state = new("cs-aggregator-");
    private readonly List<IHost> _hosts = [];
    private readonly IProducer<string, IdentityFact> _producer;
    private readonly IConsumer<string, byte[]> _reader;
    private readonly AvroDeserializer<CustomerChange> _changes;
    private readonly AvroDeserializer<CustomerProfileChanged> _profiles;

    public ServiceScenario(RegistryFixture registry, ITestOutputHelper output)
    {
        _registry = registry;
        _output = output;
        foreach (var topic in new[] { Topics.IdentityFacts, Topics.AggregatorStateTransfers, Topics.AggregateChanges, Topics.CustomerProfileChanged })
        {
            _kafka.Cluster.CreateTopic(topic, Partitions, _kafka.Cluster.BrokerCount);
        }

        _producer = new ProducerBuilder<string, IdentityFact>(new ProducerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
            // The partitioner of the identity service and of the runtime: facts and transfers co-partition.
            Partitioner = Partitioner.Murmur2Random,
        }).SetValueSerializer(new AvroSerializer<IdentityFact>(registry.Client).AsSyncSerializer()).SetLogHandler((_, _) => { }).Build();
        _reader = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = Unique.Name("downstream"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).SetLogHandler((_, _) => { }).Build();
        _reader.Assign(new[] { Topics.AggregateChanges, Topics.CustomerProfileChanged }
            .SelectMany(t => Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(t, p, Offset.Beginning))));
        _changes = new AvroDeserializer<CustomerChange>(registry.Client);
        _profiles = new AvroDeserializer<CustomerProfileChanged>(registry.Client);
    }

    public string ApplicationId { get; } = Unique.Name("aggregator");

    public string StateDirectory => _state.Path;

    public ProjectedView View { get; } = new();

    public List<CustomerChange> Changes { get; } = [];

    public List<CustomerProfileChanged> ProfileChanges { get; } = [];

    public TestLog? LastLog { get; private set; }

    /// <summary>Produces facts in order (keyed by Customer360 ID, as identity does) and waits for every acknowledgement.</summary>
    public void Produce(IEnumerable<IdentityFact> facts)
    {
        foreach (var fact in facts)
        {
            _producer.Produce(Topics.IdentityFacts, new Message<string, IdentityFact> { Key = fact.CustomerId, Value = fact });
        }

        _producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>Produces raw bytes to a topic (a record no decoder can read).</summary>
    public void ProduceRaw(string topic, string key, byte[] value)
    {
        using var raw = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            Partitioner = Partitioner.Murmur2Random,
        }).SetLogHandler((_, _) => { }).Build();
        raw.Produce(topic, new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(key), Value = value });
        raw.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>Every record of partition 0 of <paramref name="topic"/> so far (e.g. a one-partition dead-letter topic).</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadAll(string topic) => TopicContents.Read(_kafka.BootstrapServers, topic);

    /// <summary>Starts a host with the aggregator service, configured only through configuration keys.</summary>
    /// <param name="name">Prefix of the host's log lines.</param>
    /// <param name="time">The host's clock (the system's by default).</param>
    public async Task<IHost> StartServiceAsync(string name = "aggregator", TimeProvider? time = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = _kafka.BootstrapServers,
            ["Kafka:SessionTimeoutMs"] = "3000",
            ["Kafka:HeartbeatIntervalMs"] = "300",
            ["Kafka:DefaultPartitions"] = Partitions.ToString(),
            ["SchemaRegistry:Url"] = _registry.Url,
            ["Aggregator:ApplicationId"] = ApplicationId,
            ["Aggregator:StateDirectory"] = _state.Path,
            ["Aggregator:MaxBatchRecords"] = "300",
            ["Aggregator:MaxBatchWait"] = "00:00:00.020",
            ["Aggregator:CheckpointInterval"] = "00:00:00.500",
        });
        LastLog = new TestLog(_output, $"[{name}] ");
        builder.Logging.AddProvider(LastLog);
        builder.Services.AddEmbeddedKafka(_kafka.Cluster);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddAggregatorService(builder.Configuration);
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    /// <summary>Reads the outputs until the view equals <paramref name="expected"/>; fails with the differences on timeout.</summary>
    public async Task WaitForViewAsync(IReadOnlyDictionary<string, CustomerView> expected, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var differences = "";
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(90)))
        {
            if (Read(TimeSpan.FromMilliseconds(500)) == 0)
            {
                differences = ViewComparison.Differences(expected, View.Customers);
                if (differences.Length == 0)
                {
                    return;
                }
            }

            await Task.Yield();
        }

        Assert.Fail($"The outputs did not converge to the recomputation:\n{differences}");
    }

    /// <summary>Waits until the application has committed batches holding at least <paramref name="records"/> input records.</summary>
    public static async Task WaitForProcessedAsync(StreamApplication application, long records)
    {
        var deadline = Stopwatch.StartNew();
        while (application.GetStatus().ProcessedRecords < records)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"only {application.GetStatus().ProcessedRecords} records processed");
            Assert.NotEqual(StreamApplicationState.Failed, application.State);
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await host.StopAsync(grace.Token);
            host.Dispose();
        }

        _reader.Close();
        _reader.Dispose();
        _producer.Dispose();
        _kafka.Dispose();
        _state.Dispose();
    }

    /// <summary>Reads what is there for up to <paramref name="idle"/> of silence; returns how many records it read.</summary>
    private int Read(TimeSpan idle)
    {
        var read = 0;
        while (_reader.Consume(idle) is { } result)
        {
            read++;
            if (result.Topic == Topics.AggregateChanges)
            {
                var change = _changes.Deserialize(result.Message.Value, result.Topic);
                Assert.Equal(change.CustomerId, result.Message.Key);
                Changes.Add(change);
                View.Apply(change);
            }
            else
            {
                var profile = _profiles.Deserialize(result.Message.Value, result.Topic);
                Assert.Equal(profile.CustomerId, result.Message.Key);
                ProfileChanges.Add(profile);
                View.Apply(profile);
            }

            idle = TimeSpan.FromMilliseconds(50);
        }

        return read;
    }
}

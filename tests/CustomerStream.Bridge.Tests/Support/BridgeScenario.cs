using Confluent.Kafka;
using CustomerStream.Bridge.Hosting;
using CustomerStream.Bridge.Service;
using CustomerStream.Contracts;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Pipeline.Testing;
using CustomerStream.Samples.Subscriber;
using CustomerStream.Samples.Subscriber.Customers;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using Contract = CustomerStream.Contracts.Customer;

namespace CustomerStream.Bridge.Tests.Support;

/// <summary>
/// One test's world: its own embedded Kafka cluster (the bridge's topic names are fixed), the class's registry,
/// hosts built with <c>AddBridgeService</c> and with the sample's <c>AddCustomerSubscriber</c> exactly as their
/// programs build them, an Avro producer of the public topics, and what the subscriber received.
/// </summary>
public sealed class BridgeScenario : IAsyncDisposable
{
    public const int Partitions = 4;

    private readonly ITestOutputHelper _output;
    private readonly List<IHost> _hosts = [];
    private readonly List<BridgeStatus> _bridges = [];
    private readonly IProducer<string, byte[]> _producer;
    private readonly AvroSerializer<Contract.CustomerProfileChanged> _profiles;
    private readonly AvroSerializer<Contract.CustomerMerged> _merges;

    public BridgeScenario(string registryUrl, Confluent.SchemaRegistry.ISchemaRegistryClient registry, ITestOutputHelper output, EmbeddedKafkaCluster? cluster = null)
    {
        _output = output;
        RegistryUrl = registryUrl;
        OwnsCluster = cluster is null;
        Cluster = cluster ?? EmbeddedKafkaCluster.Start(brokerCount: 3);
        if (OwnsCluster)
        {
            foreach (var topic in BridgeTopics.Names)
            {
                Cluster.CreateTopic(topic, Partitions, replicationFactor: 3);
            }
        }

        _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = Cluster.BootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
            Partitioner = Partitioner.Murmur2Random,
        }).SetLogHandler((_, _) => { }).Build();
        _profiles = new AvroSerializer<Contract.CustomerProfileChanged>(registry);
        _merges = new AvroSerializer<Contract.CustomerMerged>(registry);
    }

    public EmbeddedKafkaCluster Cluster { get; }

    public string RegistryUrl { get; set; }

    public string GroupId { get; } = Unique.Name("bridge");

    public string Queue { get; } = Unique.Name("subscriber");

    /// <summary>Every message the subscriber consumed.</summary>
    public RecordingObserver Received { get; } = new();

    /// <summary>The subscriber's view (null until it started).</summary>
    public CustomerDirectory? Directory { get; private set; }

    private bool OwnsCluster { get; }

    /// <summary>Produces Avro records of <c>customer.profile-changed.v1</c>, keyed by customer, and waits for the acknowledgements.</summary>
    public Task ProduceAsync(IEnumerable<Contract.CustomerProfileChanged> records) => ProduceAsync(records.Select(r => (r, (Confluent.Kafka.Headers?)null)));

    /// <summary>Produces Avro records of <c>customer.profile-changed.v1</c> with headers (a trace context, say).</summary>
    public async Task ProduceAsync(IEnumerable<(Contract.CustomerProfileChanged Record, Confluent.Kafka.Headers? Headers)> records)
    {
        foreach (var (record, headers) in records)
        {
            var value = await _profiles.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, Topics.CustomerProfileChanged));
            _producer.Produce(Topics.CustomerProfileChanged, new Message<string, byte[]> { Key = record.CustomerId, Value = value, Headers = headers });
        }

        _producer.Flush(TimeSpan.FromSeconds(60));
    }

    /// <summary>Produces Avro records of <c>customer.merged.v1</c>, keyed by survivor, and waits for the acknowledgements.</summary>
    public async Task ProduceAsync(IEnumerable<Contract.CustomerMerged> records)
    {
        foreach (var record in records)
        {
            var value = await _merges.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, Topics.CustomerMerged));
            _producer.Produce(Topics.CustomerMerged, new Message<string, byte[]> { Key = record.SurvivorId, Value = value });
        }

        _producer.Flush(TimeSpan.FromSeconds(60));
    }

    /// <summary>Produces bytes no decoder can read.</summary>
    public void ProduceRaw(string topic, string key, byte[] value)
    {
        _producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = value });
        _producer.Flush(TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts a host with the bridge, configured only through configuration keys, as <c>customerstream run bridge</c> does.</summary>
    public async Task<IHost> StartBridgeAsync(Broker broker, params (string Key, string Value)[] extra)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = Cluster.BootstrapServers,
            ["Kafka:SessionTimeoutMs"] = "6000",
            ["Kafka:HeartbeatIntervalMs"] = "500",
            ["Kafka:DefaultPartitions"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SchemaRegistry:Url"] = RegistryUrl,
            ["SchemaRegistry:MaxRetries"] = "1",
            ["RabbitMq:Url"] = broker.Uri,
            ["Bridge:GroupId"] = GroupId,
            ["Bridge:MaxBatchSize"] = "500",
            ["Bridge:PublishTimeoutMs"] = "5000",
            ["Bridge:MaxRetryDelayMs"] = "2000",
        }.Concat(extra.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))));
        builder.Logging.AddProvider(new TestLoggerProvider(_output));
        // MassTransit logs every unconfirmed publish of an outage (S-FAULT); the bridge's own warning per attempt says enough.
        builder.Logging.AddFilter("MassTransit", LogLevel.Critical);
        builder.Services.AddEmbeddedKafka(Cluster);
        builder.Services.AddBridgeService(builder.Configuration);
        var host = await StartAsync(builder.Build(), "bridge");
        _bridges.Add(host.Services.GetRequiredService<BridgeStatus>());
        return host;
    }

    /// <summary>Starts a host with the sample subscriber on <paramref name="broker"/>, its consumption recorded in <see cref="Received"/>.</summary>
    public async Task<IHost> StartSubscriberAsync(Broker broker)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = broker.Host,
            ["RabbitMq:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = broker.VirtualHost,
            ["RabbitMq:Username"] = broker.User,
            ["RabbitMq:Password"] = broker.Password,
            ["Subscriber:QueueName"] = Queue,
        });
        builder.Logging.AddProvider(new TestLoggerProvider(_output));
        builder.Logging.AddFilter("MassTransit", LogLevel.Warning);
        builder.Services.AddCustomerSubscriber(builder.Configuration);
        builder.Services.AddSingleton<IConsumeObserver>(Received);
        var host = await StartAsync(builder.Build(), "subscriber");
        Directory = host.Services.GetRequiredService<CustomerDirectory>();
        return host;
    }

    /// <summary>The bridge's metrics in <paramref name="host"/>.</summary>
    public static BridgeMetrics Metrics(IHost host) => host.Services.GetRequiredService<BridgeMetrics>();

    /// <summary>
    /// Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> and <paramref name="state"/>
    /// when it does not within <paramref name="timeout"/>, or at once when a bridge of the scenario stopped on an error.
    /// </summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {timeout.TotalSeconds:F0} s waiting for {what}{(state is null ? "" : ": " + state())}");
            if (_bridges.Select(b => b.StoppedBy).FirstOrDefault(e => e is not null) is { } error)
            {
                Assert.Fail($"a bridge stopped while waiting for {what}: {error}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The offsets the bridge's group committed, summed over both topics' partitions (0 where none).</summary>
    public long CommittedOffsets()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = Cluster.BootstrapServers,
            GroupId = GroupId,
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        var partitions = BridgeTopics.Names.SelectMany(t => Enumerable.Range(0, Partitions).Select(p => new TopicPartition(t, p))).ToList();
        return consumer.Committed(partitions, TimeSpan.FromSeconds(20)).Sum(c => Math.Max(0, c.Offset.Value));
    }

    /// <summary>Records in both topics (the sum of their high watermarks).</summary>
    public long EndOffsets()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = Cluster.BootstrapServers,
            GroupId = Unique.Name("ends"),
        }).SetLogHandler((_, _) => { }).Build();
        return BridgeTopics.Names.SelectMany(t => Enumerable.Range(0, Partitions).Select(p => new TopicPartition(t, p)))
            .Sum(tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(20)).High.Value);
    }

    /// <summary>Stops a host the way SIGTERM does, and forgets it.</summary>
    public async Task StopAsync(IHost host)
    {
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await host.StopAsync(grace.Token);
        }

        _hosts.Remove(host);
        host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.ToList())
        {
            try
            {
                await StopAsync(host);
            }
            catch (Exception e) when (e is OperationCanceledException or AggregateException or InvalidOperationException)
            {
                // A host that already failed has nothing left to stop.
            }
        }

        _producer.Dispose();
        if (OwnsCluster)
        {
            Cluster.Dispose();
        }
    }

    private async Task<IHost> StartAsync(IHost host, string name)
    {
        _hosts.Add(host);
        await host.StartAsync();
        _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} started {name}");
        return host;
    }
}

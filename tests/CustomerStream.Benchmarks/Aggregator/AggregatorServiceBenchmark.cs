using Confluent.SchemaRegistry;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Confluent.Kafka;
using CustomerStream.Aggregator.Hosting;
using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Identity;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Embedded;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Server;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Benchmarks.Aggregator;

/// <summary>
/// Identity facts per second through the whole aggregator service: Avro facts on the embedded Kafka cluster,
/// the service composed by <c>AddAggregatorService</c> with its production settings (RocksDB stores,
/// changelog, Avro outputs through the embedded registry). The facts are produced first; the rate is
/// measured from the first committed batch to the last. Arguments: [customers] [partitions].
/// </summary>
public sealed class AggregatorServiceBenchmark : IBenchmark
{
    public string Name => "aggregator-service";

    public string Description => "identity facts/s end to end: Kafka + runtime + RocksDB + Avro ([customers=8000] [partitions=6])";

    public async Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var customers = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8_000;
        var partitions = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 6;
        var database = new PostgresDatabaseFixture();
        await database.InitializeAsync();
        try
        {
            await using var registry = await EmbeddedSchemaRegistry.StartAsync(
                new SchemaRegistryServerOptions { ConnectionString = database.ConnectionString }, cancellationToken);
            // A small first run warms the JIT up (tiering weighs heavily on a one-shot run of a few seconds).
            Console.WriteLine("warm-up run:");
            await RunOnceAsync(registry.Url, Math.Max(100, customers / 8), partitions, cancellationToken);
            Console.WriteLine("measured run:");
            await RunOnceAsync(registry.Url, customers, partitions, cancellationToken);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>One run on a fresh cluster (the topic names are fixed) with a fresh state directory.</summary>
    private static async Task RunOnceAsync(string registryUrl, int customers, int partitions, CancellationToken cancellationToken)
    {
        var facts = IdentityFactWorkload.Generate(customers, seed: 42);
        using var cluster = EmbeddedKafkaCluster.Start();
        using var state = new TemporaryDirectory("cs-aggregator-bench-");
        foreach (var topic in new[] { Topics.IdentityFacts, Topics.AggregatorStateTransfers, Topics.AggregateChanges, Topics.CustomerProfileChanged })
        {
            cluster.CreateTopic(topic, partitions, cluster.BrokerCount);
        }

        var bytes = await ProduceAsync(cluster, registryUrl, facts);
        Console.WriteLine(
            $"  workload: {facts.Count:N0} Avro identity facts for {customers:N0} customers, {bytes / 1024.0 / 1024.0:F1} MB, {partitions} partitions " +
            "(the embedded cluster keeps about 5 MB per partition: keep the workload below that)");

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SchemaRegistry:Url"] = registryUrl,
            ["Kafka:DefaultPartitions"] = partitions.ToString(CultureInfo.InvariantCulture),
            ["Aggregator:StateDirectory"] = state.Path,
        });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddEmbeddedKafka(cluster);
        builder.Services.AddAggregatorService(builder.Configuration);
        using var host = builder.Build();

        // Where the time goes: the aggregator's own share of each batch, and each batch from gathered to committed.
        double logicSeconds = 0, batchSeconds = 0;
        var gate = new Lock();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name is "customerstream.aggregator.batch.processing_time" or "customerstream.streaming.batch.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (gate)
            {
                if (instrument.Name == "customerstream.streaming.batch.duration")
                {
                    batchSeconds += value;
                }
                else
                {
                    logicSeconds += value;
                }
            }
        });
        listener.Start();

        var wall = Stopwatch.StartNew();
        await host.StartAsync(cancellationToken);
        var application = host.Services.GetAggregatorApplication();
        var (first, last, firstRecords, lastRecords) = await WaitUntilDoneAsync(application, facts.Count, wall, cancellationToken);
        var status = application.GetStatus();
        var steady = (lastRecords - firstRecords) / (last - first).TotalSeconds;
        Console.WriteLine(
            $"  aggregator-service: {steady,10:N0} input records/s from the first committed batch to the last " +
            $"({lastRecords - firstRecords:N0} records after the first batch in {(last - first).TotalSeconds:F2} s; {lastRecords:N0} in all incl. transfers, " +
            $"{status.CommittedBatches:N0} batches)");
        Console.WriteLine(
            $"  whole run: {facts.Count / last.TotalSeconds:N0} facts/s from host start ({last.TotalSeconds:F2} s incl. {first.TotalSeconds:F2} s start-up and group join)");
        Console.WriteLine(
            $"  time: batches {Volatile.Read(ref batchSeconds):F2} s from gathered to committed, of which aggregator logic {logicSeconds:F2} s " +
            "(decoding facts, the domain, state encoding); the rest of the batch is the runtime's (changelog, outputs, Avro encoding, commit), " +
            "the time outside batches is fetching and gathering");
        await host.StopAsync(cancellationToken);
    }

    private static async Task<long> ProduceAsync(EmbeddedKafkaCluster cluster, string registryUrl, List<IdentityFact> facts)
    {
        using var client = SchemaRegistrySettings.CreateClient(registryUrl);
        var serializer = new AvroSerializer<IdentityFact>(client).AsSyncSerializer();
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
            Partitioner = Partitioner.Murmur2Random,
        }).SetLogHandler((_, _) => { }).Build();
        long bytes = 0;
        foreach (var fact in facts)
        {
            var value = serializer.Serialize(fact, new SerializationContext(MessageComponentType.Value, Topics.IdentityFacts));
            bytes += value.Length;
            producer.Produce(Topics.IdentityFacts, new Message<string, byte[]> { Key = fact.CustomerId, Value = value });
        }

        producer.Flush(TimeSpan.FromMinutes(1));
        await Task.CompletedTask;
        return bytes;
    }

    /// <summary>Polls the status until the facts and the transfers they caused are processed (nothing new for a second).</summary>
    private static async Task<(TimeSpan First, TimeSpan Last, long FirstRecords, long LastRecords)> WaitUntilDoneAsync(
        StreamApplication application, int facts, Stopwatch wall, CancellationToken cancellationToken)
    {
        TimeSpan? first = null;
        long firstRecords = 0, lastRecords = 0;
        var last = TimeSpan.Zero;
        while (true)
        {
            var status = application.GetStatus();
            if (status.State is StreamApplicationState.Failed)
            {
                throw new InvalidOperationException("The aggregator failed.", status.Error);
            }

            if (status.ProcessedRecords > lastRecords)
            {
                first ??= wall.Elapsed;
                if (firstRecords == 0)
                {
                    firstRecords = status.ProcessedRecords;
                }

                lastRecords = status.ProcessedRecords;
                last = wall.Elapsed;
            }
            else if (lastRecords >= facts && wall.Elapsed - last > TimeSpan.FromSeconds(1))
            {
                return (first!.Value, last, firstRecords, lastRecords);
            }

            await Task.Delay(5, cancellationToken);
        }
    }
}

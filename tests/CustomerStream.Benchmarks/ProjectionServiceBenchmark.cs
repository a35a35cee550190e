using Confluent.SchemaRegistry;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Projection.Hosting;
using CustomerStream.Projection.Rebuild;
using CustomerStream.Projection.Service;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Server;
using CustomerStream.ServiceDefaults;
using CustomerStream.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CustomerStream.Benchmarks;

/// <summary>
/// The projection as it runs (<c>AddProjectionService</c> in a host): Avro decoding alone (records/s through
/// <see cref="AvroRecordDecoder"/>), then changes produced as Avro to the embedded cluster and consumed, decoded
/// and written to PostgreSQL by the hosted service (records/s end to end), then a rebuild from the topics.
/// </summary>
public sealed class ProjectionServiceBenchmark : IBenchmark
{
    public string Name => "projection-service";

    // The embedded cluster keeps about 5 MB per partition (docs/streaming-runtime.md); at ~1.2 kB per change
    // and 6 partitions, more than ~20,000 changes would lose the head of the log before it is consumed.
    public string Description => "Kafka → Avro → marts through the hosted projection, decode rate, rebuild; --customers N (5000, at most ~20000 on the embedded cluster)";

    public async Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var customers = ProjectionBenchmark.IntArg(args, "--customers", 5_000);
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        string registryDb = $"cs_bench_registry_{stamp}", martsDb = $"cs_bench_marts_{stamp}";
        await ProjectionBenchmark.ExecuteAsync(TestEnvironment.PostgresConnectionString, $"CREATE DATABASE \"{registryDb}\"", cancellationToken);
        await ProjectionBenchmark.ExecuteAsync(TestEnvironment.PostgresConnectionString, $"CREATE DATABASE \"{martsDb}\"", cancellationToken);
        try
        {
            using var cluster = EmbeddedKafkaCluster.Start(3);
            await using var registry = await EmbeddedSchemaRegistry.StartAsync(
                new SchemaRegistryServerOptions { ConnectionString = Database(registryDb) }, cancellationToken);
            using var client = SchemaRegistrySettings.CreateClient(registry.Url);
            foreach (var topic in ProjectionTopicNames.Catalog.All)
            {
                cluster.CreateTopic(topic, 6, 3);
            }

            var random = new Random(42);
            var changes = Enumerable.Range(0, customers).Select(i => ProjectionBenchmark.SyntheticCustomer(i, random)).ToList();
            var encoded = Produce(cluster.BootstrapServers, client, changes);
            Decode(client, encoded);

            var settings = new Dictionary<string, string?>
            {
                [ConfigurationKeys.Postgres] = Database(martsDb),
                [ConfigurationKeys.KafkaBootstrapServers] = cluster.BootstrapServers,
                [ConfigurationKeys.SchemaRegistryUrl] = registry.Url,
                ["Projection:AsOfDate"] = "2025-07-01",
            };
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddProjectionService(builder.Configuration);
            using var host = builder.Build();
            var metrics = host.Services.GetRequiredService<ProjectionMetrics>();
            var clock = Stopwatch.StartNew();
            await host.StartAsync(cancellationToken);
            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            while (metrics.RecordsConsumed < customers)
            {
                if (stopping.IsCancellationRequested)
                {
                    await Task.Delay(1000, CancellationToken.None);
                    throw new InvalidOperationException("The projection stopped before it consumed everything (its log says why).");
                }

                await Task.Delay(20, cancellationToken);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"hosted projection: {customers:N0} changes consumed, decoded and written ({metrics.DocumentsWritten:N0} documents) in {clock.Elapsed.TotalSeconds:F1} s " +
                $"= {customers / clock.Elapsed.TotalSeconds:N0} changes/s (including schema migration and group join)"));
            var stages = metrics.Stages;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  stages: {stages.Batches:N0} batches; decoding {stages.Decoding.TotalSeconds:F2} s, preparing {stages.Preparing.TotalSeconds:F2} s, " +
                $"PostgreSQL {stages.Database.TotalSeconds:F2} s, commits {stages.Committing.TotalSeconds:F2} s, waiting for input {stages.Waiting.TotalSeconds:F2} s; " +
                $"{stages.RecordsPerBusySecond:N0} records per busy second"));
            await host.StopAsync(cancellationToken);

            var rebuild = await host.Services.GetRequiredService<RebuildRunner>().RunAsync(RebuildScope.Everything, null, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rebuild from the topics: {rebuild.Replay.Consumed:N0} records, {rebuild.Replay.DocumentsWritten:N0} documents in {rebuild.Replay.Elapsed.TotalSeconds:F1} s = {rebuild.Replay.RecordsPerSecond:N0} records/s"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ProjectionBenchmark.DropAsync(registryDb);
            await ProjectionBenchmark.DropAsync(martsDb);
        }
    }

    private static List<byte[]> Produce(string bootstrap, ISchemaRegistryClient client, List<CustomerChange> changes)
    {
        var serializer = new AvroSerializer<CustomerChange>(client).AsSyncSerializer();
        var context = new SerializationContext(MessageComponentType.Value, Topics.AggregateChanges);
        var clock = Stopwatch.StartNew();
        var encoded = changes.Select(c => serializer.Serialize(c, context)).ToList();
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, LingerMs = 5 }).Build();
        for (var i = 0; i < changes.Count; i++)
        {
            producer.Produce(Topics.AggregateChanges, new Message<string, byte[]> { Key = changes[i].CustomerId, Value = encoded[i] });
        }

        producer.Flush(TimeSpan.FromMinutes(2));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"produced {changes.Count:N0} Avro changes ({encoded.Sum(e => (long)e.Length) / changes.Count:N0} bytes each on average) in {clock.Elapsed.TotalSeconds:F1} s"));
        return encoded;
    }

    private static void Decode(ISchemaRegistryClient client, List<byte[]> encoded)
    {
        var decoder = new AvroRecordDecoder(client, ProjectionTopicNames.Catalog);
        var records = encoded.Select((value, i) => new ConsumeResult<byte[]?, byte[]?>
        {
            Topic = Topics.AggregateChanges,
            Partition = 0,
            Offset = i,
            Message = new Message<byte[]?, byte[]?> { Value = value },
        }).ToList();
        decoder.DecodeAsync(records[0], CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        foreach (var record in records)
        {
            var decoding = decoder.DecodeAsync(record, CancellationToken.None);
            _ = decoding.IsCompletedSuccessfully ? decoding.Result : decoding.AsTask().GetAwaiter().GetResult();
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decode only (AvroRecordDecoder, one thread): {records.Count / seconds:N0} changes/s, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / records.Count:N0} B allocated per change"));
    }

    private static string Database(string name) =>
        new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = name }.ConnectionString;
}

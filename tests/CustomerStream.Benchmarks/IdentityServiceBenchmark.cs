using System.Diagnostics;
using CustomerStream.Contracts;
using CustomerStream.Identity.Service;
using CustomerStream.Generation;
using CustomerStream.Kafka;
using CustomerStream.Pipeline.Testing;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerStream.Benchmarks;

/// <summary>
/// Records/s through the identity stage as it runs: the generated sample already published (Avro, embedded
/// cluster, registry), then the graph task (RocksDB, changelog, Avro outputs) timed until the graph's
/// consumer group has committed the end of the ingest topics.
/// </summary>
public sealed class IdentityServiceBenchmark : IBenchmark
{
    public string Name => "identity-service";

    public string Description => "records/s through the identity service on the embedded cluster [customers=2000]";

    public async Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var customers = args.Count > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2_000;
        using var folder = new TemporaryDirectory("cs-bench-");
        var sample = await EmbeddedPipeline.GenerateAsync(new GeneratorOptions { Customers = customers, Months = 12, Seed = 42 }, folder.Path);
        await using var pipeline = await EmbeddedPipeline.StartAsync();
        var tallies = await pipeline.PublishAsync(sample, cancellationToken);
        Console.WriteLine($"published {tallies.Sum(t => t.Accepted):N0} records; retained on the ingest topics: {Retained(pipeline, IdentityTopologies.IngestTopics):N0}");

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEmbeddedKafka(pipeline.Cluster);
        services.AddIdentityService(pipeline.Configuration(("Identity:StateDirectory", Path.Combine(folder.Path, "state"))));
        await using var provider = services.BuildServiceProvider();
        var graph = provider.GetRequiredKeyedService<StreamApplication>(IdentityServiceHosting.GraphApplication);
        var startup = Stopwatch.StartNew();
        await graph.StartAsync(cancellationToken);
        while (graph.GetStatus().ProcessedRecords == 0)
        {
            await Task.Delay(5, cancellationToken);
        }

        var joined = startup.Elapsed;
        var clock = Stopwatch.StartNew();
        await pipeline.WaitForCaughtUpAsync("customerstream-identity", IdentityTopologies.IngestTopics, TimeSpan.FromMinutes(10));

        // The wait polls every 200 ms and wants three settled polls; take the last processed record's time instead.
        var processed = graph.GetStatus().ProcessedRecords;
        var elapsed = clock.Elapsed - TimeSpan.FromMilliseconds(600);
        var process = Process.GetCurrentProcess();
        var f = graph.GetStatus().Figures;
        Console.WriteLine($"identity thread: {f.CpuSeconds:N2} CPU s = {f.CpuSeconds * 1e6 / Math.Max(1, f.Records):N1} µs/record; wall s: process {f.ProcessSeconds:N2}, poll {f.PollSeconds:N2}, " +
                          $"flush {f.FlushSeconds:N2}, commit {f.CommitSeconds:N2}, backpressure {f.BackpressureSeconds:N2}, restore {f.RestoreSeconds:N2}; {f.Batches:N0} batches");
        Console.WriteLine($"identity-service: {processed:N0} records ({customers:N0} people, {sample.Records:N0} input rows) in {elapsed.TotalSeconds:F2} s " +
                          $"= {processed / elapsed.TotalSeconds:N0} records/s (after {joined.TotalSeconds:F1} s of start-up and group joins); peak working set {process.PeakWorkingSet64 / (1024 * 1024):N0} MB");
    }

    private static long Retained(EmbeddedPipeline pipeline, IReadOnlyList<string> topics)
    {
        using var consumer = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(new Confluent.Kafka.ConsumerConfig { BootstrapServers = pipeline.Cluster.BootstrapServers, GroupId = "probe" }).Build();
        return topics.Sum(t => Enumerable.Range(0, Topics.All.Single(d => d.Name == t).Partitions ?? EmbeddedPipeline.DefaultPartitions)
            .Select(p => consumer.QueryWatermarkOffsets(new Confluent.Kafka.TopicPartition(t, p), TimeSpan.FromSeconds(5)))
            .Sum(w => w.High.Value - w.Low.Value));
    }
}

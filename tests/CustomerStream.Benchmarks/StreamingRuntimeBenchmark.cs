using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.State;
using CustomerStream.Streaming.Tests.Support;

namespace CustomerStream.Benchmarks;

/// <summary>
/// Records/s through the streaming runtime on the embedded cluster: a counting processor (one store read
/// and write per record, one output and one changelog record per changed key per batch, commit markers,
/// offsets committed) over a partitioned input, while a producer feeds it; then how fast a fresh instance
/// rebuilds a task's state from its changelog.
/// </summary>
/// <remarks>
/// The embedded cluster keeps only about 5 MB per partition, so the input is produced while the application
/// runs, never more than a bounded amount ahead of it, and the restore is measured on a changelog small
/// enough to be kept whole.
/// </remarks>
public sealed class StreamingRuntimeBenchmark : IBenchmark
{
    private const int MaxAhead = 100_000;

    public string Name => "streaming";

    public string Description =>
        "records/s of a counting processor on the runtime [records=1000000 keys=100000 partitions=6 store=rocksdb|memory|both batch=10000]";

    public async Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        var records = Setting(settings, "records", 1_000_000);
        var keys = Setting(settings, "keys", 100_000);
        var partitions = Setting(settings, "partitions", 6);
        var batch = Setting(settings, "batch", 10_000);
        var kinds = settings.GetValueOrDefault("store", "rocksdb") switch
        {
            "memory" => new[] { StoreKind.InMemory },
            "both" => [StoreKind.RocksDb, StoreKind.InMemory],
            _ => [StoreKind.RocksDb],
        };

        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 3);
        foreach (var kind in kinds)
        {
            await ThroughputAsync(cluster, records, keys, partitions, batch, kind, cancellationToken);
        }

        foreach (var kind in kinds)
        {
            await RestoreAsync(cluster, records: 200_000, keys: 20_000, partitions, batch, kind, cancellationToken);
        }
    }

    private static async Task ThroughputAsync(
        EmbeddedKafkaCluster cluster, int records, int keys, int partitions, int batch, StoreKind kind, CancellationToken cancellationToken)
    {
        var run = new CountingRun(cluster, partitions, batch, kind);
        try
        {
            await using var application = run.Application("a");
            await application.StartAsync(cancellationToken);
            await WaitAsync(application, s => s.Tasks.Count == partitions, cancellationToken);

            var memoryBefore = Environment.WorkingSet;
            var clock = Stopwatch.StartNew();
            var produced = await Task.Run(() => Produce(cluster.BootstrapServers, run.Input, records, keys, () => application.GetStatus().ProcessedRecords), cancellationToken);
            await WaitAsync(application, s => s.ProcessedRecords >= records, cancellationToken);
            clock.Stop();
            var status = application.GetStatus();
            Console.WriteLine(
                $"streaming[{kind}]: {status.ProcessedRecords:N0} records ({keys:N0} keys, {partitions} partitions) processed in "
                + $"{clock.Elapsed.TotalSeconds:F1} s = {status.ProcessedRecords / clock.Elapsed.TotalSeconds:N0} records/s, "
                + $"{status.CommittedBatches:N0} batches (producer alongside: {records / produced.TotalSeconds:N0} records/s; "
                + $"working set +{(Environment.WorkingSet - memoryBefore) / 1048576.0:N0} MB)");
            await application.StopAsync(cancellationToken);
        }
        finally
        {
            run.Dispose();
        }
    }

    private static async Task RestoreAsync(
        EmbeddedKafkaCluster cluster, int records, int keys, int partitions, int batch, StoreKind kind, CancellationToken cancellationToken)
    {
        var run = new CountingRun(cluster, partitions, batch, kind);
        try
        {
            await using (var application = run.Application("a"))
            {
                await application.StartAsync(cancellationToken);
                await WaitAsync(application, s => s.Tasks.Count == partitions, cancellationToken);
                await Task.Run(() => Produce(cluster.BootstrapServers, run.Input, records, keys, () => application.GetStatus().ProcessedRecords), cancellationToken);
                await WaitAsync(application, s => s.ProcessedRecords >= records, cancellationToken);
                await application.StopAsync(cancellationToken);
            }

            await using var rebuilt = run.Application("b");
            await rebuilt.StartAsync(cancellationToken);
            await WaitAsync(rebuilt, s => s.Tasks.Count == partitions, cancellationToken);
            var tasks = rebuilt.GetStatus().Tasks;
            var restored = tasks.Sum(t => t.RestoredRecords);
            var restoring = TimeSpan.FromTicks(tasks.Sum(t => t.RestoreDuration.Ticks));
            Console.WriteLine(
                $"streaming[{kind}]: a fresh instance restored {restored:N0} changelog records ({records:N0} inputs, {keys:N0} keys) in "
                + $"{restoring.TotalSeconds:F2} s = {restored / Math.Max(restoring.TotalSeconds, 0.001):N0} records/s");
            await rebuilt.StopAsync(cancellationToken);
        }
        finally
        {
            run.Dispose();
        }
    }

    /// <summary>Produces while the application runs, staying at most <see cref="MaxAhead"/> records ahead of it.</summary>
    private static TimeSpan Produce(string bootstrap, string topic, int records, int keys, Func<long> processed)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            LingerMs = 5,
            QueueBufferingMaxMessages = 1_000_000,
            Partitioner = Partitioner.Murmur2Random,
        }).SetLogHandler((_, _) => { }).Build();
        var value = Encoding.UTF8.GetBytes("{\"amount\":12.50}");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < records; i++)
        {
            if (i % 10_000 == 0)
            {
                while (i - processed() > MaxAhead)
                {
                    Thread.Sleep(1);
                }
            }

            producer.Produce(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes($"customer-{i % keys}"), Value = value });
        }

        producer.Flush(TimeSpan.FromMinutes(2));
        return clock.Elapsed;
    }

    private static async Task WaitAsync(StreamApplication application, Func<StreamApplicationStatus, bool> condition, CancellationToken cancellationToken)
    {
        while (application.GetStatus() is var status && !condition(status))
        {
            if (status.State is not (StreamApplicationState.Starting or StreamApplicationState.Running))
            {
                throw new InvalidOperationException($"The application stopped ({status.State}).", status.Error);
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    private static int Setting(Dictionary<string, string> settings, string name, int fallback) =>
        settings.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}

using CustomerStream.Kafka.Embedded;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.State;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Streaming.Topics;

namespace CustomerStream.Benchmarks.Streamiz;

/// <summary>The counting workload on our runtime (<c>services/BuildingBlocks/Streaming</c>), through its public API only.</summary>
public static class OurRuntimeRun
{
    /// <summary>Processes the whole workload once and measures it.</summary>
    public static async Task<EngineRun> ThroughputAsync(EmbeddedKafkaCluster cluster, CountingWorkload workload, int batch, CancellationToken cancellationToken)
    {
        using var run = new Run(cluster, workload, batch);
        await using var application = run.Application("a");
        await application.StartAsync(cancellationToken);
        await WaitAsync(application, s => s.Tasks.Count == workload.Partitions, cancellationToken);

        RunCost cost;
        await using (var meter = RunMeter.Start())
        {
            await Task.Run(() => workload.Produce(cluster.BootstrapServers, run.Input, () => application.GetStatus().ProcessedRecords), cancellationToken);
            // ProcessedRecords counts records of committed batches: processed and durable are the same moment.
            await WaitAsync(application, s => s.ProcessedRecords >= workload.Records, cancellationToken);
            cost = meter.Read();
        }

        await application.StopAsync(cancellationToken);
        return new EngineRun($"ours (RocksDB, batch {batch:N0})", workload.Records, cost, cost.Elapsed);
    }

    /// <summary>Runs the workload into a changelog, then times a fresh instance (empty state directory) rebuilding from it.</summary>
    public static async Task<RestoreRun> RestoreAsync(EmbeddedKafkaCluster cluster, CountingWorkload workload, int batch, CancellationToken cancellationToken)
    {
        using var run = new Run(cluster, workload, batch);
        await using (var application = run.Application("a"))
        {
            await application.StartAsync(cancellationToken);
            await WaitAsync(application, s => s.Tasks.Count == workload.Partitions, cancellationToken);
            await Task.Run(() => workload.Produce(cluster.BootstrapServers, run.Input, () => application.GetStatus().ProcessedRecords), cancellationToken);
            await WaitAsync(application, s => s.ProcessedRecords >= workload.Records, cancellationToken);
            await application.StopAsync(cancellationToken);
        }

        await using var rebuilt = run.Application("b");
        await rebuilt.StartAsync(cancellationToken);
        await WaitAsync(rebuilt, s => s.Tasks.Count == workload.Partitions, cancellationToken);
        var tasks = rebuilt.GetStatus().Tasks;
        var restored = new RestoreRun("ours", tasks.Sum(t => t.RestoredRecords), TimeSpan.FromTicks(tasks.Sum(t => t.RestoreDuration.Ticks)));
        await rebuilt.StopAsync(cancellationToken);
        return restored;
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

    /// <summary>One application over fresh topics and state directories.</summary>
    private sealed class Run : IDisposable
    {
        private readonly EmbeddedKafkaCluster _cluster;
        private readonly StreamTopology _topology;
        private readonly string _applicationId = $"bench-ours-{Guid.NewGuid():N}";
        private readonly string _root = Path.Combine(Path.GetTempPath(), "customerstream-bench", Guid.NewGuid().ToString("N"));
        private readonly int _batch;

        public Run(EmbeddedKafkaCluster cluster, CountingWorkload workload, int batch)
        {
            _cluster = cluster;
            _batch = batch;
            Input = $"bench-in-{Guid.NewGuid():N}";
            var output = $"bench-out-{Guid.NewGuid():N}";
            cluster.CreateTopic(Input, workload.Partitions, replicationFactor: 3);
            cluster.CreateTopic(output, workload.Partitions, replicationFactor: 3);
            var store = CountingProcessor.Store(StoreKind.RocksDb);
            _topology = new StreamTopology([Input], [store], context => new CountingProcessor(context, output, store));
        }

        public string Input { get; }

        public StreamApplication Application(string instance) => new(
            new StreamApplicationOptions
            {
                ApplicationId = _applicationId,
                BootstrapServers = _cluster.BootstrapServers,
                StateDirectory = Path.Combine(_root, instance),
                MaxBatchRecords = _batch,
                MaxBatchWait = TimeSpan.FromMilliseconds(100),
                SessionTimeout = TimeSpan.FromSeconds(6),
                HeartbeatInterval = TimeSpan.FromSeconds(1),
            },
            _topology,
            new DelegateTopicProvisioner((spec, _) =>
            {
                _cluster.CreateTopic(spec.Name, spec.Partitions, replicationFactor: 3);
                return Task.CompletedTask;
            }));

        public void Dispose()
        {
            if (Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }
    }
}

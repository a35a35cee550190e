using CustomerStream.Kafka.Embedded;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.State;
using CustomerStream.Streaming.Tests.Support;

namespace CustomerStream.Benchmarks.Streamiz;

/// <summary>The counting workload on our runtime (<c>services/BuildingBlocks/Streaming</c>), through its public API only.</summary>
public static class OurRuntimeRun
{
    /// <summary>Processes the whole workload once and measures it.</summary>
    public static async Task<EngineRun> ThroughputAsync(EmbeddedKafkaCluster cluster, CountingWorkload workload, int batch, CancellationToken cancellationToken)
    {
        using var run = new CountingRun(cluster, workload.Partitions, batch, StoreKind.RocksDb, "bench-ours");
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
        using var run = new CountingRun(cluster, workload.Partitions, batch, StoreKind.RocksDb, "bench-ours");
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
}

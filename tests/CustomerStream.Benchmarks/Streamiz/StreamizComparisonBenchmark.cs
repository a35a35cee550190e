using System.Globalization;
using CustomerStream.Kafka.Embedded;

namespace CustomerStream.Benchmarks.Streamiz;

/// <summary>
/// The <c>streaming</c> workload (count per key on RocksDB, one output per changed key per batch) on our runtime and on
/// Streamiz.Kafka.Net 1.8.2, in one run on one embedded cluster: throughput (until processed, and until durable and
/// committed), CPU and allocations per record, peak memory growth, and how fast a fresh instance restores the state
/// from its changelog. docs/streaming-runtime.md discusses the figures.
/// </summary>
public sealed class StreamizComparisonBenchmark : IBenchmark
{
    public string Name => "streamiz";

    public string Description =>
        "our runtime vs Streamiz 1.8.2 on the counting workload [records=1000000 keys=100000 partitions=6 batch=10000 threads=1,2 commit=30000,1000 restore-records=200000 restore-keys=100000 restore-polls=1000,100000]";

    public async Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        var workload = new CountingWorkload(Int(settings, "records", 1_000_000), Int(settings, "keys", 100_000), Int(settings, "partitions", 6));
        var batch = Int(settings, "batch", 10_000);
        var threads = Ints(settings, "threads", [1, 2]);
        var commits = Ints(settings, "commit", [30_000, 1_000]);
        var restoreWorkload = workload with { Records = Int(settings, "restore-records", 200_000), Keys = Int(settings, "restore-keys", 100_000) };
        var restorePolls = Ints(settings, "restore-polls", [1_000, 100_000]);

        Console.WriteLine($"workload: {workload.Records:N0} records, {workload.Keys:N0} keys, {workload.Partitions} partitions; {Environment.ProcessorCount} cores; embedded cluster (3 brokers)");
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 3);
        var runs = new List<EngineRun> { Print(await OurRuntimeRun.ThroughputAsync(cluster, workload, batch, cancellationToken)) };
        var stalled = new List<string>();
        foreach (var commit in commits)
        {
            foreach (var count in threads)
            {
                var streamiz = new StreamizSettings(count, commit);
                try
                {
                    runs.Add(Print(await StreamizRun.ThroughputAsync(cluster, workload, streamiz, cancellationToken)));
                }
                catch (TimeoutException e)
                {
                    // A stalled run is a result too: printed, not hidden, and the other runs go on.
                    stalled.Add($"{streamiz}: STALLED: {e.Message}");
                    Console.WriteLine(stalled[^1]);
                }
            }
        }

        var restores = new List<RestoreRun> { Print(await OurRuntimeRun.RestoreAsync(cluster, restoreWorkload, batch, cancellationToken)) };
        foreach (var restore in await StreamizRun.RestoreAsync(cluster, restoreWorkload, new StreamizSettings(1, 1_000), restorePolls, cancellationToken))
        {
            restores.Add(Print(restore));
        }

        Console.WriteLine();
        Console.WriteLine($"{"engine",-36} {"processed/s",12} {"durable/s",10} {"CPU s",7} {"CPU µs/rec",10} {"alloc B/rec",11} {"peak WS +MB",11}");
        foreach (var run in runs)
        {
            Console.WriteLine(
                $"{run.Engine,-36} {run.ProcessedPerSecond,12:N0} {run.DurablePerSecond,10:N0} {run.Processed.Cpu.TotalSeconds,7:N1} "
                + $"{run.CpuMicrosecondsPerRecord,10:N1} {run.AllocatedBytesPerRecord,11:N0} {run.Processed.PeakWorkingSetGrowth / 1048576.0,11:N0}");
        }

        foreach (var line in stalled)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine();
        Console.WriteLine($"restore of {restoreWorkload.Records:N0} inputs over {restoreWorkload.Keys:N0} keys by a fresh instance:");
        foreach (var restore in restores)
        {
            Console.WriteLine($"  {restore.Engine,-50} {restore.Restored,9:N0} changelog records in {restore.Duration.TotalSeconds,6:F2} s = {restore.PerSecond,9:N0} records/s");
        }
    }

    private static EngineRun Print(EngineRun run)
    {
        Console.WriteLine(
            $"{run.Engine}: {run.Records:N0} records processed in {run.Processed.Elapsed.TotalSeconds:F1} s = {run.ProcessedPerSecond:N0} records/s, "
            + $"durable after {run.Durable.TotalSeconds:F1} s = {run.DurablePerSecond:N0} records/s; CPU {run.Processed.Cpu.TotalSeconds:F1} s, "
            + $"{run.AllocatedBytesPerRecord:N0} B allocated per record, working set peak +{run.Processed.PeakWorkingSetGrowth / 1048576.0:N0} MB");
        return run;
    }

    private static RestoreRun Print(RestoreRun run)
    {
        Console.WriteLine($"{run.Engine}: restored {run.Restored:N0} changelog records in {run.Duration.TotalSeconds:F2} s = {run.PerSecond:N0} records/s");
        return run;
    }

    private static int Int(Dictionary<string, string> settings, string name, int fallback) =>
        settings.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static int[] Ints(Dictionary<string, string> settings, string name, int[] fallback) =>
        settings.TryGetValue(name, out var text) ? text.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray() : fallback;
}

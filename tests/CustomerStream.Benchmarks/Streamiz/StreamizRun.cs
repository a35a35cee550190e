using System.Diagnostics;
using CustomerStream.Kafka.Embedded;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.Table;

namespace CustomerStream.Benchmarks.Streamiz;

/// <summary>
/// The counting workload on Streamiz.Kafka.Net 1.8.2 over the same embedded cluster: a DSL count into a RocksDB
/// store with its record cache (one changelog record and one output per changed key per commit, like our runtime's
/// one per key per batch), at-least-once.
/// </summary>
/// <remarks>
/// What it takes to run Streamiz here, each measured: the mock cluster serves no CreateTopics, and Streamiz waits
/// without a word for a changelog topic it cannot create, so the changelog (<c>&lt;application&gt;-counts-changelog</c>)
/// is created beforehand; <c>State.RUNNING</c> comes before a restore ends, so restores are timed by its restore
/// events; setting <c>Guarantee</c> resets <c>CommitIntervalMs</c> to 30 s, so it is left at its default
/// (at-least-once); the consumers get our runtime's fetch settings (10 ms wait, 10 MB per partition).
/// </remarks>
public static class StreamizRun
{
    private const string Store = "counts";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>Processes the whole workload once and measures it.</summary>
    public static async Task<EngineRun> ThroughputAsync(EmbeddedKafkaCluster cluster, CountingWorkload workload, StreamizSettings settings, CancellationToken cancellationToken)
    {
        var topics = Topics.Create(cluster, workload);
        var root = Path.Combine(Path.GetTempPath(), "customerstream-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var processed = 0L;
            using var stream = Build(cluster, topics, settings, Path.Combine(root, "a"), () => Interlocked.Increment(ref processed));
            await stream.StartAsync(cancellationToken);

            RunCost cost;
            TimeSpan durable;
            var clock = Stopwatch.StartNew();
            await using (var meter = RunMeter.Start())
            {
                await Task.Run(() => workload.Produce(cluster.BootstrapServers, topics.Input, () => Interlocked.Read(ref processed)), cancellationToken);
                await UntilAsync(() => Interlocked.Read(ref processed) >= workload.Records, "every record through the processor", cancellationToken);
                cost = meter.Read();
                // Durable = the store's changes flushed to the changelog and the offsets committed: at the next commit.
                await UntilAsync(() => workload.Committed(cluster.BootstrapServers, topics.ApplicationId, topics.Input) >= workload.Records, "the offsets committed", cancellationToken);
                durable = clock.Elapsed;
            }

            return new EngineRun(settings.ToString(), workload.Records, cost, durable);
        }
        finally
        {
            Delete(root);
        }
    }

    /// <summary>Runs the workload into the changelog, then times fresh instances (empty state directories) rebuilding from it, once per restore setting.</summary>
    public static async Task<IReadOnlyList<RestoreRun>> RestoreAsync(
        EmbeddedKafkaCluster cluster, CountingWorkload workload, StreamizSettings settings, IReadOnlyList<int> restorePollSizes, CancellationToken cancellationToken)
    {
        var topics = Topics.Create(cluster, workload);
        var root = Path.Combine(Path.GetTempPath(), "customerstream-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var processed = 0L;
            using (var stream = Build(cluster, topics, settings, Path.Combine(root, "a"), () => Interlocked.Increment(ref processed)))
            {
                await stream.StartAsync(cancellationToken);
                await Task.Run(() => workload.Produce(cluster.BootstrapServers, topics.Input, () => Interlocked.Read(ref processed)), cancellationToken);
                await UntilAsync(() => workload.Committed(cluster.BootstrapServers, topics.ApplicationId, topics.Input) >= workload.Records, "the offsets committed", cancellationToken);
            }

            var runs = new List<RestoreRun>();
            foreach (var pollSize in restorePollSizes)
            {
                runs.Add(await RestoreOnceAsync(cluster, topics, settings with { MaxPollRestoringRecords = pollSize }, Path.Combine(root, $"restore-{pollSize}"), workload.Partitions, cancellationToken));
            }

            return runs;
        }
        finally
        {
            Delete(root);
        }
    }

    private static async Task<RestoreRun> RestoreOnceAsync(
        EmbeddedKafkaCluster cluster, Topics topics, StreamizSettings settings, string stateDirectory, int partitions, CancellationToken cancellationToken)
    {
        var gate = new object();
        var started = (long?)null;
        var ended = 0L;
        var ends = 0;
        var restored = 0L;
        var clock = Stopwatch.StartNew();
        using var stream = Build(cluster, topics, settings, stateDirectory, () => 0);
        stream.OnRestoreStartEvent += (_, _, _, _) =>
        {
            lock (gate)
            {
                started ??= clock.ElapsedTicks;
            }
        };
        stream.OnRestoreEndEvent += (_, _, total) =>
        {
            lock (gate)
            {
                restored += total;
                ends++;
                ended = clock.ElapsedTicks;
            }
        };
        await stream.StartAsync(cancellationToken);
        await UntilAsync(() => Volatile.Read(ref ends) >= partitions, $"the restore of {partitions} partitions", cancellationToken);
        lock (gate)
        {
            var duration = TimeSpan.FromSeconds((double)(ended - started!.Value) / Stopwatch.Frequency);
            return new RestoreRun($"streamiz ({settings.MaxPollRestoringRecords:N0} records per restore poll)", restored, duration);
        }
    }

    private static KafkaStream Build(EmbeddedKafkaCluster cluster, Topics topics, StreamizSettings settings, string stateDirectory, Func<long> onRecord)
    {
        var config = new StreamConfig<StringSerDes, StringSerDes>
        {
            ApplicationId = topics.ApplicationId,
            BootstrapServers = cluster.BootstrapServers,
            StateDir = stateDirectory,
            NumStreamThreads = settings.Threads,
            CommitIntervalMs = settings.CommitIntervalMs,
            MaxPollRestoringRecords = settings.MaxPollRestoringRecords,
            AutoOffsetReset = Confluent.Kafka.AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
            MaxPartitionFetchBytes = 10_000_000,
            SessionTimeoutMs = 6_000,
            HeartbeatIntervalMs = 1_000,
            Logger = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)),
        };
        var builder = new StreamBuilder();
        builder.Stream<string, string>(topics.Input)
            .Peek((_, _, _) => onRecord())
            .GroupByKey()
            .Count(RocksDb.As<string, long>(Store).WithKeySerdes(new StringSerDes()).WithValueSerdes(new Int64SerDes()).WithCachingEnabled(CacheSize.OfMb(64)))
            .ToStream()
            .To(topics.Output, new StringSerDes(), new Int64SerDes());
        var stream = new KafkaStream(builder.Build(), config);
        stream.StateChanged += (from, to) => Console.WriteLine($"  [{DateTime.UtcNow:HH:mm:ss}] streamiz {topics.ApplicationId[..22]}: {from} -> {to}");
        return stream;
    }

    private static async Task UntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"Streamiz: no {what} within {Patience.TotalMinutes:N0} minutes.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static void Delete(string root)
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The application's topics, all created up front with the workload's partition count.</summary>
    private sealed record Topics(string ApplicationId, string Input, string Output)
    {
        public static Topics Create(EmbeddedKafkaCluster cluster, CountingWorkload workload)
        {
            var topics = new Topics($"bench-streamiz-{Guid.NewGuid():N}", $"bench-in-{Guid.NewGuid():N}", $"bench-out-{Guid.NewGuid():N}");
            foreach (var topic in new[] { topics.Input, topics.Output, $"{topics.ApplicationId}-{Store}-changelog" })
            {
                cluster.CreateTopic(topic, workload.Partitions, replicationFactor: 3);
            }

            return topics;
        }
    }
}

using System.Diagnostics;
using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Processing;
using CustomerStream.Aggregator.Serialization;
using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Contracts.Identity;

namespace CustomerStream.Benchmarks.Aggregator;

/// <summary>
/// Identity facts per second through the aggregator's logic, on one task as the service runs it
/// (<see cref="AggregatorTaskRunner"/>, states decoded from bytes when first used in a batch and
/// stored as bytes at its end). Arguments: [customers] [batch size].
/// </summary>
public sealed class AggregatorBenchmark : IBenchmark
{
    public string Name => "aggregator";

    public string Description => "identity facts/s through the aggregator ([customers=20000] [batch=500])";

    public Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var customers = args.Count > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        var batchSize = args.Count > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500;

        var generation = Stopwatch.StartNew();
        var facts = IdentityFactWorkload.Generate(customers, seed: 42);
        Console.WriteLine($"workload: {facts.Count:N0} identity facts for {customers:N0} customers (generated in {generation.Elapsed.TotalSeconds:F1} s), batches of {batchSize}");

        // Warm-up on a slice, so that JIT tiering does not weigh on the measured runs.
        Run(facts.Take(30_000).ToList(), batchSize, cancellationToken);

        for (var round = 1; round <= 3; round++)
        {
            GC.Collect();
            var r = Run(facts, batchSize, cancellationToken);
            Console.WriteLine(
                $"domain, run {round}: {r.Rate,10:N0} facts/s ({r.Seconds:F2} s); CPU {r.ThreadMicros:F2} µs/fact on the thread, {r.ProcessMicros:F2} µs/fact for the process; " +
                $"allocated {r.AllocatedPerFact:N0} B/fact ({r.AllocatedMb:N0} MB), GCs gen0 {r.Gen0} gen1 {r.Gen1} gen2 {r.Gen2} paused {r.PausedSeconds:F2} s; heap after {r.HeapMb:N0} MB");
            if (round == 1)
            {
                Console.WriteLine(
                    $"  outputs: {r.Changes:N0} customer changes, {r.Profiles:N0} profile events, {r.Transfers:N0} transfers; store: {r.States:N0} states, {r.StoreBytes / 1024.0 / 1024.0:F1} MB, {r.StoreBytes / Math.Max(1, r.States):N0} bytes per state; " +
                    $"written (the changelog's volume) {r.Written / 1024.0 / 1024.0:F1} MB = {(double)r.Written / facts.Count:N0} B/fact");
            }
        }

        return Task.CompletedTask;
    }

    private static Result Run(List<IdentityFact> facts, int batchSize, CancellationToken cancellationToken)
    {
        var store = new ByteStore();
        var runner = new AggregatorTaskRunner(store, TimeProvider.System);
        var transfers = new List<StateTransfer>();
        long changes = 0, profiles = 0, transferCount = 0;
        var allocated = GC.GetTotalAllocatedBytes();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var paused = GC.GetTotalPauseDuration();
        var processCpu = CpuTime.Process();
        var threadCpu = CpuTime.CurrentThread();
        var clock = Stopwatch.StartNew();
        for (var offset = 0; offset < facts.Count; offset += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var transfer in transfers)
            {
                runner.Process(CustomerStateSerializer.DeserializeTransfer(CustomerStateSerializer.SerializeTransfer(transfer)));
            }

            var end = Math.Min(offset + batchSize, facts.Count);
            for (var i = offset; i < end; i++)
            {
                runner.Process(facts[i]);
            }

            var batch = runner.EndBatch(DateTime.UtcNow);
            changes += batch.Changes.Count;
            profiles += batch.ProfileChanges.Count;
            transferCount += batch.Transfers.Count;
            transfers = [.. batch.Transfers];
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var info = GC.GetGCMemoryInfo(GCKind.Ephemeral);
        Console.WriteLine($"  last ephemeral GC: gen{info.Generation}, promoted {info.PromotedBytes / 1024 / 1024} MB, pause {info.PauseDurations[0].TotalMilliseconds:F1} ms, heap {info.HeapSizeBytes / 1024 / 1024} MB, " +
            $"gen sizes {string.Join("/", info.GenerationInfo.ToArray().Select(g => g.SizeAfterBytes / 1024 / 1024))} MB");
        var threadSeconds = (CpuTime.CurrentThread() - threadCpu).TotalSeconds;
        var processSeconds = (CpuTime.Process() - processCpu).TotalSeconds;
        return new Result(
            facts.Count / seconds,
            seconds,
            threadSeconds * 1e6 / facts.Count,
            processSeconds * 1e6 / facts.Count,
            (double)(GC.GetTotalAllocatedBytes() - allocated) / facts.Count,
            store.Written,
            changes,
            profiles,
            transferCount,
            (GC.GetTotalAllocatedBytes() - allocated) / 1024 / 1024,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2,
            (GC.GetTotalPauseDuration() - paused).TotalSeconds,
            GC.GetTotalMemory(forceFullCollection: true) / 1024 / 1024,
            store.Count,
            store.Bytes);
    }

    private sealed record Result(
        double Rate, double Seconds, double ThreadMicros, double ProcessMicros, double AllocatedPerFact, long Written, long Changes, long Profiles, long Transfers, long AllocatedMb, int Gen0, int Gen1, int Gen2, double PausedSeconds, long HeapMb, int States, long StoreBytes);

    /// <summary>The state store stand-in: bytes per key, committed at once.</summary>
    private sealed class ByteStore : IAggregatorStore
    {
        private readonly Dictionary<string, byte[]> _states = new(StringComparer.Ordinal);
        private byte[]? _task;

        public int Count => _states.Count;

        public long Bytes => _states.Values.Sum(b => (long)b.Length);

        /// <summary>Bytes of every value written, keys included: what the changelog carries.</summary>
        public long Written { get; private set; }

        public CustomerState? Load(string customerId) =>
            _states.TryGetValue(customerId, out var bytes) ? CustomerStateSerializer.Deserialize(bytes) : null;

        public void Save(CustomerState state)
        {
            var bytes = CustomerStateSerializer.Serialize(state);
            Written += bytes.Length + state.CustomerId.Length;
            _states[state.CustomerId] = bytes;
        }

        public AggregatorTaskState? LoadTaskState() => _task is null ? null : CustomerStateSerializer.DeserializeTaskState(_task);

        public void SaveTaskState(AggregatorTaskState state) => _task = CustomerStateSerializer.SerializeTaskState(state);
    }
}

using System.Diagnostics;
using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Serialization;
using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Contracts.Identity;

namespace CustomerStream.Benchmarks.Aggregator;

/// <summary>
/// Identity facts per second through the aggregator's domain logic: with states kept as objects
/// between batches, and with every state serialized at the end of each batch and decoded at its next
/// use (what a byte-valued state store costs). Arguments: [customers] [batch size].
/// </summary>
public sealed class AggregatorBenchmark : IBenchmark
{
    public string Name => "aggregator";

    public string Description => "identity facts/s through the aggregator (domain alone; [customers=20000] [batch=500])";

    public Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var customers = args.Count > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        var batchSize = args.Count > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500;

        var generation = Stopwatch.StartNew();
        var facts = IdentityFactWorkload.Generate(customers, seed: 42);
        Console.WriteLine($"workload: {facts.Count:N0} identity facts for {customers:N0} customers (generated in {generation.Elapsed.TotalSeconds:F1} s), batches of {batchSize}");

        // Warm-up on a small slice so that JIT tiering does not weigh on the measured runs.
        Run(facts.Take(20_000).ToList(), batchSize, serialize: true, cancellationToken);
        Run(facts.Take(20_000).ToList(), batchSize, serialize: false, cancellationToken);

        foreach (var serialize in new[] { true, false })
        {
            GC.Collect();
            var result = Run(facts, batchSize, serialize, cancellationToken);
            var mode = serialize ? "states serialized per batch" : "states kept as objects   ";
            Console.WriteLine(
                $"domain, {mode}: {result.Rate,12:N0} facts/s  ({result.Seconds:F2} s; {result.Changes:N0} changes, {result.Profiles:N0} profile events, {result.Transfers:N0} transfers; allocated {result.AllocatedMb:N0} MB, GCs gen0 {result.Gen0} / gen2 {result.Gen2})");
            if (serialize)
            {
                Console.WriteLine($"state store: {result.States:N0} states, {result.StoreBytes / 1024.0 / 1024.0:F1} MB serialized, {result.StoreBytes / Math.Max(1, result.States):N0} bytes per state on average");
            }
        }

        return Task.CompletedTask;
    }

    private static Result Run(List<IdentityFact> facts, int batchSize, bool serialize, CancellationToken cancellationToken)
    {
        var states = new BenchmarkStates(serialize);
        var aggregator = new CustomerAggregator(states);
        var transfers = new List<StateTransfer>();
        long changes = 0, profiles = 0, transferCount = 0;
        var allocated = GC.GetTotalAllocatedBytes();
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var clock = Stopwatch.StartNew();
        for (var offset = 0; offset < facts.Count; offset += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var transfer in transfers)
            {
                aggregator.Apply(CustomerStateSerializer.DeserializeTransfer(CustomerStateSerializer.SerializeTransfer(transfer)));
            }

            var end = Math.Min(offset + batchSize, facts.Count);
            for (var i = offset; i < end; i++)
            {
                aggregator.Apply(facts[i]);
            }

            var batch = aggregator.EndBatch(DateTime.UtcNow);
            states.Save(batch.UpdatedStates);
            changes += batch.Changes.Count;
            profiles += batch.ProfileChanges.Count;
            transferCount += batch.Transfers.Count;
            transfers = [.. batch.Transfers];
        }

        var seconds = clock.Elapsed.TotalSeconds;
        return new Result(
            facts.Count / seconds,
            seconds,
            changes,
            profiles,
            transferCount,
            (GC.GetTotalAllocatedBytes() - allocated) / 1024 / 1024,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(2) - gen2,
            states.Count,
            states.Bytes);
    }

    private sealed record Result(double Rate, double Seconds, long Changes, long Profiles, long Transfers, long AllocatedMb, int Gen0, int Gen2, int States, long StoreBytes);

    private sealed class BenchmarkStates(bool serialize) : ICustomerStateSource
    {
        private readonly Dictionary<string, CustomerState> _objects = new(StringComparer.Ordinal);
        private readonly Dictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);

        public int Count => serialize ? _bytes.Count : _objects.Count;

        public long Bytes => _bytes.Values.Sum(b => (long)b.Length);

        public CustomerState? Load(string customerId) => serialize
            ? _bytes.TryGetValue(customerId, out var bytes) ? CustomerStateSerializer.Deserialize(bytes) : null
            : _objects.GetValueOrDefault(customerId);

        public void Save(IReadOnlyList<CustomerState> states)
        {
            foreach (var state in states)
            {
                if (serialize)
                {
                    _bytes[state.CustomerId] = CustomerStateSerializer.Serialize(state);
                }
                else
                {
                    _objects[state.CustomerId] = state;
                }
            }
        }
    }
}

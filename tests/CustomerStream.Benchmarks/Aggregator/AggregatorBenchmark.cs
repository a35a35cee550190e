using System.Diagnostics;
using System.Globalization;
using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Processing;
using CustomerStream.Aggregator.Serialization;
using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Primitives;
using CustomerStream.SchemaRegistry.Codec;

namespace CustomerStream.Benchmarks.Aggregator;

/// <summary>
/// Identity facts per second and CPU per fact through the aggregator's logic, on one task as the service
/// runs it (<see cref="AggregatorTaskRunner"/>, states decoded from bytes when a batch reaches them and
/// stored as bytes). Each round runs twice: the domain alone, and the domain with what the service adds
/// around it without Kafka: facts decoded from Avro and outputs encoded to Avro with the codec.
/// Arguments: [customers] [batch size] [allocations] (the last prints bytes allocated by type instead).
/// </summary>
public sealed class AggregatorBenchmark : IBenchmark
{
    public string Name => "aggregator";

    public string Description =>
        "identity facts/s and CPU µs/fact through the aggregator, alone and with Avro in/out ([customers=20000] [batch=500] [allocations|steady])";

    public Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var customers = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var batchSize = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;

        var generation = Stopwatch.StartNew();
        var facts = IdentityFactWorkload.Generate(customers, seed: 42);
        var factWriter = AvroCodec.Writer<IdentityFact>(ContractSchemas.For<IdentityFact>());
        var encoded = facts.Select(factWriter.ToArray).ToList();
        Console.WriteLine(
            $"workload: {facts.Count:N0} identity facts for {customers:N0} customers ({encoded.Sum(e => (long)e.Length) / 1024.0 / 1024.0:F1} MB of Avro, " +
            $"generated in {generation.Elapsed.TotalSeconds:F1} s), batches of {batchSize}");

        // Warm-up on a slice of at least ten batches, so that JIT tiering does not weigh on the measured runs.
        var warmUp = Math.Min(facts.Count, Math.Max(60_000, batchSize * 10));
        Run(new Inputs(facts.Take(warmUp).ToList(), null), batchSize, cancellationToken);
        Run(new Inputs(facts.Take(warmUp).ToList(), encoded.Take(warmUp).ToList()), batchSize, cancellationToken);

        if (args.Count > 2 && args[2] == "steady")
        {
            RunSteady(facts, customers, batchSize, cancellationToken);
            return Task.CompletedTask;
        }

        if (args.Count > 2 && args[2] == "allocations")
        {
            // Where the bytes go (with Avro in/out), instead of the timed rounds.
            using var sampler = new AllocationSampler { Enabled = true };
            Run(new Inputs(facts, encoded), batchSize, cancellationToken);
            sampler.Enabled = false;
            Console.WriteLine("allocations by type (sampled), with Avro in/out:");
            sampler.Print(facts.Count, "fact");
            return Task.CompletedTask;
        }

        for (var round = 1; round <= 2; round++)
        {
            foreach (var avro in new[] { false, true })
            {
                GC.Collect();
                var r = Run(new Inputs(facts, avro ? encoded : null), batchSize, cancellationToken);
                Console.WriteLine(
                    $"{(avro ? "with Avro in/out" : "domain alone"),-16} run {round}: {r.Rate,10:N0} facts/s ({r.Seconds:F2} s); " +
                    $"CPU {r.ThreadMicros:F2} µs/fact on the thread, {r.ProcessMicros:F2} µs/fact for the process; " +
                    $"allocated {r.AllocatedPerFact:N0} B/fact, GCs gen0 {r.Gen0} gen1 {r.Gen1} gen2 {r.Gen2}, paused {r.PausedSeconds:F2} s");
                if (round == 1 && !avro)
                {
                    Console.WriteLine(
                        $"  outputs: {r.Changes:N0} customer changes, {r.Profiles:N0} profile events, {r.Transfers:N0} transfers; " +
                        $"store: {r.States:N0} states, {r.StoreBytes / 1024.0 / 1024.0:F1} MB, {r.StoreBytes / Math.Max(1, r.States):N0} bytes per state; " +
                        $"written (the changelog's volume) {r.Written / 1024.0 / 1024.0:F1} MB in {r.Writes:N0} values = {(double)r.Written / facts.Count:N0} B/fact");
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The steady state of a live pipeline: every customer has its history (the workload, loaded in large batches
    /// first, not measured), then new approved orders arrive for customers picked at random, so that a batch holds
    /// about one input per customer and every input costs a state load, a change and a save. Three rounds of
    /// 20 batches each, with Avro in and out as the service does.
    /// </summary>
    private static void RunSteady(List<IdentityFact> history, int customers, int batchSize, CancellationToken cancellationToken)
    {
        var store = new ByteStore();
        var runner = new AggregatorTaskRunner(store);
        Run(new Inputs(history, null), 10_000, cancellationToken, store, runner);
        var factWriter = AvroCodec.Writer<IdentityFact>(ContractSchemas.For<IdentityFact>());
        var feed = new FactFeed(history.Max(f => f.Seq));
        var random = new Random(7);
        var month = new DateTime(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var next = 0;
        Console.WriteLine(
            $"steady: {store.Count:N0} stored states ({store.Bytes / Math.Max(1, store.Count):N0} bytes each on average) after the workload; " +
            $"new orders for random customers in batches of {batchSize:N0}");
        for (var round = 1; round <= 3; round++)
        {
            var orders = new List<IdentityFact>();
            for (var i = 0; i < batchSize * 20; i++)
            {
                // Not the merged-away duplicates of the workload (every 25th from 1): an order would revive them.
                var customer = random.Next(customers);
                if (customer % 25 == 1)
                {
                    customer--;
                }

                var id = Customer360Id.From(Identifier.SourceId("crm", $"{customer}")).Value;
                var ts = month.AddSeconds(random.Next(27 * 24 * 3600)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                orders.Add(feed.Order(id, $"steady-{next++}", ts, Math.Round(5m + ((decimal)random.NextDouble() * 495m), 2), businessUnit: "online"));
            }

            GC.Collect();
            var r = Run(new Inputs(orders, orders.Select(factWriter.ToArray).ToList()), batchSize, cancellationToken, store, runner);
            Console.WriteLine(
                $"steady with Avro in/out round {round}: {r.Rate,10:N0} facts/s ({r.Seconds:F2} s); " +
                $"CPU {r.ThreadMicros:F2} µs/fact on the thread, {r.ProcessMicros:F2} µs/fact for the process; " +
                $"allocated {r.AllocatedPerFact:N0} B/fact, GCs gen0 {r.Gen0} gen1 {r.Gen1} gen2 {r.Gen2}, paused {r.PausedSeconds:F2} s; " +
                $"{r.Changes:N0} changes, {r.Profiles:N0} profile events, {(double)r.Written / orders.Count:N0} B of state written per fact");
        }
    }

    private static Result Run(
        Inputs inputs, int batchSize, CancellationToken cancellationToken, ByteStore? reusedStore = null, AggregatorTaskRunner? reusedRunner = null)
    {
        var facts = inputs.Facts;
        var factReader = AvroCodec.Reader<IdentityFact>(ContractSchemas.For<IdentityFact>());
        var output = new Output(inputs.Encoded is not null);
        var store = reusedStore ?? new ByteStore();
        var runner = reusedRunner ?? new AggregatorTaskRunner(store);
        // Batch versions as the runtime gives them (BatchVersions): an epoch, then one per batch.
        long batchVersion = 1L << Streaming.Processing.BatchVersions.SequenceBits;
        var writtenBefore = store.Written;
        var writesBefore = store.Writes;
        var transfers = new List<byte[]>();
        long transferCount = 0;
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
                runner.Process(CustomerStateSerializer.DeserializeTransfer(transfer));
            }

            var end = Math.Min(offset + batchSize, facts.Count);
            for (var i = offset; i < end; i++)
            {
                runner.Process(inputs.Encoded is { } encoded ? factReader.Read(encoded[i]) : facts[i]);
            }

            // As the service does: each customer's outputs handed over (and encoded) as they are made.
            var batch = runner.EndBatch(DateTime.UtcNow, batchVersion++, output);
            transferCount += batch.Transfers.Count;
            transfers = batch.Transfers.Select(CustomerStateSerializer.SerializeTransfer).ToList();
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var threadSeconds = (CpuTime.CurrentThread() - threadCpu).TotalSeconds;
        var processSeconds = (CpuTime.Process() - processCpu).TotalSeconds;
        return new Result(
            facts.Count / seconds,
            seconds,
            threadSeconds * 1e6 / facts.Count,
            processSeconds * 1e6 / facts.Count,
            (double)(GC.GetTotalAllocatedBytes() - allocated) / facts.Count,
            store.Written,
            store.Writes,
            output.Changes,
            output.Profiles,
            transferCount,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2,
            (GC.GetTotalPauseDuration() - paused).TotalSeconds,
            store.Count,
            store.Bytes);
    }

    /// <summary>Counts the outputs, and encodes them as the service's output topics do when asked to.</summary>
    private sealed class Output(bool encode) : IAggregatorOutput
    {
        private readonly AvroWriter<CustomerChange> _changes = AvroCodec.Writer<CustomerChange>(ContractSchemas.For<CustomerChange>());
        private readonly AvroWriter<CustomerProfileChanged> _profiles = AvroCodec.Writer<CustomerProfileChanged>(ContractSchemas.For<CustomerProfileChanged>());

        public long Changes { get; private set; }

        public long Profiles { get; private set; }

        public long Bytes { get; private set; }

        public void Change(CustomerChange change)
        {
            Changes++;
            Bytes += encode ? _changes.ToArray(change).Length : 0;
        }

        public void ProfileErased(string customerId) => Profiles++;

        public void ProfileChanged(CustomerProfileChanged profile)
        {
            Profiles++;
            Bytes += encode ? _profiles.ToArray(profile).Length : 0;
        }
    }

    /// <summary>The facts, and their Avro encoding when the run decodes them as the service does.</summary>
    private sealed record Inputs(List<IdentityFact> Facts, List<byte[]>? Encoded);

    private sealed record Result(
        double Rate,
        double Seconds,
        double ThreadMicros,
        double ProcessMicros,
        double AllocatedPerFact,
        long Written,
        long Writes,
        long Changes,
        long Profiles,
        long Transfers,
        int Gen0,
        int Gen1,
        int Gen2,
        double PausedSeconds,
        int States,
        long StoreBytes);

    /// <summary>The state store stand-in: bytes per key, committed at once.</summary>
    private sealed class ByteStore : IAggregatorStore
    {
        private readonly Dictionary<string, byte[]> _states = new(StringComparer.Ordinal);
        private byte[]? _task;

        public int Count => _states.Count;

        public long Bytes => _states.Values.Sum(b => (long)b.Length);

        /// <summary>Bytes of every value written, keys included: what the changelog carries.</summary>
        public long Written { get; private set; }

        /// <summary>Values written: the changelog's records.</summary>
        public long Writes { get; private set; }

        public CustomerState? Load(string customerId) =>
            _states.TryGetValue(customerId, out var bytes) ? CustomerStateSerializer.Deserialize(bytes) : null;

        public void Save(CustomerState state)
        {
            var bytes = CustomerStateSerializer.Serialize(state);
            Written += bytes.Length + state.CustomerId.Length;
            Writes++;
            _states[state.CustomerId] = bytes;
        }

        public AggregatorTaskState? LoadTaskState() => _task is null ? null : CustomerStateSerializer.DeserializeTaskState(_task);

        public void SaveTaskState(AggregatorTaskState state) => _task = CustomerStateSerializer.SerializeTaskState(state);
    }
}

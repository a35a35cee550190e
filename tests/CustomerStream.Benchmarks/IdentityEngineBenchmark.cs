using System.Diagnostics;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Identity.Domain;
using CustomerStream.Identity.Tests.Support;

namespace CustomerStream.Benchmarks;

/// <summary>Records/s through the identity engine alone (in-memory state, no Kafka): the ceiling of the identity stage.</summary>
public sealed class IdentityEngineBenchmark : IBenchmark
{
    public string Name => "identity-engine";

    public string Description => "records/s through the identity engine, in memory [customers=100000] [erased=0: IDs erased before, so every record is checked against the erased set]";

    public Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var customers = args.Count > 0 ? int.Parse(args[0]) : 100_000;
        var records = Synthetic(customers, new Random(42)).ToList();
        var output = new CountingOutput();
        var state = new InMemoryIdentityState();
        var engine = new IdentityEngine(state, output);
        var erased = args.Count > 1 ? int.Parse(args[1]) : 0;
        for (var i = 0; i < erased; i++)
        {
            // People who are not in the data: every record pays the check, none is refused.
            state.MarkErased(Contracts.Primitives.Customer360Id.From(Contracts.Primitives.Identifier.Email($"gone{i}@example.org")).Value);
        }

        GC.Collect();
        var before = GC.GetTotalMemory(true);
        var sw = Stopwatch.StartNew();
        foreach (var record in records)
        {
            _ = record switch
            {
                CustomerRecord c => engine.Process(c),
                OrderRecord o => engine.Process(o),
                WebEvent w => engine.Process(w),
                _ => IdentityOutcome.Unlinkable,
            };
        }

        sw.Stop();
        var after = GC.GetTotalMemory(true);
        GC.KeepAlive(state);
        Console.WriteLine($"identity-engine: {records.Count:N0} records ({customers:N0} customers, {erased:N0} erased IDs) in {sw.Elapsed.TotalSeconds:F2} s = {records.Count / sw.Elapsed.TotalSeconds:N0} records/s");
        Console.WriteLine($"identity-engine: outputs {output.Facts:N0} facts, {output.Links:N0} links, {output.Merges:N0} merges; state {(after - before) / 1048576.0:N0} MB managed for {state.IdentifierCount:N0} identifiers in {state.ClusterCount:N0} customers");
        return Task.CompletedTask;
    }

    private static IEnumerable<object> Synthetic(int customers, Random random)
    {
        var t0 = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < customers; i++)
        {
            var email = $"person{i}@example.com";
            var created = t0.AddDays(random.Next(700));
            yield return new CustomerRecord { SourceSystem = "crm", SourceCustomerId = $"c{i}", Email = email, EmailValid = true, CreatedAt = created, UpdatedAt = created, RecordHash = $"h{i}", SourceRef = "bench" };
            if (i % 3 == 0)
            {
                yield return new CustomerRecord { SourceSystem = "shop", SourceCustomerId = $"u{i}", Email = email, EmailValid = true, CreatedAt = created.AddDays(3), UpdatedAt = created.AddDays(3), RecordHash = $"s{i}", SourceRef = "bench" };
            }

            for (var o = 0; o < 5; o++)
            {
                yield return new OrderRecord { SourceSystem = "shop", OrderId = $"o{i}-{o}", SourceCustomerId = i % 3 == 0 ? $"u{i}" : null, CustomerEmail = email, CustomerEmailValid = true, OrderTs = created.AddDays(random.Next(1, 300)), UpdatedAt = created.AddDays(300), Status = OrderStatus.APPROVED, Amount = random.Next(5, 500), Currency = "USD", RecordHash = $"o{i}-{o}", SourceRef = "bench" };
            }

            for (var w = 0; w < 14; w++)
            {
                var loggedIn = w == 3;
                yield return new WebEvent { EventId = $"w{i}-{w}", Ts = created.AddHours(w), Type = loggedIn ? "login" : "page_view", DeviceId = $"d{i}", CookieId = $"k{i}", UserId = loggedIn && i % 3 == 0 ? $"u{i}" : null, UserSource = "shop", Email = loggedIn && i % 3 != 0 ? email : null, EmailValid = loggedIn && i % 3 != 0, SessionId = $"s{i}-{w / 5}", RecordHash = $"w{i}-{w}", SourceRef = "bench" };
            }
        }
    }

    private sealed class CountingOutput : IIdentityOutput
    {
        public long Facts { get; private set; }

        public long Links { get; private set; }

        public long Merges { get; private set; }

        public void Fact(IdentityFact fact) => Facts++;

        public void Link(IdentityLink link) => Links++;

        public void Merged(CustomerMerged merged) => Merges++;

        public void Erased(CustomerErased erased) => Merges++;
    }
}

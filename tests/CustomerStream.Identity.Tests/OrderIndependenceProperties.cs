using CustomerStream.Contracts.Ingest;
using FsCheck.Xunit;
using static CustomerStream.Identity.Tests.Records;

namespace CustomerStream.Identity.Tests;

public sealed class OrderIndependenceProperties
{
    /// <summary>
    /// For a random record set over a small universe of identifiers (so that links, chains, shared
    /// devices, malformed e-mails and ties happen often), every arrival order gives the same
    /// customers, the same survivors and the same owner of every web event, and all of them equal the
    /// batch reference implementation of the rules.
    /// </summary>
    [Property(MaxTest = 250)]
    public void Every_arrival_order_gives_the_same_customers_survivors_and_event_owners(int seed)
    {
        var records = Scenario(new Random(seed));
        var expected = ReferenceStitcher.Compute(records);
        var shuffler = new Random(seed ^ 0x5eed);

        for (var permutation = 0; permutation < 4; permutation++)
        {
            var order = permutation == 0 ? records : records.OrderBy(_ => shuffler.Next()).ToList();
            // Odd permutations keep the graph in a byte store with a 3-node cache: every node is
            // encoded and decoded again, as in the service.
            var run = StitchRun.Of(order, permutation % 2 == 1 ? 3 : null);

            foreach (var (identifier, customer) in expected.CustomerOfIdentifier)
            {
                Assert.True(customer == run.CustomerOf(identifier),
                    $"seed {seed}, permutation {permutation}: {identifier} -> {run.CustomerOf(identifier)}, expected {customer}");
            }

            foreach (var (eventId, owner) in expected.OwnerOfEvent)
            {
                Assert.True(owner == run.OwnerOfEvent(eventId),
                    $"seed {seed}, permutation {permutation}: event {eventId} -> {run.OwnerOfEvent(eventId)}, expected {owner}");
            }

            Assert.Equal(run.Merges.Count, run.Merges.Select(m => m.EventId).Distinct().Count());
        }
    }

    private static List<object> Scenario(Random random)
    {
        string Pick(string prefix, int n) => $"{prefix}{random.Next(n)}";
        string? Maybe(Func<string> value, double p = 0.5) => random.NextDouble() < p ? value() : null;
        string? Email() => random.Next(6) switch
        {
            0 => "shared-bad@", // malformed, shared by several people: must never link
            1 => null,
            var n => $"P{n}@Example.com ",
        };

        var records = new List<object>();
        var count = random.Next(4, 22);
        for (var i = 0; i < count; i++)
        {
            switch (random.Next(3))
            {
                case 0:
                    records.Add(Customer(random.Next(2) == 0 ? "crm" : "shop", Pick("c", 5), Email(),
                        created: random.Next(30), status: random.Next(5) == 0 ? CustomerStatus.DELETED : CustomerStatus.ACTIVE));
                    break;
                case 1:
                    var customerId = Maybe(() => Pick("c", 5));
                    var email = Email();
                    if (customerId is null && (email is null || email.EndsWith('@')))
                    {
                        customerId = Pick("c", 5);
                    }

                    records.Add(Order("shop", Pick("o", 6), customerId, email, day: random.Next(30),
                        status: (OrderStatus)random.Next(5), amount: random.Next(1, 100), updated: random.Next(30, 40)));
                    break;
                default:
                    var identified = random.Next(3) == 0;
                    records.Add(Web($"w{i}", random.Next(30) + (random.Next(2) == 0 ? 0 : random.NextDouble()),
                        identified ? (random.Next(2) == 0 ? "login" : "page_view") : "page_view",
                        device: Maybe(() => Pick("d", 3), 0.8), cookie: Maybe(() => Pick("k", 3), 0.4),
                        user: identified ? Pick("c", 5) : null,
                        email: identified && random.Next(3) == 0 ? $"p{random.Next(2, 6)}@example.com" : null));
                    break;
            }
        }

        // Re-sends: some records arrive twice.
        records.AddRange(records.Where(_ => random.Next(6) == 0).ToList());
        return records;
    }
}

using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>
/// A deterministic, realistic stream of identity facts, as the identity service would emit it for
/// <c>customers</c> people over two years: customer-master records and their updates, identifiers,
/// acquisitions, orders with refunds and corrections (some arriving weeks late), web sessions,
/// anonymous visitors whose history moves to the customer at login (RETRACT/APPLY, then a merge of
/// the anonymous profile), merges of duplicate customers, and re-delivered duplicates. Facts are in
/// arrival order with increasing seqs (duplicates keep their seq). Used by the integration tests and
/// the benchmark (linked into it).
/// </summary>
public static class IdentityFactWorkload
{
    private static readonly DateTime Start = new(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Units = ["default", "retail", "b2b"];
    private static readonly string[] Countries = ["DE", "FR", "NL", "AT", "PL"];

    public static List<IdentityFact> Generate(int customers, int seed)
    {
        var random = new Random(seed);
        var timeline = new List<(DateTime At, int Order, Func<FactFeed, IdentityFact> Make)>();
        var order = 0;
        void At(DateTime at, Func<FactFeed, IdentityFact> make) => timeline.Add((at, order++, make));

        var ids = Enumerable.Range(0, customers).Select(i => Customer360Id.From(Identifier.SourceId("crm", $"{i}")).Value).ToArray();

        // Duplicate customers: every 25th customer is found to be the same person as the one before it.
        var mergedInto = new Dictionary<int, (int Survivor, DateTime At)>();
        for (var i = 1; i < customers; i += 25)
        {
            mergedInto[i] = (i - 1, Start.AddDays(random.Next(60, 700)));
        }

        string Owner(int i, DateTime at) => mergedInto.TryGetValue(i, out var m) && at >= m.At ? ids[m.Survivor] : ids[i];

        for (var i = 0; i < customers; i++)
        {
            var index = i;
            var created = Start.AddDays(random.Next(0, 400)).AddSeconds(random.Next(86_400));
            var email = $"person{i}@example.com";
            var country = Countries[random.Next(Countries.Length)];
            var isTest = random.Next(100) == 0;
            var deleted = random.Next(60) == 0;
            At(created, f => f.Customer(Owner(index, created), $"{index}", Iso(created), email: email, firstName: $"First{index}", lastName: $"Last{index}", country: country, city: "City", createdAt: Iso(created), isTest: isTest));
            At(created, f => f.Identifier(Owner(index, created), $"crm:{index}", Iso(created), "crm"));
            At(created, f => f.Identifier(Owner(index, created), $"email:{email}", Iso(created)));
            At(created, f => f.Acquisition(Owner(index, created), Iso(created), "crm"));
            if (random.Next(4) == 0)
            {
                var updated = created.AddDays(random.Next(1, 300));
                var status = deleted ? CustomerStatus.DELETED : CustomerStatus.ACTIVE;
                At(updated, f => f.Customer(Owner(index, updated), $"{index}", Iso(updated), email: email, firstName: $"First{index}", lastName: $"Married{index}", country: country, city: "Other City", createdAt: Iso(created), isTest: isTest, status: status));
            }

            var orders = random.Next(0, 11);
            for (var o = 0; o < orders; o++)
            {
                var orderId = $"{index}-{o}";
                var ts = created.AddDays(random.Next(0, 330)).AddSeconds(random.Next(86_400));
                var amount = Math.Round((decimal)(random.NextDouble() * 300) + 1m, 2);
                var unit = Units[random.Next(Units.Length)];
                var status = random.Next(10) == 0 ? OrderStatus.PENDING : OrderStatus.APPROVED;
                var arrives = random.Next(20) == 0 ? ts.AddDays(random.Next(20, 90)) : ts;
                At(arrives, f => f.Order(Owner(index, arrives), orderId, Iso(ts), amount, status, Iso(ts), unit, email: random.Next(3) == 0 ? email : null));
                var fate = random.Next(20);
                if (fate < 2)
                {
                    var refundedAt = ts.AddDays(random.Next(3, 40));
                    At(refundedAt, f => f.Order(Owner(index, refundedAt), orderId, Iso(ts), amount, OrderStatus.REFUNDED, Iso(refundedAt), unit));
                }
                else if (fate == 2)
                {
                    var correctedAt = ts.AddHours(random.Next(1, 48));
                    var corrected = Math.Round(amount * 0.9m, 2);
                    At(correctedAt, f => f.Order(Owner(index, correctedAt), orderId, Iso(ts), corrected, OrderStatus.APPROVED, Iso(correctedAt), unit));
                }
            }

            var sessions = random.Next(0, 7);
            for (var s = 0; s < sessions; s++)
            {
                var sessionStart = created.AddDays(random.Next(-20, 330)).AddSeconds(random.Next(86_400));
                var sessionId = $"s-{index}-{s}";
                var anonymous = s == 0 && random.Next(3) == 0;
                var anonymousId = Customer360Id.From(Identifier.Device($"d-{index}")).Value;
                var events = random.Next(1, 8);
                var loginAt = sessionStart.AddMinutes(events + 1);
                for (var e = 0; e < events; e++)
                {
                    var eventId = $"e-{index}-{s}-{e}";
                    var ts = sessionStart.AddMinutes(e);
                    var type = random.Next(3) == 0 ? "click" : "page_view";
                    if (anonymous)
                    {
                        // Seen first on an unknown device, given to the customer when they log in.
                        At(ts, f => f.Web(anonymousId, eventId, Iso(ts), type, sessionId));
                        At(loginAt, f => f.Retract(anonymousId, eventId, Iso(ts), type, sessionId));
                        At(loginAt, f => f.Web(Owner(index, loginAt), eventId, Iso(ts), type, sessionId));
                    }
                    else
                    {
                        At(ts, f => f.Web(Owner(index, ts), eventId, Iso(ts), type, sessionId));
                    }
                }

                if (anonymous)
                {
                    At(sessionStart, f => f.Identifier(anonymousId, $"device:d-{index}", Iso(sessionStart)));
                    At(loginAt, f => f.Web(Owner(index, loginAt), $"login-{index}-{s}", Iso(loginAt), "login", sessionId, email: email));
                    At(loginAt.AddSeconds(1), f => f.Merge(anonymousId, Owner(index, loginAt)));
                    At(loginAt.AddSeconds(1), f => f.Identifier(Owner(index, loginAt), $"device:d-{index}", Iso(sessionStart)));
                }
            }
        }

        foreach (var (loser, (survivor, at)) in mergedInto)
        {
            // As identity announces a merge: the MergeFact to the loser, then a fact to the survivor.
            At(at, f => f.Merge(ids[loser], ids[survivor]));
            At(at, f => f.Identifier(ids[survivor], $"crm:{loser}", Iso(at), "crm"));
        }

        timeline.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Order.CompareTo(b.Order));
        var feed = new FactFeed();
        var facts = new List<IdentityFact>(timeline.Count + (timeline.Count / 40));
        foreach (var (_, _, make) in timeline)
        {
            facts.Add(make(feed));
            if (random.Next(50) == 0)
            {
                // An upstream replay delivers an earlier fact again, with its seq.
                facts.Add(facts[random.Next(Math.Max(0, facts.Count - 200), facts.Count)]);
            }
        }

        return facts;
    }

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
}

using CustomerStream.Contracts.Identity;
using static CustomerStream.Identity.Tests.Records;

namespace CustomerStream.Identity.Tests;

/// <summary>
/// The evidence identity records on its links for <c>explain</c>: a record that makes two identifiers one
/// customer for the first time, and a login that attributes a device, name themselves on one link; the pairs
/// recorded span every customer's strong identifiers, whatever order the records came in.
/// </summary>
public sealed class LinkEvidenceTests
{
    private static readonly object[] Sample =
    [
        Customer("shop", "u1", "olga@example.org", created: 1),
        Customer("crm", "7", created: 5),
        Order("crm", "o1", customerId: "7", email: "olga@example.org", day: 9),
        Order("crm", "o2", customerId: "7", email: "olga@example.org", day: 12),
        Web("e1", 10, type: "login", device: "d1", user: "u1"),
    ];

    [Fact]
    public void The_linking_records_are_named_once_per_pair_and_span_the_customer_in_any_order()
    {
        foreach (var run in new[] { StitchRun.Of(Sample), StitchRun.Of(Sample.Reverse()) })
        {
            var strong = run.Links.Where(l => l.LinkedIdentifier is not null && !l.Identifier.StartsWith("device:", StringComparison.Ordinal))
                .Select(l => (Pair: Pair(l), l.EvidenceRef, l.EvidenceSourceSystem)).ToList();

            // Three strong identifiers, one customer: exactly two pairs, and together they connect all three.
            Assert.Equal(2, strong.Count);
            Assert.Equal(2, strong.Select(s => s.Pair).Distinct().Count());
            Assert.Equal(new[] { "crm:7", "email:olga@example.org", "shop:u1" }, strong.SelectMany(s => new[] { s.Pair.Item1, s.Pair.Item2 }).Distinct().Order(StringComparer.Ordinal));
            Assert.Contains(strong, s => s.Pair == ("email:olga@example.org", "shop:u1") && s.EvidenceRef == "customers_shop.csv:u1" && s.EvidenceSourceSystem == "shop");

            // crm:7 joined through an order carrying it and the e-mail (o2 when it came first: the first record that linked them).
            Assert.Contains(strong, s => s.Pair == ("crm:7", "email:olga@example.org") && s.EvidenceRef is "orders.csv:o1" or "orders.csv:o2");

            var device = Assert.Single(run.Links, l => l.Identifier == "device:d1" && l.LinkedIdentifier is not null);
            Assert.Equal(("shop:u1", Web("x", 10).Ts), (device.LinkedIdentifier, device.EvidenceTs));
        }
    }

    [Fact]
    public void A_record_within_one_customer_adds_no_evidence()
    {
        var run = StitchRun.Of([Customer("shop", "u1", "olga@example.org", created: 1), Order("shop", "o1", customerId: "u1", email: "olga@example.org", day: 3)]);
        var evidence = Assert.Single(run.Links, l => l.LinkedIdentifier is not null);
        Assert.Equal("customers_shop.csv:u1", evidence.EvidenceRef);
    }

    private static (string, string) Pair(IdentityLink link) =>
        string.CompareOrdinal(link.Identifier, link.LinkedIdentifier) < 0 ? (link.Identifier, link.LinkedIdentifier!) : (link.LinkedIdentifier!, link.Identifier);
}

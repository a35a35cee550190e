using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Identity.Domain;
using static CustomerStream.Identity.Tests.Records;

namespace CustomerStream.Identity.Tests;

public sealed class MergeRuleTests
{
    [Fact]
    public void Two_crm_records_with_one_email_in_different_case_and_spacing_are_one_customer()
    {
        var run = StitchRun.Of([
            Customer("crm", "1", " Ann@Example.COM ", created: 5),
            Customer("crm", "2", "ann@example.com", created: 9),
        ]);

        Assert.Equal(run.CustomerOf("crm:1"), run.CustomerOf("crm:2"));
        Assert.Equal(run.CustomerOf("crm:1"), run.CustomerOf("email:ann@example.com"));
        Assert.Single(run.Partition(run.StrongIdentifiers));
    }

    [Fact]
    public void The_links_of_an_absorbed_customer_point_to_the_survivor_even_when_the_survivor_keeps_its_id()
    {
        // The shop account is acquired first, so it survives with its own ID; the CRM customer, without an
        // e-mail, joins later through an order that carries both its id and the e-mail.
        var run = StitchRun.Of([
            Customer("shop", "u1", "olga@example.org", created: 1),
            Customer("crm", "7", created: 5),
            Order("crm", "o1", customerId: "7", email: "olga@example.org", day: 9),
        ]);

        var latest = run.Links.GroupBy(l => l.Identifier).ToDictionary(g => g.Key, g => g.MaxBy(l => l.Version)!.CustomerId);
        Assert.Equal(run.CustomerOf("shop:u1"), latest["crm:7"]);
        Assert.Equal(run.CustomerOf("shop:u1"), latest["email:olga@example.org"]);
        Assert.Single(run.Merges);
    }

    [Fact]
    public void A_malformed_email_shared_by_two_people_never_links_them()
    {
        var run = StitchRun.Of([
            Customer("crm", "1", "n/a@", created: 1),
            Customer("crm", "2", "n/a@", created: 2),
            Order("shop", "o1", email: "n/a@", customerId: "u1", day: 3),
        ]);

        Assert.NotEqual(run.CustomerOf("crm:1"), run.CustomerOf("crm:2"));
        Assert.NotEqual(run.CustomerOf("crm:1"), run.CustomerOf("shop:u1"));
        Assert.DoesNotContain(run.Links, l => l.Identifier.StartsWith("email:", StringComparison.Ordinal));
        Assert.Empty(run.Merges);
    }

    [Fact]
    public void A_guest_checkout_links_to_the_customer_only_through_its_email()
    {
        var run = StitchRun.Of([
            Customer("crm", "7", "bob@example.com", created: 1),
            Order("shop", "g-1", customerId: null, email: "BOB@example.com", day: 4, amount: 25m),
        ]);

        var bob = run.CustomerOf("crm:7");
        var order = Assert.Single(run.Facts, f => f.Fact is OrderFact);
        Assert.Equal(bob, run.Canonical(order.CustomerId));
    }

    [Fact]
    public void Same_source_customer_id_on_an_order_and_a_login_is_one_customer()
    {
        var run = StitchRun.Of([
            Order("shop", "o-1", customerId: "u-77", day: 2),
            Web("e1", 3, "login", device: "d1", user: "u-77", userSource: "shop"),
            Customer("shop", "u-77", "carl@example.com", created: 1),
        ]);

        Assert.Single(run.Partition(["shop:u-77", "email:carl@example.com"]).Distinct());
        Assert.Equal(run.CustomerOf("shop:u-77"), run.CustomerOf("email:carl@example.com"));
    }

    [Fact]
    public void An_anonymous_session_that_later_logs_in_joins_the_customer_with_its_history()
    {
        var run = StitchRun.Of([
            Web("a1", 1.0, "page_view", device: "d1", cookie: "k1", session: "s1"),
            Web("a2", 1.1, "page_view", device: "d1", cookie: "k1", session: "s1"),
            Web("l1", 1.2, "login", device: "d1", cookie: "k1", user: "u1", session: "s1"),
            Web("a3", 1.3, "page_view", device: "d1", cookie: "k1", session: "s1"),
        ]);

        var customer = run.CustomerOf("shop:u1");
        Assert.All(new[] { "a1", "a2", "l1", "a3" }, e => Assert.Equal(customer, run.OwnerOfEvent(e)));
        var anonymousId = Customer360Id.From(Identifier.Device("d1")).Value;
        var merged = Assert.Single(run.Merges);
        Assert.Equal(anonymousId, merged.MergedId);
        Assert.Equal(customer, merged.SurvivorId);
        Assert.Single(run.Facts, f => f.CustomerId == anonymousId && f.Fact is MergeFact);
    }

    [Fact]
    public void A_shared_device_never_fuses_two_people_and_follows_the_latest_login()
    {
        var run = StitchRun.Of([
            Web("ann-login", 1, "login", device: "shared", user: "ann"),
            Web("x1", 2, device: "shared"),
            Web("bob-login", 3, "login", device: "shared", user: "bob"),
            Web("x2", 4, device: "shared"),
            Web("x0", 0.5, device: "shared"), // before any login: joins the first customer who logged in
        ]);

        var ann = run.CustomerOf("shop:ann");
        var bob = run.CustomerOf("shop:bob");
        Assert.NotEqual(ann, bob);
        Assert.Equal(ann, run.OwnerOfEvent("x0"));
        Assert.Equal(ann, run.OwnerOfEvent("x1"));
        Assert.Equal(bob, run.OwnerOfEvent("x2"));
        Assert.Empty(run.Merges);
    }

    [Fact]
    public void A_late_login_moves_later_anonymous_events_to_the_new_user()
    {
        var run = StitchRun.Of([
            Web("ann-login", 1, "login", device: "shared", user: "ann"),
            Web("x2", 4, device: "shared"),
            Web("x1", 2, device: "shared"),
            Web("bob-login", 3, "login", device: "shared", user: "bob"), // arrives last
        ]);

        Assert.Equal(run.CustomerOf("shop:ann"), run.OwnerOfEvent("x1"));
        Assert.Equal(run.CustomerOf("shop:bob"), run.OwnerOfEvent("x2"));
        var moves = run.Facts.Where(f => f.Fact is WebActivityFact { EventId: "x2" }).Select(f => ((WebActivityFact)f.Fact).Action).ToList();
        Assert.Equal([AttributionAction.APPLY, AttributionAction.RETRACT, AttributionAction.APPLY], moves);
    }

    [Theory]
    [InlineData("C,A,B")]
    [InlineData("A,B,C")]
    [InlineData("B,C,A")]
    public void A_chain_A_B_then_B_C_is_one_customer_in_any_arrival_order(string order)
    {
        var records = new Dictionary<string, object>
        {
            ["A"] = Customer("crm", "a", "x@example.com", created: 3),              // crm:a – email x
            ["B"] = Order("shop", "o1", customerId: "b", email: "x@example.com", day: 5), // email x – shop:b
            ["C"] = Web("w1", 1, "signup", user: "b", userSource: "shop"),           // shop:b
        };
        var run = StitchRun.Of(order.Split(',').Select(k => records[k]));

        Assert.Single(run.Partition(run.StrongIdentifiers));
        // Acquired earliest through the signup of shop:b (day 1): the ID derives from shop:b.
        Assert.Equal(Customer360Id.From(Identifier.Parse("shop:b")).Value, run.CustomerOf("crm:a"));
    }

    [Fact]
    public void When_two_customers_merge_the_earliest_acquired_survives_and_the_other_is_an_alias()
    {
        var run = StitchRun.Of([
            Customer("crm", "late", "dora@example.com", created: 30),
            Customer("shop", "early", created: 2),
        ]);
        var loser = run.CustomerOf("crm:late");
        run.Apply(Order("shop", "o9", customerId: "early", email: "dora@example.com", day: 40, status: OrderStatus.PENDING));

        var survivor = Customer360Id.From(Identifier.Parse("shop:early")).Value;
        Assert.Equal(survivor, run.CustomerOf("crm:late"));
        var merge = Assert.Single(run.Merges);
        Assert.Equal((survivor, loser), (merge.SurvivorId, merge.MergedId));
        Assert.Equal(survivor, run.Canonical(loser));
        Assert.Single(run.Facts, f => f.Fact is MergeFact m && f.CustomerId == loser && m.SurvivorId == survivor);
        Assert.All(run.Links.GroupBy(l => l.Identifier), g => Assert.Equal(survivor, g.MaxBy(l => l.Version)!.CustomerId));
    }

    [Fact]
    public void Re_sent_and_older_versions_are_not_forwarded()
    {
        var v2 = Order("shop", "o1", customerId: "u1", day: 1, updated: 3, status: OrderStatus.REFUNDED);
        var v1 = Order("shop", "o1", customerId: "u1", day: 1, updated: 2, status: OrderStatus.APPROVED);
        var run = new StitchRun();

        Assert.Equal(IdentityOutcome.Applied, run.Apply(v2));
        Assert.Equal(IdentityOutcome.NotNewer, run.Apply(v2));
        Assert.Equal(IdentityOutcome.NotNewer, run.Apply(v1));
        Assert.Single(run.Facts, f => f.Fact is OrderFact);
        // The stale approved version still counts as acquisition evidence.
        var acquisition = run.Facts.Where(f => f.Fact is AcquisitionFact).Select(f => (AcquisitionFact)f.Fact).Last();
        Assert.Equal(Day(1), acquisition.AcquisitionTs);
    }

    [Fact]
    public void A_web_event_seen_twice_is_applied_once()
    {
        var run = new StitchRun();
        Assert.Equal(IdentityOutcome.Applied, run.Apply(Web("e1", 1, device: "d")));
        Assert.Equal(IdentityOutcome.DuplicateEvent, run.Apply(Web("e1", 1, device: "d")));
        Assert.Single(run.Facts, f => f.Fact is WebActivityFact);
    }

    [Fact]
    public void Acquisition_is_the_earliest_of_created_at_first_approved_order_and_signup()
    {
        var run = StitchRun.Of([
            Customer("crm", "1", "eve@example.com", created: 20),
            Order("shop", "o1", email: "eve@example.com", day: 15, status: OrderStatus.DECLINED),
            Order("shop", "o2", email: "eve@example.com", day: 12, status: OrderStatus.APPROVED),
            Web("s", 14, "signup", email: "eve@example.com"),
        ]);

        var id = run.CustomerOf("crm:1");
        var acquisition = run.Facts.Where(f => f.CustomerId == id && f.Fact is AcquisitionFact).Select(f => (AcquisitionFact)f.Fact).Last();
        Assert.Equal(Day(12), acquisition.AcquisitionTs);
        Assert.Equal("shop", acquisition.AcquisitionSource);
    }

    [Fact]
    public void Records_without_a_usable_identifier_are_reported_unlinkable_and_change_nothing()
    {
        var run = new StitchRun();
        Assert.Equal(IdentityOutcome.Unlinkable, run.Apply(Order("shop", "o", customerId: null, email: "bad@")));
        Assert.Equal(IdentityOutcome.Unlinkable, run.Apply(Web("w", 1)));
        Assert.Equal(IdentityOutcome.Unlinkable, run.Apply(Customer("email", "x")));
        Assert.Empty(run.Facts);
        Assert.Empty(run.Links);
    }
}

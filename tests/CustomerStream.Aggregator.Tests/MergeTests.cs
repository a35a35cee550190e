using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Aggregator.Tests;

public sealed class MergeTests
{
    private readonly FactFeed _facts = new();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Merging_two_customers_with_overlapping_months_sums_their_figures_and_removes_the_loser(int partitions)
    {
        var aggregator = new AggregatorHarness(partitions);
        aggregator.Batch(
            _facts.Order("loser", "o1", "2024-03-05", 10m, businessUnit: "retail"),
            _facts.Order("loser", "o2", "2024-04-05", 20m),
            _facts.Web("loser", "e1", "2024-03-06", "page_view", "s1"),
            _facts.Identifier("loser", "email:ann@example.com"),
            _facts.Acquisition("loser", "2023-01-01", "crm"),
            _facts.Order("survivor", "o3", "2024-03-20", 5m, businessUnit: "retail"),
            _facts.Web("survivor", "e2", "2024-03-21", "page_view", "s2"),
            _facts.Identifier("survivor", "shop:u-77"),
            _facts.Acquisition("survivor", "2023-06-01", "shop"));

        var changes = aggregator.Batch(_facts.MergeAnnounced("loser", "survivor", "email:ann@example.com"));

        var removed = changes.Single(c => c.CustomerId == "loser");
        Assert.True(removed.Removed);
        Assert.Equal("survivor", removed.MergedInto);
        Assert.Null(removed.Summary);
        Assert.False(aggregator.View.Customers.ContainsKey("loser"));

        var survivor = aggregator.View.Customers["survivor"];
        var march = survivor.Rows[Keys.Month("2024-03")];
        Assert.Equal(2, march.OrderCount);
        Assert.Equal(15m, march.Revenue);
        Assert.Equal(2, march.WebSessions);
        Assert.Equal(2, march.PageViews);
        Assert.Equal(T.Of("2024-03-05"), march.FirstOrderTs);
        Assert.Equal(15m, survivor.Rows[Keys.Month("2024-03", "retail")].Revenue);
        Assert.Equal(20m, survivor.Rows[Keys.Month("2024-04")].Revenue);
        Assert.Equal(35m, survivor.Rows[Keys.Year("2024")].Revenue);
        Assert.Equal(3, survivor.Orders.Count);
        Assert.Equal(35m, survivor.Summary!.LifetimeValue);
        Assert.Equal(["email:ann@example.com", "shop:u-77"], survivor.Summary.Identifiers);
        Assert.Equal(T.Of("2023-01-01"), survivor.Summary.AcquisitionTs);
        Assert.Equal("crm", survivor.Summary.AcquisitionSource);
        Assert.Empty(aggregator.View.ProfileVersionViolations);
    }

    [Fact]
    public void A_transfer_delivered_twice_is_folded_once()
    {
        var aggregator = new AggregatorHarness { DeliverTransfersAutomatically = false };
        aggregator.Batch(_facts.Order("loser", "o1", "2024-03-05", 10m), _facts.Order("survivor", "o2", "2024-03-06", 5m));
        aggregator.Batch(_facts.Merge("loser", "survivor"));
        var transfer = Assert.Single(aggregator.InFlight);

        aggregator.DeliverTransfers([transfer, transfer]);
        Assert.Equal(FactOutcome.Duplicate, aggregator.LastOutcome);
        Assert.Empty(aggregator.DeliverTransfers([transfer]));

        Assert.Equal(15m, aggregator.View.Customers["survivor"].Rows[Keys.Month("2024-03")].Revenue);
    }

    [Fact]
    public void The_same_entity_on_both_sides_of_a_merge_is_counted_once_newest_version_winning()
    {
        var aggregator = new AggregatorHarness();
        aggregator.Batch(
            _facts.Order("loser", "o1", "2024-03-05", 10m, updatedAt: "2024-03-09"),
            _facts.Order("survivor", "o1", "2024-03-05", 10m, OrderStatus.REFUNDED, updatedAt: "2024-03-20"),
            _facts.Order("loser", "o2", "2024-03-05", 7m, OrderStatus.REFUNDED, updatedAt: "2024-03-25"),
            _facts.Order("survivor", "o2", "2024-03-05", 7m, updatedAt: "2024-03-06"),
            _facts.Customer("loser", "1", "2024-05-01", firstName: "New"),
            _facts.Customer("survivor", "1", "2024-04-01", firstName: "Old"));

        aggregator.Batch(_facts.Merge("loser", "survivor"));

        var survivor = aggregator.View.Customers["survivor"];
        var march = survivor.Rows[Keys.Month("2024-03")];
        Assert.Equal(0, march.OrderCount);
        Assert.Equal(17m, march.RefundedAmount);
        Assert.Equal(OrderStatus.REFUNDED, survivor.Orders["shop:o1"].Status);
        Assert.Equal(OrderStatus.REFUNDED, survivor.Orders["shop:o2"].Status);
        Assert.Equal("New", survivor.Summary!.FirstName);
    }

    [Fact]
    public void Facts_the_survivor_received_before_the_transfer_arrives_are_kept()
    {
        var aggregator = new AggregatorHarness { DeliverTransfersAutomatically = false };
        aggregator.Batch(_facts.Web("loser", "e1", "2024-03-01"), _facts.Order("loser", "o1", "2024-03-01", 10m));
        aggregator.Batch(_facts.Merge("loser", "survivor"));

        // Identity now addresses the survivor: it moves e1 away and corrects o1, before the transfer lands.
        aggregator.Batch(
            _facts.Retract("survivor", "e1", "2024-03-01"),
            _facts.Order("survivor", "o1", "2024-03-01", 12m, updatedAt: "2024-03-02"));
        aggregator.DeliverTransfers();

        var survivor = aggregator.View.Customers["survivor"];
        Assert.Equal(12m, survivor.Rows[Keys.Month("2024-03")].Revenue);
        Assert.Equal(0, survivor.Rows[Keys.Month("2024-03")].PageViews);
        Assert.Equal(12m, survivor.Summary!.LifetimeValue);
    }

    [Fact]
    public void A_transfer_reaching_a_customer_that_was_merged_away_meanwhile_is_forwarded()
    {
        var aggregator = new AggregatorHarness(partitions: 3) { DeliverTransfersAutomatically = false };
        aggregator.Batch(
            _facts.Order("a", "o1", "2024-01-01", 1m),
            _facts.Order("b", "o2", "2024-01-01", 10m),
            _facts.Order("c", "o3", "2024-01-01", 100m));
        aggregator.Batch(_facts.MergeAnnounced("a", "b", "crm:a"));
        var aToB = Assert.Single(aggregator.InFlight);

        // b is merged into c before a's state reached b.
        aggregator.Batch(_facts.MergeAnnounced("b", "c", "crm:b"));
        var bToC = aggregator.InFlight.Single(t => t.LoserId == "b");
        aggregator.DeliverTransfers([bToC]);
        aggregator.DeliverTransfers([aToB]);
        Assert.Equal(FactOutcome.Forwarded, aggregator.LastOutcome);
        aggregator.DeliverTransfers();

        Assert.Equal(["c"], aggregator.View.Customers.Keys);
        Assert.Equal(111m, aggregator.View.Customers["c"].Summary!.LifetimeValue);

        // A redelivery of a's transfer is forwarded again and dropped at c.
        aggregator.DeliverTransfers([aToB]);
        aggregator.DeliverTransfers();
        Assert.Equal(FactOutcome.Duplicate, aggregator.LastOutcome);
        Assert.Equal(111m, aggregator.View.Customers["c"].Summary!.LifetimeValue);
    }

    [Fact]
    public void A_forwarded_transfer_joins_the_life_of_the_id_that_absorbed_its_holder()
    {
        var aggregator = new AggregatorHarness(partitions: 2) { DeliverTransfersAutomatically = false };
        IdentityFact[] facts =
        [
            _facts.Order("x", "o1", "2024-01-01", 1m),
            _facts.Order("b", "o2", "2024-01-01", 10m),
            .. _facts.MergeAnnounced("x", "a", "crm:x"),
            .. _facts.MergeAnnounced("b", "c", "crm:b"),
            _facts.Order("b", "o3", "2024-01-01", 100m),
            .. _facts.MergeAnnounced("a", "b", "crm:a"),
        ];
        aggregator.Batch(facts);

        // x's state reaches a only after a was merged into b's second life (b had been merged into c before).
        aggregator.DeliverTransfers(aggregator.InFlight.Where(t => t.LoserId != "x").ToList());
        aggregator.DeliverTransfers();
        aggregator.DeliverTransfers();

        Assert.Equal(101m, aggregator.View.Customers["b"].Summary!.LifetimeValue);
        Assert.Equal(10m, aggregator.View.Customers["c"].Summary!.LifetimeValue);
        Assert.Empty(ViewComparison.Differences(ReferenceModel.From(facts).Expected(), aggregator.View.Customers));
    }

    [Fact]
    public void A_transfer_that_overtakes_its_survivors_own_earlier_merge_waits_for_it()
    {
        var lOrder = _facts.Order("l", "o3", "2024-03-01", 100m);
        var sOrder = _facts.Order("s", "o1", "2024-01-01", 1m);
        var sMerged = _facts.Merge("s", "t");
        var sBack = _facts.Order("s", "o2", "2024-02-01", 10m);
        var lMerged = _facts.MergeAnnounced("l", "s", "crm:l");

        // l lives in another task, which ships l's state as soon as it reads the merge (seq 5) ...
        var lTask = new AggregatorHarness { DeliverTransfersAutomatically = false };
        lTask.Batch(lOrder, lMerged[0]);
        var transfer = Assert.Single(lTask.InFlight);

        // ... while the task of s has only read seq 2: s's own merge into t (seq 3) and its return (seq 4)
        // are still ahead. Folded now, l's state would leave with s's first life for t.
        var sTask = new AggregatorHarness { DeliverTransfersAutomatically = false };
        sTask.Batch(sOrder);
        sTask.DeliverTransfers([transfer]);
        Assert.Equal(FactOutcome.Parked, sTask.LastOutcome);
        Assert.Equal(1, sTask.ParkedTransfers);

        sTask.Batch(sMerged, sBack, lMerged[1]);
        sTask.DeliverTransfers();

        Assert.Equal(0, sTask.ParkedTransfers);
        Assert.Equal(110m, sTask.View.Customers["s"].Summary!.LifetimeValue);
        Assert.Equal(1m, sTask.View.Customers["t"].Summary!.LifetimeValue);
    }

    [Fact]
    public void A_chain_of_merges_carries_absorbed_transfers_so_redeliveries_stay_duplicates()
    {
        var aggregator = new AggregatorHarness { DeliverTransfersAutomatically = false };
        aggregator.Batch(_facts.Order("a", "o1", "2024-01-01", 1m), _facts.Order("b", "o2", "2024-01-01", 10m));
        aggregator.Batch(_facts.Merge("a", "b"));
        var aToB = Assert.Single(aggregator.InFlight);
        aggregator.DeliverTransfers();
        aggregator.Batch(_facts.Merge("b", "c"));
        aggregator.DeliverTransfers();

        aggregator.DeliverTransfers([aToB]);
        aggregator.DeliverTransfers();

        Assert.Equal(11m, aggregator.View.Customers["c"].Summary!.LifetimeValue);
        Assert.Contains(aToB.Id, aggregator.StateOf("c")!.AppliedTransfers);
    }

    [Fact]
    public void A_merged_id_that_becomes_an_anchor_again_starts_empty_and_its_version_keeps_rising()
    {
        var aggregator = new AggregatorHarness();
        aggregator.Batch(_facts.Order("x", "o1", "2024-01-01", 10m), _facts.Customer("x", "1", "2024-01-01", firstName: "Ann"));
        aggregator.Batch(_facts.Merge("x", "y"));
        var tombstone = aggregator.StateOf("x")!;
        Assert.True(tombstone.Removed);
        Assert.True(tombstone.HasNoEntities);
        Assert.Equal("y", tombstone.MergedInto);

        // A late duplicate from before the merge is still recognized.
        Assert.Empty(aggregator.Batch(new IdentityFact { CustomerId = "x", Seq = 1, Fact = new MergeFact { SurvivorId = "z" } }));

        aggregator.Batch(_facts.Order("x", "o9", "2024-06-01", 3m));

        var x = aggregator.View.Customers["x"];
        Assert.Equal(3m, x.Summary!.LifetimeValue);
        Assert.Null(x.Summary.FirstName);
        Assert.Equal(["o9"], x.Orders.Values.Select(o => o.OrderId));
        Assert.Equal(10m, aggregator.View.Customers["y"].Summary!.LifetimeValue);
        var versions = aggregator.Changes.Where(c => c.CustomerId == "x").Select(c => c.Version).ToList();
        Assert.Equal([1L, 2L, 3L], versions);
        var profile = aggregator.ProfileChanges.Last(p => p.CustomerId == "x");
        Assert.Equal(ProfileFields.All, profile.ChangedFields);
    }

    [Fact]
    public void A_merge_and_a_reactivation_in_one_batch_emit_the_removal_first()
    {
        var aggregator = new AggregatorHarness();
        aggregator.Batch(_facts.Order("x", "o1", "2024-01-01", 10m));

        var changes = aggregator.Batch(_facts.Merge("x", "y"), _facts.Order("x", "o2", "2024-02-01", 2m));

        var ofX = changes.Where(c => c.CustomerId == "x").ToList();
        Assert.Equal(2, ofX.Count);
        Assert.True(ofX[0].Removed);
        Assert.False(ofX[1].Removed);
        Assert.True(ofX[1].Version > ofX[0].Version);
        Assert.Equal(2m, aggregator.View.Customers["x"].Summary!.LifetimeValue);
        Assert.False(aggregator.View.Customers["x"].Rows.ContainsKey(Keys.Month("2024-01")));
        Assert.Equal(10m, aggregator.View.Customers["y"].Summary!.LifetimeValue);
    }

    [Fact]
    public void A_transfer_for_a_survivor_never_seen_creates_it()
    {
        var aggregator = new AggregatorHarness();
        aggregator.Batch(_facts.Customer("p", "1", "2024-01-01"), _facts.Web("p", "e1", "2024-01-02"));

        aggregator.Batch(_facts.Merge("p", "fresh"));

        var fresh = aggregator.View.Customers["fresh"];
        Assert.Equal(VisibilityStatus.VISIBLE, fresh.Summary!.VisibilityStatus);
        Assert.Equal(1, fresh.Rows[Keys.Month("2024-01")].PageViews);
    }
}

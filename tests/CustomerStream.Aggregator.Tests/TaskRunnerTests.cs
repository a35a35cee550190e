using CustomerStream.Aggregator.Processing;
using CustomerStream.Aggregator.Tests.Support;

namespace CustomerStream.Aggregator.Tests;

public sealed class TaskRunnerTests
{
    private readonly FactFeed _facts = new();
    private readonly TransactionalStore _store = new();
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Within_one_incarnation_versions_rise_by_one_from_the_floor()
    {
        var runner = new AggregatorTaskRunner(_store, _clock);
        var floor = runner.VersionFloor;

        runner.Process(_facts.Order("c1", "o1", "2024-01-01"));
        var first = runner.EndBatch(T.Of("2025-01-01"));
        _store.Commit();
        runner.Process(_facts.Order("c1", "o2", "2024-01-02"));
        var second = runner.EndBatch(T.Of("2025-01-01"));
        _store.Commit();

        Assert.Equal(floor, Assert.Single(first.Changes).Version);
        Assert.Equal(floor + 1, Assert.Single(second.Changes).Version);
        Assert.Equal(1, runner.Incarnations);
        Assert.Equal(1_735_689_600_000_000, floor);
    }

    [Fact]
    public void After_an_abandoned_batch_the_replay_publishes_above_what_the_lost_batch_published()
    {
        var runner = new AggregatorTaskRunner(_store, _clock);
        var order = _facts.Order("c1", "o1", "2024-01-01", 10m);
        runner.Process(order);
        var committed = runner.EndBatch(T.Of("2025-01-01"));
        _store.Commit();

        // A batch is processed and its outputs published, then the runtime abandons it (rolled back).
        var refund = _facts.Order("c1", "o1", "2024-01-01", 10m, Contracts.Ingest.OrderStatus.REFUNDED, updatedAt: "2024-02-01");
        runner.Process(refund);
        var lost = runner.EndBatch(T.Of("2025-01-01"));
        _store.Abandon();
        _clock.Advance(TimeSpan.FromSeconds(1));

        runner.Process(refund);
        var replay = runner.EndBatch(T.Of("2025-01-01"));
        _store.Commit();

        Assert.Equal(2, runner.Incarnations);
        Assert.True(Assert.Single(replay.Changes).Version > Assert.Single(lost.Changes).Version);
        Assert.True(replay.Changes[0].Version > committed.Changes[0].Version);
        var profile = Assert.Single(replay.ProfileChanges);
        Assert.Equal(10m, profile.Profile.RefundedAmount);
    }

    [Fact]
    public void A_batch_abandoned_before_its_end_leaves_nothing_in_memory()
    {
        var runner = new AggregatorTaskRunner(_store, _clock);
        runner.Process(_facts.Order("c1", "o1", "2024-01-01", 10m));
        runner.Abandon();
        _store.Abandon();

        runner.Process(_facts.Order("c1", "o2", "2024-01-01", 5m));
        var batch = runner.EndBatch(T.Of("2025-01-01"));

        Assert.Equal(5m, Assert.Single(batch.Changes).Summary!.LifetimeValue);
        Assert.Equal(2, runner.Incarnations);
    }
}

using CustomerStream.Aggregator.Processing;
using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Streaming.Processing;

namespace CustomerStream.Aggregator.Tests;

public sealed class TaskRunnerTests
{
    private static readonly long Epoch = 1L << BatchVersions.SequenceBits;
    private readonly FactFeed _facts = new();
    private readonly TransactionalStore _store = new();

    [Fact]
    public void A_change_carries_the_version_of_its_batch_whatever_the_clock()
    {
        var runner = new AggregatorTaskRunner(_store);

        runner.Process(_facts.Order("c1", "o1", "2024-01-01"));
        var first = runner.EndBatch(T.Of("2031-01-01"), Epoch | 7);
        _store.Commit();
        runner.Process(_facts.Order("c1", "o2", "2024-01-02"));
        var second = runner.EndBatch(T.Of("2021-01-01"), Epoch | 8);
        _store.Commit();

        Assert.Equal(Epoch | 7, Assert.Single(first.Changes).Version);
        Assert.Equal(Epoch | 8, Assert.Single(second.Changes).Version);
        Assert.Equal(1, runner.Incarnations);
    }

    [Fact]
    public void After_an_abandoned_batch_the_replay_in_a_new_epoch_publishes_above_what_the_lost_batch_published()
    {
        var runner = new AggregatorTaskRunner(_store);
        var order = _facts.Order("c1", "o1", "2024-01-01", 10m);
        runner.Process(order);
        var committed = runner.EndBatch(T.Of("2025-01-01"), Epoch | 1);
        _store.Commit();

        // A batch is processed and its outputs published, then the runtime abandons it (rolled back) and takes a new epoch.
        var refund = _facts.Order("c1", "o1", "2024-01-01", 10m, Contracts.Ingest.OrderStatus.REFUNDED, updatedAt: "2024-02-01");
        runner.Process(refund);
        var lost = runner.EndBatch(T.Of("2025-01-01"), Epoch | 2);
        _store.Abandon();

        runner.Process(refund);
        var replay = runner.EndBatch(T.Of("2025-01-01"), 2 * Epoch);
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
        var runner = new AggregatorTaskRunner(_store);
        runner.Process(_facts.Order("c1", "o1", "2024-01-01", 10m));
        runner.Abandon();
        _store.Abandon();

        runner.Process(_facts.Order("c1", "o2", "2024-01-01", 5m));
        var batch = runner.EndBatch(T.Of("2025-01-01"), Epoch);

        Assert.Equal(5m, Assert.Single(batch.Changes).Summary!.LifetimeValue);
        Assert.Equal(2, runner.Incarnations);
    }

    [Fact]
    public void A_state_stored_with_a_higher_clock_based_version_still_rises_by_one()
    {
        // Versions stored before they came from the runtime were microseconds of the clock: never go below them.
        var runner = new AggregatorTaskRunner(_store);
        runner.Process(_facts.Order("c1", "o1", "2024-01-01"));
        runner.EndBatch(T.Of("2025-01-01"), 1_735_689_600_000_000);
        _store.Commit();
        runner.Process(_facts.Order("c1", "o2", "2024-01-02"));

        Assert.Equal(1_735_689_600_000_001, Assert.Single(runner.EndBatch(T.Of("2025-01-01"), Epoch | 3).Changes).Version);
    }
}

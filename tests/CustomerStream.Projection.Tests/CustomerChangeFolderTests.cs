using CustomerStream.Contracts.Aggregate;
using CustomerStream.Projection.Writing;
using static CustomerStream.Projection.Tests.Changes;

namespace CustomerStream.Projection.Tests;

public sealed class CustomerChangeFolderTests
{
    private static readonly Dictionary<string, long> Nothing = [];

    [Fact]
    public void Changes_at_or_below_the_stored_version_are_skipped()
    {
        var folded = CustomerChangeFolder.Fold([Change("c", 3), Change("c", 4), Change("c", 5)], new Dictionary<string, long> { ["c"] = 4 }, out var skipped);

        Assert.Equal(2, skipped);
        Assert.Equal(5, Assert.Single(folded).Version);
    }

    [Fact]
    public void A_duplicate_within_the_batch_is_applied_once()
    {
        var folded = CustomerChangeFolder.Fold([Change("c", 1, 10), Change("c", 1, 10)], Nothing, out var skipped);

        Assert.Equal(1, skipped);
        Assert.Equal(1, Assert.Single(folded).AppliedChanges);
    }

    [Fact]
    public void Later_versions_replace_rows_with_the_same_key_and_keep_the_others()
    {
        var folded = Assert.Single(CustomerChangeFolder.Fold(
            [Change("c", 2, 0, Month(2025, 2, 20)), Change("c", 1, 0, Month(2025, 1, 10), Month(2025, 2, 5))], Nothing, out _));

        Assert.Equal(2, folded.Periods.Count);
        Assert.Equal([10m, 20m], folded.Periods.Values.OrderBy(r => r.PeriodStart).Select(r => r.Revenue));
    }

    [Fact]
    public void A_removal_drops_what_was_folded_before_it_and_a_revival_starts_afresh()
    {
        var removal = new CustomerChange { CustomerId = "c", Version = 2, Removed = true, MergedInto = "s" };
        var removed = Assert.Single(CustomerChangeFolder.Fold([Change("c", 1, 10, Month(2025, 1, 10)), removal], Nothing, out _));
        Assert.True(removed.Removed);
        Assert.True(removed.ClearStoredRows);
        Assert.Equal("s", removed.MergedInto);
        Assert.Empty(removed.Periods);
        Assert.Null(removed.Summary);

        var revived = Assert.Single(CustomerChangeFolder.Fold([removal, Change("c", 3, 7, Month(2025, 3, 7))], Nothing, out _));
        Assert.False(revived.Removed);
        Assert.True(revived.ClearStoredRows);
        Assert.Null(revived.MergedInto);
        Assert.Equal(7m, Assert.Single(revived.Periods.Values).Revenue);
    }

    [Fact]
    public void The_latest_summary_wins_and_a_change_without_one_keeps_it()
    {
        var rowsOnly = Change("c", 3);
        rowsOnly.Summary = null;
        var folded = Assert.Single(CustomerChangeFolder.Fold([Change("c", 1, 10), Change("c", 2, 20), rowsOnly], Nothing, out _));

        Assert.Equal(20m, folded.Summary!.LifetimeValue);
        Assert.Equal(3, folded.Version);
    }

    [Fact]
    public void Unit_rows_and_all_unit_rows_of_the_same_period_are_different_rows()
    {
        var folded = Assert.Single(CustomerChangeFolder.Fold([Change("c", 1, 0, Month(2025, 1, 10), Month(2025, 1, 4, unit: "retail"), Month(2025, 1, 6, unit: "online"))], Nothing, out _));

        Assert.Equal(3, folded.Periods.Count);
    }
}

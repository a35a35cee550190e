using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Projection.Storage;
using CustomerStream.Projection.Writing;
using Npgsql;
using static CustomerStream.Projection.Tests.Changes;

namespace CustomerStream.Projection.Tests;

/// <summary>
/// The figures that depend on the whole population: the customer count is exact after every batch (kept by
/// triggers), the RFM quintiles and cohort retention are as of the last global refresh, which swaps them in
/// at once and never holds a reader up.
/// </summary>
public sealed class GlobalFiguresTests : IAsyncLifetime
{
    private readonly MartDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task The_count_audit_is_exact_after_every_batch_without_a_refresh()
    {
        var (a, b, c, d) = (NewCustomerId(), NewCustomerId(), NewCustomerId(), NewCustomerId());
        var test = Change(c, 1, 5m);
        test.Summary = Summary(5m, VisibilityStatus.TEST);
        await Apply(Change(a, 1, 10m), Change(b, 1, 20m), test, Change(d, 1));
        await AssertCountsMatchTheLiveCustomersAsync(visible: 3);

        // b turns test, d is merged away (its removal and the merge in separate batches, in either order), a is re-sent.
        var bTest = Change(b, 2, 20m);
        bTest.Summary = Summary(20m, VisibilityStatus.TEST);
        await Apply(bTest, Change(a, 1, 10m));
        await Apply(new CustomerMerged { EventId = "m1", MergedId = d, SurvivorId = a, Version = 9, MergedAt = At, Reason = "test" });
        await AssertCountsMatchTheLiveCustomersAsync(visible: 1);
        await Apply(new CustomerChange { CustomerId = d, Version = 2, ChangedAt = At, Removed = true, MergedInto = a });
        await AssertCountsMatchTheLiveCustomersAsync(visible: 1);

        // Folding the deltas changes nothing that is read.
        await _db.RefreshAsync();
        await AssertCountsMatchTheLiveCustomersAsync(visible: 1);
        Assert.Equal(2L, await _db.ScalarAsync<long>("SELECT customers FROM mart.customer_count_audit WHERE visibility_status = 'test'"));
    }

    [Fact]
    public async Task Between_refreshes_a_customers_own_figures_are_current_and_its_quintiles_use_the_last_boundaries()
    {
        var ids = Enumerable.Range(1, 50).Select(_ => NewCustomerId()).ToList();
        await Apply([.. ids.Select((id, i) => Change(id, 1, 10m * (i + 1), Month(2025, 1, 10m * (i + 1))))]);
        var first = await _db.RefreshAsync();
        await AssertScoresAreNtileAsync();

        // The cheapest customer becomes the most valuable: its lifetime value and tier change with the batch, its M
        // score is placed among the boundaries of the last refresh (above all of them), the refresh time stays.
        var riser = ids[0];
        await Apply(Change(riser, 2, 5_000m, Month(2025, 1, 5_000m)));
        var row = (await _db.QueryAsync("SELECT monetary, m_score, scores_as_of FROM mart.customer_rfm WHERE customer_id = $1", riser))[0];
        Assert.Equal(5_000m, row[0]);
        Assert.Equal(5, row[1]);
        Assert.Equal(first.ScoresAsOf, new DateTimeOffset((DateTime)row[2]!));
        Assert.Equal("Platinum", await _db.ScalarAsync<string>("SELECT tier FROM mart.customer_profile WHERE customer_id = $1", riser));

        // The boundaries did not move, so the customer it overtook kept a score the next ranking will lower.
        var refreshed = await _db.RefreshAsync();
        Assert.True(refreshed.ScoresAsOf > first.ScoresAsOf);
        await AssertScoresAreNtileAsync();
    }

    [Fact]
    public async Task A_refresh_in_progress_holds_no_reader_up_and_shows_nothing_half_written()
    {
        var ids = Enumerable.Range(1, 20).Select(_ => NewCustomerId()).ToList();
        await Apply([.. ids.Select((id, i) => Change(id, 1, 10m * (i + 1), Month(2025, 2, 10m * (i + 1))))]);
        var before = await _db.RefreshAsync();
        await Apply(Change(NewCustomerId(), 1, 999m, Month(2025, 3, 999m)));

        await using var refreshing = await _db.DataSource.OpenConnectionAsync();
        await using var transaction = await refreshing.BeginTransactionAsync();
        await MartRefresher.RefreshInTransactionAsync(transaction, CancellationToken.None);

        // The refresh holds its row locks until it commits. A reader that had to wait for them would fail here
        // rather than hang (lock_timeout); it gets the previous figures, whole.
        await using (var reader = await _db.DataSource.OpenConnectionAsync())
        {
            await using var timeout = new NpgsqlCommand("SET lock_timeout = '5s'", reader);
            await timeout.ExecuteNonQueryAsync();
            await using var read = new NpgsqlCommand(
                "SELECT (SELECT max(scores_as_of) FROM mart.customer_rfm), (SELECT count(*) FROM mart.cohort_retention WHERE computed_at = $1), (SELECT count(*) FROM mart.cohort_retention)", reader);
            read.Parameters.Add(new NpgsqlParameter { Value = before.ScoresAsOf });
            await using var rows = await read.ExecuteReaderAsync();
            await rows.ReadAsync();
            Assert.Equal(before.ScoresAsOf, rows.GetFieldValue<DateTimeOffset>(0));
            Assert.Equal(rows.GetInt64(2), rows.GetInt64(1));
        }

        await transaction.CommitAsync();
        Assert.True(await _db.ScalarAsync<DateTime>("SELECT max(scores_as_of) FROM mart.customer_rfm") > before.ScoresAsOf.UtcDateTime);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM mart.cohort_retention WHERE computed_at <> (SELECT max(computed_at) FROM mart.cohort_retention)"));
    }

    [Fact]
    public async Task The_writer_scores_with_the_same_rules_as_the_refresh()
    {
        // Every recency around the thresholds and every combination of scores: C# (the writer) and SQL (the refresh) agree.
        foreach (var recency in new[] { 0, 29, 30, 31, 60, 61, 90, 91, 180, 181, 1000 })
        {
            Assert.Equal(await _db.ScalarAsync<int>("SELECT projection.rfm_r_score($1)", recency), RfmScorer.RScore(recency));
        }

        var combinations = Enumerable.Range(0, 125).Select(i => (R: i / 25 + 1, F: i / 5 % 5 + 1, M: i % 5 + 1)).ToList();
        var sql = await _db.QueryAsync("SELECT r, f, m, projection.rfm_segment(r, f, m) FROM unnest($1::int[], $2::int[], $3::int[]) AS x(r, f, m)",
            combinations.Select(c => c.R).ToArray(), combinations.Select(c => c.F).ToArray(), combinations.Select(c => c.M).ToArray());
        Assert.Equal(125, sql.Count);
        foreach (var row in sql)
        {
            Assert.Equal((string)row[3]!, RfmScorer.Segment((int)row[0]!, (int)row[1]!, (int)row[2]!));
        }
    }

    [Fact]
    public async Task A_customer_written_after_a_refresh_gets_the_scores_the_refresh_would_give_when_nothing_else_moved()
    {
        var ids = Enumerable.Range(1, 40).Select(_ => NewCustomerId()).ToList();
        await Apply([.. ids.Select((id, i) => Change(id, 1, 10m * (i + 1), Month(2025, 1, 10m * (i + 1))))]);
        await _db.RefreshAsync();

        // Re-sending the same figures (a newer version) through the writer reproduces the refresh's scores.
        var before = await _db.QueryAsync("SELECT customer_id, r_score, f_score, m_score, segment FROM mart.customer_rfm");
        await Apply([.. ids.Select((id, i) => Change(id, 2, 10m * (i + 1), Month(2025, 1, 10m * (i + 1))))]);
        Assert.Equal(2L, await _db.ScalarAsync<long>("SELECT min(version) FROM mart.customer_profile WHERE customer_id = ANY($1)", (object)ids.ToArray()));
        await RowAssert.SameRowsAsync(_db, before.Select(r => Model.Row.Of(r)), "SELECT customer_id, r_score, f_score, m_score, segment FROM mart.customer_rfm");
    }

    private Task Apply(params object[] records) => _db.Writer.ApplyAsync(Batch(records), CancellationToken.None);

    // The definition the counts keep: live customers by visibility status.
    private async Task AssertCountsMatchTheLiveCustomersAsync(long visible)
    {
        await RowAssert.SameRowsAsync(_db,
            (await _db.QueryAsync("""
                SELECT b.s, COALESCE(n.c, 0) FROM (VALUES ('visible'), ('test'), ('deleted'), ('anonymous')) b(s)
                LEFT JOIN (SELECT visibility_status, count(*) AS c FROM projection.customer WHERE live GROUP BY 1) n ON n.visibility_status = b.s
                """)).Select(r => Model.Row.Of(r)),
            "SELECT visibility_status, customers FROM mart.customer_count_audit");
        Assert.Equal(visible, await _db.ScalarAsync<long>("SELECT customers FROM mart.customer_count_audit WHERE visibility_status = 'visible'"));
    }

    // Right after a refresh the stored boundaries give exactly ntile(5) over the visible customers with an order.
    private async Task AssertScoresAreNtileAsync()
    {
        var ntile = await _db.QueryAsync("""
            SELECT customer_id, ntile(5) OVER (ORDER BY frequency, customer_id COLLATE "C"), ntile(5) OVER (ORDER BY monetary, customer_id COLLATE "C")
            FROM mart.customer_rfm
            """);
        await RowAssert.SameRowsAsync(_db, ntile.Select(r => Model.Row.Of(r)), "SELECT customer_id, f_score::bigint, m_score::bigint FROM mart.customer_rfm");
    }
}

using CustomerStream.Projection.Rebuild;
using CustomerStream.Projection.Tests.Model;

namespace CustomerStream.Projection.Tests;

/// <summary>Marts are projections: dropping them and replaying the retained log rebuilds the same rows.</summary>
public sealed class RebuildTests(RebuildTests.StreamedLog fixture) : IClassFixture<RebuildTests.StreamedLog>
{
    private const string DownstreamQuery = """
        SELECT p.customer_id, p.tier, p.segment, m.period_start, m.revenue, count(o.order_id) AS orders, sum(o.amount) AS amount
        FROM mart.customer_profile p
        JOIN mart.customer_month m ON m.customer_id = p.customer_id
        LEFT JOIN mart.orders o ON o.customer_id = p.customer_id
             AND o.status = 'approved' AND date_trunc('month', o.order_ts AT TIME ZONE 'UTC')::date = m.period_start
        WHERE p.visibility_status = 'visible'
        GROUP BY 1, 2, 3, 4, 5
        """;

    private MartDatabase Db => fixture.Database;

    [Fact]
    public async Task A_full_rebuild_from_the_log_reproduces_every_mart_row()
    {
        var before = await SnapshotAsync();
        var downstream = await RowsAsync(DownstreamQuery);

        await using (var session = await new MartRebuilder(Db.DataSource, Db.Store).BeginAsync(RebuildScope.Everything, CancellationToken.None))
        {
            Assert.True(session.ClearedRows > 0);
            foreach (var batch in fixture.Log.Batches(seed: 99, maxBatch: 400))
            {
                await session.ApplyAsync(batch, CancellationToken.None);
            }

            await session.CommitAsync(CancellationToken.None);
        }

        await AssertSameAsync(before, await SnapshotAsync());
        RowAssert.Same(downstream, await RowsAsync(DownstreamQuery), "downstream query before and after rebuild");
    }

    [Fact]
    public async Task A_business_unit_rebuild_regenerates_that_units_rows_and_touches_nothing_else()
    {
        var before = await SnapshotAsync();
        // Damage the unit's rows (and only those) the way a bad deployment might.
        await Db.QueryAsync("UPDATE projection.customer_period_unit SET revenue = revenue + 1 WHERE business_unit = 'retail'");
        await Db.QueryAsync("DELETE FROM projection.customer_period_unit WHERE business_unit = 'retail' AND grain = 'year'");

        await using (var session = await new MartRebuilder(Db.DataSource, Db.Store).BeginAsync(RebuildScope.ForBusinessUnit("retail"), CancellationToken.None))
        {
            foreach (var batch in fixture.Log.Batches(seed: 5, maxBatch: 300))
            {
                await session.ApplyAsync(batch, CancellationToken.None);
            }

            await session.CommitAsync(CancellationToken.None);
        }

        await AssertSameAsync(before, await SnapshotAsync());
    }

    private Task<Dictionary<string, List<string>>> SnapshotAsync() => MartSnapshot.TakeAsync(Db);

    private async Task<List<string>> RowsAsync(string sql) => (await Db.QueryAsync(sql)).Select(r => Row.Of(r)).ToList();

    private static Task AssertSameAsync(Dictionary<string, List<string>> before, Dictionary<string, List<string>> after)
    {
        MartSnapshot.AssertSame(before, after, "before and after rebuild");
        return Task.CompletedTask;
    }

    /// <summary>A database fed live from a change log, and the log itself (what the retained topics hold).</summary>
    public sealed class StreamedLog : IAsyncLifetime
    {
        public MartDatabase Database { get; } = new();

        public ChangeStream Log { get; } = ChangeStream.From(Population.Generate(customers: 200, seed: 21), seed: 22);

        public async Task InitializeAsync()
        {
            await Database.InitializeAsync();
            foreach (var batch in Log.Batches(seed: 23))
            {
                await Database.Writer.ApplyAsync(batch, CancellationToken.None);
            }
        }

        public Task DisposeAsync() => Database.DisposeAsync();
    }
}

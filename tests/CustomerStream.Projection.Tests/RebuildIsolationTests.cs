using CustomerStream.Projection.Rebuild;
using static CustomerStream.Projection.Tests.Changes;

namespace CustomerStream.Projection.Tests;

public sealed class RebuildIsolationTests(MartDatabase db) : IClassFixture<MartDatabase>
{
    [Fact]
    public async Task During_a_rebuild_readers_see_the_old_rows_and_live_batches_wait_for_it()
    {
        var existing = NewCustomerId();
        await db.Writer.ApplyAsync(Batch(Change(existing, 1, 10, Month(2025, 1, 10))), CancellationToken.None);

        var session = await new MartRebuilder(db.DataSource, db.Store).BeginAsync(RebuildScope.Everything, CancellationToken.None);
        Task live;
        await using (session)
        {
            Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM mart.customer_profile"));

            var newcomer = NewCustomerId();
            live = db.Writer.ApplyAsync(Batch(Change(newcomer, 1, 20, Month(2025, 2, 20))), CancellationToken.None);
            await WaitForAdvisoryLockWaiterAsync();
            Assert.False(live.IsCompleted);
        }

        // Disposed without commit: the rebuild rolled back, the live batch went through afterwards.
        await live;
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM mart.customer_profile"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM mart.customer_profile WHERE customer_id = $1", existing));
    }

    private async Task WaitForAdvisoryLockWaiterAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            if (await db.ScalarAsync<long>(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'") > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the live batch never waited for the rebuild lock");
    }
}

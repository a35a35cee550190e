using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Projection.Documents;
using static CustomerStream.Projection.Tests.Changes;

namespace CustomerStream.Projection.Tests;

public sealed class WriterTests(MartDatabase db) : IClassFixture<MartDatabase>
{
    private Task<long> Count(string sql, string id) => db.ScalarAsync<long>(sql, id);

    private Task<decimal> Revenue(string id, int month) =>
        db.ScalarAsync<decimal>("SELECT revenue FROM mart.customer_month WHERE customer_id = $1 AND period_start = $2", id, new DateOnly(2025, month, 1));

    private async Task ApplyAsync(params object[] records) => await db.Writer.ApplyAsync(Batch(records), CancellationToken.None);

    [Fact]
    public async Task An_older_or_duplicate_change_changes_nothing()
    {
        var id = NewCustomerId();
        await ApplyAsync(Change(id, 2, 100, Month(2025, 1, 100)));
        var result = await db.Writer.ApplyAsync(Batch(Change(id, 1, 50, Month(2025, 1, 50)), Change(id, 2, 70, Month(2025, 1, 70))), CancellationToken.None);

        Assert.Equal(0, result.ChangesApplied);
        Assert.Equal(2, result.ChangesSkipped);
        Assert.Equal(100m, await Revenue(id, 1));
        Assert.Equal(100m, await db.ScalarAsync<decimal>("SELECT lifetime_value FROM mart.customer_profile WHERE customer_id = $1", id));
        Assert.Equal(2L, await Count("SELECT version FROM mart.customer_profile WHERE customer_id = $1", id));
    }

    [Fact]
    public async Task Deltas_in_one_batch_apply_in_version_order_whatever_their_order_in_the_batch()
    {
        var id = NewCustomerId();
        await ApplyAsync(
            Change(id, 3, 300, Month(2025, 2, 200)),
            Change(id, 1, 100, Month(2025, 1, 100)),
            Change(id, 2, 150, Month(2025, 2, 50)));

        Assert.Equal(100m, await Revenue(id, 1));
        Assert.Equal(200m, await Revenue(id, 2));
        Assert.Equal(300m, await db.ScalarAsync<decimal>("SELECT lifetime_value FROM mart.customer_profile WHERE customer_id = $1", id));
    }

    [Fact]
    public async Task A_row_sent_as_deleted_disappears()
    {
        var id = NewCustomerId();
        await ApplyAsync(Change(id, 1, 100, Month(2025, 1, 100), Month(2025, 1, 100, unit: "retail")));
        await ApplyAsync(Change(id, 2, 0, Month(2025, 1, 0, deleted: true), Month(2025, 1, 0, unit: "retail", deleted: true)));

        Assert.Equal(0L, await Count("SELECT count(*) FROM mart.customer_month WHERE customer_id = $1", id));
        Assert.Equal(0L, await Count("SELECT count(*) FROM mart.customer_period_unit WHERE customer_id = $1", id));
    }

    [Fact]
    public async Task Removal_deletes_every_row_and_a_replayed_older_change_does_not_bring_the_customer_back()
    {
        var id = NewCustomerId();
        var survivor = NewCustomerId();
        var first = Change(id, 1, 100, Month(2025, 1, 100), Month(2025, 1, 100, unit: "retail"));
        first.Orders.Add(Order($"o-{id}", 100));
        await ApplyAsync(first);
        await ApplyAsync(new Contracts.Aggregate.CustomerChange { CustomerId = id, Version = 2, ChangedAt = At, Removed = true, MergedInto = survivor });

        foreach (var relation in new[] { "customer_profile", "customer_month", "customer_quarter", "customer_year", "customer_period_unit", "orders", "metric_customer_ltv" })
        {
            Assert.Equal(0L, await Count($"SELECT count(*) FROM mart.{relation} WHERE customer_id = $1", id));
        }

        await ApplyAsync(first);
        Assert.Equal(0L, await Count("SELECT count(*) FROM mart.customer_profile WHERE customer_id = $1", id));
        Assert.Equal(0L, await Count("SELECT count(*) FROM mart.orders WHERE customer_id = $1", id));

        // The ID can come back later (identity made it an anchor again): a newer change revives it.
        await ApplyAsync(Change(id, 3, 40, Month(2025, 4, 40)));
        Assert.Equal(1L, await Count("SELECT count(*) FROM mart.customer_profile WHERE customer_id = $1", id));
        Assert.Equal(1L, await Count("SELECT count(*) FROM mart.customer_month WHERE customer_id = $1", id));
    }

    [Fact]
    public async Task An_order_already_written_under_the_survivor_survives_the_losers_removal()
    {
        var loser = NewCustomerId();
        var survivor = NewCustomerId();
        var orderId = $"o-{loser}";
        var loserChange = Change(loser, 1, 100, Month(2025, 1, 100));
        loserChange.Orders.Add(Order(orderId, 100));
        var survivorChange = Change(survivor, 7, 100, Month(2025, 1, 100));
        survivorChange.Orders.Add(Order(orderId, 100));

        // Different partitions: the survivor's change lands before the loser's last change and removal.
        await ApplyAsync(survivorChange);
        await ApplyAsync(loserChange);
        await ApplyAsync(new Contracts.Aggregate.CustomerChange { CustomerId = loser, Version = 2, ChangedAt = At, Removed = true, MergedInto = survivor });

        var owners = await db.QueryAsync("SELECT customer_id FROM mart.orders WHERE order_id = $1", orderId);
        Assert.Equal([survivor], owners.Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task A_change_without_summary_keeps_the_stored_profile()
    {
        var id = NewCustomerId();
        await ApplyAsync(Change(id, 1, 120, Month(2025, 1, 120)));
        var rowsOnly = Change(id, 2, 0, Month(2025, 5, 30));
        rowsOnly.Summary = null;
        await ApplyAsync(rowsOnly);

        Assert.Equal(120m, await db.ScalarAsync<decimal>("SELECT lifetime_value FROM mart.customer_profile WHERE customer_id = $1", id));
        Assert.Equal(2L, await Count("SELECT version FROM mart.customer_profile WHERE customer_id = $1", id));
        Assert.Equal(30m, await Revenue(id, 5));
    }

    [Fact]
    public async Task Identity_links_and_merges_apply_only_when_newer()
    {
        var identifier = $"email:{Guid.NewGuid():N}@example.com";
        var (a, b) = (NewCustomerId(), NewCustomerId());
        await ApplyAsync(
            new IdentityLink { Identifier = identifier, CustomerId = b, FirstSeenTs = At, Version = 9 },
            new IdentityLink { Identifier = identifier, CustomerId = a, FirstSeenTs = At, Version = 4 });
        await ApplyAsync(new IdentityLink { Identifier = identifier, CustomerId = a, FirstSeenTs = At, Version = 5 });
        Assert.Equal(b, await db.ScalarAsync<string>("SELECT customer_id FROM mart.identity_links WHERE identifier = $1", identifier));
        Assert.Equal("email", await db.ScalarAsync<string>("SELECT namespace FROM mart.identity_links WHERE identifier = $1", identifier));

        var merged = NewCustomerId();
        await ApplyAsync(Merge(merged, b, 20));
        await ApplyAsync(Merge(merged, a, 10));
        Assert.Equal(b, await db.ScalarAsync<string>("SELECT survivor_id FROM mart.customer_merges WHERE merged_id = $1", merged));
    }

    [Fact]
    public async Task Alias_chains_resolve_to_the_live_customer_and_an_alias_is_not_a_profile()
    {
        var (a, b, c) = (NewCustomerId(), NewCustomerId(), NewCustomerId());
        await ApplyAsync(Change(a, 1, 10), Change(b, 1, 20), Change(c, 1, 30));
        await ApplyAsync(Merge(a, b, 100));
        Assert.Equal(0L, await Count("SELECT count(*) FROM mart.customer_profile WHERE customer_id = $1", a));
        await ApplyAsync(Merge(b, c, 101));

        var resolved = await db.QueryAsync("SELECT merged_id, resolved_id FROM mart.customer_merges WHERE merged_id = ANY($1) ORDER BY version", (object)new[] { a, b });
        Assert.Equal([(a, c), (b, c)], resolved.Select(r => ((string)r[0]!, (string)r[1]!)));

        // A later merge into c's former alias makes it a survivor again: its old alias no longer applies.
        await ApplyAsync(Merge(c, b, 102));
        Assert.Equal(1L, await Count("SELECT count(*) FROM mart.customer_profile WHERE customer_id = $1", b));
        Assert.Equal(0L, await Count("SELECT count(*) FROM mart.customer_merges WHERE merged_id = $1", b));
        Assert.Equal(b, await db.ScalarAsync<string>("SELECT resolved_id FROM mart.customer_merges WHERE merged_id = $1", a));
    }

    [Fact]
    public async Task A_rejected_record_sent_twice_is_stored_once()
    {
        var rejected = new RejectedRecord
        {
            RejectionId = Guid.NewGuid().ToString("N"),
            SourceSystem = "crm",
            Entity = "customers",
            InputRef = "customers.csv:7",
            ReasonCode = ReasonCodes.BadTimestamp,
            Reason = "created_at '2024-13-45' is not a date",
            Raw = "crm,7,ann@example.com,2024-13-45",
            RejectedAt = At,
        };
        await ApplyAsync(rejected, rejected);
        await ApplyAsync(rejected);
        Assert.Equal(1L, await Count("SELECT count(*) FROM mart.rejected_records WHERE rejection_id = $1", rejected.RejectionId));
    }

    [Fact]
    public async Task Merges_and_rejections_are_ordinary_marten_documents()
    {
        var (merged, survivor) = (NewCustomerId(), NewCustomerId());
        var rejected = new RejectedRecord
        {
            RejectionId = Guid.NewGuid().ToString("N"),
            SourceSystem = "shop",
            Entity = "orders",
            InputRef = "orders.csv:3",
            ReasonCode = ReasonCodes.BadTimestamp,
            Reason = "order_ts is not a date",
            Raw = "shop,3,,yesterday",
            RejectedAt = At,
        };
        await ApplyAsync(Merge(merged, survivor, 7), rejected);

        await using var session = db.Store.QuerySession();
        var alias = await session.LoadAsync<CustomerAliasDocument>(merged);
        Assert.Equal(survivor, alias?.SurvivorId);
        Assert.Equal(7, alias?.Version);
        var stored = await session.LoadAsync<RejectedRecordDocument>(rejected.RejectionId);
        Assert.Equal("orders.csv:3", stored?.InputRef);
        Assert.Equal(ReasonCodes.BadTimestamp, stored?.ReasonCode);
    }

    [Fact]
    public async Task A_change_that_carries_rows_only_keeps_the_stored_profile()
    {
        var id = NewCustomerId();
        await ApplyAsync(Change(id, 1, 50m, Month(2025, 1, 50m)));
        var rowsOnly = Change(id, 2, 0m, Month(2025, 2, 20m));
        rowsOnly.Summary = null;
        await ApplyAsync(rowsOnly);

        Assert.Equal(2L, await Count("SELECT version FROM mart.customer_profile WHERE customer_id = $1", id));
        Assert.Equal(50m, await db.ScalarAsync<decimal>("SELECT lifetime_value FROM mart.customer_profile WHERE customer_id = $1", id));
        Assert.Equal("visible", await db.ScalarAsync<string>("SELECT visibility_status FROM mart.customer_profile WHERE customer_id = $1", id));
        Assert.Equal(20m, await db.ScalarAsync<decimal>("SELECT revenue FROM mart.customer_month WHERE customer_id = $1 AND period_start = '2025-02-01'", id));
    }

    [Fact]
    public async Task Two_writers_applying_the_same_partitions_at_once_end_in_the_newest_state()
    {
        var id = NewCustomerId();
        var batches = Enumerable.Range(1, 30).Select(v => Batch(Change(id, v, v, Month(2025, 1, v)))).ToList();
        await Task.WhenAll(
            Task.Run(async () => { foreach (var b in batches) await db.Writer.ApplyAsync(b, CancellationToken.None); }),
            Task.Run(async () => { foreach (var b in batches) await db.Writer.ApplyAsync(b, CancellationToken.None); }));

        Assert.Equal(30m, await Revenue(id, 1));
        Assert.Equal(30L, await Count("SELECT version FROM mart.customer_profile WHERE customer_id = $1", id));
    }

    private static CustomerMerged Merge(string merged, string survivor, long version) => new()
    {
        EventId = Guid.NewGuid().ToString("N"),
        MergedId = merged,
        SurvivorId = survivor,
        Version = version,
        MergedAt = At,
        Reason = "test",
    };
}

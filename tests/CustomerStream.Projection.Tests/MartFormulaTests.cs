using CustomerStream.Contracts.Aggregate;
using CustomerStream.Projection.Tests.Model;

namespace CustomerStream.Projection.Tests;

/// <summary>
/// The marts after streaming a messy change log (deltas, late months, pending→approved, merges,
/// duplicates, stale replays) equal the formulas of docs/marts.md computed from scratch over the final truth.
/// </summary>
public sealed class MartFormulaTests(MartFormulaTests.StreamedMarts fixture) : IClassFixture<MartFormulaTests.StreamedMarts>
{
    private readonly MartDatabase _db = fixture.Database;
    private readonly ExpectedMarts _expected = new(fixture.Population, MartDatabase.AsOf);

    [Fact]
    public Task Lifetime_value_age_spend_per_day_and_tier_follow_the_formulas() => RowAssert.SameRowsAsync(_db, _expected.Ltv(),
        "SELECT customer_id, lifetime_value, total_transactions, customer_age_days, avg_spend_per_day, tier FROM mart.metric_customer_ltv");

    [Fact]
    public Task Average_transaction_value_and_spending_consistency_follow_the_formulas() => RowAssert.SameRowsAsync(_db, _expected.AverageTransactionValue(),
        "SELECT customer_id, avg_transaction_value, transaction_value_stddev, min_transaction_value, max_transaction_value, median_transaction_value, spending_consistency FROM mart.metric_avg_transaction_value");

    [Fact]
    public Task Rfm_scores_and_segments_follow_the_formulas() => RowAssert.SameRowsAsync(_db, _expected.Rfm(),
        "SELECT customer_id, recency_days, frequency, monetary, r_score, f_score, m_score, segment FROM mart.customer_rfm");

    [Fact]
    public Task Month_over_month_has_every_month_and_follows_the_formulas() => RowAssert.SameRowsAsync(_db, _expected.MonthOverMonth(),
        "SELECT customer_id, month, monthly_spend, prior_month_spend, mom_change_pct, mom_trend_category, month_number FROM mart.metric_mom_spend_change");

    [Fact]
    public Task Cohort_retention_follows_the_formulas() => RowAssert.SameRowsAsync(_db, _expected.CohortRetention(),
        "SELECT cohort_month, month_offset, cohort_size, retained_customers, retention_rate FROM mart.cohort_retention");

    [Fact]
    public Task Count_audit_has_all_four_buckets() => RowAssert.SameRowsAsync(_db, _expected.CountAudit(),
        "SELECT visibility_status, customers FROM mart.customer_count_audit");

    [Fact]
    public Task Profile_has_one_row_per_live_customer_with_its_figures() => RowAssert.SameRowsAsync(_db, _expected.Profile(),
        "SELECT customer_id, visibility_status, acquisition_ts, email, lifetime_value, total_transactions, first_transaction_ts, last_transaction_ts, tier, web_sessions, page_views FROM mart.customer_profile");

    [Theory]
    [InlineData(Grain.MONTH, "customer_month")]
    [InlineData(Grain.QUARTER, "customer_quarter")]
    [InlineData(Grain.YEAR, "customer_year")]
    public Task Period_tables_equal_a_full_recomputation(Grain grain, string relation) => RowAssert.SameRowsAsync(_db, _expected.Periods(grain),
        $"SELECT customer_id, period_start, order_count, revenue, refunded_amount, avg_order_value, first_order_ts, last_order_ts, web_sessions, page_views FROM mart.{relation}");

    [Fact]
    public Task Business_unit_table_equals_a_full_recomputation() => RowAssert.SameRowsAsync(_db, _expected.PeriodUnits(),
        "SELECT customer_id, grain, period_start, business_unit, order_count, revenue, refunded_amount FROM mart.customer_period_unit");

    [Fact]
    public Task Orders_hold_the_current_version_of_every_order_under_its_current_owner() => RowAssert.SameRowsAsync(_db, _expected.Orders(),
        "SELECT order_id, source_system, customer_id, order_ts, status, amount, currency, business_unit, category FROM mart.orders");

    [Fact]
    public async Task Merged_away_ids_are_aliases_not_profiles()
    {
        Assert.NotEmpty(fixture.Population.Merged);
        await RowAssert.SameRowsAsync(_db, fixture.Population.Merged.Select(m => Row.Of(m.Key, m.Value, m.Value)),
            "SELECT merged_id, survivor_id, resolved_id FROM mart.customer_merges");
        var ids = fixture.Population.Merged.Keys.ToArray();
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM mart.customer_profile WHERE customer_id = ANY($1)", (object)ids));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM mart.customer_month WHERE customer_id = ANY($1)", (object)ids));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM mart.orders WHERE customer_id = ANY($1)", (object)ids));
    }

    [Fact]
    public async Task The_overview_adds_up_visible_customers_revenue_and_segments()
    {
        var overview = await new Queries.MartQueries(_db.DataSource).OverviewAsync(CancellationToken.None);
        var visible = fixture.Population.Customers.Where(c => c.Visibility == Contracts.Customer.VisibilityStatus.VISIBLE).ToList();

        Assert.Equal(visible.Count, overview.Customers);
        Assert.Equal(visible.SelectMany(c => c.Orders).Where(o => o.Status == Contracts.Ingest.OrderStatus.APPROVED).Sum(o => o.Amount), overview.Revenue);
        Assert.Equal(visible.Count(c => c.Orders.Any(o => o.Status == Contracts.Ingest.OrderStatus.APPROVED)), overview.Segments.Sum(s => s.Customers));
        Assert.Equal(overview.Segments.OrderByDescending(s => s.Customers).Select(s => s.Segment), overview.Segments.Select(s => s.Segment));
    }

    [Fact]
    public async Task No_relation_has_duplicate_keys()
    {
        foreach (var relation in MartContract.Relations)
        {
            var key = string.Join(", ", relation.Key);
            var duplicates = await _db.ScalarAsync<long>($"SELECT count(*) FROM (SELECT {key} FROM mart.{relation.Name} GROUP BY {key} HAVING count(*) > 1) d");
            Assert.True(duplicates == 0, $"mart.{relation.Name} has {duplicates} duplicate ({key})");
        }
    }

    [Fact]
    public async Task Mandatory_columns_are_never_null()
    {
        foreach (var relation in MartContract.Relations)
        {
            Assert.True(await _db.ScalarAsync<long>($"SELECT count(*) FROM mart.{relation.Name}") > 0, $"mart.{relation.Name} is empty");
            foreach (var column in relation.NotNull)
            {
                var nulls = await _db.ScalarAsync<long>($"SELECT count(*) FROM mart.{relation.Name} WHERE {column} IS NULL");
                Assert.True(nulls == 0, $"mart.{relation.Name}.{column} is NULL in {nulls} rows");
            }
        }
    }

    [Fact]
    public async Task The_sample_exercises_every_rule()
    {
        // Guards the other tests against passing on a degenerate sample.
        var segments = await _db.QueryAsync("SELECT DISTINCT segment FROM mart.customer_rfm");
        Assert.True(segments.Count >= 5, $"segments: {segments.Count}");
        var trends = await _db.QueryAsync("SELECT DISTINCT mom_trend_category FROM mart.metric_mom_spend_change WHERE mom_trend_category IS NOT NULL");
        Assert.Equal(5, trends.Count);
        var consistency = await _db.QueryAsync("SELECT DISTINCT spending_consistency FROM mart.metric_avg_transaction_value");
        Assert.Equal(3, consistency.Count);
        var tiers = await _db.QueryAsync("SELECT DISTINCT tier FROM mart.metric_customer_ltv");
        Assert.Equal(4, tiers.Count);
        Assert.True(await _db.ScalarAsync<long>("SELECT count(*) FROM mart.cohort_retention WHERE retained_customers > 0 AND month_offset > 0") > 10);
        Assert.True(await _db.ScalarAsync<long>("SELECT count(*) FROM mart.metric_mom_spend_change WHERE monthly_spend = 0") > 100);
        Assert.True(await _db.ScalarAsync<long>("SELECT count(*) FROM mart.customer_month WHERE order_count = 0 AND web_sessions > 0") > 10);
    }

    /// <summary>One streamed population per test class: streaming it is the expensive part.</summary>
    public sealed class StreamedMarts : IAsyncLifetime
    {
        public MartDatabase Database { get; } = new();

        public Population Population { get; } = Population.Generate(customers: 400, seed: 7);

        public async Task InitializeAsync()
        {
            await Database.InitializeAsync();
            var stream = ChangeStream.From(Population, seed: 11);
            foreach (var batch in stream.Batches(seed: 13))
            {
                await Database.Writer.ApplyAsync(batch, CancellationToken.None);
            }

            await Database.RefreshAsync();
        }

        public Task DisposeAsync() => Database.DisposeAsync();
    }
}

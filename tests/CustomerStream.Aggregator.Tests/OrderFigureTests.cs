using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Aggregator.Tests;

public sealed class OrderFigureTests
{
    private readonly FactFeed _facts = new();
    private readonly AggregatorHarness _aggregator = new();

    private CustomerView C1 => _aggregator.View.Customers["c1"];

    [Fact]
    public void Approved_orders_count_sum_and_bound_every_grain_of_their_order_ts()
    {
        _aggregator.Batch(
            _facts.Order("c1", "o1", "2024-02-10T08:00:00Z", 10.50m),
            _facts.Order("c1", "o2", "2024-02-20T09:00:00Z", 4.25m),
            _facts.Order("c1", "o3", "2024-05-01T00:00:00Z", 100m));

        var feb = C1.Rows[Keys.Month("2024-02")];
        Assert.Equal(2, feb.OrderCount);
        Assert.Equal(14.75m, feb.Revenue);
        Assert.Equal(T.Of("2024-02-10T08:00:00Z"), feb.FirstOrderTs);
        Assert.Equal(T.Of("2024-02-20T09:00:00Z"), feb.LastOrderTs);
        Assert.Equal(2, C1.Rows[Keys.Quarter("2024-01")].OrderCount);
        Assert.Equal(1, C1.Rows[Keys.Quarter("2024-04")].OrderCount);
        var year = C1.Rows[Keys.Year("2024")];
        Assert.Equal(3, year.OrderCount);
        Assert.Equal(114.75m, year.Revenue);
        Assert.Equal(T.Of("2024-05-01T00:00:00Z"), year.LastOrderTs);
        Assert.Equal(114.75m, C1.Summary!.LifetimeValue);
        Assert.Equal(3, C1.Summary.TotalTransactions);
    }

    [Fact]
    public void Average_order_value_is_revenue_over_approved_orders()
    {
        var state = new Domain.PeriodFigures();
        Assert.Null(state.AverageOrderValue);
        state.AddOrder(Order(10m));
        state.AddOrder(Order(20m));
        state.AddOrder(Order(0.01m));
        Assert.Equal(10.0033m, state.AverageOrderValue);
    }

    [Fact]
    public void Only_approved_orders_are_transactions_and_only_refunded_ones_count_as_refunded()
    {
        _aggregator.Batch(
            _facts.Order("c1", "o1", "2024-03-01", 10m),
            _facts.Order("c1", "o2", "2024-03-02", 20m, OrderStatus.PENDING),
            _facts.Order("c1", "o3", "2024-03-03", 30m, OrderStatus.DECLINED),
            _facts.Order("c1", "o4", "2024-03-04", 40m, OrderStatus.CANCELLED),
            _facts.Order("c1", "o5", "2024-03-05", 50m, OrderStatus.REFUNDED));

        var march = C1.Rows[Keys.Month("2024-03")];
        Assert.Equal(1, march.OrderCount);
        Assert.Equal(10m, march.Revenue);
        Assert.Equal(50m, march.RefundedAmount);
        Assert.Equal(T.Of("2024-03-01"), march.LastOrderTs);
        Assert.Equal(5, C1.Orders.Count);
        Assert.Equal(50m, C1.Summary!.RefundedAmount);
    }

    [Fact]
    public void A_refund_three_weeks_later_moves_the_amount_from_revenue_to_refunded()
    {
        _aggregator.Batch(_facts.Order("c1", "o1", "2024-03-10", 80m), _facts.Order("c1", "o2", "2024-03-12", 20m));
        _aggregator.Batch(_facts.Order("c1", "o1", "2024-03-10", 80m, OrderStatus.REFUNDED, updatedAt: "2024-03-31"));

        var march = C1.Rows[Keys.Month("2024-03")];
        Assert.Equal(1, march.OrderCount);
        Assert.Equal(20m, march.Revenue);
        Assert.Equal(80m, march.RefundedAmount);
        Assert.Equal(T.Of("2024-03-12"), march.FirstOrderTs);
        Assert.Equal(OrderStatus.REFUNDED, C1.Orders["shop:o1"].Status);
        Assert.Equal(20m, C1.Summary!.LifetimeValue);
    }

    [Fact]
    public void A_corrected_amount_replaces_the_old_contribution()
    {
        _aggregator.Batch(_facts.Order("c1", "o1", "2024-03-10", 80m));
        _aggregator.Batch(_facts.Order("c1", "o1", "2024-03-10", 8m, updatedAt: "2024-03-11"));

        Assert.Equal(1, C1.Rows[Keys.Month("2024-03")].OrderCount);
        Assert.Equal(8m, C1.Rows[Keys.Month("2024-03")].Revenue);
        Assert.Equal(8m, C1.Rows[Keys.Year("2024")].Revenue);
        Assert.Equal(8m, C1.Summary!.LifetimeValue);
    }

    [Fact]
    public void A_changed_order_ts_moves_the_order_to_its_new_period_and_empties_the_old_row()
    {
        _aggregator.Batch(_facts.Order("c1", "o1", "2024-03-31T23:00:00Z", 80m));
        var changes = _aggregator.Batch(_facts.Order("c1", "o1", "2024-04-01T01:00:00Z", 80m, updatedAt: "2024-04-02"));

        Assert.False(C1.Rows.ContainsKey(Keys.Month("2024-03")));
        Assert.False(C1.Rows.ContainsKey(Keys.Quarter("2024-01")));
        Assert.Equal(80m, C1.Rows[Keys.Month("2024-04")].Revenue);
        Assert.Equal(80m, C1.Rows[Keys.Quarter("2024-04")].Revenue);
        Assert.Equal(1, C1.Rows[Keys.Year("2024")].OrderCount);
        var change = Assert.Single(changes);
        Assert.Contains(change.Periods, r => r.Deleted && r.PeriodStart == T.Of("2024-03-01"));
    }

    [Fact]
    public void An_exact_resend_changes_nothing_and_emits_nothing()
    {
        var order = _facts.Order("c1", "o1", "2024-03-10", 80m);
        _aggregator.Batch(order);
        var resend = _facts.Order("c1", "o1", "2024-03-10", 80m);

        Assert.Empty(_aggregator.Batch(resend));
        Assert.Equal(80m, C1.Rows[Keys.Month("2024-03")].Revenue);
    }

    [Fact]
    public void An_older_version_arriving_late_changes_no_figure()
    {
        _aggregator.Batch(_facts.Order("c1", "o1", "2024-03-10", 5m, OrderStatus.REFUNDED, updatedAt: "2024-04-01"));
        var change = Assert.Single(_aggregator.Batch(_facts.Order("c1", "o1", "2024-02-10", 5m, updatedAt: "2024-03-10")));

        Assert.Equal(0, C1.Rows[Keys.Month("2024-03")].OrderCount);
        Assert.Equal(5m, C1.Rows[Keys.Month("2024-03")].RefundedAmount);
        Assert.Equal(OrderStatus.REFUNDED, C1.Orders["shop:o1"].Status);

        // Its rows are re-stated as they are (February: no row) so that a replay can repair what a lost
        // attempt published; no profile field changed.
        Assert.Contains(change.Periods, r => r.Deleted && r.PeriodStart == T.Of("2024-02-01"));
        Assert.All(change.Periods.Where(r => !r.Deleted), r => Assert.Equal(5m, r.RefundedAmount));
        Assert.Single(_aggregator.ProfileChanges);
    }

    [Fact]
    public void Versions_with_equal_updated_at_are_ordered_by_record_hash()
    {
        _aggregator.Batch(_facts.Order("c1", "o1", "2024-03-10", 1m, hash: "b"));
        _aggregator.Batch(_facts.Order("c1", "o1", "2024-03-10", 2m, hash: "a"));
        Assert.Equal(1m, C1.Rows[Keys.Month("2024-03")].Revenue);

        _aggregator.Batch(_facts.Order("c1", "o1", "2024-03-10", 3m, hash: "c"));
        Assert.Equal(3m, C1.Rows[Keys.Month("2024-03")].Revenue);
    }

    [Fact]
    public void A_late_order_updates_its_old_period_and_only_that_period_is_emitted()
    {
        _aggregator.Batch(_facts.Order("c1", "o1", "2024-06-10", 10m), _facts.Order("c1", "o2", "2023-01-10", 10m));
        var change = Assert.Single(_aggregator.Batch(_facts.Order("c1", "o3", "2023-01-20", 5m)));

        Assert.Equal(15m, C1.Rows[Keys.Month("2023-01")].Revenue);
        Assert.Equal(T.Of("2023-01-20"), C1.Rows[Keys.Month("2023-01")].LastOrderTs);
        Assert.All(change.Periods, r => Assert.Equal(2023, r.PeriodStart.Year));
        Assert.Equal(6, change.Periods.Count);
        Assert.Equal("o3", Assert.Single(change.Orders).OrderId);
    }

    [Fact]
    public void Business_unit_rows_split_the_order_figures_and_sum_to_the_total_row()
    {
        _aggregator.Batch(
            _facts.Order("c1", "o1", "2024-03-10", 10m, businessUnit: "retail"),
            _facts.Order("c1", "o2", "2024-03-11", 20m, businessUnit: "b2b"),
            _facts.Order("c1", "o3", "2024-03-12", 30m, OrderStatus.REFUNDED, businessUnit: "b2b"),
            _facts.Web("c1", "e1", "2024-03-12"));

        Assert.Equal(10m, C1.Rows[Keys.Month("2024-03", "retail")].Revenue);
        var b2b = C1.Rows[Keys.Month("2024-03", "b2b")];
        Assert.Equal(20m, b2b.Revenue);
        Assert.Equal(30m, b2b.RefundedAmount);
        Assert.Equal(0, b2b.WebSessions);
        Assert.Equal(0, b2b.PageViews);
        var total = C1.Rows[Keys.Month("2024-03")];
        Assert.Equal(30m, total.Revenue);
        Assert.Equal(30m, total.RefundedAmount);
        Assert.Equal(1, total.PageViews);
    }

    [Fact]
    public void Retracting_the_first_or_last_order_recomputes_the_period_bounds()
    {
        _aggregator.Batch(
            _facts.Order("c1", "o1", "2024-03-01", 1m),
            _facts.Order("c1", "o2", "2024-03-15", 1m),
            _facts.Order("c1", "o3", "2024-03-30", 1m));
        _aggregator.Batch(
            _facts.Order("c1", "o1", "2024-03-01", 1m, OrderStatus.CANCELLED, updatedAt: "2024-04-01"),
            _facts.Order("c1", "o3", "2024-03-30", 1m, OrderStatus.REFUNDED, updatedAt: "2024-04-01"));

        var march = C1.Rows[Keys.Month("2024-03")];
        Assert.Equal(T.Of("2024-03-15"), march.FirstOrderTs);
        Assert.Equal(T.Of("2024-03-15"), march.LastOrderTs);
        Assert.Equal(T.Of("2024-03-15"), C1.Summary!.FirstTransactionTs);
        Assert.Equal(T.Of("2024-03-15"), C1.Summary.LastTransactionTs);
    }

    [Fact]
    public void Periods_are_utc_calendar_periods()
    {
        _aggregator.Batch(_facts.Order("c1", "o1", "2024-12-31T23:30:00-02:00", 7m));

        Assert.True(C1.Rows.ContainsKey(Keys.Month("2025-01")));
        Assert.True(C1.Rows.ContainsKey(Keys.Quarter("2025-01")));
        Assert.True(C1.Rows.ContainsKey(Keys.Year("2025")));
    }

    private static Domain.OrderVersion Order(decimal amount) =>
        new("shop", Guid.NewGuid().ToString(), T.Of("2024-01-01"), T.Of("2024-01-01"), OrderStatus.APPROVED, amount, "EUR", "default", null, null, null, null, "h");
}

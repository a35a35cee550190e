using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Aggregator.Tests;

public sealed class LifetimeFigureTests
{
    private readonly FactFeed _facts = new();
    private readonly AggregatorHarness _aggregator = new();

    [Fact]
    public void Lifetime_figures_follow_the_approved_orders()
    {
        _aggregator.Batch(
            _facts.Order("c1", "o1", "2023-05-01T10:00:00Z", 10m),
            _facts.Order("c1", "o2", "2024-01-01T10:00:00Z", 30m),
            _facts.Order("c1", "o3", "2024-02-01T10:00:00Z", 20m),
            _facts.Order("c1", "o4", "2022-02-01T10:00:00Z", 999m, OrderStatus.PENDING),
            _facts.Order("c1", "o5", "2024-03-01T10:00:00Z", 5m, OrderStatus.REFUNDED));

        var s = _aggregator.View.Customers["c1"].Summary!;
        Assert.Equal(60m, s.LifetimeValue);
        Assert.Equal(3, s.TotalTransactions);
        Assert.Equal(5m, s.RefundedAmount);
        Assert.Equal(T.Of("2023-05-01T10:00:00Z"), s.FirstTransactionTs);
        Assert.Equal(T.Of("2024-02-01T10:00:00Z"), s.LastTransactionTs);
        Assert.Equal(20m, s.AvgTransactionValue);
        Assert.Equal(20m, s.MedianTransactionValue);
        Assert.Equal(10m, s.MinTransactionValue);
        Assert.Equal(30m, s.MaxTransactionValue);
        Assert.Equal(10m, s.TransactionValueStddev);
    }

    [Fact]
    public void No_approved_order_leaves_the_statistics_null()
    {
        var stats = TransactionStatistics.Of([]);

        Assert.Equal(0, stats.Count);
        Assert.Equal(0m, stats.Sum);
        Assert.Null(stats.Mean);
        Assert.Null(stats.StdDev);
        Assert.Null(stats.Median);
        Assert.Null(stats.Min);
        Assert.Null(stats.Max);
    }

    [Fact]
    public void Standard_deviation_is_null_for_a_single_transaction()
    {
        var stats = TransactionStatistics.Of([42.5m]);

        Assert.Equal(42.5m, stats.Mean);
        Assert.Equal(42.5m, stats.Median);
        Assert.Null(stats.StdDev);
    }

    [Theory]
    [InlineData(new[] { "1", "2", "3", "4" }, "2.5")]
    [InlineData(new[] { "4", "1", "3" }, "3")]
    [InlineData(new[] { "1.0001", "1.0002" }, "1.0002")]
    [InlineData(new[] { "-1", "1" }, "0")]
    public void Median_is_exact_with_even_counts_averaging_the_middle_pair(string[] amounts, string median)
    {
        var stats = TransactionStatistics.Of([.. amounts.Select(decimal.Parse)]);

        Assert.Equal(decimal.Parse(median), stats.Median);
    }

    [Fact]
    public void Sample_standard_deviation_uses_n_minus_one_in_decimal_precision()
    {
        // 2, 4, 4, 4, 5, 5, 7, 9: population sd 2, sample sd sqrt(32 / 7) = 2.1380899352993950...
        var stats = TransactionStatistics.Of([2m, 4m, 4m, 4m, 5m, 5m, 7m, 9m]);

        Assert.Equal(2.1381m, stats.StdDev);
        Assert.Equal(5m, stats.Mean);
        Assert.Equal(4.5m, stats.Median);
    }

    [Fact]
    public void Standard_deviation_of_the_largest_amounts_does_not_overflow()
    {
        var big = 99_999_999_999_999.9999m;
        var stats = TransactionStatistics.Of([big, -big, big, -big]);

        // mean 0, every deviation = big: sqrt(4 big² / 3) = big × 2 / sqrt(3)
        Assert.Equal(Money.Round(big * 2m / DecimalMath.Sqrt(3m)), stats.StdDev);
    }

    [Theory]
    [InlineData("2", "1.4142135623730950488016887242")]
    [InlineData("0.0001", "0.01")]
    [InlineData("1000000000000", "1000000")]
    [InlineData("0", "0")]
    public void Decimal_square_root_is_precise_to_decimal_resolution(string value, string root)
    {
        var actual = DecimalMath.Sqrt(decimal.Parse(value));

        Assert.True(Math.Abs(actual - decimal.Parse(root)) <= 1e-26m, $"sqrt({value}) = {actual}");
    }

    [Fact]
    public void Mean_rounds_half_away_from_zero_to_four_decimals()
    {
        Assert.Equal(0.6667m, TransactionStatistics.Of([1m, 1m, 0m]).Mean);
        Assert.Equal(0.0002m, TransactionStatistics.Of([0.0001m, 0.0002m]).Mean);
        Assert.Equal(-0.0002m, TransactionStatistics.Of([-0.0001m, -0.0002m]).Mean);
    }
}

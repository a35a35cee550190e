using CustomerStream.Contracts.Aggregate;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>The unique key of a customer-period row in a projected table: grain, period start, business unit (null = all).</summary>
public readonly record struct RowKey(Grain Grain, DateTime PeriodStart, string? BusinessUnit)
{
    public static RowKey Of(PeriodRow row) => new(row.Grain, row.PeriodStart, row.BusinessUnit);

    public override string ToString() => $"{Grain} {PeriodStart:yyyy-MM-dd} {BusinessUnit ?? "*"}";
}

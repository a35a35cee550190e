using CustomerStream.Contracts.Aggregate;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>One customer as a reader of the marts sees it: its summary, its period rows, its orders.</summary>
public sealed class CustomerView
{
    public CustomerSummary? Summary { get; set; }

    public Dictionary<RowKey, PeriodRow> Rows { get; } = [];

    public Dictionary<string, OrderRow> Orders { get; } = new(StringComparer.Ordinal);

    /// <summary>A customer with nothing to show (the same as no row at all).</summary>
    public bool IsBlank => Rows.Count == 0 && Orders.Count == 0 && (Summary is null || SummaryComparer.IsBlank(Summary));
}

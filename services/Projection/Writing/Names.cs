using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Projection.Writing;

/// <summary>How contract values are spelled in the marts (lower-case enum names, UTC dates), and the keys rows are folded by.</summary>
internal static class Names
{
    public static string Grain(Grain grain) => grain switch
    {
        Contracts.Aggregate.Grain.MONTH => "month",
        Contracts.Aggregate.Grain.QUARTER => "quarter",
        Contracts.Aggregate.Grain.YEAR => "year",
        _ => throw new ArgumentOutOfRangeException(nameof(grain), grain, null),
    };

    public static string Visibility(VisibilityStatus status) => status switch
    {
        VisibilityStatus.VISIBLE => "visible",
        VisibilityStatus.TEST => "test",
        VisibilityStatus.DELETED => "deleted",
        VisibilityStatus.ANONYMOUS => "anonymous",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Status(OrderStatus status) => status switch
    {
        OrderStatus.APPROVED => "approved",
        OrderStatus.PENDING => "pending",
        OrderStatus.DECLINED => "declined",
        OrderStatus.REFUNDED => "refunded",
        OrderStatus.CANCELLED => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static DateOnly PeriodStart(PeriodRow row) => DateOnly.FromDateTime(Utc.Of(row.PeriodStart));

    /// <summary>The natural key of a period row within one customer: a later row with the same key replaces an earlier one.</summary>
    public static (Grain Grain, DateOnly Start, string? BusinessUnit) PeriodKey(PeriodRow row) => (row.Grain, PeriodStart(row), row.BusinessUnit);

    /// <summary>The natural key of an order within one customer.</summary>
    public static (string SourceSystem, string OrderId) OrderKey(OrderRow row) => (row.SourceSystem, row.OrderId);
}

using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Projection.Tests.Model;

/// <summary>The final version of one order.</summary>
public sealed record TruthOrder(
    string SourceSystem, string OrderId, DateTime OrderTs, DateTime UpdatedAt, OrderStatus Status, decimal Amount, string BusinessUnit, string? Category)
{
    public OrderRow ToRow() => new()
    {
        SourceSystem = SourceSystem,
        OrderId = OrderId,
        OrderTs = OrderTs,
        UpdatedAt = UpdatedAt,
        Status = Status,
        Amount = Amount,
        Currency = "EUR",
        BusinessUnit = BusinessUnit,
        Category = Category,
    };
}

namespace CustomerStream.Projection.Queries;

/// <summary>The current version of one order of a customer (<c>mart.orders</c>).</summary>
public sealed record CustomerOrder(
    string OrderId,
    string SourceSystem,
    DateTime OrderTs,
    DateTime UpdatedAt,
    string Status,
    decimal Amount,
    string Currency,
    string BusinessUnit,
    string? Category,
    string? ProductId,
    int? Quantity);

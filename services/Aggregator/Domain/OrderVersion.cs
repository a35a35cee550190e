using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Aggregator.Domain;

/// <summary>The current version of one order (key <c>source_system:order_id</c>).</summary>
public sealed record OrderVersion(
    string SourceSystem,
    string OrderId,
    DateTime OrderTs,
    DateTime UpdatedAt,
    OrderStatus Status,
    decimal Amount,
    string Currency,
    string BusinessUnit,
    string? Category,
    string? ProductId,
    int? Quantity,
    string? CustomerEmail,
    string RecordHash)
{
    public string Key { get; } = SourceSystem + ":" + OrderId;

    public bool IsApproved => Status == OrderStatus.APPROVED;

    public bool IsRefunded => Status == OrderStatus.REFUNDED;

    /// <summary>Only approved orders (transactions, revenue) and refunded ones (refunded amount) show in any figure.</summary>
    public bool Contributes => Status is OrderStatus.APPROVED or OrderStatus.REFUNDED;

    /// <summary>Contributes exactly what <paramref name="other"/> contributes (so a swap changes no figure).</summary>
    public bool SameContributionAs(OrderVersion other) =>
        Contributes == other.Contributes
        && (!Contributes
            || (Status == other.Status
                && Amount == other.Amount
                && OrderTs == other.OrderTs
                && string.Equals(BusinessUnit, other.BusinessUnit, StringComparison.Ordinal)));

    public static OrderVersion From(OrderFact fact) => new(
        fact.SourceSystem,
        fact.OrderId,
        Utc.Of(fact.OrderTs),
        Utc.Of(fact.UpdatedAt),
        fact.Status,
        fact.Amount,
        fact.Currency,
        string.IsNullOrEmpty(fact.BusinessUnit) ? "default" : fact.BusinessUnit,
        fact.Category,
        fact.ProductId,
        fact.Quantity,
        fact.CustomerEmail,
        fact.RecordHash);

    /// <summary>True when this version replaces <paramref name="other"/> (strictly newer).</summary>
    public bool Supersedes(OrderVersion other) =>
        LastWriterWins.Compare(UpdatedAt, RecordHash, other.UpdatedAt, other.RecordHash) > 0;

    public OrderRow ToRow() => new()
    {
        SourceSystem = SourceSystem,
        OrderId = OrderId,
        OrderTs = OrderTs,
        UpdatedAt = UpdatedAt,
        Status = Status,
        Amount = Amount,
        Currency = Currency,
        BusinessUnit = BusinessUnit,
        Category = Category,
        ProductId = ProductId,
        Quantity = Quantity,
    };
}

using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Projection.Writing;

namespace CustomerStream.Projection.Tests;

/// <summary>Small builders for hand-written test changes.</summary>
public static class Changes
{
    public static readonly DateTime At = new(2025, 3, 10, 12, 0, 0, DateTimeKind.Utc);

    public static string NewCustomerId() => Customer360Id.From(Identifier.SourceId("test", Guid.NewGuid().ToString("N"))).Value;

    public static CustomerChange Change(string customerId, long version, decimal ltv = 0, params PeriodRow[] periods) => new()
    {
        CustomerId = customerId,
        Version = version,
        ChangedAt = At,
        Summary = Summary(ltv),
        Periods = [.. periods],
    };

    public static CustomerSummary Summary(decimal ltv, VisibilityStatus visibility = VisibilityStatus.VISIBLE) => new()
    {
        VisibilityStatus = visibility,
        AcquisitionTs = At.AddYears(-1),
        AcquisitionSource = "crm",
        Email = $"{Guid.NewGuid():N}@example.com",
        Identifiers = ["crm:1"],
        LifetimeValue = ltv,
        TotalTransactions = ltv > 0 ? 1 : 0,
        FirstTransactionTs = ltv > 0 ? At : null,
        LastTransactionTs = ltv > 0 ? At : null,
        AvgTransactionValue = ltv > 0 ? ltv : null,
        MinTransactionValue = ltv > 0 ? ltv : null,
        MaxTransactionValue = ltv > 0 ? ltv : null,
        MedianTransactionValue = ltv > 0 ? ltv : null,
    };

    public static PeriodRow Month(int year, int month, decimal revenue, string? unit = null, bool deleted = false) => new()
    {
        Grain = Grain.MONTH,
        PeriodStart = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc),
        BusinessUnit = unit,
        OrderCount = revenue > 0 ? 1 : 0,
        Revenue = revenue,
        FirstOrderTs = revenue > 0 ? new DateTime(year, month, 5, 0, 0, 0, DateTimeKind.Utc) : null,
        LastOrderTs = revenue > 0 ? new DateTime(year, month, 5, 0, 0, 0, DateTimeKind.Utc) : null,
        Deleted = deleted,
    };

    public static OrderRow Order(string orderId, decimal amount, OrderStatus status = OrderStatus.APPROVED) => new()
    {
        SourceSystem = "shop",
        OrderId = orderId,
        OrderTs = At,
        UpdatedAt = At,
        Status = status,
        Amount = amount,
        Currency = "EUR",
        BusinessUnit = "retail",
    };

    public static ProjectionBatch Batch(params object[] records)
    {
        var batch = new ProjectionBatch();
        foreach (var record in records)
        {
            Model.ChangeStream.Add(batch, record);
        }

        return batch;
    }
}

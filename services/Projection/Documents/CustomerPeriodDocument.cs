namespace CustomerStream.Projection.Documents;

/// <summary>
/// One customer × grain × period row over all business units. The ID is the natural key
/// (<see cref="KeyOf"/>), so storing the same row twice overwrites it: there can be no duplicate
/// customer-period rows.
/// </summary>
public sealed class CustomerPeriodDocument
{
    public string Id { get; set; } = "";
    public string CustomerId { get; set; } = "";

    /// <summary><c>month</c>, <c>quarter</c> or <c>year</c>.</summary>
    public string Grain { get; set; } = "";

    public DateOnly PeriodStart { get; set; }
    public long OrderCount { get; set; }
    public decimal Revenue { get; set; }
    public decimal RefundedAmount { get; set; }
    public DateTime? FirstOrderTs { get; set; }
    public DateTime? LastOrderTs { get; set; }
    public long WebSessions { get; set; }
    public long PageViews { get; set; }
    public DateTime UpdatedAt { get; set; }

    public static string KeyOf(string customerId, string grain, DateOnly periodStart) =>
        $"{customerId}|{grain}|{periodStart:yyyy-MM-dd}";
}

namespace CustomerStream.Projection.Documents;

/// <summary>
/// One customer × grain × period × business unit row. Kept apart from <see cref="CustomerPeriodDocument"/>
/// so that summing either table never double-counts (SPEC §8).
/// </summary>
public sealed class CustomerPeriodUnitDocument
{
    public string Id { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string Grain { get; set; } = "";
    public DateOnly PeriodStart { get; set; }
    public string BusinessUnit { get; set; } = "";
    public long OrderCount { get; set; }
    public decimal Revenue { get; set; }
    public decimal RefundedAmount { get; set; }
    public DateTime? FirstOrderTs { get; set; }
    public DateTime? LastOrderTs { get; set; }
    public DateTime UpdatedAt { get; set; }

    public static string KeyOf(string customerId, string grain, DateOnly periodStart, string businessUnit) =>
        $"{customerId}|{grain}|{periodStart:yyyy-MM-dd}|{businessUnit}";
}

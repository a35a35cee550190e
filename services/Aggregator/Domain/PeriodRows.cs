using CustomerStream.Contracts.Aggregate;

namespace CustomerStream.Aggregator.Domain;

/// <summary>Period figures as rows of <see cref="CustomerChange"/>.</summary>
public static class PeriodRows
{
    public static PeriodRow Of(PeriodKey key, PeriodFigures figures) => new()
    {
        Grain = key.Grain,
        PeriodStart = StartOf(key),
        BusinessUnit = key.BusinessUnit,
        OrderCount = figures.OrderCount,
        Revenue = figures.Revenue,
        RefundedAmount = figures.RefundedAmount,
        FirstOrderTs = figures.FirstOrderTs,
        LastOrderTs = figures.LastOrderTs,
        WebSessions = key.BusinessUnit is null ? figures.WebSessions : 0,
        PageViews = key.BusinessUnit is null ? figures.PageViews : 0,
    };

    /// <summary>A row that no longer has anything in it.</summary>
    public static PeriodRow Deleted(PeriodKey key) => new()
    {
        Grain = key.Grain,
        PeriodStart = StartOf(key),
        BusinessUnit = key.BusinessUnit,
        Deleted = true,
    };

    private static DateTime StartOf(PeriodKey key) => key.Period.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}

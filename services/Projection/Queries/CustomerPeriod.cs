namespace CustomerStream.Projection.Queries;

/// <summary>One calendar period (month, quarter or year, UTC) of a customer, over all business units.</summary>
public sealed record CustomerPeriod(
    DateOnly PeriodStart,
    long OrderCount,
    decimal Revenue,
    decimal RefundedAmount,
    decimal? AvgOrderValue,
    DateTime? FirstOrderTs,
    DateTime? LastOrderTs,
    long WebSessions,
    long PageViews);

namespace CustomerStream.Projection.Queries;

/// <summary>One row of a customer's period history.</summary>
public sealed record ProfilePeriod(
    string Grain, DateOnly PeriodStart, long OrderCount, decimal Revenue, decimal RefundedAmount, decimal? AvgOrderValue, long WebSessions, long PageViews);

using CustomerStream.Contracts.Aggregate;

namespace CustomerStream.Aggregator.Domain;

/// <summary>Computes a customer's profile and lifetime figures from its state (SPEC §8, contracts/README.md).</summary>
public static class SummaryCalculator
{
    /// <param name="state">The customer.</param>
    /// <param name="figures">Computes the lifetime web figures (and holds its scratch space).</param>
    public static CustomerSummary Compute(CustomerState state, CustomerFigures figures)
    {
        var approved = new List<decimal>();
        var refunded = 0m;
        DateTime? first = null;
        DateTime? last = null;
        foreach (var order in state.Orders.Values)
        {
            if (order.IsApproved)
            {
                approved.Add(order.Amount);
                if (first is null || order.OrderTs < first)
                {
                    first = order.OrderTs;
                }

                if (last is null || order.OrderTs > last)
                {
                    last = order.OrderTs;
                }
            }
            else if (order.IsRefunded)
            {
                refunded += order.Amount;
            }
        }

        var stats = TransactionStatistics.Of(approved);
        var latest = Survivorship.LatestRecord(state);
        var identifiers = new List<string>(state.Identifiers.Keys);
        identifiers.Sort(StringComparer.Ordinal);
        var (webSessions, pageViews) = figures.LifetimeWeb(state);
        return new CustomerSummary
        {
            VisibilityStatus = VisibilityRules.Decide(state),
            AcquisitionTs = state.Acquisition.Ts,
            AcquisitionSource = state.Acquisition.Source,
            Email = Survivorship.Email(state),
            FirstName = latest?.FirstName,
            LastName = latest?.LastName,
            Phone = latest?.Phone,
            Country = latest?.Country,
            City = latest?.City,
            Identifiers = identifiers,
            LifetimeValue = stats.Sum,
            TotalTransactions = stats.Count,
            RefundedAmount = refunded,
            FirstTransactionTs = first,
            LastTransactionTs = last,
            AvgTransactionValue = stats.Mean,
            TransactionValueStddev = stats.StdDev,
            MinTransactionValue = stats.Min,
            MaxTransactionValue = stats.Max,
            MedianTransactionValue = stats.Median,
            WebSessions = webSessions,
            PageViews = pageViews,
        };
    }
}

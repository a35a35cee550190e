using CustomerStream.Contracts.Aggregate;

namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// Computes a customer's profile and lifetime figures from its state (formulas: services/Aggregator/README.md,
/// "Formulas"; visibility and survivorship: contracts/README.md §1 and §6).
/// </summary>
public static class SummaryCalculator
{
    /// <param name="state">The customer.</param>
    /// <param name="figures">Computes the lifetime web figures (and holds its scratch space).</param>
    public static CustomerSummary Compute(CustomerState state, CustomerFigures figures)
    {
        var approved = figures.Amounts();
        var refunded = 0m;
        DateTime? first = null;
        DateTime? last = null;
        foreach (var order in state.OrderValues)
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
        var identifiers = SortedIdentifiers(state);
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

    /// <summary>The identifiers in ordinal order: the last summary's list when the set is the same (lists are never changed once made).</summary>
    private static List<string> SortedIdentifiers(CustomerState state)
    {
        if (state.LastSummary?.Identifiers is { } previous && previous.Count == state.Identifiers.Count)
        {
            var same = true;
            foreach (var identifier in previous)
            {
                if (!state.Identifiers.ContainsKey(identifier))
                {
                    same = false;
                    break;
                }
            }

            if (same)
            {
                return previous;
            }
        }

        var identifiers = new List<string>(state.Identifiers.Keys);
        identifiers.Sort(StringComparer.Ordinal);
        return identifiers;
    }
}

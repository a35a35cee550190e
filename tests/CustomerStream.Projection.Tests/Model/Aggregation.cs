using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Projection.Tests.Model;

/// <summary>What the aggregator computes from a customer's current orders (test double, straight from the formulas of docs/marts.md).</summary>
public static class Aggregation
{
    public static Dictionary<string, PeriodRow> PeriodRows(IEnumerable<TruthOrder> orders, IReadOnlyDictionary<DateOnly, (long Sessions, long PageViews)> web)
    {
        var rows = new Dictionary<string, PeriodRow>(StringComparer.Ordinal);
        var list = orders.ToList();
        foreach (var grain in new[] { Grain.MONTH, Grain.QUARTER, Grain.YEAR })
        {
            var keys = list.Select(o => Period.Of(grain, o.OrderTs).Start)
                .Concat(web.Keys.Select(m => Period.Of(grain, m.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).Start))
                .Distinct();
            foreach (var start in keys)
            {
                var inPeriod = list.Where(o => Period.Of(grain, o.OrderTs).Start == start).ToList();
                var sessions = web.Where(w => Period.Of(grain, w.Key.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).Start == start).Sum(w => w.Value.Sessions);
                var views = web.Where(w => Period.Of(grain, w.Key.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).Start == start).Sum(w => w.Value.PageViews);
                var all = Row(grain, start, null, inPeriod, sessions, views);
                if (all is not null)
                {
                    rows[Key(all)] = all;
                }

                foreach (var unit in inPeriod.GroupBy(o => o.BusinessUnit))
                {
                    var row = Row(grain, start, unit.Key, unit.ToList(), 0, 0);
                    if (row is not null)
                    {
                        rows[Key(row)] = row;
                    }
                }
            }
        }

        return rows;
    }

    public static CustomerSummary Summary(TruthCustomer profile, IEnumerable<TruthOrder> orders, bool withWeb)
    {
        var list = orders.ToList();
        var approved = list.Where(o => o.Status == OrderStatus.APPROVED).Select(o => o.Amount).Order().ToList();
        var times = list.Where(o => o.Status == OrderStatus.APPROVED).Select(o => o.OrderTs).ToList();
        decimal? mean = approved.Count > 0 ? Math.Round(approved.Average(), 4) : null;
        decimal? stddev = null;
        if (approved.Count > 1)
        {
            var m = approved.Average();
            stddev = Math.Round((decimal)Math.Sqrt((double)(approved.Sum(a => (a - m) * (a - m)) / (approved.Count - 1))), 4);
        }

        decimal? median = approved.Count == 0 ? null
            : approved.Count % 2 == 1 ? approved[approved.Count / 2]
            : Math.Round((approved[(approved.Count / 2) - 1] + approved[approved.Count / 2]) / 2, 4);
        return new CustomerSummary
        {
            VisibilityStatus = profile.Visibility,
            AcquisitionTs = profile.AcquisitionTs,
            AcquisitionSource = profile.AcquisitionSource,
            Email = profile.Email,
            FirstName = profile.FirstName,
            LastName = profile.LastName,
            Country = profile.Country,
            City = profile.City,
            Identifiers = [.. profile.Identifiers],
            LifetimeValue = approved.Sum(),
            TotalTransactions = approved.Count,
            RefundedAmount = list.Where(o => o.Status == OrderStatus.REFUNDED).Sum(o => o.Amount),
            FirstTransactionTs = times.Count > 0 ? times.Min() : null,
            LastTransactionTs = times.Count > 0 ? times.Max() : null,
            AvgTransactionValue = mean,
            TransactionValueStddev = stddev,
            MinTransactionValue = approved.Count > 0 ? approved[0] : null,
            MaxTransactionValue = approved.Count > 0 ? approved[^1] : null,
            MedianTransactionValue = median,
            WebSessions = withWeb ? profile.Web.Values.Sum(w => w.Sessions) : 0,
            PageViews = withWeb ? profile.Web.Values.Sum(w => w.PageViews) : 0,
        };
    }

    public static string Key(PeriodRow row) => $"{row.Grain}|{row.PeriodStart:yyyy-MM-dd}|{row.BusinessUnit}";

    private static PeriodRow? Row(Grain grain, DateOnly start, string? unit, List<TruthOrder> orders, long sessions, long views)
    {
        var approved = orders.Where(o => o.Status == OrderStatus.APPROVED).ToList();
        var refunded = orders.Where(o => o.Status == OrderStatus.REFUNDED).Sum(o => o.Amount);
        if (approved.Count == 0 && refunded == 0 && sessions == 0 && views == 0)
        {
            return null;
        }

        return new PeriodRow
        {
            Grain = grain,
            PeriodStart = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            BusinessUnit = unit,
            OrderCount = approved.Count,
            Revenue = approved.Sum(o => o.Amount),
            RefundedAmount = refunded,
            FirstOrderTs = approved.Count > 0 ? approved.Min(o => o.OrderTs) : null,
            LastOrderTs = approved.Count > 0 ? approved.Max(o => o.OrderTs) : null,
            WebSessions = sessions,
            PageViews = views,
        };
    }
}

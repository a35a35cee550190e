using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Projection.Tests.Model;

/// <summary>
/// An independent in-memory implementation of the mart formulas over the ground truth, written
/// from their definitions in docs/marts.md (not from the SQL), to check the views against. Rows are rendered as canonical
/// strings so that sets compare exactly and differences print readably.
/// </summary>
public sealed class ExpectedMarts(Population population, DateOnly asOf, decimal platinum = 1000m, decimal gold = 500m, decimal silver = 200m)
{
    private IEnumerable<TruthCustomer> Customers => population.Customers;

    private static List<TruthOrder> Approved(TruthCustomer c) => c.Orders.Where(o => o.Status == OrderStatus.APPROVED).ToList();

    private static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(utc);

    private static DateOnly MonthOf(DateTime utc) => new(utc.Year, utc.Month, 1);

    private static int MonthsBetween(DateOnly from, DateOnly to) => ((to.Year - from.Year) * 12) + to.Month - from.Month;

    public IEnumerable<string> Ltv() => Customers.Select(c =>
    {
        var approved = Approved(c);
        var ltv = approved.Sum(o => o.Amount);
        int? age = approved.Count > 0 ? Day(approved.Max(o => o.OrderTs)).DayNumber - Day(approved.Min(o => o.OrderTs)).DayNumber : null;
        decimal? perDay = age is { } a ? Math.Round(ltv / Math.Max(a, 1), 4, MidpointRounding.AwayFromZero) : null;
        return Row.Of(c.Id, ltv, (long)approved.Count, age, perDay, Tier(ltv));
    });

    public IEnumerable<string> AverageTransactionValue() => Customers.Where(c => Approved(c).Count > 0).Select(c =>
    {
        var s = Aggregation.Summary(c, c.Orders, true);
        return Row.Of(c.Id, s.AvgTransactionValue, s.TransactionValueStddev, s.MinTransactionValue, s.MaxTransactionValue, s.MedianTransactionValue,
            Consistency(s.AvgTransactionValue!.Value, s.TransactionValueStddev));
    });

    public IEnumerable<string> Rfm()
    {
        var scored = Customers
            .Where(c => c.Visibility == VisibilityStatus.VISIBLE && Approved(c).Count > 0)
            .Select(c => (c.Id, Recency: asOf.DayNumber - Day(Approved(c).Max(o => o.OrderTs)).DayNumber, Frequency: (long)Approved(c).Count, Monetary: Approved(c).Sum(o => o.Amount)))
            .ToList();
        var f = Ntile(scored.OrderBy(x => x.Frequency).ThenBy(x => x.Id, StringComparer.Ordinal).Select(x => x.Id).ToList(), 5);
        var m = Ntile(scored.OrderBy(x => x.Monetary).ThenBy(x => x.Id, StringComparer.Ordinal).Select(x => x.Id).ToList(), 5);
        return scored.Select(x =>
        {
            var r = x.Recency switch { <= 30 => 5, <= 60 => 4, <= 90 => 3, <= 180 => 2, _ => 1 };
            var fs = f[x.Id];
            var ms = m[x.Id];
            var segment = (r, fs, ms) switch
            {
                ( >= 4, >= 4, >= 4) => "Champion",
                (_, >= 4, _) => "Loyal",
                ( >= 4, <= 1, _) => "New",
                ( <= 2, >= 3, _) => "At Risk",
                (1, <= 2, _) => "Lost",
                _ => "Others",
            };
            return Row.Of(x.Id, x.Recency, x.Frequency, x.Monetary, r, fs, ms, segment);
        });
    }

    public IEnumerable<string> MonthOverMonth()
    {
        var withOrders = Customers.Where(c => Approved(c).Count > 0).ToList();
        if (withOrders.Count == 0)
        {
            yield break;
        }

        var last = withOrders.SelectMany(Approved).Max(o => MonthOf(o.OrderTs));
        foreach (var c in withOrders)
        {
            var spend = Approved(c).GroupBy(o => MonthOf(o.OrderTs)).ToDictionary(g => g.Key, g => g.Sum(o => o.Amount));
            var first = spend.Keys.Min();
            for (var month = first; month <= last; month = month.AddMonths(1))
            {
                var current = spend.GetValueOrDefault(month);
                decimal? prior = month == first ? null : spend.GetValueOrDefault(month.AddMonths(-1));
                decimal? pct = prior is > 0 ? (current - prior.Value) / prior.Value * 100 : null;
                var trend = pct switch
                {
                    null => null,
                    >= 50 => "High Growth",
                    >= 10 => "Growth",
                    > -10 => "Flat",
                    > -50 => "Decline",
                    _ => "High Decline",
                };
                yield return Row.Of(c.Id, month, current, prior, pct is { } p ? Math.Round(p, 2, MidpointRounding.AwayFromZero) : null, trend,
                    MonthsBetween(first, month) + 1);
            }
        }
    }

    public IEnumerable<string> CohortRetention()
    {
        var members = Customers.Where(c => c.Visibility == VisibilityStatus.VISIBLE && c.AcquisitionTs is not null).ToList();
        var orderMonths = Customers.SelectMany(Approved).Select(o => MonthOf(o.OrderTs)).ToList();
        var last = orderMonths.Count > 0 ? orderMonths.Max() : (DateOnly?)null;
        foreach (var cohort in members.GroupBy(c => MonthOf(c.AcquisitionTs!.Value)))
        {
            var end = last is { } l && l > cohort.Key ? l : cohort.Key;
            for (var k = 0; k <= MonthsBetween(cohort.Key, end); k++)
            {
                var month = cohort.Key.AddMonths(k);
                var retained = cohort.Count(c => Approved(c).Any(o => MonthOf(o.OrderTs) == month));
                yield return Row.Of(cohort.Key, k, (long)cohort.Count(), (long)retained,
                    Math.Round((decimal)retained / cohort.Count(), 4, MidpointRounding.AwayFromZero));
            }
        }
    }

    public IEnumerable<string> CountAudit()
    {
        foreach (var (status, name) in new[] { (VisibilityStatus.VISIBLE, "visible"), (VisibilityStatus.TEST, "test"), (VisibilityStatus.DELETED, "deleted"), (VisibilityStatus.ANONYMOUS, "anonymous") })
        {
            yield return Row.Of(name, (long)Customers.Count(c => c.Visibility == status));
        }
    }

    public IEnumerable<string> Profile() => Customers.Select(c =>
    {
        var s = Aggregation.Summary(c, c.Orders, true);
        return Row.Of(c.Id, c.Visibility.ToString().ToLowerInvariant(), c.AcquisitionTs, c.Email, s.LifetimeValue, s.TotalTransactions,
            s.FirstTransactionTs, s.LastTransactionTs, Tier(s.LifetimeValue), s.WebSessions, s.PageViews);
    });

    public IEnumerable<string> Periods(Grain grain) => Customers.SelectMany(c =>
        Aggregation.PeriodRows(c.Orders, c.Web).Values
            .Where(r => r.Grain == grain && r.BusinessUnit is null)
            .Select(r => Row.Of(c.Id, DateOnly.FromDateTime(r.PeriodStart), r.OrderCount, r.Revenue, r.RefundedAmount,
                r.OrderCount > 0 ? Math.Round(r.Revenue / r.OrderCount, 4, MidpointRounding.AwayFromZero) : null,
                r.FirstOrderTs, r.LastOrderTs, r.WebSessions, r.PageViews)));

    public IEnumerable<string> PeriodUnits() => Customers.SelectMany(c =>
        Aggregation.PeriodRows(c.Orders, c.Web).Values
            .Where(r => r.BusinessUnit is not null)
            .Select(r => Row.Of(c.Id, r.Grain.ToString().ToLowerInvariant(), DateOnly.FromDateTime(r.PeriodStart), r.BusinessUnit, r.OrderCount, r.Revenue, r.RefundedAmount)));

    public IEnumerable<string> Orders() => Customers.SelectMany(c => c.Orders.Select(o =>
        Row.Of(o.OrderId, o.SourceSystem, c.Id, o.OrderTs, o.Status.ToString().ToLowerInvariant(), o.Amount, "EUR", o.BusinessUnit, o.Category)));

    private string Tier(decimal ltv) => ltv >= platinum ? "Platinum" : ltv >= gold ? "Gold" : ltv >= silver ? "Silver" : "Bronze";

    private static string Consistency(decimal mean, decimal? stddev)
    {
        if (mean == 0)
        {
            return "Consistent";
        }

        var cv = (stddev ?? 0) / mean;
        return cv < 0.5m ? "Consistent" : cv < 1.0m ? "Moderate" : "Variable";
    }

    /// <summary>SQL ntile(n) over an already ordered list: the first (count mod n) buckets get one extra row.</summary>
    private static Dictionary<string, int> Ntile(List<string> ordered, int buckets)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var size = ordered.Count / buckets;
        var extra = ordered.Count % buckets;
        var index = 0;
        for (var b = 1; b <= buckets; b++)
        {
            var count = size + (b <= extra ? 1 : 0);
            for (var i = 0; i < count; i++)
            {
                result[ordered[index++]] = b;
            }
        }

        return result;
    }
}

using System.Globalization;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Projection.Writing;

namespace CustomerStream.Cli.Bench;

/// <summary>
/// The synthetic population of <c>bench --bi</c>: customer <c>i</c> is the same on every run (its figures come
/// from a generator seeded with <c>i</c>), so batches can be made in any order and on any thread. Each has a
/// profile, 12 months of orders (one a month, 80 % approved) with their quarters, year and year per business
/// unit, its orders, and the links identity would send: its e-mail, its CRM id and, for every tenth, the shop
/// account of an earlier customer that merged into it (so its old Customer360 ID is an alias).
/// </summary>
internal static class BiPopulation
{
    public static readonly DateTime FirstMonth = new(2024, 7, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Units = ["retail", "online"];
    private static readonly string[] Countries = ["DE", "FR", "NL", "US", "GB"];

    public static string Email(int i) => string.Create(CultureInfo.InvariantCulture, $"person{i}@example.com");

    public static string CrmId(int i) => string.Create(CultureInfo.InvariantCulture, $"crm:C{i}");

    public static string Id(int i) => Customer360Id.From(Identifier.Email(Email(i))).Value;

    /// <summary>The Customer360 ID an earlier customer had before it merged into customer <paramref name="i"/> (every tenth has one).</summary>
    public static string? MergedId(int i) => i % 10 == 0 ? Customer360Id.From(Identifier.SourceId("shop", OldAccount(i))).Value : null;

    /// <summary>Customers <paramref name="first"/> up to (excluding) <paramref name="end"/> as one writer batch.</summary>
    public static ProjectionBatch Batch(int first, int end, long version = 1, int extraMonths = 0)
    {
        var batch = new ProjectionBatch();
        for (var i = first; i < end; i++)
        {
            batch.Changes.Add(Customer(i, version, extraMonths));
            if (version == 1)
            {
                AddLinks(batch, i);
            }
        }

        return batch;
    }

    /// <summary>
    /// Customer <paramref name="i"/> as one change with everything it has; <paramref name="extraMonths"/> more months
    /// of orders (a later version) change its frequency, value and recency.
    /// </summary>
    public static CustomerChange Customer(int i, long version, int extraMonths = 0)
    {
        var random = new Random(i);
        var id = Id(i);
        var visibility = (i % 50) switch { 0 => VisibilityStatus.TEST, 1 => VisibilityStatus.DELETED, 2 => VisibilityStatus.ANONYMOUS, _ => VisibilityStatus.VISIBLE };
        var months = 12 + extraMonths;
        var amounts = new List<decimal>();
        var change = new CustomerChange { CustomerId = id, Version = version, ChangedAt = DateTime.UtcNow };
        var unit = Units[i % 2];
        var quarters = new Dictionary<DateTime, (long Count, decimal Revenue, decimal Refunded)>();
        for (var m = 0; m < months; m++)
        {
            var month = FirstMonth.AddMonths(m);
            var ts = month.AddDays(random.Next(28)).AddSeconds(random.Next(86_400));
            var amount = Math.Round((decimal)(random.NextDouble() * random.NextDouble() * 400 + 5), 2);
            var approved = random.Next(10) < 8;
            var order = $"{i}-{m}";
            change.Orders.Add(new OrderRow
            {
                SourceSystem = "shop", OrderId = order, OrderTs = ts, UpdatedAt = ts, Status = approved ? OrderStatus.APPROVED : OrderStatus.REFUNDED,
                Amount = amount, Currency = "EUR", BusinessUnit = unit, Category = "books",
            });
            change.Periods.Add(Row(Grain.MONTH, month, null, approved, amount, ts, random.Next(4), random.Next(20)));
            var quarter = new DateTime(month.Year, (month.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var q = quarters.GetValueOrDefault(quarter);
            quarters[quarter] = approved ? (q.Count + 1, q.Revenue + amount, q.Refunded) : (q.Count, q.Revenue, q.Refunded + amount);
            if (approved)
            {
                amounts.Add(amount);
            }
        }

        foreach (var (quarter, q) in quarters)
        {
            change.Periods.Add(new PeriodRow { Grain = Grain.QUARTER, PeriodStart = quarter, OrderCount = q.Count, Revenue = q.Revenue, RefundedAmount = q.Refunded });
        }

        foreach (var year in quarters.Keys.Select(k => k.Year).Distinct())
        {
            var inYear = quarters.Where(q => q.Key.Year == year).Select(q => q.Value).ToList();
            var start = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            foreach (var businessUnit in new[] { null, unit })
            {
                change.Periods.Add(new PeriodRow
                {
                    Grain = Grain.YEAR, PeriodStart = start, BusinessUnit = businessUnit,
                    OrderCount = inYear.Sum(q => q.Count), Revenue = inYear.Sum(q => q.Revenue), RefundedAmount = inYear.Sum(q => q.Refunded),
                });
            }
        }

        amounts.Sort();
        var approvedOrders = change.Orders.Where(o => o.Status == OrderStatus.APPROVED).ToList();
        var mean = amounts.Count > 0 ? amounts.Average() : 0m;
        change.Summary = new CustomerSummary
        {
            VisibilityStatus = visibility,
            AcquisitionTs = visibility == VisibilityStatus.ANONYMOUS ? null : FirstMonth.AddDays(random.Next(28)),
            AcquisitionSource = "crm",
            Email = visibility == VisibilityStatus.ANONYMOUS ? null : Email(i),
            FirstName = "Person",
            LastName = i.ToString(CultureInfo.InvariantCulture),
            Country = Countries[i % Countries.Length],
            City = "Springfield",
            Identifiers = i % 10 == 0 ? [$"email:{Email(i)}", CrmId(i), $"shop:{OldAccount(i)}"] : [$"email:{Email(i)}", CrmId(i)],
            LifetimeValue = amounts.Sum(),
            TotalTransactions = amounts.Count,
            RefundedAmount = change.Orders.Where(o => o.Status == OrderStatus.REFUNDED).Sum(o => o.Amount),
            FirstTransactionTs = approvedOrders.Count > 0 ? approvedOrders.Min(o => o.OrderTs) : null,
            LastTransactionTs = approvedOrders.Count > 0 ? approvedOrders.Max(o => o.OrderTs) : null,
            AvgTransactionValue = amounts.Count > 0 ? Math.Round(mean, 4) : null,
            TransactionValueStddev = amounts.Count > 1 ? Math.Round((decimal)Math.Sqrt((double)(amounts.Sum(a => (a - mean) * (a - mean)) / (amounts.Count - 1))), 4) : null,
            MinTransactionValue = amounts.Count > 0 ? amounts[0] : null,
            MaxTransactionValue = amounts.Count > 0 ? amounts[^1] : null,
            MedianTransactionValue = amounts.Count > 0 ? amounts[amounts.Count / 2] : null,
            WebSessions = random.Next(30),
            PageViews = random.Next(200),
        };
        return change;
    }

    private static string OldAccount(int i) => string.Create(CultureInfo.InvariantCulture, $"u-{i}");

    private static PeriodRow Row(Grain grain, DateTime start, string? unit, bool approved, decimal amount, DateTime ts, long sessions, long views) => new()
    {
        Grain = grain,
        PeriodStart = start,
        BusinessUnit = unit,
        OrderCount = approved ? 1 : 0,
        Revenue = approved ? amount : 0,
        RefundedAmount = approved ? 0 : amount,
        FirstOrderTs = approved ? ts : null,
        LastOrderTs = approved ? ts : null,
        WebSessions = sessions,
        PageViews = views,
    };

    private static void AddLinks(ProjectionBatch batch, int i)
    {
        var id = Id(i);
        batch.Links.Add(Link($"email:{Email(i)}", id));
        batch.Links.Add(Link(CrmId(i), id));
        if (i % 10 == 0)
        {
            batch.Links.Add(Link($"shop:{OldAccount(i)}", id));
        }
    }

    private static IdentityLink Link(string identifier, string customerId) => new()
    {
        Identifier = identifier, CustomerId = customerId, SourceSystem = identifier[..identifier.IndexOf(':', StringComparison.Ordinal)], FirstSeenTs = FirstMonth, Version = 1,
    };
}
